/** heroku-kit.yml's fields read with their type checked: true/false, text, lists of text. */
import {describe, formatPath, type KeyPath, type Report} from '../common.js'

/** Typed field readers that report `key must be ..., not ...`. */
export class Fields {
  constructor(private readonly report: Report) {}

  boolean(object: Record<string, unknown>, key: string, at: KeyPath): boolean | undefined {
    const value = object[key]
    if (value === undefined || value === null) return undefined
    if (typeof value === 'boolean') return value
    let hint = ''
    if (typeof value === 'string' && /^(?:true|false)$/i.test(value)) hint = ` (remove the quotes: ${value.toLowerCase()})`
    else if (typeof value === 'string' && /^(?:yes|no|on|off|y|n)$/i.test(value)) {
      hint = ` (YAML 1.2 reads ${value} as text; write ${/^(?:yes|on|y)$/i.test(value) ? 'true' : 'false'})`
    }
    this.report([...at, key], `${formatPath([...at, key])} must be true or false, not ${describe(value)}${hint}`)
    return undefined
  }

  string(object: Record<string, unknown>, key: string, at: KeyPath): string | undefined {
    const value = object[key]
    if (value === undefined || value === null) return undefined
    if (typeof value === 'string') return value
    this.report([...at, key], `${formatPath([...at, key])} must be text, not ${describe(value)}${typeof value === 'number' ? ` (quote it: "${value}")` : ''}`)
    return undefined
  }

  stringList(object: Record<string, unknown>, key: string, at: KeyPath, what: string): string[] | undefined {
    const value = object[key]
    if (value === undefined || value === null) return undefined
    if (typeof value === 'string') {
      this.report([...at, key], `${formatPath([...at, key])} must be a list of ${what}; write it as a list: [${value}]`)
      return undefined
    }

    if (!Array.isArray(value)) {
      this.report([...at, key], `${formatPath([...at, key])} must be a list of ${what}, not ${describe(value)}`)
      return undefined
    }

    const strings: string[] = []
    for (const [index, item] of value.entries()) {
      if (typeof item === 'string') strings.push(item)
      else this.report([...at, key, index], `${formatPath([...at, key, index])} must be text, not ${describe(item)}`)
    }

    return strings.length === value.length ? strings : undefined
  }
}
