import {assertWritable, quoteDotenvValue} from './quote.js'
import {type DotenvSpan, scanDotenv} from './scan.js'

export interface DotenvMerge {
  text: string
  /** keys whose value changed, in file order */
  updated: string[]
  /** keys appended at the end, in the order of `vars` */
  added: string[]
  /** keys already set to the same value, in file order */
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
 * no key is ever removed. The existing text is parsed strictly first (its `FileIssuesError` propagates: a file we
 * can't read exactly is not rewritten), and the result is checked to read back as intended.
 */
export function mergeDotenv(existingText: string, file: string, vars: Record<string, string>): DotenvMerge {
  assertWritable(vars)
  const spans = scanDotenv(existingText, file, 'Fix the lines above, or replace the file instead of merging into it; nothing was written.')
  const eol = dominantLineEnding(existingText)
  const present = new Set(spans.map(span => span.key))
  const updated: string[] = []
  const unchanged: string[] = []
  const edits: Edit[] = []
  for (const span of spans) {
    if (!Object.hasOwn(vars, span.key)) continue
    if (vars[span.key] === span.value) {
      unchanged.push(span.key)
    } else {
      updated.push(span.key)
      edits.push(replaceValue(existingText, span, vars[span.key], eol))
    }
  }

  const added = Object.keys(vars).filter(key => !present.has(key))
  const text = appendEntries(
    applyEdits(existingText, edits),
    added.map(key => entryLine(key, vars[key], eol)),
    eol,
  )
  assertReadsBack(text, file, spans, vars)
  return {text, updated, added, unchanged}
}

/** CRLF when most line breaks are CRLF, so that a Windows file stays a Windows file. */
function dominantLineEnding(text: string): '\n' | '\r\n' {
  const crlf = text.split('\r\n').length - 1
  const lf = text.split('\n').length - 1 - crlf
  return crlf > lf ? '\r\n' : '\n'
}

/** Line breaks inside a quoted value follow the file's line endings; the parser reads CRLF there as LF. */
function quoted(value: string, eol: string): string {
  const text = quoteDotenvValue(value)
  return eol === '\n' ? text : text.replaceAll('\n', eol)
}

function replaceValue(text: string, span: DotenvSpan, value: string, eol: string): Edit {
  // `KEY=#note` would read as the value "#note": keep a blank between a value and a comment that touched the old one
  const spacer = text[span.valueEnd] === '#' ? ' ' : ''
  return {start: span.valueStart, end: span.valueEnd, text: quoted(value, eol) + spacer}
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

function entryLine(key: string, value: string, eol: string): string {
  return `${key}=${quoted(value, eol)}${eol}`
}

function appendEntries(text: string, lines: string[], eol: string): string {
  if (lines.length === 0) return text
  const needsBreak = text !== '' && text !== '\uFEFF' && !text.endsWith('\n')
  return (needsBreak ? text + eol : text) + lines.join('')
}

/**
 * The merged text must read back to the old values overlaid with `vars`. This can only fail through a bug here,
 * but a bug here would write wrong secrets, so it is checked rather than assumed. No value is put in the message.
 */
function assertReadsBack(text: string, file: string, before: DotenvSpan[], vars: Record<string, string>): void {
  const expected = new Map(before.map(span => [span.key, span.value]))
  for (const [key, value] of Object.entries(vars)) expected.set(key, value)
  const after = scanDotenv(text, file, 'This is a bug in heroku-kit: please report it.')
  const wrong = after.length === expected.size ? after.filter(span => expected.get(span.key) !== span.value) : after
  if (wrong.length > 0)
    throw new Error(`mergeDotenv produced text that does not read back as intended (keys: ${wrong.map(s => s.key).join(', ')}); nothing was written`)
}
