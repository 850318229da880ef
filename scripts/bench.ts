/**
 * npm run bench [-- --instant]: prints measured figures; asserts nothing. The plugin is measured as a new user gets
 * it: packed (`npm pack`) and installed into the real `heroku` CLI (`heroku plugins:install file:<tarball>`, scratch
 * HOME), not linked (a linked plugin also loads TypeScript to read tsconfig).
 *
 * The emulator models asynchronous resources as Heroku has them (packages/heroku-emulator/src/timings.ts): add-ons answer
 * 202 and provision in 1.5 s, release phases take 1 s, ACM certificates 1 s. `--instant` gives the old figure
 * (everything settles on the next GET; polls every 150 ms).
 *
 *  1. Start-up: `heroku --version` with and without the plugin; time from process start to the plugin's first
 *     request (kit:bootstrap --dry-run), installed.
 *  2. kit:config:sync of 1,000 keys with 150 ms latency per request.
 *  3. kit:bootstrap of the reference fixture with 150 ms latency: wall time, requests, the critical path (round
 *     trips plus waits), the physical limit (CLI start + add-on provisioning + 6 dependent round trips, from the same
 *     run's figures) and the ratio; the re-run; the same bootstrap with --no-cost (no price look-ups: wall time and
 *     time to the first write, which the look-ups must not move beyond noise); and the same
 *     result reached by the plain `heroku` command sequence against the same emulator model, with the ratio.
 *  4. kit:import of that pipeline into an empty repository (scripts/bench-import.ts), and the round trip.
 *
 * The figures depend on the machine's load: on a shared machine, run it again before believing a difference.
 */
