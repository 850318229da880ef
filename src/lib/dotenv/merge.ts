import {assertWritable} from './quote.js'
import {type DotenvSpan, scanDotenv} from './scan.js'
import {dotenvLine, type DotenvWriteOptions, leftOutLine} from './serialize.js'

export interface DotenvMerge {
  text: string
  /** keys whose value (or form: plain, held, left out) changed, in file order */
  updated: string[]
  /** keys appended at the end, in the order of `vars`, then of `leftOut` */
  added: string[]
  /** keys already set to the same value in the same form, in file order */
  unchanged: string[]
}

interface Edit {
  start: number
  end: number
  text: string
}

/**
 * Update an existing dotenv text with `vars`, touching as little as possible: a changed value is rewritten where
 * it stands (a multi-line value as a whole), keeping the `export` prefix, the spacing around `=`, an inline
 * comment after it, every other line, the order, the BOM and the line endings. New keys are appended at the end;
 * no key is ever removed. The form follows `options`: a key of `options.held` becomes (or stays) a
 * `#heroku-kit:held` line, any other key of `vars` a plain line, a key of `options.leftOut` a `#heroku-kit:left-out`
 * record; such a change of form rewrites the entry's whole line(s). The existing text is parsed strictly first (its
 * `FileIssuesError` propagates: a file we can't read exactly is not rewritten), and the result is checked to read
 * back as intended.
 */
export function mergeDotenv(existingText: string, file: string, vars: Record<string, string>, options: DotenvWriteOptions = {}): DotenvMerge {
  assertWritable(vars)
  const spans = scanDotenv(existingText, file, 'Fix the lines above, or replace the file instead of merging into it; nothing was written.')
  const eol = dominantLineEnding(existingText)
  const leftOut = options.leftOut ?? {}
  const present = new Set(spans.map(span => span.key))
  const updated: string[] = []
  const unchanged: string[] = []
  const edits: Edit[] = []
  const wholeLine = (span: DotenvSpan, text: string): void => {
    updated.push(span.key)
    edits.push({start: span.lineStart, end: span.lineEnd, text})
  }

  for (const span of spans) {
    if (Object.hasOwn(leftOut, span.key)) {
      if (span.kind === 'left-out') unchanged.push(span.key)
      else wholeLine(span, leftOutLine(span.key, leftOut[span.key]))
      continue
    }

    if (!Object.hasOwn(vars, span.key)) continue
    const value = vars[span.key]
    const form = options.held && Object.hasOwn(options.held, span.key) ? 'held' : 'entry'
    if (span.kind === form && span.value === value) unchanged.push(span.key)
    else if (span.kind === 'entry' && form === 'entry') {
      updated.push(span.key)
      edits.push(replaceValue(existingText, span, value, eol))
    } else wholeLine(span, withLineEnding(dotenvLine(span.key, value, options), eol))
  }

  const added = [...Object.keys(vars), ...Object.keys(leftOut)].filter(key => !present.has(key))
  const lines = added.map(key => (Object.hasOwn(vars, key) ? withLineEnding(dotenvLine(key, vars[key], options), eol) : leftOutLine(key, leftOut[key])) + eol)
  const text = appendEntries(applyEdits(existingText, edits), lines, eol)
  assertReadsBack(text, file, spans, vars, leftOut)
  return {text, updated, added, unchanged}
}

/** CRLF when most line breaks are CRLF, so that a Windows file stays a Windows file. */
function dominantLineEnding(text: string): '\n' | '\r\n' {
  const crlf = text.split('\r\n').length - 1
  const lf = text.split('\n').length - 1 - crlf
  return crlf > lf ? '\r\n' : '\n'
}

/** Line breaks inside a quoted value follow the file's line endings; the parser reads CRLF there as LF. */
function withLineEnding(text: string, eol: string): string {
  return eol === '\n' ? text : text.replaceAll('\n', eol)
}

function replaceValue(text: string, span: DotenvSpan, value: string, eol: string): Edit {
  // `KEY=#note` would read as the value "#note": keep a blank between a value and a comment that touched the old one
  const spacer = text[span.valueEnd] === '#' ? ' ' : ''
  const line = dotenvLine(span.key, value, {})
  return {start: span.valueStart, end: span.valueEnd, text: withLineEnding(line.slice(span.key.length + 1), eol) + spacer}
}

function applyEdits(text: string, edits: Edit[]): string {
  let out = ''
  let cursor = 0
  for (const edit of edits) {
    out += text.slice(cursor, edit.start) + edit.text
    cursor = edit.end
  }

  return out + text.slice(cursor)
}

function appendEntries(text: string, lines: string[], eol: string): string {
  if (lines.length === 0) return text
  const needsBreak = text !== '' && text !== '\uFEFF' && !text.endsWith('\n')
  return (needsBreak ? text + eol : text) + lines.join('')
}

/**
 * The merged text must read back to the old values overlaid with `vars` (less the keys now left out), with the
 * `leftOut` keys recorded. This can only fail through a bug here, but a bug here would write wrong secrets, so it
 * is checked rather than assumed. No value is put in the message.
 */
function assertReadsBack(text: string, file: string, before: DotenvSpan[], vars: Record<string, string>, leftOut: Record<string, string>): void {
  const expected = new Map(before.map(span => [span.key, span.kind === 'left-out' ? undefined : span.value]))
  for (const [key, value] of Object.entries(vars)) expected.set(key, value)
  for (const key of Object.keys(leftOut)) expected.set(key, undefined)
  const after = scanDotenv(text, file, 'This is a bug in heroku-kit: please report it.')
  const read = (span: DotenvSpan) => (span.kind === 'left-out' ? undefined : span.value)
  const wrong = after.length === expected.size ? after.filter(span => !expected.has(span.key) || expected.get(span.key) !== read(span)) : after
  if (wrong.length > 0)
    throw new Error(`mergeDotenv produced text that does not read back as intended (keys: ${wrong.map(s => s.key).join(', ')}); nothing was written`)
}
