/** The YAML document under heroku-kit.yml: parse errors in words, the line of a key path, and the nesting limit. */
import {type Document, isAlias, isMap, isNode, isScalar, isSeq, type LineCounter} from 'yaml'

import {KitError} from '../../errors.js'
import type {KeyPath} from '../common.js'
import {MAX_MANIFEST_DEPTH} from '../files.js'

/** The error for a file nested deeper than MAX_MANIFEST_DEPTH. */
export function tooDeep(file: string): KitError {
  return new KitError(`${file} is nested deeper than ${MAX_MANIFEST_DEPTH} levels; a real one is a few levels deep. Nothing was sent.`, {
    code: 'manifest_too_deep',
    suggestion: `Check ${file}.`,
  })
}

/** How deeply a parsed value nests (iterative: a hostile value can't overflow the stack here). */
export function depthOf(value: unknown): number {
  let deepest = 0
  const stack: Array<[unknown, number]> = [[value, 0]]
  const seen = new Set<unknown>()
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!
    if (!item || typeof item !== 'object' || seen.has(item)) continue
    seen.add(item)
    deepest = Math.max(deepest, depth + 1)
    if (deepest > MAX_MANIFEST_DEPTH) return deepest
    for (const child of Object.values(item)) stack.push([child, depth + 1])
  }

  return deepest
}

/** A YAML parse error in words: what to do for the common ones, the parser's message with the column otherwise. */
export function yamlErrorMessage(code: string, message: string, rest: string, column: number): string {
  switch (code) {
    case 'DUPLICATE_KEY': {
      const key = /^[^:\n]*/.exec(rest)![0].trim()
      return `the key ${key} appears twice in the same mapping; keep one`
    }

    case 'TAB_AS_INDENT': {
      return 'YAML indentation must use spaces, not tabs'
    }

    default: {
      return `invalid YAML at column ${column}: ${message}`
    }
  }
}

/** Line of a key path in the YAML document: a key's line for mapping members, the item's line for list items. */
export function yamlLineOf(doc: Document, lineCounter: LineCounter, keyPath: KeyPath): number {
  let node: unknown = doc.contents
  let line = isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : 1
  for (const segment of keyPath) {
    if (isAlias(node)) node = node.resolve(doc)
    if (isMap(node)) {
      const pair = node.items.find(item => (isScalar(item.key) ? String(item.key.value) : String(item.key)) === String(segment))
      if (!pair) break
      if (isNode(pair.key) && pair.key.range) line = lineCounter.linePos(pair.key.range[0]).line
      node = pair.value
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment]
      if (!isNode(item) || !item.range) break
      line = lineCounter.linePos(item.range[0]).line
      node = item
    } else {
      break
    }
  }

  return line
}
