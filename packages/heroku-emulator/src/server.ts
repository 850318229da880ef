/**
 * The HTTP side of the emulator: one node:http server, four "hosts" told apart by path
 * (Platform API at the root, Data API under /client/v11, kolkrabbi and GitHub paths, app web
 * traffic under /__apps), plus authentication, the Accept check, Request-Id, the rate limit,
 * Range pagination, latency, fault injection and the request log.
 */
import {randomUUID} from 'node:crypto'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo, Socket} from 'node:net'

import {type FaultDecision, Faults} from './faults.js'
import {ApiError, type HandlerResult, type RequestContext, type Router} from './http.js'
import {paginate} from './pagination.js'
import type {EmulatorState, User} from './state.js'
import type {EmulatorHost, GateRule, RequestLogEntry} from './types.js'

/** Accept variants the Platform API answers (`application/vnd.heroku+json; version=3.<variant>`). */
export const ACCEPT_VARIANTS = new Set([
  'pipelines',
  'review-apps',
  'sdk',
  'filters',
  'repositories-api',
  // other variants the Heroku CLI sends for commands the emulator does not model specially
  'ci',
  'fir',
  'dogwood',
  'docker-releases',
  'webhooks',
  'account-quotas',
  'team-invitations',
  'run-inside',
])

/** POSTs that only read: not counted as writes. */
const READ_ONLY_POSTS = new Set(['/filters/apps', '/actions/addon-attachments/resolve', '/actions/addons/resolve'])

const PLATFORM_NOT_FOUND =
  'The requested API endpoint was not found. Are you using the right HTTP verb (i.e. `GET` vs. `POST`), and did you specify your API version in the `Accept` header?'
const GITHUB_DOCS = 'https://docs.github.com/rest'

/** Which of the emulated hosts a path belongs to. */
export function classifyHost(path: string): EmulatorHost {
  // 'app': app web traffic and the auxiliary, unauthenticated services (release streams, archives, buildpack registry).
  if (path.startsWith('/__') || path.startsWith('/buildpacks/')) return 'app'
  if (path === '/client/v11' || path.startsWith('/client/v11/')) return 'data'
  if (path === '/account/github/token' || path.startsWith('/github/')) return 'kolkrabbi'
  if (/^\/pipelines\/[^/]+\/(repository|github)$/.test(path) || /^\/apps\/[^/]+\/github(\/.*)?$/.test(path)) return 'kolkrabbi'
  if (path.startsWith('/repos/')) return 'github'
  return 'platform'
}

/** Paths that take raw bytes (the pre-signed source upload URLs of sources.ts). */
export function isUpload(host: EmulatorHost, path: string): boolean {
  return host === 'app' && path.startsWith('/__sources/')
}

export function isWrite(method: string, path: string): boolean {
  return ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) && !(method === 'POST' && READ_ONLY_POSTS.has(path))
}

/** Variant of a valid Heroku Accept header ('' for plain v3), or undefined when not acceptable. */
export function acceptVariant(accept: string | undefined): string | undefined {
  if (!accept) return undefined
  for (const mediaRange of accept.split(',')) {
    const [type, ...params] = mediaRange.split(';').map(s => s.trim().toLowerCase())
    if (type !== 'application/vnd.heroku+json') continue
    const version = params.map(p => /^version\s*=\s*(.+)$/.exec(p)?.[1]).find(Boolean)
    if (version === '3') return ''
    const variant = version?.startsWith('3.') ? version.slice(2) : undefined
    if (variant !== undefined && ACCEPT_VARIANTS.has(variant)) return variant
  }

  return undefined
}

interface Outcome {
  status: number
  headers: Record<string, string>
  payload: string
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Outcome {
  return {headers: {'Content-Type': 'application/json; charset=utf-8', ...headers}, payload: body === undefined ? '' : JSON.stringify(body), status}
}

function errorOutcome(host: EmulatorHost, error: ApiError): Outcome {
  if (host === 'github') return json(error.status, {documentation_url: GITHUB_DOCS, message: error.message, status: String(error.status)}, error.headers)
  return json(error.status, error.body, error.headers)
}

function redactHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    const text = Array.isArray(value) ? value.join(', ') : value
    if (name === 'authorization') {
      const scheme = /^(\w+)\s/.exec(text)?.[1]
      if (scheme) out[name] = `${scheme[0].toUpperCase()}${scheme.slice(1).toLowerCase()} <redacted>`
      continue
    }

    out[name] = text
  }

  return out
}