import {execFile} from 'node:child_process'
import {cp, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'

import {Config} from '@oclif/core'

import {buildDesiredState, type DesiredState} from '../src/lib/converge/desired.js'
import {loadProject} from '../src/lib/manifest/project.js'
import {type Emulator, type EmulatorOptions, REALISTIC_TIMINGS, startEmulator} from 'heroku-emulator'
import type {RequestLogEntry} from 'heroku-emulator'
import {emulatorEnv, HerokuCli, ROOT} from '../test/support/heroku-cli.js'
import {longestChain} from './figures.js'
import {importFigures} from './bench-import.js'

const INSTANT = process.argv.includes('--instant')
const TIMINGS: EmulatorOptions = INSTANT ? {timings: 'instant'} : {}
/** --instant keeps the old bench's short polls; otherwise the plugin polls as it does for users */
const POLL_ENV: Record<string, string> = INSTANT ? {HEROKU_KIT_POLL_INTERVAL_MS: '150'} : {}
const LATENCY = 150
/**
 * The longest chain of requests that depend on each other in the reference bootstrap, whoever sends them: read the
 * current state (one wave, all in parallel) → create the app → create its add-on → the poll that sees it provisioned
 * → read the config vars the add-on set → write the declared ones. Six round trips.
 */
const DEPENDENT_ROUND_TRIPS = 6
const RUNS = Number(process.env.BENCH_RUNS ?? 15)
const exec = promisify(execFile)

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

async function timed<T>(fn: () => Promise<T>): Promise<{ms: number; value: T}> {
  const start = performance.now()
  const value = await fn()
  return {ms: performance.now() - start, value}
}

interface CriticalPath {
  chain: RequestLogEntry[]
  /** time spent in the chain's requests */
  roundTripMs: number
  /** time between them: polling waits (and the plugin's own work between two requests) */
  waitMs: number
  /** requests on the chain that were needed: a repeated GET of the same path is a poll that found nothing new */
  dependent: number
}

const end = (e: RequestLogEntry) => e.startedAt + e.durationMs

/**
 * The critical path of a run, walked back from the request that finished last: each request's predecessor is the
 * one that finished last before it started (what it waited for). Round trips plus the waits between them.
 */
function criticalPath(entries: RequestLogEntry[]): CriticalPath {
  const sorted = [...entries].sort((a, b) => end(a) - end(b))
  const chain: RequestLogEntry[] = []
  let current = sorted.at(-1)
  while (current) {
    chain.unshift(current)
    const start = current.startedAt
    current = sorted.filter(e => end(e) <= start).at(-1)
  }

  const roundTripMs = chain.reduce((sum, e) => sum + e.durationMs, 0)
  const span = chain.length > 0 ? end(chain.at(-1)!) - chain[0].startedAt : 0
  const seen = new Set<string>()
  let dependent = 0
  for (const e of chain) {
    const key = `${e.method} ${e.path}`
    if (e.method !== 'GET' || !seen.has(key)) dependent++
    seen.add(key)
  }

  return {chain, roundTripMs, waitMs: span - roundTripMs, dependent}
}

function describeChain(path: CriticalPath): string {
  const parts: string[] = []
  let previous: RequestLogEntry | undefined
  for (const e of path.chain) {
    const gap = previous ? e.startedAt - end(previous) : 0
    if (gap >= 100) parts.push(`(${(gap / 1000).toFixed(2)} s)`)
    parts.push(`${e.method} ${e.path.replace(/[\da-f]{8}-[\da-f-]{27}/g, ':id')}`)
    previous = e
  }

  return parts.join(' → ')
}

function line(label: string, value: string): void {
  process.stdout.write(`  ${label.padEnd(62)} ${value}\n`)
}

const kitRequests = (log: RequestLogEntry[]) => log.filter(e => (e.headers['user-agent'] ?? '').startsWith('heroku-kit/'))

/** Run a kit command in this process, as the CLI would, with env pointing at the emulator. */
async function inProcess(args: string[], env: Record<string, string>, cwd: string): Promise<void> {
  const saved = {...process.env}
  const savedCwd = process.cwd()
  Object.assign(process.env, env)
  process.chdir(cwd)
  const write = process.stdout.write.bind(process.stdout)
  const writeErr = process.stderr.write.bind(process.stderr)
  process.stdout.write = (() => true) as typeof process.stdout.write
  process.stderr.write = (() => true) as typeof process.stderr.write
  try {
    const config = await Config.load({root: ROOT})
    await config.runCommand(args[0], args.slice(1))
  } finally {
    process.stdout.write = write
    process.stderr.write = writeErr
    process.chdir(savedCwd)
    process.env = saved
  }
}

/** `npm pack` of the built plugin, installed with `heroku plugins:install file:…` into a scratch HOME. */
async function installedCli(): Promise<{cli: HerokuCli; dispose: () => Promise<void>}> {
  const dir = await mkdtemp(path.join(tmpdir(), 'heroku-kit-pack-'))
  // --ignore-scripts: `npm run bench` has just built dist/ and the manifest; prepack would also rewrite README.md
  const packed = await exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {cwd: ROOT})
  const tarball = path.join(dir, (JSON.parse(packed.stdout) as Array<{filename: string}>)[0].filename)
  const cli = await HerokuCli.createUnlinked()
  const install = await timed(() => cli.raw(['plugins:install', `file:${tarball}`], {timeoutMs: 600_000}))
  if (install.value.code !== 0) throw new Error(`heroku plugins:install failed:\n${install.value.output}`)
  process.stdout.write(`  (packed ${path.basename(tarball)} and installed it into a scratch HOME in ${(install.ms / 1000).toFixed(1)} s)\n`)
  return {
    cli,
    dispose: async () => {
      await cli.dispose()
      await rm(dir, {recursive: true, force: true})
    },
  }
}

interface StartupFigures {
  versionMs: number
  firstRequestMs: number
}

