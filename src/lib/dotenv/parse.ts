import {scanDotenv} from './scan.js'

/** One `KEY=value` of a dotenv file. */
export interface DotenvEntry {
  key: string
  value: string
  /** 1-based line where the entry starts */
  line: number
  /** written commented out (`#heroku-kit:held KEY=value`): a shell skips it, heroku-kit reads it */
  held?: true
}

/** A config var a `#heroku-kit:left-out NAME (why)` line records: on the app, but not in the file. */
export interface DotenvLeftOut {
  key: string
  line: number
}

/**
 * Parse the text of a dotenv file, strictly: anything it can't read exactly is an error, never a dropped line.
 *
 * - An optional UTF-8 BOM; LF, CRLF or mixed line endings (a CR that doesn't end a line is an error).
 * - Blank lines and `#` comment lines are ignored.
 * - `KEY=value`, with an optional `export ` prefix, blanks around `=` and before the key. Keys match
 *   `[A-Za-z_][A-Za-z0-9_]*`.
 * - Unquoted values are trimmed; ` #` (a blank, then #) starts an inline comment, so `abc#def` keeps its `#`.
 * - `'single'` and `` `backtick` `` quotes are literal; `"double"` quotes interpret `\n \r \t \" \\ \$ \``
 *   (the last four as a shell does) and keep any other backslash as written. All three may span lines. After the closing quote only a `# comment` may follow.
 * - `#heroku-kit:held KEY=value` (one line) is read as the entry KEY=value: a key kit:config:pull wrote commented out
 *   because a shell or program given it runs code. `#heroku-kit:left-out NAME …` records a config var the file can't
 *   hold (`parseDotenvText` returns them). To anything else both are comments.
 * - There is NO variable expansion: `$FOO` and `${FOO}` are kept as written, because the values go to Heroku
 *   as they are, and expanding from the local shell would send the developer's environment to the app.
 *
 * Throws a `FileIssuesError` (code 'dotenv_parse') listing every problem as `FILE:LINE: message`: a line that
 * is not an assignment, an empty or invalid key, an unterminated quote (reported where it opens), text after a
 * closing quote, a duplicate key, a NUL byte, a stray CR. Messages name keys and lines but never values.
 */
export function parseDotenv(text: string, file: string): DotenvEntry[] {
  return parseDotenvText(text, file).entries
}

/** `parseDotenv`, and the config vars the file records as left out (`#heroku-kit:left-out`). */
export function parseDotenvText(text: string, file: string): {entries: DotenvEntry[]; leftOut: DotenvLeftOut[]} {
  const spans = scanDotenv(text, file, 'Fix the lines above and run the command again; nothing was sent.')
  return {
    entries: spans
      .filter(s => s.kind !== 'left-out')
      .map(({key, value, line, kind}) => (kind === 'held' ? {key, value, line, held: true} : {key, value, line})),
    leftOut: spans.filter(s => s.kind === 'left-out').map(({key, line}) => ({key, line})),
  }
}
