/**
 * Bench section (npm run bench): kit:import of the reference pipeline after kit:bootstrap created it, with
 * 150 ms latency per request: wall time, requests (all reads), longest chain of dependent requests, and the
 * round trip — what `kit:bootstrap --dry-run` then still wants to change (expected: nothing).
 */
import {cp, mkdtemp} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {startEmulator} from 'heroku-emulator'
import {type HerokuCli, ROOT} from '../test/support/heroku-cli.js'
import {longestChain} from './figures.js'

function line(label: string, value: string): void {
  process.stdout.write(`  ${label.padEnd(58)} ${value}\n`)
}

export async function importFigures(cli: HerokuCli, latency: number): Promise<void> {
  process.stdout.write(`\n4. kit:import of the reference pipeline (made by kit:bootstrap), ${latency} ms latency per request\n`)
  const emulator = await startEmulator({latencyMs: latency, addonProvisionPolls: 1})
  emulator.state.addGithubRepo({full_name: 'acme/shop', id: 4242, default_branch: 'main'})
  const source = await mkdtemp(path.join(tmpdir(), 'heroku-kit-bench-repo-'))
  await cp(path.join(ROOT, 'test', 'fixtures', 'manifest', 'reference'), source, {recursive: true})
  const env = {HEROKU_KIT_POLL_INTERVAL_MS: String(latency)}
  await cli.run(['kit:bootstrap', '--yes'], emulator.url, {cwd: source, env})
  const empty = await mkdtemp(path.join(tmpdir(), 'heroku-kit-bench-import-'))
  emulator.clearLog()
  const start = performance.now()
  const run = await cli.run(['kit:import', '--pipeline', 'shop', '--pull-config'], emulator.url, {cwd: empty, env})
  const ms = performance.now() - start
  const kitLog = emulator.log.filter(e => (e.headers['user-agent'] ?? '').startsWith('heroku-kit/'))
  line('exit code', String(run.code))
  line('wall time through `heroku`', `${(ms / 1000).toFixed(2)} s`)
  line('requests (not GET)', `${kitLog.length} (${kitLog.filter(e => e.method !== 'GET').length})`)
  line('longest chain of dependent requests', String(longestChain(kitLog)))
  const dry = await cli.run(['kit:bootstrap', '--dry-run', '--json'], emulator.url, {cwd: empty, env})
  const counts = (JSON.parse(dry.stdout) as {counts?: Record<string, number>}).counts ?? {}
  line('then kit:bootstrap --dry-run: create / change / drift / unchanged', `${counts.create} / ${counts.change} / ${counts.drift} / ${counts.unchanged}`)
  await emulator.close()
}