async function startupFigures(cli: HerokuCli, repo: string): Promise<StartupFigures> {
  process.stdout.write('\n1. Start-up, plugin packed and installed\n')
  const plain = await HerokuCli.createUnlinked()
  const withPlugin: number[] = []
  const without: number[] = []
  await plain.raw(['--version']) // warm the file cache for both
  await cli.raw(['--version'])
  for (let i = 0; i < RUNS; i++) {
    // alternate, so machine noise hits both sides alike
    // eslint-disable-next-line no-await-in-loop -- one run at a time, alternating, so both sides see the same machine noise
    without.push((await timed(() => plain.raw(['--version']))).ms)
    // eslint-disable-next-line no-await-in-loop -- one run at a time: timings must not overlap
    withPlugin.push((await timed(() => cli.raw(['--version']))).ms)
  }

  line(`\`heroku --version\` without the plugin (median of ${RUNS})`, `${median(without).toFixed(0)} ms`)
  line(`\`heroku --version\` with heroku-kit installed (median of ${RUNS})`, `${median(withPlugin).toFixed(0)} ms`)
  line('added by the plugin', `${(median(withPlugin) - median(without)).toFixed(0)} ms`)
  const loads: number[] = []
  for (let i = 0; i < 5; i++) {
    // eslint-disable-next-line no-await-in-loop -- one run at a time: timings must not overlap
    const perf = await cli.raw(['--version'], {env: {DEBUG: 'oclif:perf'}})
    const found = /oclif:perf\s+heroku-kit: ([\d.]+)ms/.exec(perf.stderr)
    if (found) loads.push(Number(found[1]))
  }

  line('heroku-kit load time per oclif:perf (median of 5)', loads.length > 0 ? `${median(loads).toFixed(1)} ms` : 'not reported by this oclif')

  // process start → the plugin's first request, for kit:bootstrap (read-only with --dry-run)
  const emulator = await startEmulator({...TIMINGS})
  const first: number[] = []
  const runs = Math.max(3, Math.min(RUNS, 9))
  for (let i = 0; i < runs; i++) {
    emulator.clearLog()
    const spawned = Date.now()
    // eslint-disable-next-line no-await-in-loop -- one run at a time: timings must not overlap
    const result = await cli.run(['kit:bootstrap', '--dry-run'], emulator.url, {cwd: repo})
    const kit = kitRequests(emulator.log)
    if (result.code === 0 && kit.length > 0) first.push(Math.min(...kit.map(e => e.startedAt)) - spawned)
  }

  // The CLI's init hooks (git credential manager, terms of service…) run for both and vary by seconds on a loaded
  // machine; oclif:perf reports their time in the same run, so each figure can leave them out.
  const initTime = (stderr: string) => Number(/oclif:perf Init Time: ([\d.]+)ms/.exec(stderr)?.[1] ?? Number.NaN)
  const versionOwn: number[] = []
  const firstOwn: number[] = []
  for (let i = 0; i < runs; i++) {
    let spawned = Date.now()
    // eslint-disable-next-line no-await-in-loop -- one run at a time: timings must not overlap
    const version = await cli.raw(['--version'], {env: {DEBUG: 'oclif:perf'}})
    const versionInit = initTime(version.stderr)
    if (Number.isFinite(versionInit)) versionOwn.push(Date.now() - spawned - versionInit)
    emulator.clearLog()
    spawned = Date.now()
    // eslint-disable-next-line no-await-in-loop -- one run at a time: timings must not overlap
    const result = await cli.run(['kit:bootstrap', '--dry-run'], emulator.url, {cwd: repo, env: {DEBUG: 'oclif:perf'}})
    const kit = kitRequests(emulator.log)
    const init = initTime(result.stderr)
    if (result.code === 0 && kit.length > 0 && Number.isFinite(init)) firstOwn.push(Math.min(...kit.map(e => e.startedAt)) - spawned - init)
  }

  await emulator.close()
  await plain.dispose()
  const versionMs = median(withPlugin)
  const firstRequestMs = median(first)
  line(`process start → first request, kit:bootstrap (median of ${first.length})`, `${firstRequestMs.toFixed(0)} ms`)
  line('   minus `heroku --version` with the plugin (target ≤ 200 ms)', `${(firstRequestMs - versionMs).toFixed(0)} ms`)
  if (versionOwn.length > 0 && firstOwn.length > 0) {
    line(
      `the same without the CLI's init hooks (oclif:perf, median of ${firstOwn.length})`,
      `${median(firstOwn).toFixed(0)} − ${median(versionOwn).toFixed(0)} = ${(median(firstOwn) - median(versionOwn)).toFixed(0)} ms`,
    )
  }

  return {versionMs: median(without), firstRequestMs}
}

