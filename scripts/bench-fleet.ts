/**
 * npm run bench (second part): kit:verify --team over a fleet of 20 pipelines in the emulator with 150 ms latency
 * per request. Prints measured figures; asserts nothing.
 *
 *  1. Wall time through the real `heroku` CLI (its start-up included) and the span from the first request to the
 *     last, per concurrency (1, 4 = default, 8), and once without latency (the CPU-bound rest).
 *  2. API requests per pipeline, counted by the emulator's request log (pages and retries included), against
 *     the target of 25, and the requests of the whole run.
 *  3. A nearly spent rate-limit pool: where the run stops, what it checked, and the 429s it ran into (should be 0).
 */
import {type Emulator, startEmulator} from 'heroku-emulator'
import {seedFleet} from '../test/support/fleet.js'
import {HerokuCli} from '../test/support/heroku-cli.js'

const LATENCY = 150
const PIPELINES = 20
const TARGET_PER_PIPELINE = 25

function line(label: string, value: string): void {
  process.stdout.write(`  ${label.padEnd(58)} ${value}\n`)
}

/** Requests of the run per pipeline: each logged request belongs to the pipeline of the app, add-on or pipeline in its path. */
function requestsPerPipeline(emulator: Emulator): {perPipeline: Map<string, number>; other: number; probes: number; rateLimited: number} {
  const {state} = emulator
  const owner = new Map<string, string>()
  for (const pipeline of state.pipelines.values()) owner.set(pipeline.id, pipeline.name)
  for (const coupling of state.couplings.values()) {
    const pipeline = state.pipelines.get(coupling.pipelineId)
    const app = state.apps.get(coupling.appId)
    if (pipeline && app) {
      owner.set(app.id, pipeline.name)
      owner.set(app.name, pipeline.name)
    }
  }

  for (const addon of state.addons.values()) {
    const name = owner.get(addon.appId)
    if (name) {
      owner.set(addon.id, name)
      owner.set(addon.name, name)
    }
  }

  const perPipeline = new Map<string, number>()
  let other = 0
  let probes = 0
  let rateLimited = 0
  for (const entry of emulator.log) {
    if (entry.status === 429) rateLimited++
    if (entry.host === 'app') {
      probes++
      continue
    }

    const segment = /^\/(?:apps|pipelines|client\/v11\/databases)\/([^/?]+)/.exec(entry.path)?.[1]
    const name = segment ? owner.get(decodeURIComponent(segment)) : undefined
    if (name) perPipeline.set(name, (perPipeline.get(name) ?? 0) + 1)
    else other++
  }

  return {perPipeline, other, probes, rateLimited}
}

async function fleetRun(cli: HerokuCli, concurrency: number, latency = LATENCY): Promise<void> {
  const emulator = await startEmulator({latencyMs: 0})
  try {
    seedFleet(emulator.state, {pipelines: PIPELINES, team: 'acme'})
    emulator.setLatency(latency)
    emulator.clearLog()
    const started = performance.now()
    const result = await cli.run(['kit:verify', '--team', 'acme', '--json', '--concurrency', String(concurrency)], emulator.url, {cwd: process.cwd()})
    const ms = performance.now() - started
    const report = JSON.parse(result.stdout) as {rows: Array<{status: string; requests: number}>; requests: number}
    const {perPipeline, other, probes, rateLimited} = requestsPerPipeline(emulator)
    const counts = [...perPipeline.values()]
    const first = Math.min(...emulator.log.map(e => e.startedAt))
    const last = Math.max(...emulator.log.map(e => e.startedAt + e.durationMs))
    line(
      `--concurrency ${concurrency}, ${latency} ms: wall time (real CLI) / first to last request`,
      `${(ms / 1000).toFixed(2)} s / ${((last - first) / 1000).toFixed(2)} s (exit ${result.code})`,
    )
    if (concurrency === 4 && latency === LATENCY) {
      line('pipelines checked', `${report.rows.filter(r => r.status === 'checked').length} of ${PIPELINES}`)
      line('API requests per pipeline (emulator log): min / max', `${Math.min(...counts)} / ${Math.max(...counts)} (target ≤ ${TARGET_PER_PIPELINE})`)
      line("API requests per pipeline (plugin's own count): max", String(Math.max(...report.rows.map(r => r.requests))))
      line('API requests not tied to one pipeline (listing, rate limit)', String(other))
      line('API requests of the whole run (emulator log / plugin)', `${counts.reduce((a, b) => a + b, 0) + other} / ${report.requests}`)
      line('health probes (app traffic, not the API)', String(probes))
      line('429 answers', String(rateLimited))
    }
  } finally {
    await emulator.close()
  }
}

async function spentBudget(cli: HerokuCli): Promise<void> {
  const emulator = await startEmulator({latencyMs: 0})
  try {
    seedFleet(emulator.state, {pipelines: PIPELINES, team: 'acme'})
    const left = 200
    emulator.state.pool(emulator.state.defaultUser).set(left)
    emulator.setLatency(LATENCY)
    emulator.clearLog()
    const started = performance.now()
    const result = await cli.run(['kit:verify', '--team', 'acme', '--json'], emulator.url, {cwd: process.cwd()})
    const ms = performance.now() - started
    const report = JSON.parse(result.stdout) as {rows: Array<{status: string}>; stopped?: string; budget: {reserve: number; affordable: number}}
    const {rateLimited} = requestsPerPipeline(emulator)
    const remaining = emulator.state.pool(emulator.state.defaultUser).remaining()
    line(
      `pool at ${left}: pipelines checked / not checked`,
      `${report.rows.filter(r => r.status === 'checked').length} / ${report.rows.filter(r => r.status === 'not-checked').length} (budget allowed ${report.budget.affordable})`,
    )
    line('requests left in the pool afterwards (reserve kept)', `${remaining} (reserve ${report.budget.reserve})`)
    line('429 answers / exit code / wall time', `${rateLimited} / ${result.code} / ${(ms / 1000).toFixed(2)} s`)
    line('stopped because', report.stopped ?? '(did not stop)')
  } finally {
    await emulator.close()
  }
}

const cli = await HerokuCli.create()
try {
  process.stdout.write(`\nFleet: kit:verify --team over ${PIPELINES} pipelines, ${LATENCY} ms latency per request\n`)
  for (const concurrency of [4, 1, 8]) await fleetRun(cli, concurrency) // eslint-disable-line no-await-in-loop -- one run at a time: timings must not overlap
  // the same run without latency: what is left is CPU (the CLI's start-up, the plugin, the in-process emulator)
  await fleetRun(cli, 4, 0)
  await spentBudget(cli)
} finally {
  await cli.dispose()
}
