/**
 * A local, stateful emulator of the Heroku API (Platform API, Data API, kolkrabbi, GitHub, app web
 * traffic) on one port, for tests, benchmarks and the demo. See README.md (what it emulates, from which source).
 *
 *   const emulator = await startEmulator({seed: 1})
 *   // HEROKU_HOST=emulator.url, HEROKU_API_KEY=test-api-key, HEROKU_DATA_HOST=127.0.0.1, …
 *   await emulator.close()
 */
import {Faults} from './faults.js'
import {buildRouter} from './routes.js'
import {EmulatorServer} from './server.js'
import {EmulatorState} from './state.js'
import {INSTANT_TIMINGS, POLLS, REALISTIC_TIMINGS} from './timings.js'
import type {Emulator, EmulatorOptions} from './types.js'

export type {Emulator, EmulatorHost, EmulatorOptions, FaultInjector, FaultRule, GateRule, RandomFaultOptions, RequestLogEntry} from './types.js'
export {EmulatorState, timestamp} from './state.js'
export {INSTANT_TIMINGS, REALISTIC_TIMINGS, type TimingModel, type Timings} from './timings.js'
export type * from './model.js'
// for the plugin's contract tests (every route exists on the real Heroku) and kit:deploy's tests (scripted builds)
export {buildRouter} from './routes.js'
export type {Route} from './http.js'
export {deployBed, scriptBuild, tarFiles, type BuildScript, type DeployBed} from './builds.js'

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const seed = options.seed ?? 1
  const model = options.timings ?? 'realistic'
  const base = model === 'instant' ? INSTANT_TIMINGS : REALISTIC_TIMINGS
  const polls = POLLS[model]
  const state = new EmulatorState({
    // instant: the ACM status follows domainPolls, as it always did; realistic: by time alone
    acmPolls: options.acmPolls ?? (model === 'instant' ? (options.domainPolls ?? polls.acm) : polls.acm),
    addonProvisionPolls: options.addonProvisionPolls ?? polls.addon,
    domainPolls: options.domainPolls ?? polls.domain,
    email: options.email ?? 'dev@example.com',
    githubConnected: options.githubConnected ?? true,
    rateLimit: options.rateLimit ?? {capacity: 4500, refillPerMinute: 75},
    releasePhasePolls: options.releasePhasePolls ?? polls.release,
    seed,
    timings: {
      acmIssueMs: options.acmIssueMs ?? base.acmIssueMs,
      addonProvisionMs: options.addonProvisionMs ?? base.addonProvisionMs,
      releasePhaseMs: options.releasePhaseMs ?? base.releasePhaseMs,
    },
    tokens: options.tokens ?? ['test-api-key'],
  })
  const faults = new Faults(seed)
  const controls = {
    clearLog: () => {
      server.log.length = 0
    },
    faults,
    log: () => server.log,
    setLatency: (ms: number) => {
      server.latencyMs = ms
    },
  }
  const server: EmulatorServer = new EmulatorServer({faults, latencyMs: options.latencyMs ?? 0, router: buildRouter(controls), state})
  const port = await server.listen(options.port ?? 0)
  const url = `http://127.0.0.1:${port}`
  state.baseUrl = url
  return {
    clearLog: controls.clearLog,
    close: () => server.close(),
    faults,
    gate: rule => server.gate(rule),
    log: server.log,
    port,
    setLatency: controls.setLatency,
    state,
    url,
    writes: () => server.log.filter(entry => entry.write),
  }
}
