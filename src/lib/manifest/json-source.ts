/**
 * A strict JSON parser that remembers where things are: the line of every object key and array item, so that
 * messages about app.json can say `app.json:14: env.SECRET_KEY.generator ...`. Syntax errors carry the line and
 * column and, for the usual mistakes (trailing comma, missing comma, comments, single quotes), what to do.
 */
import {FileIssuesError} from '../errors.js'
import type {KeyPath} from './common.js'
import {assertManifestSize, MAX_MANIFEST_DEPTH} from './files.js'

export interface JsonSource {
  value: unknown
  /** line of a key path: the key's line for object members, the value's line for array items */
  lineOf(path: KeyPath): number
  /** keys that appear twice in one object: the path and both lines */
  duplicates: Array<{path: KeyPath; line: number; firstLine: number}>
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message)
  }
}

/** RFC 6901 pointer of a key path, used as a map key. */
function pointer(path: KeyPath): string {
  return path.map(s => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')
}

export function parseJsonSource(text: string, file: string): JsonSource {
  assertManifestSize(text, file)
  const lineStarts = [0]
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1)
  const position = (offset: number): {line: number; column: number} => {
    let low = 0
    let high = lineStarts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (lineStarts[mid] <= offset) low = mid
      else high = mid - 1
    }

    return {line: low + 1, column: offset - lineStarts[low] + 1}
  }

  const lines = new Map<string, number>()
  const duplicates: JsonSource['duplicates'] = []
  let i = text.codePointAt(0) === 0xfe_ff ? 1 : 0

  const skipSpace = (): void => {
    for (;;) {
      const c = text[i]
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++
      else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*'))
        throw new JsonSyntaxError('JSON does not allow comments; remove it (app.json `description` fields can hold explanations)', i)
      else return
    }
  }

  const found = (): string => {
    if (i >= text.length) return 'the end of the file'
    const c = text[i]
    if (c === '\n' || c === '\r') return 'the end of the line'
    if (c === '"') return 'a string'
    return `"${c}"`
  }

  /** the line where the previous token ended (for "missing comma at the end of line N") */
  const previousTokenLine = (): number => {
    let j = i - 1
    while (j >= 0 && /\s/.test(text[j])) j--
    return position(Math.max(j, 0)).line
  }

  const parseString = (): string => {
    const start = i
    i++ // opening quote
    for (;;) {
      if (i >= text.length) throw new JsonSyntaxError('this string is never closed; add the closing "', start)
      const c = text[i]
      if (c === '"') break
      if (c === '\n' || c === '\r')
        throw new JsonSyntaxError('this string runs to the end of the line; close it with " (write \\n for a newline inside a string)', start)
      if (c < ' ') throw new JsonSyntaxError('a control character (such as a tab) inside a string must be escaped, e.g. \\t', i)
      if (c === '\\') {
        const e = text[i + 1]
        if (e === 'u') {
          if (!/^[\dA-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) throw new JsonSyntaxError('\\u must be followed by 4 hexadecimal digits', i)
          i += 6
          continue
        }

        if (!e || !'"\\/bfnrt'.includes(e)) throw new JsonSyntaxError(`"\\${e ?? ''}" is not a JSON escape; write \\\\ for a backslash`, i)
        i += 2
        continue
      }

      i++
    }

    i++ // closing quote
    return JSON.parse(text.slice(start, i)) as string
  }

  const parseValue = (path: KeyPath, describeSlot: string): unknown => {
    skipSpace()
    if (path.length > MAX_MANIFEST_DEPTH) throw new JsonSyntaxError(`nested deeper than ${MAX_MANIFEST_DEPTH} levels; a real ${file} is a few levels deep`, i)
    if (!lines.has(pointer(path))) lines.set(pointer(path), position(i).line)
    const c = text[i]
    if (c === '{') return parseObject(path)
    if (c === '[') return parseArray(path)
    if (c === '"') return parseString()
    if (c === "'") throw new JsonSyntaxError('JSON strings need double quotes ("), not single quotes', i)
    const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[Ee][+-]?\d+)?/y
    number.lastIndex = i
    if (c === '-' || (c >= '0' && c <= '9')) {
      const match = number.exec(text)
      if (!match) throw new JsonSyntaxError('invalid number', i)
      i += match[0].length
      return Number(match[0])
    }

    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length
        return value
      }
    }

    if (c === '}' || c === ']') {
      const before = text.slice(0, i).trimEnd()
      if (before.endsWith(',')) throw new JsonSyntaxError(`trailing comma before "${c}": JSON does not allow it; remove the last comma`, before.length - 1)
    }

    if (i >= text.length) throw new JsonSyntaxError(`expected ${describeSlot} but the file ends here`, i)
    throw new JsonSyntaxError(`expected ${describeSlot} but found ${found()}${/[A-Za-z]/.test(c) ? ' (strings need double quotes)' : ''}`, i)
  }

  const parseObject = (path: KeyPath): Record<string, unknown> => {
    const object: Record<string, unknown> = {}
    const keyLines = new Map<string, number>()
    i++ // {
    skipSpace()
    if (text[i] === '}') {
      i++
      return object
    }

    for (;;) {
      skipSpace()
      if (text[i] !== '"') {
        if (text[i] === '}')
          throw new JsonSyntaxError('trailing comma before "}": JSON does not allow it; remove the last comma', text.slice(0, i).trimEnd().length - 1)
        if (text[i] === "'") throw new JsonSyntaxError('JSON keys need double quotes ("), not single quotes', i)
        if (i < text.length && /[A-Za-z_$]/.test(text[i])) throw new JsonSyntaxError('object keys must be quoted with double quotes, e.g. "name": ...', i)
        throw new JsonSyntaxError(`expected a "key" but found ${found()}`, i)
      }

      const keyLine = position(i).line
      const key = parseString()
      const keyPath = [...path, key]
      const firstLine = keyLines.get(key)
      if (firstLine === undefined) keyLines.set(key, keyLine)
      else duplicates.push({firstLine, line: keyLine, path: keyPath})
      lines.set(pointer(keyPath), keyLine)
      skipSpace()
      if (text[i] !== ':') throw new JsonSyntaxError(`expected ":" after the key "${key}" but found ${found()}`, i)
      i++
      const value = parseValue(keyPath, `a value for "${key}"`)
      Object.defineProperty(object, key, {configurable: true, enumerable: true, value, writable: true})
      skipSpace()
      if (text[i] === ',') {
        i++
        continue
      }

      if (text[i] === '}') {
        i++
        return object
      }

      if (text[i] === '"') {
        throw new JsonSyntaxError(
          `expected "," or "}" after the value of "${key}" but found ${found()}; is a comma missing at the end of line ${previousTokenLine()}?`,
          i,
        )
      }

      throw new JsonSyntaxError(
        `expected "," or "}" after the value of "${key}" but found ${found()}${i >= text.length ? '; a closing "}" is missing' : ''}`,
        i,
      )
    }
  }

  const parseArray = (path: KeyPath): unknown[] => {
    const array: unknown[] = []
    i++ // [
    skipSpace()
    if (text[i] === ']') {
      i++
      return array
    }

    for (;;) {
      array.push(parseValue([...path, array.length], 'a list item'))
      skipSpace()
      if (text[i] === ',') {
        i++
        continue
      }

      if (text[i] === ']') {
        i++
        return array
      }

      const missingComma = text[i] === '"' || text[i] === '{' || text[i] === '['
      const hint = missingComma ? `; is a comma missing at the end of line ${previousTokenLine()}?` : i >= text.length ? '; a closing "]" is missing' : ''
      throw new JsonSyntaxError(`expected "," or "]" in the list but found ${found()}${hint}`, i)
    }
  }

  if (text.trim() === '' || text.trim() === '\uFEFF') {
    throw new FileIssuesError([{file, line: 1, message: `${file} is empty; it must hold one JSON object, e.g. {"name": "my-app"}`}], {code: 'invalid_app_json'})
  }

  try {
    skipSpace()
    const value = parseValue([], 'a JSON object')
    skipSpace()
    if (i < text.length) throw new JsonSyntaxError(`unexpected ${found()} after the end of the top-level value; remove it (or is a "," or "[" missing?)`, i)
    return {
      duplicates,
      lineOf(path: KeyPath): number {
        for (let n = path.length; n >= 0; n--) {
          const line = lines.get(pointer(path.slice(0, n)))
          if (line !== undefined) return line
        }

        return 1
      },
      value,
    }
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error
    const {line, column} = position(Math.min(error.offset, text.length))
    throw new FileIssuesError([{file, line, message: `invalid JSON at column ${column}: ${error.message}`}], {code: 'invalid_app_json'})
  }
}
