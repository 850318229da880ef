import {randomUUID} from 'node:crypto'

import {sleep} from '../time.js'
import {HerokuApiError, type HerokuErrorBody, HerokuNetworkError, networkErrorCode} from './errors.js'
import type {ServiceName, ServiceUrls} from './hosts.js'
import {type Fetch, httpFetch, putFile} from './transport.js'

export type HttpMethod = 'DELETE' | 'GET' | 'PATCH' | 'POST' | 'PUT'

export interface ApiRequest {
  service?: ServiceName
  method: HttpMethod
  /** path below the service's base URL, starting with '/' */
  path: string
  body?: unknown
  /** Platform API Accept variant: 'pipelines' → `application/vnd.heroku+json; version=3.pipelines` */
  variant?: string
  headers?: Record<string, string>
  /** `Range` header for list endpoints, e.g. `version ..; max=1, order=desc` */
  range?: string
  /** only the first page of a ranged list */
  partial?: boolean
  /** a POST that only reads (filters, resolve) and may be retried like a GET */
  readOnly?: boolean
}

export interface ApiResponse<T> {
  status: number
  body: T
  headers: Headers
  requestId?: string
}

export interface RetryPolicy {
  /** retries after the first attempt */
  maxRetries: number
  baseDelayMs: number
  maxDelayMs: number
  /** longest Retry-After the client honours */
  maxRetryAfterMs: number
}

export interface HttpStats {
  requests: number
  retries: number
  writes: number
}

export interface HttpClientOptions {
  urls: ServiceUrls
  token: string
  userAgent: string
  retry?: Partial<RetryPolicy>
  /** below this RateLimit-Remaining, requests are spaced out to the pool's refill rate */
  rateLimitFloor?: number
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  fetch?: Fetch
  debug?: (line: string) => void
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504])
/** Heroku refills 75 tokens a minute: one request every 800 ms never drains the pool further. */
const REFILL_INTERVAL_MS = 800

export function retryPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<RetryPolicy> {
  const policy: Partial<RetryPolicy> = {}
  const base = Number(env.HEROKU_KIT_RETRY_BASE_MS)
  const max = Number(env.HEROKU_KIT_MAX_RETRIES)
  if (env.HEROKU_KIT_RETRY_BASE_MS && Number.isFinite(base) && base >= 0) {
    policy.baseDelayMs = base
    policy.maxDelayMs = Math.max(base * 16, base)
    policy.maxRetryAfterMs = Math.max(base * 4, base)
  }

  if (env.HEROKU_KIT_MAX_RETRIES && Number.isInteger(max) && max >= 0) policy.maxRetries = max
  return policy
}

/**
 * The one place that speaks HTTP to Heroku: Platform API, Data API, kolkrabbi (GitHub integration) and GitHub.
 *
 * - Accept: the Platform API's `version=3` (or a variant) everywhere Heroku expects it.
 * - Request-Id: a fresh UUID on every request, quoted in every error.
 * - Pagination: follows `Next-Range` on 206 answers to GET lists and concatenates the pages.
 * - Retries with exponential backoff and full jitter on 429, 5xx and dropped connections — for GET, PUT,
 *   PATCH and DELETE (idempotent) and read-only POSTs. A POST that creates something is retried only when
 *   Heroku certainly did not act on it (429: refused by the rate limiter; connection refused); otherwise the
 *   error is marked `uncertain` and the caller re-reads to learn whether it happened.
 * - Honours Retry-After, and spaces requests out when RateLimit-Remaining runs low.
 */
export class HttpClient {
  readonly stats: HttpStats = {requests: 0, retries: 0, writes: 0}
  private readonly policy: RetryPolicy
  private readonly sleep: (ms: number) => Promise<void>
  private readonly random: () => number
  private readonly fetchImpl: Fetch
  private readonly rateLimitFloor: number
  /** RateLimit-Remaining from the last answer that carried it (polls back off when it runs low); set only here */
  rateLimitRemaining: number | undefined
  private nextSlot = 0

  constructor(private readonly options: HttpClientOptions) {
    this.policy = {maxRetries: 4, baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000, ...options.retry}
    this.sleep = options.sleep ?? sleep
    this.random = options.random ?? Math.random
    this.fetchImpl = options.fetch ?? httpFetch
    this.rateLimitFloor = options.rateLimitFloor ?? 50
  }

