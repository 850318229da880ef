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
 * A NUL character can't be written at all (the parser refuses NUL); see `assertWritable`.
 */
export function quoteDotenvValue(value: string): string {
  if (value.includes('\0')) throw new KitError('a value with a NUL character can\'t be written to a dotenv file', {code: 'dotenv_write'})
  if (value === '') return ''
  if (BARE.test(value)) return value
  if (!value.includes("'") && !value.includes('\r')) return `'${value}'`
  return `"${value.replaceAll(/[\\"\n\r]/g, ch => DOUBLE_QUOTE_ESCAPES[ch])}"`
}

/**
 * Refuse, before writing anything, config vars that a dotenv file can't hold so that it reads back the same:
 * keys our parser would reject (Heroku allows `1PASSWORD`, we can't read it back) and values with NUL.
 */
export function assertWritable(vars: Record<string, string>): void {
  const problems: string[] = []
  for (const [key, value] of Object.entries(vars)) {
    if (keyProblem(key)) problems.push(`${key} (${/^\d/.test(key) ? 'starts with a digit' : 'not a valid dotenv key'})`)
    else if (value.includes('\0')) problems.push(`${key} (its value contains a NUL character)`)
  }

  if (problems.length > 0) {
    throw new KitError(`These config vars can't be written to a dotenv file: ${problems.join(', ')}; nothing was written.`, {
      code: 'dotenv_write',
      suggestion: 'Rename those config vars (keys: letters, digits and _, not starting with a digit), or leave them out.',
    })
  }
}