async function syncFigures(cli: HerokuCli): Promise<void> {
  process.stdout.write(`\n2. kit:config:sync of 1,000 keys, ${LATENCY} ms latency per request\n`)
  const emulator = await startEmulator({...TIMINGS, latencyMs: LATENCY})
  const dir = await mkdtemp(path.join(tmpdir(), 'heroku-kit-bench-'))
  const file = path.join(dir, '.env.bench')
  await writeFile(file, Array.from({length: 1000}, (_, i) => `KEY_${i}="value ${i} with spaces # and a hash"`).join('\n') + '\n')
  emulator.state.createApp({name: 'bench-app'})
  emulator.state.createApp({name: 'warm-up-app'})
  // the first command in a process pays for importing the plugin and @heroku-cli/command: measured apart
  const cold = await timed(() => inProcess(['kit:config:sync', file, '-a', 'warm-up-app'], emulatorEnv(emulator.url), dir))
  emulator.clearLog()
  const first = await timed(() => inProcess(['kit:config:sync', file, '-a', 'bench-app'], emulatorEnv(emulator.url), dir))
  const requests = emulator.log.length
  line('requests, first sync (target ≤ 3)', `${requests} (${emulator.log.map(e => `${e.method} ${e.path.replace(/bench-app/, 'APP')}`).join(', ')})`)
  line(
    'wall time in-process (target < 1 s + round trips)',
    `${first.ms.toFixed(0)} ms (round trips on the critical path: ${longestChain(emulator.log)} × ${LATENCY} ms)`,
  )
  line('the same, cold: first command in a fresh process', `${cold.ms.toFixed(0)} ms`)
  emulator.clearLog()
  const again = await timed(() => inProcess(['kit:config:sync', file, '-a', 'bench-app'], emulatorEnv(emulator.url), dir))
  line('re-run: requests / wall time in-process', `${emulator.log.length} / ${again.ms.toFixed(0)} ms`)
  emulator.clearLog()
  const viaCli = await timed(() => cli.run(['kit:config:sync', file, '-a', 'bench-app'], emulator.url, {cwd: dir}))
  line('re-run through `heroku` (includes CLI startup)', `${viaCli.ms.toFixed(0)} ms (exit ${viaCli.value.code})`)
  await emulator.close()
}

async function referenceRepo(): Promise<string> {
  const repo = await mkdtemp(path.join(tmpdir(), 'heroku-kit-bench-repo-'))
  await cp(path.join(ROOT, 'test', 'fixtures', 'manifest', 'reference'), repo, {recursive: true})
  return repo
}

async function seed(emulator: Emulator): Promise<void> {
  emulator.state.addGithubRepo({full_name: 'acme/shop', id: 4242, default_branch: 'main'})
}

