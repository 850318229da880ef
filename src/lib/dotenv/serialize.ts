import {assertWritable, quoteDotenvValue} from './quote.js'

export {mergeDotenv} from './merge.js'
export {quoteDotenvValue} from './quote.js'

/**
 * A new dotenv file: optional header comment lines (each prefixed `# `), then `KEY=value` lines in the order of
 * `vars`, LF line endings and a final newline. `parseDotenv` reads it back to exactly `vars`; keys or values a
 * dotenv file can't hold are refused first (`KitError` code 'dotenv_write').
 */
export function serializeDotenv(vars: Record<string, string>, options: {header?: string} = {}): string {
  assertWritable(vars)
  const header = options.header === undefined ? [] : options.header.split(/\r\n|\r|\n/).map(line => (line === '' ? '#' : `# ${line}`))
  const lines = [...header, ...Object.entries(vars).map(([key, value]) => `${key}=${quoteDotenvValue(value)}`)]
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`
}
