import {type FileIssue, FileIssuesError} from '../errors.js'
import {keyProblem} from './keys.js'

/**
 * The dotenv grammar, as one pass over the text that yields each entry together with where its value sits, so
 * that `parseDotenv` can return the values and `mergeDotenv` can rewrite one value without touching anything else.
 * Offsets are into the original text: line endings are not normalised first, so CRLF, mixed endings and a BOM
 * survive a merge byte for byte.
 *
 * Grammar (see parse.ts for the user-facing summary):
 *   line      = blank | comment | entry
 *   comment   = [ \t]* "#" anything
 *   entry     = [ \t]* ["export" [ \t]+] KEY [ \t]* "=" [ \t]* value
 *   value     = quoted [ \t]* ["#" anything] | unquoted
 *   quoted    = "'" literal "'" | "`" literal "`" | '"' with-escapes '"'     (may span lines)
 *   unquoted  = rest of the line; an inline comment starts at a "#" preceded by a space or tab; trimmed
 *   kit lines = "#heroku-kit:held " entry      (on one line: an entry a shell skips as a comment; heroku-kit reads it)
 *             | "#heroku-kit:left-out " NAME [ anything ]   (a config var the file could not hold; see KIT_HELD)
 */

/**
 * The comment forms heroku-kit reads (kit:config:pull writes them, README "kit:config:pull"): to a shell or any other
 * dotenv reader they are comments. `#heroku-kit:held KEY=value` is a key written commented out because a program
 * given it runs code (BASH_ENV, LD_PRELOAD…): heroku-kit reads it as that key's value, so kit:config:sync sees the
 * file as the app's config. `#heroku-kit:left-out NAME (why)` records a config var the file can't hold (a key such as
 * 1PASSWORD, a value with NUL): kit:config:sync --prune never deletes it.
 */
export const KIT_HELD = '#heroku-kit:held '
export const KIT_LEFT_OUT = '#heroku-kit:left-out '

/** An entry, and the offsets of its value in the original text (the quotes included when quoted). */
export interface DotenvSpan {
  key: string
  value: string
  /** 1-based line where the entry starts */
  line: number
  /** 'held': a `#heroku-kit:held` line; 'left-out': a `#heroku-kit:left-out` line (its value is '') */
  kind: 'entry' | 'held' | 'left-out'
  /** offset where the entry's line starts, and where its last line ends (before the line terminator) */
  lineStart: number
  lineEnd: number
  /** offset of the value's first character (its opening quote, if quoted) */
  valueStart: number
  /** offset just past the value's last character (its closing quote, if quoted) */
  valueEnd: number
}

type Issue = Omit<FileIssue, 'file'>

/** One physical line: `end` excludes the line terminator (LF or CRLF), `next` is where the following line starts. */
interface Line {
  number: number
  start: number
  end: number
  next: number
}

/** What reading one line (or one multi-line entry) produced; `last` is the last line it consumed. */
interface LineResult {
  entry?: DotenvSpan
  issue?: Issue
  last: Line
  /** the rest of the file can't be read (an unterminated quote swallowed it) */
  stop?: boolean
}

