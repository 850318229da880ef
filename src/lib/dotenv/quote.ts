import {KitError} from '../errors.js'
import {keyProblem} from './keys.js'

/**
 * Characters that need no quotes: they mean nothing to our parser, to the npm dotenv package, or to a shell that
 * sources the file (`set -a; . ./.env`).
 */
const BARE = /^[A-Za-z0-9_./:@%+,-]+$/
/**
 * In double quotes, what both heroku-kit's parser and a POSIX shell read back as the character itself (`\\ \" \$ \``),
 * and CR, which a dotenv line can't hold raw (the parser reads `\r` as CR; a shell keeps the two characters).
 */
const DOUBLE_QUOTE_ESCAPES: Record<string, string> = {'\\': '\\\\', '"': '\\"', $: '\\$', '`': '\\`', '\r': '\\r'}
/** The same, and LF too: the form of a value that must fit on one line (a `#heroku-kit:held` comment). */
const ONE_LINE_ESCAPES: Record<string, string> = {...DOUBLE_QUOTE_ESCAPES, '\n': '\\n'}

/**
 * The text to write after `KEY=` so that `parseDotenv` reads back exactly `value`, in the most readable form, and so
 * that a POSIX shell sourcing the file (`set -a; . ./.env` with sh or bash) runs nothing:
 *
 * - bare when every character is plainly safe (`postgres-1.example.com:5432`);
 * - single quotes when the value has no `'` and no CR: literal to heroku-kit, to a shell and to the npm dotenv
 *   package alike; newlines kept as real line breaks (a PEM key stays readable);
 * - otherwise double quotes, with `\` `"` `$` and `` ` `` escaped by a backslash, newlines as real line breaks and
 *   CR as `\r`. heroku-kit and a shell both read `\\ \" \$ \`` as the character itself, so `$(cmd)` and backticks
 *   stay text: the shell reads the same value, except a CR, which it keeps as the two characters `\r`. The npm
 *   dotenv package reads this form the same only when the value has none of `\ " $ \``: it turns `\n` and `\r`
 *   into line breaks but keeps the other escapes as written (README, "Which readers understand a pulled file").
 *
 * A NUL character can't be written at all (no dotenv reader or shell can hold it): see `dotenvValueProblem`.
 */
export function quoteDotenvValue(value: string): string {
  refuseUnwritable(value)
  if (value === '') return ''
  if (BARE.test(value)) return value
  if (!value.includes("'") && !value.includes('\r')) return `'${value}'`
  return `"${value.replaceAll(/[\\"$`\r]/g, ch => DOUBLE_QUOTE_ESCAPES[ch])}"`
}

/**
 * `quoteDotenvValue`, on one line: a value with a line break is double-quoted with `\n` (heroku-kit reads it back
 * exactly). For a line that is a comment to a shell (`#heroku-kit:held KEY=…`), where a real line break would end the
 * comment and make the rest of the value a command.
 */
export function quoteDotenvValueOneLine(value: string): string {
  const quoted = quoteDotenvValue(value)
  if (!quoted.includes('\n')) return quoted
  return `"${value.replaceAll(/[\\"$`\r\n]/g, ch => ONE_LINE_ESCAPES[ch])}"`
}

function refuseUnwritable(value: string): void {
  const problem = dotenvValueProblem(value)
  if (problem) throw new KitError(`a value that ${problem} can't be written to a dotenv file`, {code: 'dotenv_write'})
}

/** Why `value` can't be written so that heroku-kit reads it back exactly, or undefined when it can. Never repeats the value. */
export function dotenvValueProblem(value: string): string | undefined {
  if (value.includes('\0')) return 'contains a NUL character'
  return undefined
}

/**
 * Why `key` = `value` can't be written as a dotenv line (a key Heroku allows, such as `1PASSWORD`, that no dotenv
 * reader accepts; a value with NUL), or undefined when it can. Names neither the key nor the value.
 */
export function dotenvEntryProblem(key: string, value: string): string | undefined {
  if (keyProblem(key)) return /^\d/.test(key) ? 'starts with a digit' : 'not a valid dotenv key'
  const valueProblem = dotenvValueProblem(value)
  return valueProblem ? `its value ${valueProblem}` : undefined
}

/**
 * Refuse, before writing anything, config vars that a dotenv file can't hold so that it reads back the same:
 * keys our parser would reject (Heroku allows `1PASSWORD`, we can't read it back) and values with NUL.
 */
export function assertWritable(vars: Record<string, string>): void {
  const problems: string[] = []
  for (const [key, value] of Object.entries(vars)) {
    const problem = dotenvEntryProblem(key, value)
    if (problem) problems.push(`${key} (${problem})`)
  }

  if (problems.length > 0) {
    throw new KitError(`These config vars can't be written to a dotenv file: ${problems.join(', ')}; nothing was written.`, {
      code: 'dotenv_write',
      suggestion: 'Rename those config vars (keys: letters, digits and _, not starting with a digit), or leave them out.',
    })
  }
}