  /** The last RateLimit-Remaining Heroku answered (undefined before the first answer that carried one). */
  get lastRateLimitRemaining(): number | undefined {
    return this.rateLimitRemaining
  }

  /** A client with the same hosts, token and policies and its own statistics (e.g. the requests of one pipeline). */
  fork(): HttpClient {
    return new HttpClient(this.options)
  }

  get<T>(path: string, options: Omit<ApiRequest, 'method' | 'path'> = {}): Promise<ApiResponse<T>> {
    return this.request<T>({...options, method: 'GET', path})
  }

  post<T>(path: string, options: Omit<ApiRequest, 'method' | 'path'> = {}): Promise<ApiResponse<T>> {
    return this.request<T>({...options, method: 'POST', path})
  }

  patch<T>(path: string, options: Omit<ApiRequest, 'method' | 'path'> = {}): Promise<ApiResponse<T>> {
    return this.request<T>({...options, method: 'PATCH', path})
  }

  put<T>(path: string, options: Omit<ApiRequest, 'method' | 'path'> = {}): Promise<ApiResponse<T>> {
    return this.request<T>({...options, method: 'PUT', path})
  }

  delete<T>(path: string, options: Omit<ApiRequest, 'method' | 'path'> = {}): Promise<ApiResponse<T>> {
    return this.request<T>({...options, method: 'DELETE', path})
  }

