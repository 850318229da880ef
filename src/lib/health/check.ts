/**
 * Is the app healthy? GET its web URL + health path through `HttpClient.probe` (no credentials, redirects seen
 * rather than followed blindly), retrying with exponential backoff until a deadline.
 *
 * - pass: a 2xx answer (JSON, text, or HTML that is not an error page);
 * - fail: a 5xx, an HTML error page (Heroku's "Application Error" served with any status), a redirect loop or a
 *   redirect off https, a 4xx, a request timeout — the app's own doing;
 * - unknown: the app could not be reached at all (DNS, connection refused, reset…) in any attempt, which says
 *   nothing about the app. Callers must not roll back, or pass a check, on "unknown".
 *
 * Pure apart from the probe, the clock and the sleep, which are injected: `classifyAnswer` and the loop are
 * unit-tested without HTTP. Used by kit:promote (before deciding to roll back) and kit:verify (criterion 4).
 */

import {sleep as defaultSleep} from '../time.js'

export type Probe = (url: string, options: {timeoutMs: number}) => Promise<{status: number; headers: Headers; text: string; ms: number}>

export interface HealthOptions {
  /** no attempt starts after this many ms (the last one starts at the deadline at the latest) */
  deadlineMs: number
  /** per request */
  timeoutMs: number
  /** the first wait between attempts; each later wait is `backoff` times the one before */
  intervalMs: number
  backoff: number
  maxIntervalMs: number
  /** stop after this many attempts even before the deadline (default: only the deadline counts) */
  maxAttempts?: number
  maxRedirects: number
  sleep?: (ms: number) => Promise<void>
  now?: () => number
}

export const DEFAULT_HEALTH_OPTIONS: HealthOptions = {
  deadlineMs: 120_000,
  timeoutMs: 10_000,
  intervalMs: 1000,
  backoff: 2,
  maxIntervalMs: 15_000,
  maxRedirects: 5,
}

export type HealthStatus = 'pass' | 'fail' | 'unknown'
export type HealthReason =
  | 'ok'
  | 'redirect-loop'
  | 'too-many-redirects'
  | 'insecure-redirect'
  | 'bad-redirect'
  | 'server-error'
  | 'client-error'
  | 'error-page'
  | 'unexpected-status'
  | 'timeout'
  | 'unreachable'

export interface HealthResult {
  url: string
  status: HealthStatus
  reason: HealthReason
  /** the last HTTP status the app (or its router) answered */
  httpStatus?: number
  attempts: number
  elapsedMs: number
  /** lines a person reads: the last answer, and how the earlier attempts went */
  evidence: string[]
}

/** One answer, classified. `retry`: worth asking again (the app may be starting). */
export interface AnswerClass {
  reason: HealthReason
  retry: boolean
}

/** Heroku's router error page, and the usual framework error pages. */
const ERROR_PAGES = [
  /herokucdn\.com\/error-pages\//i,
  /<title>[^<]*(?:application error|internal server error|bad gateway|service unavailable|gateway timeout|server error|error \d{3})[^<]*<\/title>/i,
  /We're sorry, but something went wrong/i,
]

export function isErrorPage(contentType: string, text: string): boolean {
  if (!contentType.includes('html') && !/^\s*</.test(text)) return false
  return ERROR_PAGES.some(pattern => pattern.test(text))
}

/** 408 Request Timeout, 425 Too Early, 429 Too Many Requests: the app asks to come back later. */
const RETRY_4XX = new Set([408, 425, 429])

/** Classifies a final (non-redirect) answer. */
export function classifyAnswer(status: number, contentType: string, text: string): AnswerClass {
  const errorPage = isErrorPage(contentType, text)
  if (status >= 500) return {reason: 'server-error', retry: true}
  if (status >= 200 && status < 300) return errorPage ? {reason: 'error-page', retry: true} : {reason: 'ok', retry: false}
  if (status >= 400) return {reason: 'client-error', retry: RETRY_4XX.has(status)}
  return {reason: 'unexpected-status', retry: false}
}

/** A failed request: a timeout is the app's (too slow); anything else means we could not reach it. */
export function classifyNetworkError(error: unknown): {reason: 'insecure-redirect' | 'timeout' | 'unreachable'; detail: string} {
  const err = error as {name?: string; message?: string; code?: string; cause?: {code?: string; message?: string}}
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return {reason: 'timeout', detail: 'no answer in time'}
  if (typeof err?.message === 'string' && err.message.startsWith('refusing to probe')) return {reason: 'insecure-redirect', detail: err.message}
  return {reason: 'unreachable', detail: err?.cause?.code ?? err?.code ?? err?.cause?.message ?? err?.message ?? String(error)}
}

interface Attempt extends AnswerClass {
  httpStatus?: number
  line: string
}

