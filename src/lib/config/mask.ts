import {createHmac, randomBytes} from 'node:crypto'

/**
 * The fingerprint is an HMAC under a key drawn at random for each run: it tells two values apart within one
 * output, but a printed fingerprint can't be checked against guesses (a 4-digit PIN would fall in 10⁴ tries of
 * a plain hash). Fingerprints therefore differ between runs.
 */
const RUN_KEY = randomBytes(32)

/** What heroku-kit shows instead of a value: its length and a short fingerprint, never the value. */
export interface MaskedValue {
  length: number
  fingerprint: string
}

export function maskValue(value: string): MaskedValue {
  return {length: [...value].length, fingerprint: createHmac('sha256', RUN_KEY).update(value).digest('hex').slice(0, 6)}
}

export function formatMasked(value: string): string {
  const {length, fingerprint} = maskValue(value)
  return length === 0 ? '(empty)' : `•••• (${length} chars, #${fingerprint})`
}
