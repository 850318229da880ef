/** Request context, results, errors and the route table shared by every resource module. */
import type {EmulatorState, User} from './state.js'
import type {EmulatorHost} from './types.js'

/** An error answered as Heroku does: `{id, message, url?}` with a status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }

  get body(): Record<string, unknown> {
    return {id: this.id, message: this.message, ...this.extra}
  }
}

export const notFound = (message: string): ApiError => new ApiError(404, 'not_found', message)
export const invalid = (message: string): ApiError => new ApiError(422, 'invalid_params', message)
export const forbidden = (message: string): ApiError => new ApiError(403, 'forbidden', message)
export const conflict = (message: string): ApiError => new ApiError(409, 'conflict', message)
export const badRequest = (message: string): ApiError => new ApiError(400, 'bad_request', message)

export interface RequestContext {
  state: EmulatorState
  host: EmulatorHost
  method: string
  path: string
  params: Record<string, string>
  query: Record<string, string>
  /** lower-case names */
  headers: Record<string, string>
  body: unknown
  /** the body's bytes as sent (uploads) */
  rawBody?: Buffer
  /** authenticated user (platform, data, kolkrabbi: bearer token; github: GitHub token) */
  user: User
  /** Accept variant on the platform API, e.g. 'sdk' for `version=3.sdk`; '' for plain v3 */
  variant: string
  /** base URL of the emulator, e.g. http://127.0.0.1:1234 */
  baseUrl: string
}

/** A list answered with Range pagination. */
export interface ListResult {
  items: Array<Record<string, unknown>>
  /** sortable fields for `Range`, the first is the default */
  fields: string[]
  status?: number
  headers?: Record<string, string>
}

export interface HandlerResult {
  status?: number
  body?: unknown
  /** plain text instead of JSON */
  text?: string
  headers?: Record<string, string>
  list?: ListResult
}

export type Handler = (ctx: RequestContext) => HandlerResult

export interface RouteOptions {
  /** host that serves the route (default 'platform') */
  host?: EmulatorHost
  /** no authentication (app web traffic, streams) */
  public?: boolean
  /** Accept variant the route requires on top of the v3 media type */
  requireVariant?: string
  /** does not count against the rate limit */
  free?: boolean
  /**
   * For a route outside the Platform API schema: the file of the real Heroku CLI (under node_modules/heroku/dist)
   * that calls it — the evidence the endpoint exists. test/contract/emulator-routes.test.ts checks it.
   */
  cli?: string
}

export interface Route extends RouteOptions {
  method: string
  pattern: string
  segments: string[]
  handler: Handler
}

export class Router {
  readonly routes: Route[] = []

  add(method: string, pattern: string, handler: Handler, options: RouteOptions = {}): this {
    this.routes.push({...options, handler, method, pattern, segments: pattern.split('/').filter(Boolean)})
    return this
  }

  get(pattern: string, handler: Handler, options?: RouteOptions): this {
    return this.add('GET', pattern, handler, options)
  }

  post(pattern: string, handler: Handler, options?: RouteOptions): this {
    return this.add('POST', pattern, handler, options)
  }

  patch(pattern: string, handler: Handler, options?: RouteOptions): this {
    return this.add('PATCH', pattern, handler, options)
  }

  put(pattern: string, handler: Handler, options?: RouteOptions): this {
    return this.add('PUT', pattern, handler, options)
  }

  delete(pattern: string, handler: Handler, options?: RouteOptions): this {
    return this.add('DELETE', pattern, handler, options)
  }

  /** The route for a host, method and path; a literal segment beats a parameter. */
  match(host: EmulatorHost, method: string, path: string): {route: Route; params: Record<string, string>} | undefined {
    const parts = path.split('/').filter(Boolean)
    let best: {route: Route; params: Record<string, string>; score: number} | undefined
    for (const route of this.routes) {
      if ((route.host ?? 'platform') !== host || route.method !== method) continue
      const params = matchSegments(route.segments, parts)
      if (!params) continue
      const score = route.segments.filter(s => !s.startsWith(':') && s !== '*').length
      if (!best || score > best.score) best = {params, route, score}
    }

    return best && {params: best.params, route: best.route}
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {}
  for (const [i, segment] of pattern.entries()) {
    if (segment === '*') {
      params.rest = parts
        .slice(i)
        .map(p => safeDecode(p))
        .join('/')
      return params
    }

    if (i >= parts.length) return undefined
    if (segment.startsWith(':')) params[segment.slice(1)] = safeDecode(parts[i])
    else if (segment !== parts[i]) return undefined
  }

  return parts.length === pattern.length ? params : undefined
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** The request body as an object, or a 422 like the API's schema validation. */
export function objectBody(ctx: RequestContext, what = 'request body'): Record<string, unknown> {
  const {body} = ctx
  if (body === undefined) return {}
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid(`Invalid ${what}: expected a JSON object.`)
  return body as Record<string, unknown>
}

export function requireString(body: Record<string, unknown>, key: string): string {
  const value = body[key]
  if (typeof value !== 'string' || value === '') throw invalid(`Missing required params: ${key}.`)
  return value
}

export function optionalBoolean(body: Record<string, unknown>, key: string): boolean | undefined {
  const value = body[key]
  if (value === undefined) return undefined
  if (typeof value !== 'boolean') throw invalid(`Invalid ${key} provided: expected a boolean.`)
  return value
}

/** `{name}` / `{id}` / plain string identities as bodies send them. */
export function identity(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>
    if (typeof object.id === 'string' && object.id !== '') return object.id
    if (typeof object.name === 'string' && object.name !== '') return object.name
  }

  return undefined
}

export const UUID_PATTERN = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i
