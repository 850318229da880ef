import {KitError} from '../errors.js'
import {keyProblem} from './keys.js'

/**
 * Characters that need no quotes: they mean nothing to our parser, to the npm dotenv package, or to a shell that
 * sources the file (`set -a; . ./.env`).
 */
const BARE = /^[A-Za-z0-9_./:@%+,-]+$/
const DOUBLE_QUOTE_ESCAPES: Record<string, string> = {'\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r'}

/**
 * The text to write after `KEY=` so that `parseDotenv` reads back exactly `value`, in the most readable form:
 *
 * - bare when every character is plainly safe (`postgres-1.example.com:5432`);
 * - single quotes when the value has no `'` and no CR: literal, newlines kept as real line breaks (a PEM key
 *   stays readable). The npm dotenv package and a POSIX shell read this form identically too.
 * - otherwise double quotes, escaping `\` `"` LF and CR. npm dotenv reads this identically only when the value
 *   has no `\` and no `"` (dotenv expands `\n` and `\r` but keeps `\\` and `\"` as written); no form can do better,
 *   since dotenv has no way to write a value that holds both `'` and `"`-or-`\` in double quotes, and backticks
 *   would be executed by a shell that sources the file.
 *
 * Every form is safe to `source` with sh or bash (`set -a; . ./.env`): nothing in it is ever executed. Bare and
 * single-quoted values are literal to a shell. In double quotes a shell still expands `$` and `` ` `` (`$(cmd)`
 * runs cmd), and escaping them (`\$`) would change the value for every dotenv reader, so a value that needs
 * double quotes (it holds a `'` or a CR) and also holds `$` or a backtick can't be written: see
 * `dotenvValueProblem`. In double quotes a shell reads `\n` and `\r` as two characters, not as a line break: the
 * shell then sees a different value, but runs nothing.
 *
 * A NUL character can't be written at all (the parser refuses NUL); see `assertWritable`.
 */
export function quoteDotenvValue(value: string): string {
  const problem = dotenvValueProblem(value)
  if (problem) throw new KitError(`a value that ${problem} can't be written to a dotenv file`, {code: 'dotenv_write'})
  if (value === '') return ''
  if (BARE.test(value)) return value
  if (!needsDoubleQuotes(value)) return `'${value}'`
  return `"${value.replaceAll(/[\\"\n\r]/g, ch => DOUBLE_QUOTE_ESCAPES[ch])}"`
}

function needsDoubleQuotes(value: string): boolean {
  return value.includes("'") || value.includes('\r')
}

/**
 * Why `value` can't be written so that heroku-kit reads it back exactly AND a shell sourcing the file runs nothing,
 * or undefined when it can. Never repeats the value.
 */
export function dotenvValueProblem(value: string): string | undefined {
  if (value.includes('\0')) return 'contains a NUL character'
  if (needsDoubleQuotes(value) && /[$`]/.test(value)) return "holds a quote (') or CR together with $ or ` (a shell sourcing the file would expand or run it)"
  return undefined
}

/**
 * Refuse, before writing anything, config vars that a dotenv file can't hold so that it reads back the same:
 * keys our parser would reject (Heroku allows `1PASSWORD`, we can't read it back) and values with NUL.
 */
export function assertWritable(vars: Record<string, string>): void {
  const problems: string[] = []
  for (const [key, value] of Object.entries(vars)) {
    const valueProblem = dotenvValueProblem(value)
    if (keyProblem(key)) problems.push(`${key} (${/^\d/.test(key) ? 'starts with a digit' : 'not a valid dotenv key'})`)
    else if (valueProblem) problems.push(`${key} (its value ${valueProblem})`)
  }

  if (problems.length > 0) {
    throw new KitError(`These config vars can't be written to a dotenv file: ${problems.join(', ')}; nothing was written.`, {
      code: 'dotenv_write',
      suggestion: 'Rename those config vars (keys: letters, digits and _, not starting with a digit), or leave them out.',
    })
  }
}