async function bootstrapFigures(cli: HerokuCli, startup: StartupFigures): Promise<void> {
  const model = INSTANT
    ? 'instant (settles on the next GET)'
    : `add-ons ${REALISTIC_TIMINGS.addonProvisionMs / 1000} s, release phases ${REALISTIC_TIMINGS.releasePhaseMs / 1000} s, certificates ${REALISTIC_TIMINGS.acmIssueMs / 1000} s`
  process.stdout.write(`\n3. kit:bootstrap of the reference fixture, ${LATENCY} ms latency per request; asynchronous resources: ${model}\n`)
  const emulator = await startEmulator({...TIMINGS, latencyMs: LATENCY})
  await seed(emulator)
  const repo = await referenceRepo()
  const run = {...(await timed(() => cli.run(['kit:bootstrap', '--yes'], emulator.url, {cwd: repo, env: POLL_ENV}))), startedAt: 0}
  run.startedAt = Date.now() - run.ms
  const runFirstWrite = firstWriteMs(emulator.log, run.startedAt)
  const kitLog = kitRequests(emulator.log)
  const critical = criticalPath(kitLog)
  const provisioning = INSTANT ? 0 : REALISTIC_TIMINGS.addonProvisionMs
  const physical = startup.versionMs + provisioning + DEPENDENT_ROUND_TRIPS * LATENCY
  line('exit code', String(run.value.code))
  line('wall time through `heroku` (from scratch)', `${(run.ms / 1000).toFixed(2)} s`)
  line('requests (writes)', `${kitLog.length} (${kitLog.filter(e => e.write).length})`)
  line('longest chain of non-overlapping requests', String(longestChain(kitLog)))
  line(
    'critical path: round trips + waits',
    `${critical.chain.length} requests ${(critical.roundTripMs / 1000).toFixed(2)} s + waits ${(critical.waitMs / 1000).toFixed(2)} s`,
  )
  process.stdout.write(`     ${describeChain(critical)}\n`)
  line('   process start → first request', `${(startup.firstRequestMs / 1000).toFixed(2)} s (section 1)`)
  line('   of which distinct requests (a repeated GET is a poll that found nothing new)', String(critical.dependent))
  line(
    'physical limit: CLI start + provisioning + dependent round trips',
    `${(startup.versionMs / 1000).toFixed(2)} + ${(provisioning / 1000).toFixed(2)} + ${DEPENDENT_ROUND_TRIPS} × ${LATENCY / 1000} = ${(physical / 1000).toFixed(2)} s`,
  )
  line('ratio wall time / physical limit (target ≤ 1.3)', `${(run.ms / physical).toFixed(2)}`)
  emulator.clearLog()
  const rerun = await timed(() => cli.run(['kit:bootstrap', '--yes'], emulator.url, {cwd: repo, env: POLL_ENV}))
  line(
    're-run: wall time (target < 2 s) / requests / write requests',
    `${(rerun.ms / 1000).toFixed(2)} s / ${kitRequests(emulator.log).length} / ${emulator.writes().length}`,
  )
  await emulator.close()
  await priceFigures(cli, run.ms, runFirstWrite, priceLookups(kitLog))

  process.stdout.write('\n   The same setup with plain `heroku` commands, one after another, against the same emulator model\n')
  const plain = await startEmulator({...TIMINGS, latencyMs: LATENCY})
  await seed(plain)
  const commands = plainSequence(await buildDesiredState(await loadProject(repo)))
  let failures = 0
  const sequence = await timed(async () => {
    for (const args of commands) {
      // eslint-disable-next-line no-await-in-loop -- one run at a time: timings must not overlap
      const result = await cli.run(args, plain.url, {cwd: repo})
      if (result.code !== 0) {
        failures++
        process.stdout.write(`   (heroku ${args.join(' ')} → exit ${result.code}: ${result.output.trim().split('\n').pop()})\n`)
      }
    }
  })
  line(`${commands.length} heroku commands (${failures} failed)`, `${(sequence.ms / 1000).toFixed(2)} s`)
  line('speed-up of kit:bootstrap (target ≥ 7×)', `${(sequence.ms / run.ms).toFixed(1)}×`)
  await plain.close()
}

/** ms from the process start to the first write request the plugin sent. */
function firstWriteMs(log: RequestLogEntry[], startedAt: number): number {
  const first = kitRequests(log).find(e => e.write)
  return first ? first.startedAt - startedAt : Number.NaN
}