type Quote = '"' | "'" | '`'
const QUOTE_NAMES: Record<Quote, string> = {'"': 'double quote (")', "'": "single quote (')", '`': 'backtick (`)'}
const DOUBLE_QUOTE_ESCAPES: Record<string, string> = {n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$', '`': '`'}

/**
 * Scan a dotenv text. Throws a `FileIssuesError` (code 'dotenv_parse') listing every problem, sorted by line,
 * when anything can't be read exactly; messages name keys and lines, never values.
 */
export function scanDotenv(text: string, file: string, suggestion: string): DotenvSpan[] {
  const issues: Issue[] = strayCharacterIssues(text)
  const entries: DotenvSpan[] = []
  const firstLine = new Map<string, number>()
  let line = lineAt(text, text.startsWith('\uFEFF') ? 1 : 0, 1)
  while (line.start < text.length) {
    const result = readLine(text, line)
    if (result.issue) issues.push(result.issue)
    if (result.entry) addEntry(result.entry, entries, firstLine, issues)
    if (result.stop) break
    line = lineAt(text, result.last.next, result.last.number + 1)
  }

  if (issues.length > 0) {
    const byLine = issues.sort((a, b) => a.line - b.line) // stable: issues of one line keep their order
    throw new FileIssuesError(
      byLine.map(issue => ({file, ...issue})),
      {code: 'dotenv_parse', suggestion},
    )
  }

  return entries
}

/** A key may be set once: a second assignment is an error, not "last one wins", since either may be the one meant. */
function addEntry(entry: DotenvSpan, entries: DotenvSpan[], firstLine: Map<string, number>, issues: Issue[]): void {
  const first = firstLine.get(entry.key)
  if (first === undefined) {
    firstLine.set(entry.key, entry.line)
    entries.push(entry)
  } else {
    issues.push({line: entry.line, message: `duplicate key ${entry.key} (first set on line ${first}): remove one of the two, a key may be set only once`})
  }
}

function lineAt(text: string, start: number, number: number): Line {
  const lf = text.indexOf('\n', start)
  if (lf === -1) return {number, start, end: text.length, next: text.length}
  const end = lf > start && text[lf - 1] === '\r' ? lf - 1 : lf
  return {number, start, end, next: lf + 1}
}

/**
 * NUL bytes and carriage returns that don't end a line, wherever they are (also inside quotes and comments):
 * a lone CR is either an old Mac line ending or a pasted control character, and guessing which would silently
 * join or split lines.
 */
function strayCharacterIssues(text: string): Issue[] {
  const issues: Issue[] = []
  const lines = text.split('\n')
  for (const [index, raw] of lines.entries()) {
    const content = index < lines.length - 1 && raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (content.includes('\0')) issues.push({line: index + 1, message: "NUL byte: a dotenv file is text and can't contain NUL characters; remove it"})
    if (content.includes('\r')) {
      issues.push({
        line: index + 1,
        message: 'carriage return (CR) that does not end a line: line endings must be LF or CRLF (in a double-quoted value, write \\r instead)',
      })
    }
  }

  return issues
}

function readLine(text: string, line: Line): LineResult {
  const content = text.slice(line.start, line.end)
  if (content.startsWith(KIT_HELD)) return readHeld(text, line)
  if (content.startsWith(KIT_LEFT_OUT)) return readLeftOut(line, content.slice(KIT_LEFT_OUT.length))
  if (/^[ \t]*(#|$)/.test(content)) return {last: line}
  const result = readEntry(text, line, content)
  if (result.entry) result.entry = {...result.entry, lineStart: line.start, lineEnd: result.last.end}
  return result
}

/** `#heroku-kit:held KEY=value`: an entry after the marker, which must end on its line (a shell reads the next line). */
function readHeld(text: string, line: Line): LineResult {
  const inner: Line = {...line, start: line.start + KIT_HELD.length}
  const result = readEntry(text, inner, text.slice(inner.start, inner.end))
  if (result.last.number !== line.number || result.stop) {
    return {
      issue: {line: line.number, message: 'a #heroku-kit:held entry must end on its own line: write a line break inside its value as \\n in double quotes'},
      last: result.last,
      stop: result.stop,
    }
  }

  if (result.entry) result.entry = {...result.entry, kind: 'held', lineStart: line.start, lineEnd: line.end}
  return {...result, last: line}
}

/** `#heroku-kit:left-out NAME (why)`: NAME is a config var name as Heroku allows it (letters, digits, _). */
function readLeftOut(line: Line, rest: string): LineResult {
  const match = /^(\w+)(?:[ \t]|$)/.exec(rest)
  if (!match)
    return {issue: {line: line.number, message: 'a #heroku-kit:left-out line names a config var (letters, digits and _) after the marker'}, last: line}
  return {
    entry: {key: match[1], value: '', line: line.number, kind: 'left-out', valueStart: line.end, valueEnd: line.end, lineStart: line.start, lineEnd: line.end},
    last: line,
  }
}

/** `export` is a prefix only when a key follows it: `export=1` and `export = 1` set a key named export. */
const LEAD = /^[ \t]*(?:export[ \t]+(?=[^ \t=]))?/

function readEntry(text: string, line: Line, content: string): LineResult {
  const keyStart = LEAD.exec(content)![0].length
  const eq = content.indexOf('=', keyStart)
  if (eq === -1) return {issue: {line: line.number, message: noEqualsMessage(content)}, last: line}
  const key = trimEndBlanks(content.slice(keyStart, eq))
  const problem = keyProblem(key)
  if (problem) return {issue: {line: line.number, message: problem}, last: line}
  const afterEq = line.start + eq + 1
  const valueStart = afterEq + leadingBlanks(text.slice(afterEq, line.end))
  const first = text[valueStart]
  if (valueStart < line.end && isQuote(first)) return readQuoted(text, line, key, valueStart, first)
  return readUnquoted(text, line, key, afterEq)
}

/** Why a line without "=" is not an entry; the line itself is never repeated (it may be a pasted secret). */
function noEqualsMessage(content: string): string {
  const words = content.trim()
  if (words === 'export') return '"export" alone is not an assignment; write export KEY=value'
  if (/^export[ \t]+[A-Za-z_]\w*$/.test(words)) return 'no "=": export KEY sets nothing in a dotenv file; write export KEY=value'
  if (/^[A-Za-z_]\w*$/.test(words)) return 'no "=": a key alone sets nothing; write KEY=value (or KEY= for an empty value)'
  if (/^[\w.-]+[ \t]*:/.test(words)) return 'not a KEY=value line: found ":" but no "=" (is this YAML?); a dotenv file needs KEY=value'
  return 'not a KEY=value line (no "="); write KEY=value, or start the line with # to make it a comment'
}

/** Blanks are spaces and tabs only: other whitespace (NBSP, U+2028…) is content, kept and shown, never trimmed. */
function leadingBlanks(s: string): number {
  let n = 0
  while (s[n] === ' ' || s[n] === '\t') n++
  return n
}

/** A loop, not /[ \t]+$/: that regex is quadratic on a long run of blanks followed by text. */
function trimEndBlanks(s: string): string {
  let end = s.length
  while (end > 0 && (s[end - 1] === ' ' || s[end - 1] === '\t')) end--
  return s.slice(0, end)
}

function isQuote(ch: string | undefined): ch is Quote {
  return ch === '"' || ch === "'" || ch === '`'
}

/**
 * An unquoted value: the rest of the line, up to an inline comment (a `#` after a space or tab, so `a#b` keeps its
 * `#`), without surrounding spaces and tabs. An empty value's span sits where a new value would be written.
 */
function readUnquoted(text: string, line: Line, key: string, afterEq: number): LineResult {
  const raw = text.slice(afterEq, line.end)
  const comment = raw.search(/[ \t]#/)
  const body = comment === -1 ? raw : raw.slice(0, comment)
  const value = trimEndBlanks(body.slice(leadingBlanks(body)))
  const valueStart = afterEq + leadingBlanks(value === '' ? raw : body)
  return {
    entry: {key, value, line: line.number, kind: 'entry', valueStart, valueEnd: valueStart + value.length, lineStart: line.start, lineEnd: line.end},
    last: line,
  }
}

/** A quoted value, which may span lines; after the closing quote only blanks and a `# comment` may follow. */
function readQuoted(text: string, line: Line, key: string, open: number, quote: Quote): LineResult {
  const close = closingQuote(text, open, quote)
  if (close === -1) {
    const message = `unterminated ${QUOTE_NAMES[quote]}: the value that starts on this line is never closed; add the closing ${quote} (the rest of the file was not checked)`
    return {issue: {line: line.number, message}, last: line, stop: true}
  }

  let last = line
  while (close > last.end) last = lineAt(text, last.next, last.number + 1)
  const trailer = text.slice(close + 1, last.end)
  if (!/^[ \t]*(?:#.*)?$/s.test(trailer)) return {issue: {line: last.number, message: trailingTextMessage(quote, line, last)}, last}
  const body = text.slice(open + 1, close).replaceAll('\r\n', '\n')
  const value = quote === '"' ? unescapeDoubleQuoted(body) : body
  return {entry: {key, value, line: line.number, kind: 'entry', valueStart: open, valueEnd: close + 1, lineStart: line.start, lineEnd: last.end}, last}
}

/** Index of the quote that closes the one at `open`, or -1. In double quotes a backslash escapes the next character. */
function closingQuote(text: string, open: number, quote: Quote): number {
  for (let i = open + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++
    else if (text[i] === quote) return i
  }

  return -1
}

function trailingTextMessage(quote: Quote, opened: Line, closed: Line): string {
  const where = opened.number === closed.number ? '' : ` (the value opened on line ${opened.number} closes here)`
  const advice = quote === "'" ? "to put a ' inside a value, wrap the value in double quotes and write it as is" : 'to keep that text, put it inside the quotes'
  return `unexpected text after the closing ${QUOTE_NAMES[quote]}${where}: only a # comment may follow a quoted value; ${advice}`
}

/**
 * `\n \r \t \" \\ \$ \`` are escapes (the last four as a shell reads them in double quotes); any other backslash is
 * kept as written (so Windows paths mostly survive).
 */
function unescapeDoubleQuoted(body: string): string {
  return body.replaceAll(/\\([nrt"\\$`])/g, (_, ch: string) => DOUBLE_QUOTE_ESCAPES[ch])
}
