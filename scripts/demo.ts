/**
 * npm run demo: the main job end to end, as a user would run it, through the real `heroku` CLI with heroku-kit
 * linked, against the local Heroku API emulator (this machine cannot reach Heroku).
 *
 *   1. kit:bootstrap --dry-run   the plan for the reference repository (test/fixtures/manifest/reference)
 *   2. kit:bootstrap --yes       creates the pipeline, apps, add-ons, config vars, domains, backups, drains…
 *   3. kit:bootstrap --yes       again: nothing to do
 *   4. kit:config:sync           a change to .env.staging, masked diff, one PATCH
 */
import {appendFile, cp, mkdtemp} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {startEmulator} from 'heroku-emulator'
import {HerokuCli} from '../test/support/heroku-cli.js'
import {GITHUB_REPO, REFERENCE} from '../test/support/reference.js'

const emulator = await startEmulator({latencyMs: 20})
const cli = await HerokuCli.create()
const repo = await mkdtemp(path.join(tmpdir(), 'heroku-kit-demo-'))
await cp(REFERENCE, repo, {recursive: true})
const {loadProject} = await import('../src/lib/manifest/project.js')
const declaredRepo = (await loadProject(repo)).pipelineFile.repo
if (declaredRepo) emulator.state.addGithubRepo({full_name: declaredRepo, ...GITHUB_REPO})
let failed = false

async function step(title: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  process.stdout.write(`\n\u001B[1m$ heroku ${args.join(' ')}\u001B[0m   # ${title}\n`)
  const before = emulator.writes().length
  const result = await cli.run(args, emulator.url, {cwd: repo, env: {HEROKU_KIT_POLL_INTERVAL_MS: '50', ...env}})
  process.stdout.write(result.output)
  process.stdout.write(`[exit ${result.code}; ${emulator.writes().length - before} write request(s) reached the emulator]\n`)
  if (result.code !== 0) failed = true
}

try {
  await step('what would change', ['kit:bootstrap', '--dry-run'])
  await step('create everything', ['kit:bootstrap', '--yes'])
  await step('converged: nothing to do', ['kit:bootstrap', '--yes'])
  await appendFile(path.join(repo, '.env.staging'), 'FEATURE_CHECKOUT_V2=on\n')
  await step('push one new config var', ['kit:config:sync', '.env.staging'])
} finally {
  await emulator.close()
  await cli.dispose()
}

process.stdout.write(failed ? '\nDemo finished with a failing step (see above).\n' : '\nDemo complete.\n')
process.exitCode = failed ? 1 : 0