/** One GET, following redirects by hand so that a loop is seen (and counted) instead of followed forever. */
async function attemptOnce(probe: Probe, url: string, options: HealthOptions): Promise<Attempt> {
  const seen = new Set<string>([url])
  const hops: string[] = []
  let current = url
  for (;;) {
    let response: Awaited<ReturnType<Probe>>
    try {
      // eslint-disable-next-line no-await-in-loop -- redirects are sequential by nature
      response = await probe(current, {timeoutMs: options.timeoutMs})
    } catch (error) {
      const {reason, detail} = classifyNetworkError(error)
      const after = hops.length > 0 ? ` (after ${hops.join(' → ')})` : ''
      if (reason === 'timeout') return {reason, retry: true, line: `GET ${current}: no answer within ${Math.round(options.timeoutMs / 100) / 10} s${after}`}
      if (reason === 'insecure-redirect') return {reason, retry: false, line: `redirected to ${current}, which is not https${after}`}
      return {reason, retry: true, line: `GET ${current}: ${detail}${after}`}
    }

    const {status, headers, text, ms} = response
    if (status >= 300 && status < 400) {
      const location = headers.get('location')
      if (!location) return {reason: 'bad-redirect', retry: false, httpStatus: status, line: `GET ${current} → ${status} without a Location header`}
      const next = new URL(location, current).toString()
      hops.push(`${status} ${next}`)
      if (seen.has(next)) return {reason: 'redirect-loop', retry: false, httpStatus: status, line: `redirect loop: ${url} → ${hops.join(' → ')}`}
      if (hops.length > options.maxRedirects) {
        const line = `more than ${options.maxRedirects} redirects: ${url} → ${hops.join(' → ')}`
        return {reason: 'too-many-redirects', retry: false, httpStatus: status, line}
      }

      seen.add(next)
      current = next
      continue
    }

    const answer = classifyAnswer(status, headers.get('content-type') ?? '', text)
    const via = hops.length > 0 ? ` (via ${hops.join(' → ')})` : ''
    const errorPage = answer.reason === 'error-page' || (answer.reason === 'server-error' && isErrorPage(headers.get('content-type') ?? '', text))
    const page = errorPage ? ', an HTML error page' : ''
    return {...answer, httpStatus: status, line: `GET ${current} → ${status}${page} in ${ms} ms${via}`}
  }
}

/** The wait before attempt n+1 (n ≥ 1): interval × backoff^(n-1), at most maxIntervalMs. */
export function backoffDelay(n: number, options: Pick<HealthOptions, 'backoff' | 'intervalMs' | 'maxIntervalMs'>): number {
  return Math.min(options.maxIntervalMs, Math.round(options.intervalMs * options.backoff ** (n - 1)))
}

/**
 * Probes `url` until the app passes, a failure is final (a redirect loop, a 404…), or the deadline: the waits grow
 * exponentially and the last wait is cut short so that one attempt happens at the deadline itself.
 */
export async function checkHealth(probe: Probe, url: string, options: HealthOptions = DEFAULT_HEALTH_OPTIONS): Promise<HealthResult> {
  const sleep = options.sleep ?? defaultSleep
  const now = options.now ?? Date.now
  const started = now()
  const attempts: Attempt[] = []
  for (let n = 1; ; n++) {
    // eslint-disable-next-line no-await-in-loop -- retries are sequential by nature
    const attempt = await attemptOnce(probe, url, options)
    attempts.push(attempt)
    if (!attempt.retry) break
    if (options.maxAttempts !== undefined && n >= options.maxAttempts) break
    const remaining = options.deadlineMs - (now() - started)
    if (remaining <= 0) break
    // eslint-disable-next-line no-await-in-loop -- retries are sequential by nature
    await sleep(Math.min(backoffDelay(n, options), remaining))
  }

  const elapsedMs = now() - started
  const last = attempts.at(-1)!
  const reached = attempts.filter(a => a.reason !== 'unreachable')
  const tries = attempts.length
  const over = `${tries} attempt${tries === 1 ? '' : 's'} over ${Math.round(elapsedMs / 100) / 10} s`
  const base = {url, attempts: tries, elapsedMs}
  if (last.reason === 'ok') {
    return {...base, status: 'pass', reason: 'ok', httpStatus: last.httpStatus, evidence: tries > 1 ? [last.line, `healthy after ${over}`] : [last.line]}
  }

  const earlier = [...new Set(attempts.slice(0, -1).map(a => (a.httpStatus === undefined ? a.reason : String(a.httpStatus))))]
  const history = tries > 1 ? [`${over}; earlier answers: ${earlier.join(', ')}`] : []
  if (reached.length === 0) {
    const evidence = [last.line, ...history, 'the app could not be reached from here (network), so its health is unknown']
    return {...base, status: 'unknown', reason: 'unreachable', evidence}
  }

  // the last attempt could not reach the app, but earlier ones got the app's answer: judge by that answer
  const judged = last.reason === 'unreachable' ? reached.at(-1)! : last
  return {...base, status: 'fail', reason: judged.reason, httpStatus: judged.httpStatus, evidence: [last.line, ...history]}
}

/** The URL to probe: the app's web URL (which ends in '/') joined with the health path. */
export function healthUrl(webUrl: string, healthPath: string): string {
  return `${webUrl.replace(/\/+$/, '')}/${healthPath.replace(/^\/+/, '')}`
}

/**
 * Health options for a command: the deadline from its flag, the first interval from HEROKU_KIT_POLL_INTERVAL_MS
 * when set (tests make it short), else the default. `defaults` replaces DEFAULT_HEALTH_OPTIONS' values for one
 * command (kit:verify: a fixed interval and at most 5 attempts).
 */
export function healthOptions(deadlineSeconds: number, env: NodeJS.ProcessEnv = process.env, defaults: Partial<HealthOptions> = {}): HealthOptions {
  const base = {...DEFAULT_HEALTH_OPTIONS, ...defaults}
  const interval = Number(env.HEROKU_KIT_POLL_INTERVAL_MS)
  const intervalMs = env.HEROKU_KIT_POLL_INTERVAL_MS && Number.isFinite(interval) && interval >= 0 ? Math.max(1, interval) : base.intervalMs
  return {...base, deadlineMs: deadlineSeconds * 1000, intervalMs, maxIntervalMs: Math.max(intervalMs, base.maxIntervalMs)}
}
