import {FileIssuesError, type FileIssue} from '../errors.js'

/** One `KEY=value` of a dotenv file. */
export interface DotenvEntry {
  key: string
  value: string
  /** 1-based line where the entry starts */
  line: number
}

/** Where an entry sits in the (LF-normalised) text, for rewriting it in place. */
export interface DotenvSpan extends DotenvEntry {
  /** offset of the first character of the entry's first line */
  start: number
  /** offset just past the entry's last character (before its newline) */
  end: number
  /** whitespace and `export ` before the key */
  prefix: string
  /** what followed the value on its last line (spaces and an inline comment), kept on rewrite */
  trailer: string
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/
const QUOTES = new Set(['"', "'", '`'])
const QUOTE_NAME: Record<string, string> = {'"': 'double quote (")', "'": "single quote (')", '`': 'backtick (`)'}

function keyProblem(key: string): string | undefined {
  if (KEY.test(key)) return undefined
  if (/^\d/.test(key)) return `invalid key ${JSON.stringify(key)}: keys cannot start with a digit`
  const bad = [...key].find(ch => !/[A-Za-z0-9_]/.test(ch))
  return `invalid key ${JSON.stringify(key)}: ${JSON.stringify(bad)} is not allowed (Heroku config var keys use only letters, digits and _)`
}

/** The escapes interpreted inside double quotes; any other backslash is kept as written. */
function unescapeDouble(raw: string): string {
  return raw.replaceAll(/\\([nrt"\\])/g, (_, ch: string) => ({n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\'})[ch] ?? ch)
}

/**
 * Scan a dotenv text. Returns the entries with their spans and every problem found (not just the first).
 * Line endings may be LF or CRLF (CRLF inside values becomes LF); a leading BOM is ignored.
 */
export function scanDotenv(input: string, file: string): {text: string; entries: DotenvSpan[]; issues: FileIssue[]} {
  const text = input.replace(/^\uFEFF/, '').replaceAll('\r\n', '\n')
  const entries: DotenvSpan[] = []
  const issues: FileIssue[] = []
  const firstLine = new Map<string, number>()
  const issue = (line: number, message: string) => issues.push({file, line, message})
  let pos = 0
  let line = 1
  while (pos < text.length) {
    const eol = text.indexOf('\n', pos)
    const lineEnd = eol === -1 ? text.length : eol
    const raw = text.slice(pos, lineEnd)
    const start = pos
    const startLine = line
    const advance = () => {
      pos = lineEnd + 1
      line++
    }

    if (raw.includes('\0')) {
      issue(startLine, 'NUL byte: this is not a text line')
      advance()
      continue
    }

    const trimmed = raw.trim()
    if (trimmed === '' || trimmed.startsWith('#')) {
      advance()
      continue
    }

    const exportMatch = /^([ \t]*(?:export[ \t]+)?)/.exec(raw)!
    const prefix = exportMatch[1]
    const rest = raw.slice(prefix.length)
    const eq = rest.indexOf('=')
    if (eq === -1) {
      issue(startLine, `not a KEY=value line (no "=")${/^export\s*$/.test(trimmed) ? ': "export" needs KEY=value after it' : ''}`)
      advance()
      continue
    }

    const key = rest.slice(0, eq).trimEnd()
    if (key === '') {
      issue(startLine, 'empty key before "="')
      advance()
      continue
    }

    const problem = keyProblem(key)
    if (problem) {
      issue(startLine, problem)
      advance()
      continue
    }

    let valuePos = prefix.length + eq + 1 + start
    while (text[valuePos] === ' ' || text[valuePos] === '\t') valuePos++
    const quote = text[valuePos]
    let value: string
    let end: number
    let trailer = ''
    if (QUOTES.has(quote)) {
      let i = valuePos + 1
      let closed = -1
      while (i < text.length) {
        const ch = text[i]
        if (quote === '"' && ch === '\\') {
          i += 2
          continue
        }

        if (ch === quote) {
          closed = i
          break
        }

        i++
      }

      if (closed === -1) {
        issue(startLine, `unterminated ${QUOTE_NAME[quote]}: the value opened here is never closed`)
        break
      }

      const body = text.slice(valuePos + 1, closed)
      line += (body.match(/\n/g) ?? []).length
      const closeEol = text.indexOf('\n', closed)
      const closeLineEnd = closeEol === -1 ? text.length : closeEol
      trailer = text.slice(closed + 1, closeLineEnd)
      end = closed + 1
      if (!/^[ \t]*(#.*)?$/.test(trailer)) {
        issue(line, `unexpected text after the closing ${QUOTE_NAME[quote]}; put a comment after " #", or quote the whole value`)
      }

      if (body.includes('\r')) issue(startLine, 'stray carriage return (CR) inside the quoted value; write \\r in double quotes instead')
      if (body.includes('\0')) issue(startLine, 'NUL byte inside the quoted value')
      value = quote === '"' ? unescapeDouble(body) : body
      pos = closeLineEnd + 1
      line++
    } else {
      const rawValue = text.slice(valuePos, lineEnd)
      // `KEY= # note` is an empty value with a comment; `KEY=a#b` keeps its `#`
      const spaced = valuePos > prefix.length + eq + 1 + start
      const comment = spaced && rawValue.startsWith('#') ? {index: 0} : /[ \t]#/.exec(rawValue)
      value = (comment ? rawValue.slice(0, comment.index) : rawValue).trimEnd()
      trailer = rawValue.slice(value.length)
      end = valuePos + value.length
      if (value.includes('\r')) issue(startLine, 'stray carriage return (CR) in the value: the file mixes line endings')
      advance()
    }

    const first = firstLine.get(key)
    if (first === undefined) {
      firstLine.set(key, startLine)
      entries.push({key, value, line: startLine, start, end, prefix, trailer})
    } else {
      issue(startLine, `duplicate key ${key} (first set on line ${first})`)
    }
  }

  return {text, entries, issues}
}

/**
 * Parse a dotenv file's text, strictly. Grammar: `KEY=value`, optional `export `, spaces around `=`, full-line
 * and inline (` #`) comments, empty values, single quotes and backticks (literal, may span lines), double
 * quotes (may span lines; \n \r \t \" \\ escapes). No variable expansion: `$FOO` stays as written.
 * Anything it can't read exactly is a `FILE:LINE: problem` error — never a silently dropped line — and error
 * messages never contain values.
 */
export function parseDotenv(text: string, file: string): DotenvEntry[] {
  const {entries, issues} = scanDotenv(text, file)
  if (issues.length > 0) throw new FileIssuesError(issues, {code: 'dotenv_parse', suggestion: 'Fix the lines above; nothing was sent.'})
  return entries.map(({key, value, line}) => ({key, value, line}))
}
