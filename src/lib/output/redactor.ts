import {escapeRegExp} from '../regexp.js'

/**
 * Masks known secret values wherever they would appear in output: the last line of defence behind
 * renderers that never print values in the first place. Values shorter than MIN_LENGTH are not
 * masked in free text (they would mangle ordinary words); renderers never print them either.
 */
export class Redactor {
  static readonly MIN_LENGTH = 6
  static readonly MASK = '[masked]'
  private readonly secrets = new Set<string>()
  private pattern: RegExp | undefined

  add(values: Iterable<string | null | undefined>): void {
    for (const value of values) {
      if (typeof value !== 'string') continue
      // multi-line values (keys, certificates) are masked line by line, as they would be printed
      for (const part of [value, ...value.split(/\r?\n/)]) {
        if (part.trim().length < Redactor.MIN_LENGTH) continue
        // also as it appears inside a URL (percent-encoded, form-encoded) and inside JSON text (escaped)
        for (const form of [
          part,
          encodeURIComponent(part),
          encodeURIComponent(part).replaceAll('%20', '+'),
          encodeURI(part),
          JSON.stringify(part).slice(1, -1),
        ])
          this.secrets.add(form)
      }
    }

    this.pattern = undefined
  }

  /**
   * Config var values: only those that look like secrets, by key name or by shape, so that ordinary values
   * such as `production` don't turn every mention of the production stage into [masked].
   */
  addConfig(vars: Record<string, string | null | undefined>): void {
    this.add(
      Object.entries(vars)
        .filter(([key, value]) => typeof value === 'string' && looksSecret(key, value))
        .map(([, value]) => value),
    )
  }

  get size(): number {
    return this.secrets.size
  }

  redact(text: string): string {
    if (this.secrets.size === 0 || !text) return text
    if (!this.pattern) {
      const sorted = [...this.secrets].sort((a, b) => b.length - a.length)
      this.pattern = new RegExp(sorted.map(s => escapeRegExp(s)).join('|'), 'g')
    }

    return text.replace(this.pattern, Redactor.MASK)
  }

  /**
   * Redact an error in place before it is printed: its message, its stack (which repeats the message) and, down
   * the `cause` chain and through AggregateError's `errors`, every error it wraps.
   */
  redactError(error: unknown, depth = 0): void {
    if (!(error instanceof Error) || depth > 8) return
    try {
      if (error.message) error.message = this.redact(error.message)
      if (typeof error.stack === 'string') error.stack = this.redact(error.stack)
    } catch {
      // a read-only property: leave it; it was never ours to print
    }

    const {cause} = error as {cause?: unknown}
    if (typeof cause === 'string') (error as {cause?: unknown}).cause = this.redact(cause)
    else this.redactError(cause, depth + 1)
    if (error instanceof AggregateError) for (const inner of error.errors) this.redactError(inner, depth + 1)
  }

  /** Redact every string inside a JSON-able value. */
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T
    if (Array.isArray(value)) return value.map(v => this.redactDeep(v)) as T
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.redactDeep(v)])) as T
    }

    return value
  }
}

const SECRET_KEY = /KEY|SECRET|TOKEN|PASS|PWD|DSN|PRIVATE|CERT|CREDENTIAL|AUTH|SALT|SIGNATURE|_URL$|_URI$/i

/** Secret by name (…_KEY, …TOKEN, …_URL with credentials…) or by shape (long, mixed character classes, no spaces). */
export function looksSecret(key: string, value: string): boolean {
  if (value.trim().length < Redactor.MIN_LENGTH) return false
  if (SECRET_KEY.test(key)) return true
  if (/\s/.test(value) || value.length < 12) return false
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d]/].filter(re => re.test(value)).length
  return classes >= 3
}
