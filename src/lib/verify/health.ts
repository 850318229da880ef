/**
 * The health endpoint check: GET the app's web URL + health path through `HttpClient.probe` (no credentials, no
 * automatic redirects), with retries, a per-request timeout and an overall deadline. 200 passes; a redirect loop,
 * a 5xx, a 4xx or an HTML error page fails; a request that can't reach the app at all is "unknown".
 */

export type Probe = (url: string, options: {timeoutMs: number}) => Promise<{status: number; headers: Headers; text: string; ms: number}>

export interface HealthOptions {
  /** attempts in all (first try included) */
  attempts: number
  intervalMs: number
  /** per request */
  timeoutMs: number
  /** all attempts together */
  deadlineMs: number
  maxRedirects: number
  sleep?: (ms: number) => Promise<void>
  now?: () => number
}

export const DEFAULT_HEALTH_OPTIONS: HealthOptions = {attempts: 5, intervalMs: 2000, timeoutMs: 10_000, deadlineMs: 60_000, maxRedirects: 5}

export type HealthReason = 'ok' | 'not-200' | 'redirect-loop' | 'too-many-redirects' | 'insecure-redirect' | 'server-error' | 'client-error' | 'error-page' | 'timeout' | 'unreachable'

export interface HealthResult {
  url: string
  status: 'pass' | 'warn' | 'fail' | 'unknown'
  reason: HealthReason
  /** last HTTP status seen */
  httpStatus?: number
  attempts: number
  evidence: string[]
}

interface Attempt {
  reason: HealthReason
  httpStatus?: number
  /** one line: what happened */
  line: string
  /** worth trying again */
  retry: boolean
}

/** Heroku's router error page, and the usual framework error pages. */
const ERROR_PAGE = [
  /herokucdn\.com\/error-pages\//i,
  /<title>[^<]*(?:application error|internal server error|bad gateway|service unavailable|gateway timeout|server error|error \d{3})[^<]*<\/title>/i,
  /We're sorry, but something went wrong/i,
]

function isErrorPage(headers: Headers, text: string): boolean {
  const type = headers.get('content-type') ?? ''
  if (!type.includes('html') && !/^\s*</.test(text)) return false
  return ERROR_PAGE.some(pattern => pattern.test(text))
}

function networkFailure(error: unknown): {reason: HealthReason; detail: string} {
  const err = error as {name?: string; message?: string; cause?: {code?: string; message?: string}}
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return {reason: 'timeout', detail: 'no answer in time'}
  if (err?.message?.startsWith('refusing to probe')) return {reason: 'insecure-redirect', detail: err.message}
  const code = err?.cause?.code
  return {reason: 'unreachable', detail: code ?? err?.cause?.message ?? err?.message ?? String(error)}
}

/** One GET, following redirects by hand (so a loop is seen, and counted, instead of followed forever). */
async function attemptOnce(probe: Probe, url: string, options: HealthOptions): Promise<Attempt> {
  const seen = new Set<string>()
  let current = url
  const hops: string[] = []
  for (let hop = 0; ; hop++) {
    seen.add(current)
    let response: Awaited<ReturnType<Probe>>
    try {
      // eslint-disable-next-line no-await-in-loop -- redirects are sequential by nature
      response = await probe(current, {timeoutMs: options.timeoutMs})
    } catch (error) {
      const {reason, detail} = networkFailure(error)
      const where = hops.length > 0 ? ` (after ${hops.join(' → ')})` : ''
      if (reason === 'timeout') return {reason, line: `GET ${current}: no answer within ${Math.round(options.timeoutMs / 1000)} s${where}`, retry: true}
      if (reason === 'insecure-redirect') return {reason, line: `redirected to ${current}, which is not https${where}`, retry: false}
      return {reason, line: `GET ${current}: ${detail}${where}`, retry: true}
    }

    const {status, headers, text, ms} = response
    if (status >= 300 && status < 400) {
      const location = headers.get('location')
      if (!location) return {reason: 'client-error', httpStatus: status, line: `GET ${current} → ${status} without a Location header`, retry: false}
      const next = new URL(location, current).toString()
      hops.push(`${status} ${next}`)
      if (seen.has(next)) return {reason: 'redirect-loop', httpStatus: status, line: `redirect loop: ${url} → ${hops.join(' → ')}`, retry: false}
      if (hop + 1 > options.maxRedirects) return {reason: 'too-many-redirects', httpStatus: status, line: `more than ${options.maxRedirects} redirects: ${url} → ${hops.join(' → ')}`, retry: false}
      current = next
      continue
    }

    const via = hops.length > 0 ? ` (via ${hops.join(' → ')})` : ''
    if (status >= 500) {
      const page = isErrorPage(headers, text) ? ', an error page' : ''
      return {reason: 'server-error', httpStatus: status, line: `GET ${current} → ${status}${page} in ${ms} ms${via}`, retry: true}
    }

    if (status >= 400) {
      // 408/429: the router or the app asks to come back later
      return {reason: 'client-error', httpStatus: status, line: `GET ${current} → ${status} in ${ms} ms${via}`, retry: status === 408 || status === 429}
    }

    if (isErrorPage(headers, text)) return {reason: 'error-page', httpStatus: status, line: `GET ${current} → ${status}, but the body is an HTML error page${via}`, retry: true}
    if (status !== 200) return {reason: 'not-200', httpStatus: status, line: `GET ${current} → ${status} in ${ms} ms (expected 200)${via}`, retry: false}
    return {reason: 'ok', httpStatus: status, line: `GET ${current} → 200 in ${ms} ms${via}`, retry: false}
  }
}

/** Probes `url` until it answers 200, a failure is final, the attempts are used up or the deadline passes. */
export async function checkHealthEndpoint(probe: Probe, url: string, options: HealthOptions = DEFAULT_HEALTH_OPTIONS): Promise<HealthResult> {
  const sleep = options.sleep ?? (ms => new Promise<void>(resolve => {
    setTimeout(resolve, ms)
  }))
  const now = options.now ?? Date.now
  const started = now()
  const seen: Attempt[] = []
  for (let n = 1; n <= options.attempts; n++) {
    // eslint-disable-next-line no-await-in-loop -- retries are sequential by nature
    const attempt = await attemptOnce(probe, url, {...options, timeoutMs: Math.max(1, Math.min(options.timeoutMs, options.deadlineMs - (now() - started)))})
    seen.push(attempt)
    if (!attempt.retry) break
    if (n === options.attempts || now() - started + options.intervalMs >= options.deadlineMs) break
    // eslint-disable-next-line no-await-in-loop
    await sleep(options.intervalMs)
  }

  const last = seen.at(-1)!
  const tries = seen.length
  const over = `${tries} attempt${tries === 1 ? '' : 's'} over ${Math.round((now() - started) / 100) / 10} s`
  const evidence = [last.line]
  if (tries > 1) {
    const earlier = [...new Set(seen.slice(0, -1).map(a => (a.httpStatus === undefined ? a.reason : String(a.httpStatus))))]
    evidence.push(`${over}; earlier answers: ${earlier.join(', ')}`)
  }

  const result = {url, reason: last.reason, httpStatus: last.httpStatus, attempts: tries, evidence}
  if (last.reason === 'ok') return {...result, status: 'pass', evidence: tries > 1 ? [last.line, `healthy after ${over}`] : [last.line]}
  if (last.reason === 'not-200') return {...result, status: 'warn'}
  if (last.reason === 'unreachable') return {...result, status: 'unknown', evidence: [...evidence, 'the app could not be reached from here (network), so its health is unknown']}
  return {...result, status: 'fail'}
}
