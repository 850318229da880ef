import {KitError} from '../errors.js'
import type {ServiceName} from './hosts.js'

export interface HerokuErrorBody {
  id?: string
  message?: string
  url?: string
  app?: {id?: string; name?: string}
}

/** What the user should do about each Heroku error id; the API's own message is always shown too. */
const ADVICE: Record<string, string> = {
  unauthorized: 'Your Heroku login is missing or has expired. Run `heroku login` (or set HEROKU_API_KEY to a valid token).',
  forbidden: 'Your account has no access to this resource. Check the app or team name, or ask its owner for access.',
  suspended: 'The account or app is suspended. See https://help.heroku.com.',
  two_factor:
    'Heroku wants a second factor for this action. Run the command in an interactive terminal, or pre-authorize with `heroku apps:info -a APP` first.',
  delinquent: 'The account is delinquent. Update the payment method at https://dashboard.heroku.com/account/billing.',
  verification_needed: 'This needs a verified account. Add a payment method at https://heroku.com/verify, then run the command again.',
  verification_required: 'This needs a verified account. Add a payment method at https://heroku.com/verify, then run the command again.',
  rate_limit:
    'The account has used up its API rate limit (4500 requests per hour, shared by every tool using this login). Wait a few minutes and run the command again.',
  not_acceptable: 'Heroku rejected the Accept header. This is a bug in heroku-kit; please report it with the request id.',
  confirmation_required: 'Heroku asks for an explicit confirmation for this action.',
  unavailable: 'Heroku is temporarily unavailable. Run the command again in a moment; it resumes where it stopped.',
}

function describe(status: number, body: HerokuErrorBody | undefined): {id: string; message: string} {
  const id = body?.id ?? (status >= 500 ? 'server_error' : `http_${status}`)
  const message = body?.message ?? (status >= 500 ? `Heroku answered HTTP ${status}.` : `HTTP ${status}`)
  return {id, message}
}

/** An error answer from a Heroku service, with its error id and request id, and what to do. */
export class HerokuApiError extends KitError {
  readonly status: number
  readonly id: string
  readonly herokuMessage: string
  readonly requestId?: string
  readonly method: string
  readonly path: string
  readonly service: ServiceName
  readonly body?: HerokuErrorBody
  /** true when a write may have been applied even though it failed (5xx after a POST): re-read before retrying */
  readonly uncertain: boolean

  constructor(options: {status: number; body?: HerokuErrorBody; requestId?: string; method: string; path: string; service: ServiceName; uncertain?: boolean}) {
    const {id, message} = describe(options.status, options.body)
    const advice = ADVICE[id]
    const lines = [`${options.method} ${options.path} failed: ${message}`, `Error ID: ${id}${options.requestId ? ` · Request-Id: ${options.requestId}` : ''}`]
    if (options.body?.app?.name) lines.push(`App: ${options.body.app.name}`)
    if (options.body?.url) lines.push(`See ${options.body.url}`)
    super(lines.join('\n'), {code: id, exitCode: id === 'unauthorized' ? 3 : 1, suggestion: advice})
    this.name = 'HerokuApiError'
    this.status = options.status
    this.id = id
    this.herokuMessage = message
    this.requestId = options.requestId
    this.method = options.method
    this.path = options.path
    this.service = options.service
    this.body = options.body
    this.uncertain = options.uncertain ?? false
  }
}

/** The request never got an answer (connection refused, reset, timeout). */
export class HerokuNetworkError extends KitError {
  readonly method: string
  readonly path: string
  readonly service: ServiceName
  readonly uncertain: boolean
  readonly requestId: string

  constructor(options: {method: string; path: string; service: ServiceName; cause: unknown; uncertain: boolean; requestId: string; baseUrl: string}) {
    const reason = networkReason(options.cause)
    super(`${options.method} ${options.path} failed: no answer from ${options.baseUrl} (${reason}).\nRequest-Id: ${options.requestId}`, {
      code: 'network_error',
      suggestion: options.uncertain
        ? 'The change may or may not have been applied. Run the command again: it reads the current state first and finishes the job without duplicates.'
        : 'Check your network connection (and HEROKU_HOST if you set it), then run the command again.',
      cause: options.cause,
    })
    this.name = 'HerokuNetworkError'
    this.method = options.method
    this.path = options.path
    this.service = options.service
    this.uncertain = options.uncertain
    this.requestId = options.requestId
  }
}

export function networkReason(error: unknown): string {
  const code = networkErrorCode(error)
  if (code) return code
  return error instanceof Error ? error.message : String(error)
}

/** The system error code (ECONNRESET, ECONNREFUSED, …) of a fetch failure, if any. */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as {code?: unknown}).code
    if (typeof code === 'string' && /^E[A-Z_]+$|^UND_ERR/.test(code)) return code
    current = (current as {cause?: unknown}).cause
  }

  return undefined
}

export function isNotFound(error: unknown): boolean {
  return error instanceof HerokuApiError && error.status === 404
}
