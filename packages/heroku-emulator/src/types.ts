/** Public types of the Heroku API emulator (see index.ts for the entry point). */
import type {EmulatorState} from './state.js'
import type {TimingModel} from './timings.js'

export type EmulatorHost = 'platform' | 'data' | 'kolkrabbi' | 'github' | 'app'

export interface EmulatorOptions {
  /** added to every response (default 0) */
  latencyMs?: number
  /** for random faults and generated names */
  seed?: number
  /** valid bearer tokens for the default user; default ['test-api-key'] */
  tokens?: string[]
  /** default user's email, default 'dev@example.com' */
  email?: string
  /**
   * How long asynchronous things take (timings.ts). 'realistic' (default): add-ons provision in 1.5 s, release
   * phases take 1 s, ACM certificates 1 s. 'instant': no time, pending for one GET each (tests that do not care).
   */
  timings?: TimingModel
  /** override the model's durations */
  addonProvisionMs?: number
  releasePhaseMs?: number
  acmIssueMs?: number
  /** GETs of an async add-on that still answer 'provisioning' (instant: 1, realistic: 0) */
  addonProvisionPolls?: number
  /** GETs of a release that still answer 'pending' while its release phase runs (instant: 1, realistic: 0) */
  releasePhasePolls?: number
  /** GETs of a custom domain that still answer 'pending' (default 1); also its ACM status unless `acmPolls` */
  domainPolls?: number
  /** GETs of a custom domain's ACM status that still answer 'pending' (instant: domainPolls, realistic: 0) */
  acmPolls?: number
  /** default {capacity: 4500, refillPerMinute: 75} */
  rateLimit?: {capacity: number; refillPerMinute: number}
  /** kolkrabbi /account/github/token answers for the default user (default true) */
  githubConnected?: boolean
  /** port to listen on (default 0 = any free port) */
  port?: number
}

export interface RequestLogEntry {
  seq: number
  host: EmulatorHost
  method: string
  path: string
  query: Record<string, string>
  /** lower-case names; authorization value replaced by 'Bearer <redacted>' / 'Token <redacted>' / absent */
  headers: Record<string, string>
  /** parsed JSON or undefined */
  body: unknown
  /** 0 when the socket was reset */
  status: number
  fault?: string
  write: boolean
  startedAt: number
  durationMs: number
  /** true for the Heroku CLI's Particleboard (delinquency) calls, recognised by the `x-heroku-kit-emulator: particleboard` header */
  particleboard?: boolean
}

export interface FaultRule {
  method?: string
  /** string: exact path or glob with '*' for one segment, '**' for the rest */
  path?: string | RegExp
  host?: RequestLogEntry['host']
  status?: number
  body?: unknown
  headers?: Record<string, string>
  /** destroy the socket instead of answering */
  reset?: boolean
  /** 'after' = apply the request to state first, then fail/reset (the client can't know it happened) */
  when?: 'before' | 'after'
  /** default 1; Infinity for always */
  times?: number
}

/**
 * Test tooling (not Heroku): the first `count` requests matching `method` and exact `path` are held until the last of
 * them arrives (or `timeoutMs` passes, 30 s by default), then all are answered — clients started "at the same moment"
 * then really read the same state, whatever their start-up took.
 */
export interface GateRule {
  method: string
  path: string
  count: number
  timeoutMs?: number
}

export interface RandomFaultOptions {
  probability: number
  statuses?: number[]
  reset?: boolean
  seed?: number
  methods?: string[]
  /** default 'before'; 'after' applies the request to state first */
  when?: 'before' | 'after'
}

export interface FaultInjector {
  add(rule: FaultRule): void
  random(options: RandomFaultOptions): void
  clear(): void
  /** how many faults fired */
  hits(): number
}

export interface Emulator {
  /** 'http://127.0.0.1:PORT' */
  url: string
  port: number
  state: EmulatorState
  /** every request, in arrival order */
  log: RequestLogEntry[]
  /** entries that can change state: POST/PUT/PATCH/DELETE, except read-only POSTs */
  writes(): RequestLogEntry[]
  clearLog(): void
  faults: FaultInjector
  /** hold matching requests until `count` of them arrived (GateRule) */
  gate(rule: GateRule): void
  setLatency(ms: number): void
  close(): Promise<void>
}
