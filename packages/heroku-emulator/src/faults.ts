/** Fault injection: scripted rules and seeded random faults. */
import {Prng} from './random.js'
import type {EmulatorHost, FaultInjector, FaultRule, RandomFaultOptions} from './types.js'

export interface FaultDecision {
  when: 'before' | 'after'
  reset: boolean
  status: number
  body: unknown
  headers: Record<string, string>
  /** recorded in the request log's `fault` field */
  label: string
}

interface ActiveRule {
  rule: FaultRule
  remaining: number
}

interface RandomConfig {
  options: RandomFaultOptions
  prng: Prng
}

const DEFAULT_ERRORS: Record<number, {id: string; message: string}> = {
  400: {id: 'bad_request', message: 'Bad request.'},
  401: {id: 'unauthorized', message: 'Invalid credentials provided.'},
  403: {id: 'forbidden', message: 'You do not have access to this resource.'},
  404: {id: 'not_found', message: 'Not found.'},
  409: {id: 'conflict', message: 'Conflict.'},
  422: {id: 'invalid_params', message: 'Invalid params.'},
  429: {id: 'rate_limit', message: 'Your account reached the API rate limit'},
  500: {id: 'internal_server_error', message: 'Internal server error.'},
  502: {id: 'bad_gateway', message: 'Bad gateway.'},
  503: {id: 'unavailable', message: 'Could not complete the action. Please try again later.'},
  504: {id: 'gateway_timeout', message: 'Gateway timeout.'},
}

export function defaultErrorBody(status: number): {id: string; message: string} {
  return DEFAULT_ERRORS[status] ?? {id: status >= 500 ? 'internal_server_error' : 'bad_request', message: `HTTP ${status}`}
}

/** '*' matches one segment, '**' the rest (zero or more segments). */
export function globMatch(pattern: string, path: string): boolean {
  const want = pattern.split('/').filter(Boolean)
  const have = path.split('/').filter(Boolean)
  for (const [i, segment] of want.entries()) {
    if (segment === '**') return true
    if (i >= have.length) return false
    if (segment !== '*' && segment !== have[i]) return false
  }

  return want.length === have.length
}

export class Faults implements FaultInjector {
  private rules: ActiveRule[] = []
  private randoms: RandomConfig[] = []
  private fired = 0

  constructor(private readonly defaultSeed: number) {}

  add(rule: FaultRule): void {
    if (rule.status === undefined && !rule.reset) throw new Error('a fault rule needs a status or reset: true')
    this.rules.push({remaining: rule.times ?? 1, rule})
  }

  random(options: RandomFaultOptions): void {
    if (!(options.probability >= 0 && options.probability <= 1)) throw new Error('probability must be within 0..1')
    this.randoms.push({options, prng: new Prng(options.seed ?? this.defaultSeed)})
  }

  clear(): void {
    this.rules = []
    this.randoms = []
  }

  hits(): number {
    return this.fired
  }

  /** The fault to apply to this request, if any; consumes one use of a rule. */
  decide(host: EmulatorHost, method: string, path: string): FaultDecision | undefined {
    for (const active of this.rules) {
      if (active.remaining <= 0 || !ruleMatches(active.rule, host, method, path)) continue
      active.remaining -= 1
      this.fired += 1
      const {rule} = active
      const status = rule.status ?? 0
      const when = rule.when ?? 'before'
      return {
        body: rule.body ?? (status ? defaultErrorBody(status) : undefined),
        headers: rule.headers ?? {},
        label: `${rule.reset ? 'reset' : String(status)}${when === 'after' ? ':after' : ''}`,
        reset: Boolean(rule.reset),
        status,
        when,
      }
    }

    this.rules = this.rules.filter(r => r.remaining > 0)
    // Random faults only hit API traffic, never the apps' web endpoints.
    if (host === 'app') return undefined
    for (const {options, prng} of this.randoms) {
      if (options.methods && !options.methods.map(m => m.toUpperCase()).includes(method)) continue
      // Draw exactly once per eligible request so a seed gives the same sequence every run.
      const roll = prng.next()
      if (roll >= options.probability) continue
      const statuses = options.statuses ?? (options.reset ? [] : [500, 502, 503])
      const choices: Array<number | 'reset'> = [...statuses, ...(options.reset ? ['reset' as const] : [])]
      const choice = choices[prng.int(choices.length)]
      this.fired += 1
      const when = options.when ?? 'before'
      const reset = choice === 'reset'
      const status = reset ? 0 : (choice as number)
      return {
        body: reset ? undefined : defaultErrorBody(status),
        headers: {},
        label: `random:${reset ? 'reset' : status}${when === 'after' ? ':after' : ''}`,
        reset,
        status,
        when,
      }
    }

    return undefined
  }
}

function ruleMatches(rule: FaultRule, host: EmulatorHost, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method) return false
  if (rule.host && rule.host !== host) return false
  if (rule.path === undefined) return true
  if (rule.path instanceof RegExp) return rule.path.test(path)
  return rule.path.includes('*') ? globMatch(rule.path, path) : rule.path === path
}