/**
 * The same bootstrap without prices (--no-cost), from scratch on a fresh emulator: prices are looked up while the
 * state is read, so wall time and time to the first write should differ by no more than the run-to-run noise.
 */
function priceLookups(log: RequestLogEntry[]): number {
  return log.filter(e => /^\/addon-services\/[^/]+\/plans$|^\/dyno-sizes$/.test(e.path)).length
}

async function priceFigures(cli: HerokuCli, withPricesMs: number, withPricesFirstWriteMs: number, withPricesLookups: number): Promise<void> {
  const emulator = await startEmulator({...TIMINGS, latencyMs: LATENCY})
  await seed(emulator)
  const repo = await referenceRepo()
  const startedAt = Date.now()
  const run = await timed(() => cli.run(['kit:bootstrap', '--yes', '--no-cost'], emulator.url, {cwd: repo, env: POLL_ENV}))
  const firstWrite = firstWriteMs(emulator.log, startedAt)
  line('with prices / --no-cost: wall time', `${(withPricesMs / 1000).toFixed(2)} s / ${(run.ms / 1000).toFixed(2)} s (exit ${run.value.code})`)
  line('with prices / --no-cost: process start → first write', `${(withPricesFirstWriteMs / 1000).toFixed(2)} s / ${(firstWrite / 1000).toFixed(2)} s`)
  line('price look-ups with prices / --no-cost', `${withPricesLookups} / ${priceLookups(kitRequests(emulator.log))}`)
  await emulator.close()
}

/**
 * What a user types by hand for the same declaration. GitHub linking, auto-deploy and review apps have no plain
 * CLI command without a GitHub connection, and neither side can scale before the first deploy, so the
 * sequence leaves those out (it does less than kit:bootstrap).
 */
function plainSequence(desired: DesiredState): string[][] {
  const commands: string[][] = []
  for (const stage of desired.stages) {
    const app = stage.app
    commands.push(['apps:create', app, ...(desired.region ? ['--region', desired.region] : []), '--no-remote'])
    commands.push(
      stage.name === 'staging'
        ? ['pipelines:create', desired.pipeline, '-a', app, '--stage', stage.name]
        : ['pipelines:add', desired.pipeline, '-a', app, '--stage', stage.name],
    )
    for (const buildpack of stage.buildpacks) commands.push(['buildpacks:add', buildpack, '-a', app])
    for (const addon of stage.addons) commands.push(['addons:create', addon.plan, ...(addon.as ? ['--as', addon.as] : []), '-a', app])
    commands.push(['config:set', ...Object.entries(stage.config).map(([key, value]) => `${key}=${value}`), '-a', app])
    for (const feature of stage.features) commands.push(['features:enable', feature, '-a', app])
    for (const domain of stage.domains) commands.push(['domains:add', domain, '-a', app])
    if (stage.acm && stage.domains.length > 0) commands.push(['certs:auto:enable', '-a', app])
    for (const drain of stage.drains) commands.push(['drains:add', drain, '-a', app])
    if (stage.backups)
      commands.push(
        ['addons:wait', '-a', app],
        ['pg:backups:schedule', 'DATABASE_URL', '--at', `${String(stage.backups.hour).padStart(2, '0')}:00 ${stage.backups.timezone}`, '-a', app],
      )
  }

  return commands
}

process.stdout.write(
  `heroku-kit benchmarks (figures from this run; nothing is asserted)${INSTANT ? ' — --instant: asynchronous resources settle at once' : ''}\n`,
)
const installed = await installedCli()
try {
  const repo = await referenceRepo()
  const startup = await startupFigures(installed.cli, repo)
  await syncFigures(installed.cli)
  await bootstrapFigures(installed.cli, startup)
  await importFigures(installed.cli, LATENCY)
} finally {
  await installed.dispose()
}
