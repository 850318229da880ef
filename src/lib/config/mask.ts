import {createHash} from 'node:crypto'

/** What heroku-kit shows instead of a value: its length and a short fingerprint, never the value. */
export interface MaskedValue {
  length: number
  fingerprint: string
}

export function maskValue(value: string): MaskedValue {
  return {length: [...value].length, fingerprint: createHash('sha256').update(value).digest('hex').slice(0, 6)}
}

export function formatMasked(value: string): string {
  const {length, fingerprint} = maskValue(value)
  return length === 0 ? '(empty)' : `•••• (${length} chars, #${fingerprint})`
}