function sleep(ms: number): Promise<void> {
  return ms > 0
    ? new Promise(resolve => {
        setTimeout(resolve, ms)
      })
    : Promise.resolve()
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

export interface ServerOptions {
  state: EmulatorState
  router: Router
  faults: Faults
  latencyMs: number
}

export class EmulatorServer {
  readonly log: RequestLogEntry[] = []
  latencyMs: number
  private readonly gates: Array<GateRule & {held: Array<() => void>}> = []
  private readonly server: Server
  private readonly sockets = new Set<Socket>()
  private seq = 0

  constructor(private readonly options: ServerOptions) {
    this.latencyMs = options.latencyMs
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(error => {
        console.error('heroku emulator: unexpected error', error) // eslint-disable-line no-console -- the emulator's own failure, for whoever runs it
        if (!res.headersSent) res.writeHead(500, {'Content-Type': 'application/json'})
        res.end(JSON.stringify({id: 'internal_server_error', message: 'Internal server error.'}))
      })
    })
    this.server.on('connection', socket => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
  }

  /** Test tooling (types.ts GateRule): hold the first `count` matching requests until the last of them arrives. */
  gate(rule: GateRule): void {
    this.gates.push({...rule, held: []})
  }

  private async passGate(method: string, path: string): Promise<void> {
    const gate = this.gates.find(g => g.method === method && g.path === path)
    if (!gate) return
    await new Promise<void>(resolve => {
      const timer = setTimeout(resolve, gate.timeoutMs ?? 30_000)
      gate.held.push(() => {
        clearTimeout(timer)
        resolve()
      })
      if (gate.held.length < gate.count) return
      this.gates.splice(this.gates.indexOf(gate), 1)
      for (const release of gate.held) release()
    })
  }

  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, '127.0.0.1', () => resolve())
    })
    return (this.server.address() as AddressInfo).port
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>(resolve => {
      this.server.close(() => resolve())
    })
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = Date.now()
    const url = new URL(req.url ?? '/', 'http://emulator.local')
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname
    const method = (req.method ?? 'GET').toUpperCase()
    const host = classifyHost(path)
    const rawBody = await readBody(req)
    // uploads to pre-signed URLs (source tarballs) are bytes, not JSON
    const raw = isUpload(host, path) ? '' : rawBody.toString('utf8')
    let body: unknown
    let bodyError: string | undefined
    if (raw.trim() !== '') {
      try {
        body = JSON.parse(raw)
      } catch {
        bodyError = 'Request body is not valid JSON.'
      }
    }

    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]))
    const entry: RequestLogEntry = {
      body,
      durationMs: 0,
      headers: redactHeaders(req.headers),
      host,
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      seq: ++this.seq,
      startedAt,
      status: 0,
      write: isWrite(method, path),
    }
    this.log.push(entry)
    await sleep(this.latencyMs)
    await this.passGate(method, path)

    const requestId = randomUUID()
    const baseHeaders: Record<string, string> = {'Request-Id': headers['request-id'] ? `${headers['request-id']},${requestId}` : requestId}
    const finish = (outcome: Outcome): void => {
      entry.status = outcome.status
      entry.durationMs = Date.now() - startedAt
      res.writeHead(outcome.status, {...baseHeaders, ...outcome.headers})
      res.end(method === 'HEAD' ? undefined : outcome.payload)
    }

    const reset = (label: string): void => {
      entry.fault = label
      entry.durationMs = Date.now() - startedAt
      req.socket.destroy()
    }

    // The Heroku CLI's Particleboard (delinquency) call: answer something harmless, outside the rate limit.
    if (headers['x-heroku-kit-emulator'] === 'particleboard') {
      entry.particleboard = true
      finish(json(200, {}))
      return
    }

    const fault = this.options.faults.decide(host, method, path)
    if (fault?.when === 'before') {
      if (fault.reset) reset(fault.label)
      else this.finishFault(fault, entry, finish)
      return
    }

    const outcome = this.process({body, bodyError, headers, host, method, path, query: entry.query, rawBody}, baseHeaders)
    if (fault) {
      if (fault.reset) reset(fault.label)
      else this.finishFault(fault, entry, finish)
      return
    }

    finish(outcome)
  }

  private finishFault(fault: FaultDecision, entry: RequestLogEntry, finish: (outcome: Outcome) => void): void {
    entry.fault = fault.label
    const headers = fault.status === 429 ? {'RateLimit-Remaining': '0', ...fault.headers} : fault.headers
    finish(
      typeof fault.body === 'string'
        ? {headers: {'Content-Type': 'text/plain', ...headers}, payload: fault.body, status: fault.status}
        : json(fault.status, fault.body, headers),
    )
  }

  /** Authentication, Accept, rate limit, routing and the handler; adds RateLimit-Remaining to baseHeaders. */
  private process(
    request: {
      body: unknown
      bodyError?: string
      headers: Record<string, string>
      host: EmulatorHost
      method: string
      path: string
      query: Record<string, string>
      rawBody: Buffer
    },
    baseHeaders: Record<string, string>,
  ): Outcome {
    const {state, router} = this.options
    const {headers, host, method, path} = request
    const match = router.match(host, method === 'HEAD' ? 'GET' : method, path)
    const isPublic = host === 'app' || match?.route.public
    let user: User | undefined
    baseHeaders['RateLimit-Remaining'] = String(state.pool(state.defaultUser).remaining())
    try {
      if (!isPublic && request.bodyError) throw new ApiError(400, 'bad_request', request.bodyError)
      // Bodies must be sent as JSON (the reference: "Content-Type: application/json — required on bodies").
      if (!isPublic && request.body !== undefined && !/json/i.test(headers['content-type'] ?? '')) {
        throw new ApiError(400, 'bad_request', 'Request bodies must be JSON with Content-Type: application/json.')
      }

      let variant = ''
      if (host === 'platform') {
        const found = acceptVariant(headers.accept)
        if (found === undefined) {
          throw new ApiError(
            406,
            'not_acceptable',
            'The requested API version is not available. Please set the Accept header to application/vnd.heroku+json; version=3.',
          )
        }

        variant = found
      }

      if (!isPublic) user = this.authenticate(host, headers.authorization)
      if (!isPublic && host === 'platform') this.checkScope(headers.authorization, method, path)
      baseHeaders['RateLimit-Remaining'] = String(state.pool(user ?? state.defaultUser).remaining())
      if (host === 'platform' && user && !match?.route.free) {
        const pool = state.pool(user)
        if (!pool.take()) {
          baseHeaders['RateLimit-Remaining'] = '0'
          throw new ApiError(429, 'rate_limit', 'Your account reached the API rate limit', {
            url: 'https://devcenter.heroku.com/articles/platform-api-reference#rate-limits',
          })
        }

        baseHeaders['RateLimit-Remaining'] = String(pool.remaining())
        baseHeaders['Ratelimit-Multiplier'] = '1'
      }

      if (!match) throw this.routeNotFound(host)
      if (match.route.requireVariant && variant !== match.route.requireVariant) {
        throw new ApiError(406, 'not_acceptable', `This endpoint requires Accept: application/vnd.heroku+json; version=3.${match.route.requireVariant}.`)
      }

      const ctx: RequestContext = {
        baseUrl: state.baseUrl,
        body: request.body,
        rawBody: request.rawBody,
        headers,
        host,
        method,
        params: match.params,
        path,
        query: request.query,
        state,
        user: user ?? state.defaultUser,
        variant,
      }
      return this.render(ctx, match.route.handler(ctx))
    } catch (error) {
      if (error instanceof ApiError) return errorOutcome(host, error)
      console.error('heroku emulator: handler failed', error) // eslint-disable-line no-console -- the emulator's own failure, for whoever runs it
      return json(500, {id: 'internal_server_error', message: 'Internal server error.'})
    }
  }

  private authenticate(host: EmulatorHost, authorization: string | undefined): User {
    const {state} = this.options
    const [scheme = '', ...rest] = (authorization ?? '').trim().split(/\s+/)
    const credential = rest.join(' ')
    if (host === 'github') {
      // GitHub takes `token <t>` (what the Heroku CLI sends) or `Bearer <t>`.
      const user = /^(token|bearer)$/i.test(scheme) ? state.userByGithubToken(credential) : undefined
      if (!user) throw new ApiError(401, 'unauthorized', 'Bad credentials')
      return user
    }

    let token: string | undefined
    if (/^bearer$/i.test(scheme)) token = credential
    else if (/^basic$/i.test(scheme)) token = Buffer.from(credential, 'base64').toString('utf8').split(':').slice(1).join(':')
    const user = token && token !== 'undefined' ? state.userByToken(token) : undefined
    if (!user) throw new ApiError(401, 'unauthorized', 'Invalid credentials provided.')
    return user
  }

  /**
   * A token of scope `read` reads apps and their resources, not config vars (which need `read-protected`), and writes
   * nothing (api-reference §22.2, from Heroku's OAuth scopes). Heroku's exact refusal is [unverified]: a 403 `forbidden`.
   */
  private checkScope(authorization: string | undefined, method: string, path: string): void {
    const [scheme = '', ...rest] = (authorization ?? '').trim().split(/\s+/)
    const credential = rest.join(' ')
    const token = /^basic$/i.test(scheme) ? Buffer.from(credential, 'base64').toString('utf8').split(':').slice(1).join(':') : credential
    if (!this.options.state.readScopeTokens.has(token)) return
    if (method !== 'GET' && method !== 'HEAD') throw new ApiError(403, 'forbidden', 'This OAuth authorization has the read scope: it cannot change anything.')
    if (/\/config-vars$/.test(path)) throw new ApiError(403, 'forbidden', 'Config vars need the read-protected scope; this OAuth authorization has read.')
  }

  private routeNotFound(host: EmulatorHost): ApiError {
    if (host === 'platform') return new ApiError(404, 'not_found', PLATFORM_NOT_FOUND)
    if (host === 'github') return new ApiError(404, 'not_found', 'Not Found')
    return new ApiError(404, 'not_found', 'Not found.')
  }

  private render(ctx: RequestContext, result: HandlerResult): Outcome {
    const headers = {...result.headers}
    if (result.list) {
      const page = paginate(result.list.items, result.list.fields, ctx.headers.range)
      return json(page.status === 206 ? 206 : (result.list.status ?? 200), page.items, {...headers, ...result.list.headers, ...page.headers})
    }

    if (result.text !== undefined)
      return {headers: {'Content-Type': 'text/plain; charset=utf-8', ...headers}, payload: result.text, status: result.status ?? 200}
    return json(result.status ?? 200, result.body, headers)
  }
}