  /**
   * GET an absolute URL outside the Heroku APIs — an app's own web URL (health checks) or a pre-signed
   * release-output stream — without credentials, without retries, with a timeout. Redirects are not followed:
   * the caller sees them (a redirect loop on a health endpoint is a failure, not a pass).
   */
  async probe(url: string, options: {timeoutMs: number}): Promise<{status: number; headers: Headers; text: string; ms: number}> {
    const started = Date.now()
    const parsed = new URL(url)
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname))) {
      throw new Error(`refusing to probe ${parsed.protocol}//${parsed.host}: only https (or http on localhost)`)
    }

    this.stats.requests++
    const response = await this.fetchImpl(url, {
      method: 'GET',
      headers: {'User-Agent': this.options.userAgent},
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    })
    const text = (await response.text()).slice(0, 64 * 1024)
    this.debug(`GET ${url} → ${response.status}`)
    return {status: response.status, headers: response.headers, text, ms: Date.now() - started}
  }

  /**
   * PUT a file to a pre-signed URL (a source's `put_url`), streamed from disk: never whole in memory. The URL is the
   * credential, so no Authorization header goes with it (S3 refuses a second auth mechanism, and the token must not
   * leave Heroku's hosts). Content-Length is set because pre-signed S3 PUTs refuse chunked bodies — as the Heroku
   * CLI's own upload does (node_modules/heroku/dist/lib/ci/source.js, uploadArchive). A retry (5xx, dropped
   * connection) sends the file again from its start.
   */
  async upload(url: string, body: {path: string; size: number}, options: {timeoutMs: number}): Promise<{status: number; ms: number}> {
    const started = Date.now()
    const parsed = outsideUrl(url, 'upload to')
    for (let attempt = 0; ; attempt++) {
      this.stats.requests++
      this.stats.writes++
      let answer: {status: number; text: string}
      try {
        // eslint-disable-next-line no-await-in-loop -- retries and polls are sequential by nature
        answer = await putFile(parsed, body.path, {'Content-Length': String(body.size), 'User-Agent': this.options.userAgent}, options.timeoutMs)
      } catch (error) {
        const code = networkErrorCode(error)
        this.debug(`PUT ${parsed.origin}${parsed.pathname} → ${code ?? 'network error'}`)
        if (attempt < this.policy.maxRetries && code !== undefined) {
          this.stats.retries++
          // eslint-disable-next-line no-await-in-loop -- retries and polls are sequential by nature
          await this.sleep(this.backoff(attempt))
          continue
        }

        throw error
      }

      this.debug(`PUT ${parsed.origin}${parsed.pathname} → ${answer.status}`)
      if (answer.status >= 200 && answer.status < 300) return {status: answer.status, ms: Date.now() - started}
      if (RETRYABLE_STATUS.has(answer.status) && attempt < this.policy.maxRetries) {
        this.stats.retries++
        // eslint-disable-next-line no-await-in-loop -- retries and polls are sequential by nature
        await this.sleep(this.backoff(attempt))
        continue
      }

      const detail = answer.text.replaceAll(/\s+/g, ' ').trim().slice(0, 300)
      throw new Error(`the upload to ${parsed.host} was refused: HTTP ${answer.status}${detail ? ` ${detail}` : ''}`)
    }
  }

  /**
   * GET a pre-signed output stream (a build's `output_stream_url`) without credentials and hand on its body as it
   * comes, chunk by chunk. `headers` may carry a `Range` to resume after a dropped connection. Resolves when the
   * stream ends; a non-2xx answer (404: the stream has not started yet) is returned, not thrown.
   */
  async stream(
    url: string,
    options: {timeoutMs: number; headers?: Record<string, string>; onChunk: (chunk: Uint8Array, status: number) => void},
  ): Promise<{status: number}> {
    const parsed = outsideUrl(url, 'stream')
    this.stats.requests++
    const response = await this.fetchImpl(parsed, {
      method: 'GET',
      headers: {'User-Agent': this.options.userAgent, ...options.headers},
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    })
    this.debug(`GET ${parsed.origin}${parsed.pathname} → ${response.status}`)
    if (!response.ok || !response.body) {
      await response.body?.cancel()
      return {status: response.status}
    }

    for await (const chunk of response.body) options.onChunk(chunk, response.status)
    return {status: response.status}
  }

  /** A request, following Next-Range for GET lists unless `partial`. */
  async request<T>(request: ApiRequest): Promise<ApiResponse<T>> {
    const first = await this.send<T>(request, request.range)
    if (request.method !== 'GET' || request.partial || first.status !== 206 || !Array.isArray(first.body)) return first
    const items: unknown[] = [...(first.body as unknown[])]
    let nextRange = first.headers.get('next-range')
    let last = first
    while (nextRange) {
      // eslint-disable-next-line no-await-in-loop -- pages are sequential by nature
      last = await this.send<T>(request, nextRange)
      if (Array.isArray(last.body)) items.push(...(last.body as unknown[]))
      nextRange = last.status === 206 ? last.headers.get('next-range') : null
    }

    return {...last, status: 200, body: items as T}
  }

  private headersFor(request: ApiRequest, requestId: string, range?: string): Record<string, string> {
    const service = request.service ?? 'platform'
    const headers: Record<string, string> = {'User-Agent': this.options.userAgent, 'Request-Id': requestId}
    if (service === 'github') {
      headers.Accept = 'application/vnd.github+json'
    } else if (service === 'kolkrabbi') {
      headers.Accept = 'application/json'
      headers.Authorization = `Bearer ${this.options.token}`
    } else {
      headers.Accept = `application/vnd.heroku+json; version=3${request.variant ? `.${request.variant}` : ''}`
      headers.Authorization = `Bearer ${this.options.token}`
    }

    if (request.body !== undefined) headers['Content-Type'] = 'application/json'
    if (range) headers.Range = range
    return {...headers, ...request.headers}
  }

  private retryable(request: ApiRequest): boolean {
    return request.method !== 'POST' || Boolean(request.readOnly)
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** attempt)
    // "full jitter": spreads retries of concurrent steps so they don't hit Heroku in lockstep
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2)
  }

  private retryAfter(headers: Headers): number | undefined {
    const value = headers.get('retry-after')
    if (!value) return undefined
    const seconds = Number(value)
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now()
    if (!Number.isFinite(ms) || ms < 0) return undefined
    return Math.min(ms, this.policy.maxRetryAfterMs)
  }

  /** When the account's token pool runs low, space requests to the refill rate instead of running into 429s. */
  private async throttle(): Promise<void> {
    if (this.rateLimitRemaining === undefined || this.rateLimitRemaining >= this.rateLimitFloor) return
    const now = Date.now()
    const slot = Math.max(now, this.nextSlot)
    this.nextSlot = slot + REFILL_INTERVAL_MS
    if (slot > now) await this.sleep(slot - now)
  }

  private async send<T>(request: ApiRequest, range: string | undefined): Promise<ApiResponse<T>> {
    const service = request.service ?? 'platform'
    const baseUrl = this.options.urls[service]
    const url = baseUrl + request.path
    const isWrite = request.method !== 'GET' && !request.readOnly
    for (let attempt = 0; ; attempt++) {
      const requestId = randomUUID()
      // eslint-disable-next-line no-await-in-loop -- retries are sequential by nature
      await this.throttle()
      this.stats.requests++
      if (isWrite) this.stats.writes++
      let response: Response
      try {
        // eslint-disable-next-line no-await-in-loop -- retries are sequential by nature
        response = await this.fetchImpl(url, {
          method: request.method,
          headers: this.headersFor(request, requestId, range),
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
          redirect: 'manual',
        })
      } catch (error) {
        const code = networkErrorCode(error)
        // ECONNREFUSED: the request never reached Heroku, so even a POST can be sent again
        const neverSent = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        const canRetry = (this.retryable(request) || neverSent) && attempt < this.policy.maxRetries
        this.debug(`${request.method} ${url} → ${code ?? 'network error'}${canRetry ? ' (retrying)' : ''}`)
        if (canRetry) {
          this.stats.retries++
          // eslint-disable-next-line no-await-in-loop -- retries are sequential by nature
          await this.sleep(this.backoff(attempt))
          continue
        }

        throw new HerokuNetworkError({method: request.method, path: request.path, service, cause: error, uncertain: isWrite && !neverSent, requestId, baseUrl})
      }

      const responseId = response.headers.get('request-id') ?? requestId
      const remaining = Number(response.headers.get('ratelimit-remaining'))
      if (response.headers.has('ratelimit-remaining') && Number.isFinite(remaining)) this.rateLimitRemaining = remaining
      // eslint-disable-next-line no-await-in-loop -- retries are sequential by nature
      const body = await readBody(response)
      this.debug(`${request.method} ${url} → ${response.status} (Request-Id ${responseId})`)

      // A 3xx is an error, never success: redirects are not followed (the token must not go where a Location
      // header says), and a write answered with 302 did not happen as far as anyone can tell.
      if (response.ok) {
        return {status: response.status, body: body as T, headers: response.headers, requestId: responseId}
      }

      // A retried DELETE whose first attempt went through finds nothing left to delete: that is success.
      if (request.method === 'DELETE' && response.status === 404 && attempt > 0) {
        return {status: 204, body: undefined as T, headers: response.headers, requestId: responseId}
      }

      const rateLimited = response.status === 429
      const canRetry = RETRYABLE_STATUS.has(response.status) && (this.retryable(request) || rateLimited) && attempt < this.policy.maxRetries
      if (canRetry) {
        this.stats.retries++
        const wait = Math.max(this.retryAfter(response.headers) ?? 0, this.backoff(attempt))
        // eslint-disable-next-line no-await-in-loop -- retries are sequential by nature
        await this.sleep(wait)
        continue
      }

      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.get('location')
        throw new HerokuApiError({
          status: response.status,
          body: {
            id: 'redirect',
            message: `answered HTTP ${response.status}, a redirect${location ? ` to ${new URL(location, url).host}` : ''}; heroku-kit does not follow redirects, so this is not a success`,
          },
          requestId: responseId,
          method: request.method,
          path: request.path,
          service,
          uncertain: isWrite,
        })
      }

      throw new HerokuApiError({
        status: response.status,
        body:
          typeof body === 'object' && body !== null ? (body as HerokuErrorBody) : {message: typeof body === 'string' && body ? body.slice(0, 200) : undefined},
        requestId: responseId,
        method: request.method,
        path: request.path,
        service,
        uncertain: isWrite && response.status >= 500,
      })
    }
  }

  private debug(line: string): void {
    this.options.debug?.(line)
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text()
  if (!text) return undefined
  const type = response.headers.get('content-type') ?? ''
  if (type.includes('json') || /^[[{]/.test(text.trimStart())) {
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }

  return text
}

/** A URL outside the Heroku APIs (app web URL, pre-signed upload or stream): https only, or http on localhost. */
function outsideUrl(url: string, verb: string): URL {
  const parsed = new URL(url)
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname))) {
    throw new Error(`refusing to ${verb} ${parsed.protocol}//${parsed.host}: only https (or http on localhost)`)
  }

  return parsed
}
