/**
 * Which keys a dotenv file may set. Heroku accepts config var names matching `^\w+$`; we also refuse a leading
 * digit, because shells, docker `env_file` and most dotenv readers refuse it, and a file we write must be readable
 * by the tools people load it with.
 */
export const DOTENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/

const RULE = 'keys may contain only ASCII letters, digits and _, and must start with a letter or _'

/**
 * Why `key` can't be a key, or undefined when it can. The message names the offending character but never
 * repeats the key: a line that is not really an assignment (a pasted URL, a base64 secret) would otherwise
 * end up in the error output.
 */
export function keyProblem(key: string): string | undefined {
  if (key === '') return 'empty key: there is nothing before "="; write KEY=value'
  if (DOTENV_KEY.test(key)) return undefined
  if (/^\d/.test(key)) return `invalid key: a key can't start with a digit; ${RULE}`
  const bad = [...key].find(ch => !/[A-Za-z0-9_]/.test(ch))!
  return `invalid key: ${describeCharacter(bad)} is not allowed in a key; ${RULE}${hintFor(bad)}`
}

/** Extra advice for the characters people actually put in keys. */
function hintFor(ch: string): string {
  if (ch === '.' || ch === '-') return ' (Heroku config var names can\'t contain "." or "-": write A_B_C, not a.b.c or a-b-c)'
  if (ch === ' ' || ch === '\t') return ' (spaces are allowed only around "=")'
  return ''
}

/** A character as a reader can identify it, including the invisible ones. */
export function describeCharacter(ch: string): string {
  if (ch === ' ') return 'a space'
  if (ch === '\t') return 'a tab'
  const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
  if (/^[\p{C}\p{Z}]$/u.test(ch)) return code
  const shown = ch === '"' ? `'"'` : `"${ch}"`
  return /^[\u0021-\u007E]$/.test(ch) ? shown : `${shown} (${code})`
}
