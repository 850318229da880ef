/** Helpers for the emulator's own tests: a tiny fetch client with Heroku's default headers. */
import type {Emulator} from '../src/types.js'

export const V3 = 'application/vnd.heroku+json; version=3'

export interface CallResult<T = any> {
  status: number
  body: T
  headers: Headers
}

export interface CallOptions {
  headers?: Record<string, string>
  token?: string | null
  variant?: string
}

export function client(emulator: Emulator) {
  return async function call<T = any>(method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<CallResult<T>> {
    const headers: Record<string, string> = {Accept: options.variant ? `${V3}.${options.variant}` : V3}
    if (options.token !== null) headers.Authorization = `Bearer ${options.token ?? 'test-api-key'}`
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    const response = await fetch(emulator.url + path, {
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: {...headers, ...options.headers},
      method,
    })
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {}

    return {body: parsed as T, headers: response.headers, status: response.status}
  }
}
