import {assertWritable, quoteDotenvValue, quoteDotenvValueOneLine} from './quote.js'
import {KIT_HELD, KIT_LEFT_OUT} from './scan.js'

export {mergeDotenv} from './merge.js'
export {quoteDotenvValue} from './quote.js'

/** What a written file holds besides plain `KEY=value` lines. */
export interface DotenvWriteOptions {
  /** keys of `vars` written commented out (`#heroku-kit:held KEY=value # note`): key → the note (one line) */
  held?: Record<string, string>
  /** config vars that can't be written at all, recorded as `#heroku-kit:left-out KEY (reason)`: key → reason */
  leftOut?: Record<string, string>
}

/**
 * A new dotenv file: optional header comment lines (each prefixed `# `), then `KEY=value` lines in the order of
 * `vars` (the `held` ones commented out), then the `leftOut` records; LF line endings and a final newline.
 * `parseDotenv` reads it back to exactly `vars`; keys or values a dotenv file can't hold are refused first
 * (`KitError` code 'dotenv_write').
 */
export function serializeDotenv(vars: Record<string, string>, options: DotenvWriteOptions & {header?: string} = {}): string {
  assertWritable(vars)
  const header = options.header === undefined ? [] : options.header.split(/\r\n|\r|\n/).map(line => (line === '' ? '#' : `# ${line}`))
  const lines = [
    ...header,
    ...Object.entries(vars).map(([key, value]) => dotenvLine(key, value, options)),
    ...Object.entries(options.leftOut ?? {}).map(([key, reason]) => leftOutLine(key, reason)),
  ]
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`
}

/** `KEY=value`, or `#heroku-kit:held KEY=value # note` (one line) when `options.held` names the key. */
export function dotenvLine(key: string, value: string, options: DotenvWriteOptions): string {
  const note = options.held && Object.hasOwn(options.held, key) ? options.held[key] : undefined
  if (note === undefined) return `${key}=${quoteDotenvValue(value)}`
  return `${KIT_HELD}${key}=${quoteDotenvValueOneLine(value)} # ${oneLine(note)}`
}

/** `#heroku-kit:left-out KEY (reason)`. */
export function leftOutLine(key: string, reason: string): string {
  return `${KIT_LEFT_OUT}${key} (${oneLine(reason)})`
}

function oneLine(text: string): string {
  return text.replaceAll(/[\r\n]+/g, ' ')
}
