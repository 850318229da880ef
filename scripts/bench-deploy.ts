/**
 * npm run bench, part 2 (kit:deploy): prints measured figures; asserts nothing.
 *
 * Deploys of a 50 MB and a 500 MB repository (the reference fixture plus files of 1 MB of random bytes, which gzip
 * cannot shrink, so that much goes up) to staging through the real `heroku` CLI with the plugin linked, against the
 * emulator with 150 ms latency on every request: wall time, requests, bytes uploaded, and the peak RSS of the CLI
 * process the plugin runs in (its VmHWM, written at exit by a preloaded module; git's processes are not counted).
 * Then the re-run with the same commit (nothing to deploy; its health checked).
 * Target: peak RSS under 150 MB whatever the size. git writes the gzipped tarball to a temporary file itself and the
 * upload sends it from there (with its Content-Length, as S3's pre-signed PUT needs) through two reused buffers, so no
 * part of the tarball piles up in the CLI process; its requests go over node:http, not fetch (src/lib/api/transport.ts).
 * First, the floor: the peak RSS of `heroku --version` in the same CLI (no plugin code runs), which no command goes under.
 *
 * The plugin is linked from this checkout, which has a tsconfig.json: oclif would then register tsx (a module loader
 * with a thread of its own) in the CLI process. An installed plugin has no tsconfig.json and gets no
 * tsx, so the preloaded module turns oclif's auto-transpiling off (`enableAutoTranspile: false`): the figures are the
 * ones users get. BENCH_DEPLOY_MB=50,500 (the default) picks the sizes; each repository is removed before the next.
 */
import {execFileSync} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {startEmulator} from 'heroku-emulator'
import {HerokuCli} from '../test/support/heroku-cli.js'
import {referenceRepo} from '../test/support/reference.js'

const LATENCY = 150
const SIZES = (process.env.BENCH_DEPLOY_MB ?? '50,500').split(',').map(Number)

function line(label: string, value: string): void {
  process.stdout.write(`  ${label.padEnd(58)} ${value}\n`)
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
}

async function bigRepository(megabytes: number): Promise<string> {
  const repo = await referenceRepo()
  await mkdir(path.join(repo, 'assets'))
  for (let i = 0; i < megabytes; i++) {
    // eslint-disable-next-line no-await-in-loop -- one run at a time: timings must not overlap
    await writeFile(path.join(repo, 'assets', `blob-${String(i).padStart(3, '0')}.bin`), randomBytes(1024 * 1024))
  }

  // random bytes don't compress: git storing them uncompressed saves time and changes nothing in what is measured
  for (const args of [
    ['init', '-q', '-b', 'main'],
    ['-c', 'core.compression=0', '-c', 'core.looseCompression=0', 'add', '-A'],
    ['commit', '-q', '-m', 'Acme Shop with assets'],
  ])
    execFileSync('git', args, {cwd: repo, env: GIT_ENV})
  return repo
}

const cli = await HerokuCli.create()
const rssFile = path.join(cli.home, 'max-rss')
const preload = path.join(cli.home, 'max-rss.mjs')
await writeFile(
  preload,
  [
    `globalThis.oclif = {...globalThis.oclif, enableAutoTranspile: false} // as for an installed plugin: no tsx in the CLI process`,
    `import {readFileSync, writeFileSync} from 'node:fs'`,
    // VmHWM: the peak RSS of this process's own memory. getrusage's maxRSS is not: on Linux a process started by
    // fork and exec reports the RSS of its parent (this bench, which holds the emulator's uploads) when that is higher
    `const peak = () => { try { return Number(/^VmHWM:\\s+(\\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))[1]) } catch { return process.resourceUsage().maxRSS } }`,
    `process.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(peak())))`,
    '',
  ].join('\n'),
)
try {
  process.stdout.write(`\n4. kit:deploy: the floor\n`)
  const version = await cli.run(['--version'], undefined, {env: {NODE_OPTIONS: `--import=${preload}`}})
  if (version.code !== 0) throw new Error(`heroku --version exited with ${version.code}:\n${version.output}`)
  line('  peak RSS of `heroku --version` (no plugin code runs)', `${(Number(await readFile(rssFile, 'utf8')) / 1024).toFixed(0)} MB`)

  for (const megabytes of SIZES) {
    // eslint-disable-next-line no-await-in-loop -- one size at a time: timings, memory and disk must not overlap
    await benchSize(megabytes)
  }
} finally {
  await cli.dispose()
}

async function benchSize(megabytes: number): Promise<void> {
  process.stdout.write(`\n4. kit:deploy of a ${megabytes} MB repository with ${LATENCY} ms latency (real CLI, plugin linked)\n`)
  const emulator = await startEmulator({latencyMs: LATENCY})
  const repo = await bigRepository(megabytes)
  try {
    const pipeline = emulator.state.createPipeline({name: 'shop'})
    emulator.state.couple(emulator.state.createApp({name: 'shop-staging'}), pipeline, 'staging')
    emulator.state.couple(emulator.state.createApp({name: 'shop-prod'}), pipeline, 'production')

    const peaks: number[] = []
    for (const label of ['deploy', 're-run, same commit']) {
      emulator.clearLog()
      const started = performance.now()
      // eslint-disable-next-line no-await-in-loop -- one run at a time: timings must not overlap
      const result = await cli.run(['kit:deploy', '--json'], emulator.url, {cwd: repo, env: {NODE_OPTIONS: `--import=${preload}`}, timeoutMs: 1_200_000})
      const ms = performance.now() - started
      // eslint-disable-next-line no-await-in-loop -- one run at a time: timings must not overlap
      const rssKb = Number(await readFile(rssFile, 'utf8'))
      if (result.code !== 0) {
        process.stdout.write(result.output)
        throw new Error(`kit:deploy exited with ${result.code}`)
      }

      const report = JSON.parse(result.stdout) as {outcome: string; source: {bytes: number} | null; durations: Record<string, number>}
      const requests = emulator.log.filter(e => !e.particleboard)
      const upload = requests.find(e => e.method === 'PUT' && e.path.startsWith('/__sources/'))
      process.stdout.write(`  ${label} (${report.outcome})\n`)
      line('    wall time (incl. CLI start-up)', `${(ms / 1000).toFixed(2)} s`)
      line('    requests (writes)', `${requests.length} (${requests.filter(e => e.write).length})`)
      if (report.source)
        line(
          '    uploaded (gzipped tarball)',
          `${(report.source.bytes / 1024 / 1024).toFixed(1)} MB in ${((report.durations.uploadMs ?? 0) / 1000).toFixed(2)} s`,
        )
      if (upload) line('    upload carried an Authorization header', upload.headers.authorization === undefined ? 'no' : 'YES')
      line('    peak RSS of the CLI process (target: under 150 MB)', `${(rssKb / 1024).toFixed(0)} MB`)
      peaks.push(rssKb)
    }

    // the re-run loads the same code and sends no tarball: the difference is what shipping the tarball costs
    line(`  peak RSS added by shipping ${megabytes} MB (deploy − re-run)`, `${((peaks[0] - peaks[1]) / 1024).toFixed(0)} MB`)
  } finally {
    await emulator.close()
    await rm(repo, {recursive: true, force: true})
  }
}
