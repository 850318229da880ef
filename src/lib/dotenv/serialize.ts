import {scanDotenv} from './parse.js'
import {FileIssuesError} from '../errors.js'

const BARE = /^[A-Za-z0-9_./:@%+,-]+$/

/**
 * The text after `KEY=` that reads back as exactly `value`: bare when that is unambiguous, single quotes
 * (literal) when the value has no single quote or carriage return, else double quotes with \\ \" \n \r escapes.
 * Bare and single-quoted forms also read identically with the npm dotenv package; the double-quoted form uses
 * \" and \\ escapes that dotenv leaves as written, so it is only used when nothing simpler can hold the value.
 */
export function quoteDotenvValue(value: string): string {
  if (value === '') return ''
  if (BARE.test(value)) return value
  if (!value.includes("'") && !value.includes('\r')) return `'${value}'`
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n').replaceAll('\r', '\\r')}"`
}

/** `KEY=value` lines in the given order, LF, with an optional header comment. */
export function serializeDotenv(vars: Record<string, string>, options: {header?: string} = {}): string {
  const lines = options.header ? options.header.split('\n').map(line => `# ${line}`) : []
  for (const [key, value] of Object.entries(vars)) lines.push(`${key}=${quoteDotenvValue(value)}`)
  return `${lines.join('\n')}\n`
}

/**
 * Update a dotenv text in place: changed values are rewritten where they stand (keeping `export`, inline
 * comments, comments, blank lines, order and CRLF line endings), new keys are appended, nothing is removed.
 */
export function mergeDotenv(existingText: string, file: string, vars: Record<string, string>): {text: string; updated: string[]; added: string[]; unchanged: string[]} {
  const crlf = existingText.includes('\r\n')
  const bom = existingText.startsWith('\uFEFF')
  const {text, entries, issues} = scanDotenv(existingText, file)
  if (issues.length > 0) throw new FileIssuesError(issues, {code: 'dotenv_parse', suggestion: 'Fix the file, or pull into a new file with --force.'})
  const updated: string[] = []
  const unchanged: string[] = []
  let out = ''
  let cursor = 0
  const present = new Set<string>()
  for (const entry of entries) {
    present.add(entry.key)
    if (!Object.hasOwn(vars, entry.key)) continue
    if (vars[entry.key] === entry.value) {
      unchanged.push(entry.key)
      continue
    }

    updated.push(entry.key)
    out += text.slice(cursor, entry.start) + `${entry.prefix}${entry.key}=${quoteDotenvValue(vars[entry.key])}`
    cursor = entry.end
  }

  out += text.slice(cursor)
  const added = Object.keys(vars).filter(key => !present.has(key))
  if (added.length > 0) {
    if (out.length > 0 && !out.endsWith('\n')) out += '\n'
    for (const key of added) out += `${key}=${quoteDotenvValue(vars[key])}\n`
  }

  if (crlf) out = out.replaceAll('\n', '\r\n')
  return {text: (bom ? '\uFEFF' : '') + out, updated, added, unchanged}
}
