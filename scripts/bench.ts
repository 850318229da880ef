/**
 * npm run bench: prints measured figures; asserts nothing.
 *
 *  1. Startup added to `heroku --version` by the linked plugin (median of runs with vs without it).
 *  2. kit:config:sync of 1,000 keys with 150 ms injected latency: requests and wall time, in-process (the
 *     plugin's own cost) and through the real CLI (including its ~1 s startup).
 *  3. kit:bootstrap of the reference fixture with 150 ms latency: wall time, requests, longest chain of
 *     dependent requests; the re-run; and the same result reached by the plain `heroku` command sequence.
 */
import {cp, mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {Config} from '@oclif/core'

import {buildDesiredState, type DesiredState} from '../src/lib/bootstrap/desired.js'
import {loadProject} from '../src/lib/manifest/project.js'
import {type Emulator, startEmulator} from '../test/support/emulator/index.js'
import type {RequestLogEntry} from '../test/support/emulator/types.js'
import {emulatorEnv, HerokuCli, ROOT} from '../test/support/heroku-cli.js'

const LATENCY = 150
const RUNS = Number(process.env.BENCH_RUNS ?? 15)

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

/** The longest chain of requests that ran one after another (no overlap): round trips on the critical path. */
function longestChain(entries: RequestLogEntry[]): number {
  const intervals = entries.map(e => [e.startedAt, e.startedAt + e.durationMs]).sort((a, b) => a[1] - b[1])
  let count = 0
  let end = -Infinity
  for (const [start, finish] of intervals) {
    if (start >= end) {
      count++
      end = finish
    }
  }

  return count
}

function line(label: string, value: string): void {
  process.stdout.write(`  ${label.padEnd(58)} ${value}\n`)
}

/** Run a kit command in this process, as the linked CLI would, with env pointing at the emulator. */
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

async function startupFigures(): Promise<void> {
  process.stdout.write('\n1. Startup added to `heroku --version` by the linked plugin\n')
  const linked = await HerokuCli.create()
  const plain = await HerokuCli.createUnlinked()
  const withPlugin: number[] = []
  const without: number[] = []
  await plain.raw(['--version']) // warm the file cache for both
  await linked.raw(['--version'])
  for (let i = 0; i < RUNS; i++) {
    // alternate, so machine noise hits both sides alike
    // eslint-disable-next-line no-await-in-loop -- one run at a time, alternating, so both sides see the same machine noise
    without.push((await timed(() => plain.raw(['--version']))).ms)
    // eslint-disable-next-line no-await-in-loop -- see above
    withPlugin.push((await timed(() => linked.raw(['--version']))).ms)
  }

  line(`median without the plugin (${RUNS} runs)`, `${median(without).toFixed(0)} ms`)
  line(`median with heroku-kit linked (${RUNS} runs)`, `${median(withPlugin).toFixed(0)} ms`)
  line('added by the plugin (target < 50 ms)', `${(median(withPlugin) - median(without)).toFixed(0)} ms`)
  // the difference of two ~0.7 s medians is noisy; oclif's own timer for loading this plugin is not
  const loads: number[] = []
  for (let i = 0; i < 5; i++) {
    // eslint-disable-next-line no-await-in-loop -- one run at a time: timings must not overlap
    const perf = await linked.raw(['--version'], {env: {DEBUG: 'oclif:perf'}})
    const found = /oclif:perf\s+heroku-kit: ([\d.]+)ms/.exec(perf.stderr)
    if (found) loads.push(Number(found[1]))
  }

  line('heroku-kit load time per oclif:perf (median of 5)', loads.length > 0 ? `${median(loads).toFixed(1)} ms` : 'not reported by this oclif')
  await linked.dispose()
  await plain.dispose()
}

async function syncFigures(cli: HerokuCli): Promise<void> {
  process.stdout.write(`\n2. kit:config:sync of 1,000 keys, ${LATENCY} ms latency per request\n`)
  const emulator = await startEmulator({latencyMs: LATENCY})
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
  line('wall time in-process (target < 1 s + round trips)', `${first.ms.toFixed(0)} ms (round trips on the critical path: ${longestChain(emulator.log)} × ${LATENCY} ms)`)
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

async function bootstrapFigures(cli: HerokuCli): Promise<void> {
  process.stdout.write(`\n3. kit:bootstrap of the reference fixture, ${LATENCY} ms latency per request\n`)
  const emulator = await startEmulator({latencyMs: LATENCY, addonProvisionPolls: 1})
  await seed(emulator)
  const repo = await referenceRepo()
  const env = {HEROKU_KIT_POLL_INTERVAL_MS: String(LATENCY)}
  const run = await timed(() => cli.run(['kit:bootstrap', '--yes'], emulator.url, {cwd: repo, env}))
  const kitLog = emulator.log.filter(e => (e.headers['user-agent'] ?? '').startsWith('heroku-kit/'))
  line('exit code', String(run.value.code))
  line('wall time through `heroku` (from scratch)', `${(run.ms / 1000).toFixed(2)} s`)
  line('requests (writes)', `${kitLog.length} (${kitLog.filter(e => e.write).length})`)
  line('longest chain of dependent requests (target ≤ 20)', String(longestChain(kitLog)))
  emulator.clearLog()
  const rerun = await timed(() => cli.run(['kit:bootstrap', '--yes'], emulator.url, {cwd: repo, env}))
  line('re-run: wall time (target < 2 s) / write requests', `${(rerun.ms / 1000).toFixed(2)} s / ${emulator.writes().length}`)
  await emulator.close()

  process.stdout.write('\n   The same setup with plain `heroku` commands, one after another\n')
  const plain = await startEmulator({latencyMs: LATENCY, addonProvisionPolls: 1})
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
  line('speed-up of kit:bootstrap (target ≥ 10×)', `${(sequence.ms / run.ms).toFixed(1)}×`)
  await plain.close()
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
    commands.push(stage.name === 'staging' ? ['pipelines:create', desired.pipeline, '-a', app, '--stage', stage.name] : ['pipelines:add', desired.pipeline, '-a', app, '--stage', stage.name])
    for (const buildpack of stage.buildpacks) commands.push(['buildpacks:add', buildpack, '-a', app])
    for (const addon of stage.addons) commands.push(['addons:create', addon.plan, ...(addon.as ? ['--as', addon.as] : []), '-a', app])
    commands.push(['config:set', ...Object.entries(stage.config).map(([key, value]) => `${key}=${value}`), '-a', app])
    if (stage.preboot) commands.push(['features:enable', 'preboot', '-a', app])
    for (const domain of stage.domains) commands.push(['domains:add', domain, '-a', app])
    if (stage.acm && stage.domains.length > 0) commands.push(['certs:auto:enable', '-a', app])
    for (const drain of stage.drains) commands.push(['drains:add', drain, '-a', app])
    if (stage.backups) commands.push(['addons:wait', '-a', app], ['pg:backups:schedule', 'DATABASE_URL', '--at', `${String(stage.backups.hour).padStart(2, '0')}:00 ${stage.backups.timezone}`, '-a', app])
  }

  return commands
}

const cli = await HerokuCli.create()
try {
  process.stdout.write('heroku-kit benchmarks (figures from this run; nothing is asserted)\n')
  await startupFigures()
  await syncFigures(cli)
  await bootstrapFigures(cli)
} finally {
  await cli.dispose()
}
