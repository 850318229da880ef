import {execFile} from 'node:child_process'
import {mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'

import {expect} from 'chai'

import {pluginContractViolations, pluginRequests} from '../support/contract.js'
import {type Emulator, startEmulator} from 'heroku-emulator'
import {type HerokuCli, type RunResult, sharedHerokuCli} from '../support/heroku-cli.js'

const SECRET = 'sk_live_import_9f8e7d6c5b4a'
const DRAIN_TOKEN = 'drain-token-5a4b3c2d1e'
const PROCESS_TYPES = {web: 'node server.js', worker: 'node worker.js'}

/**
 * kit:import against a pipeline set up the way teams set them up by hand: plain `heroku` commands only. The round
 * trip is the acceptance test: right after the import, kit:bootstrap --dry-run and kit:config:sync change nothing;
 * then a change made by hand is drift that kit:verify and `kit:bootstrap --dry-run --exit-code` report.
 */
describe('e2e: kit:import of a pipeline set up by hand, then drift', function () {
  this.timeout(300_000)
  let cli: HerokuCli
  let emulator: Emulator
  const dirs: string[] = []

  const heroku = async (args: string[], cwd?: string): Promise<RunResult> => {
    const result = await cli.run(args, emulator.url, {cwd: cwd ?? tmpdir(), env: {HEROKU_KIT_POLL_INTERVAL_MS: '10'}})
    return result
  }

  /** A plain heroku command that must succeed. */
  const plain = async (...args: string[]): Promise<RunResult> => {
    const result = await heroku(args)
    expect(result.code, `heroku ${args.join(' ')}\n${result.output}`).to.equal(0)
    return result
  }

  const emptyRepo = async (): Promise<string> => {
    const dir = await mkdtemp(path.join(tmpdir(), 'heroku-kit-import-'))
    dirs.push(dir)
    return dir
  }

  before(async () => {
    cli = await sharedHerokuCli()
    emulator = await startEmulator({timings: 'instant'})
  })

  after(async () => {
    expect(pluginContractViolations(emulator.log), "requests outside the published schema or the real CLI's calls").to.deep.equal([])
    await emulator?.close()
    await Promise.all(dirs.map(dir => rm(dir, {recursive: true, force: true})))
  })

  describe('the whole pipeline', () => {
    let repo: string

    before(async () => {
      await plain('apps:create', 'legacy-staging')
      await plain('apps:create', 'legacy-prod')
      await plain('pipelines:create', 'legacy', '-a', 'legacy-prod', '--stage', 'production')
      await plain('pipelines:add', 'legacy', '-a', 'legacy-staging', '--stage', 'staging')
      for (const app of ['legacy-staging', 'legacy-prod']) {
        await plain('buildpacks:add', 'heroku/nodejs', '-a', app)
        await plain('addons:create', 'heroku-postgresql:essential-0', '--as', 'DATABASE', '-a', app)
        await plain('addons:wait', '-a', app, '--wait-interval', '1')
        emulator.state.deploy(app, {processTypes: PROCESS_TYPES}) // a deploy (git push) the CLI can't make here
      }

      await plain('config:set', `STRIPE_KEY=${SECRET}`, 'API_URL=https://api.example.test', '-a', 'legacy-prod')
      await plain('config:set', 'API_URL=https://api.staging.example.test', '-a', 'legacy-staging')
      await plain('ps:scale', 'web=2:standard-1x', 'worker=1:standard-1x', '-a', 'legacy-prod')
      await plain('domains:add', 'www.legacy.example', '-a', 'legacy-prod')
      await plain('certs:auto:enable', '-a', 'legacy-prod')
      await plain('drains:add', 'syslog+tls://logs.example.com:6514', '-a', 'legacy-prod')
      await plain('drains:add', `https://logs.example.com/in?token=${DRAIN_TOKEN}`, '-a', 'legacy-prod')
      await plain('pg:backups:schedule', 'DATABASE_URL', '--at', '02:00 Europe/Berlin', '-a', 'legacy-prod')
      await plain('features:enable', 'preboot', '-a', 'legacy-prod')
      await plain('features:enable', 'http-session-affinity', '-a', 'legacy-prod') // an app feature: written under features:
      repo = await emptyRepo()
    })

    it('--dry-run prints the files it would write and writes nothing; --json returns them', async () => {
      const dry = await heroku(['kit:import', '--pipeline', 'legacy', '--dry-run'], repo)
      expect(dry.code, dry.output).to.equal(0)
      expect(dry.stdout).to.include('--- heroku-kit.yml (would be created)').and.include('app: legacy-prod').and.include('Dry run: 2 file(s) would be written')
      const json = await heroku(['kit:import', '--pipeline', 'legacy', '--dry-run', '--json'], repo)
      const result = JSON.parse(json.stdout) as {files: Array<{path: string; action: string; content: string}>}
      expect(result.files.map(f => `${f.path}:${f.action}`)).to.deep.equal(['heroku-kit.yml:create', 'app.json:create'])
      expect(result.files[0].content).to.include('pipeline: legacy')
      for (const output of [dry.output, json.output]) expect(output).to.not.include(SECRET).and.not.include(DRAIN_TOKEN)
      expect(await readFile(path.join(repo, 'heroku-kit.yml'), 'utf8').catch(() => 'absent')).to.equal('absent')
    })

    it('kit:import --pull-config reads only (GET) and writes heroku-kit.yml, app.json and the 0600 .env files; no secret in a committed file', async () => {
      emulator.clearLog()
      const result = await heroku(['kit:import', '--pipeline', 'legacy', '--pull-config'], repo)
      expect(result.code, result.output).to.equal(0)
      expect(
        pluginRequests(emulator.log)
          .filter(e => e.method !== 'GET')
          .map(e => `${e.method} ${e.path}`),
      ).to.deep.equal([])
      expect(result.output).to.not.include(SECRET).and.not.include(DRAIN_TOKEN)
      expect(result.stdout).to.not.include('app feature http-session-affinity enabled')
      const yml = await readFile(path.join(repo, 'heroku-kit.yml'), 'utf8')
      expect(yml)
        .to.include('features:\n      - http-session-affinity\n')
        .and.include('preboot: true')
        .and.include('- plan: heroku-postgresql:essential-0\n        as: DATABASE')
        .and.include('- www.legacy.example')
        .and.include('at: "02:00"\n      timezone: Europe/Berlin')
      expect(yml).to.include('- ${LOG_DRAIN_URL}').and.not.include(DRAIN_TOKEN)
      const appJson = await readFile(path.join(repo, 'app.json'), 'utf8')
      expect(appJson).to.include('"STRIPE_KEY"').and.not.include(SECRET)
      const env = await readFile(path.join(repo, '.env.production'), 'utf8')
      expect(env).to.include(`STRIPE_KEY=${SECRET}`).and.include(DRAIN_TOKEN).and.not.include('DATABASE_URL')
      expect((await stat(path.join(repo, '.env.production'))).mode & 0o777).to.equal(0o600)
      expect(await readFile(path.join(repo, '.gitignore'), 'utf8')).to.include('.env.*')
    })

    it('round trip: kit:bootstrap --dry-run reports zero changes, and kit:config:sync .env.production sends nothing', async () => {
      emulator.clearLog()
      const plan = await heroku(['kit:bootstrap', '--dry-run', '--exit-code'], repo)
      expect(plan.code, plan.output).to.equal(0)
      expect(plan.stdout).to.match(/Plan: 0 to create, 0 to change, \d+ unchanged, 0 drift, 0 pending, 0 manual\./)
      expect(plan.stdout).to.include('Nothing to do')
      const sync = await heroku(['kit:config:sync', '.env.production'], repo)
      expect(sync.code, sync.output).to.equal(0)
      expect(sync.stdout).to.include('Nothing to change')
      expect(emulator.writes().map(e => `${e.method} ${e.path}`)).to.deep.equal([])
    })

    it('a second import changes nothing', async () => {
      const again = await heroku(['kit:import', '--pipeline', 'legacy', '--pull-config'], repo)
      expect(again.code, again.output).to.equal(0)
      expect(again.stdout).to.include('Nothing to do: the repository already describes what runs.')
    })

    it('kit:import --pull-config refuses a .env file git tracks unless --allow-tracked, and says why (issue 19.6)', async () => {
      const tracked = await emptyRepo()
      await promisify(execFile)('git', ['init', '-q'], {cwd: tracked})
      await writeFile(path.join(tracked, '.env.production'), 'A=1\n')
      await promisify(execFile)('git', ['add', '.env.production'], {cwd: tracked})
      const refused = await heroku(['kit:import', '--pipeline', 'legacy', '--pull-config'], tracked)
      expect(refused.code, refused.output).to.equal(1)
      expect(refused.stderr).to.include('.env.production is tracked by git: the config vars written to it would be committed').and.include('--allow-tracked')
      expect(refused.output).to.not.include(SECRET)
      expect(await readFile(path.join(tracked, '.env.production'), 'utf8')).to.equal('A=1\n')
      expect(await readFile(path.join(tracked, 'heroku-kit.yml'), 'utf8').catch(() => 'absent')).to.equal('absent')
      const allowed = await heroku(['kit:import', '--pipeline', 'legacy', '--pull-config', '--allow-tracked', '--force'], tracked)
      expect(allowed.code, allowed.output).to.equal(0)
      expect(await readFile(path.join(tracked, '.env.production'), 'utf8')).to.include(`STRIPE_KEY=${SECRET}`)
    })

    it('changes made by hand (add-on plan, config var, domain removed) are drift: kit:verify fails naming them, --exit-code returns 2', async () => {
      await plain('addons:upgrade', 'DATABASE', 'heroku-postgresql:standard-0', '-a', 'legacy-prod')
      await plain('config:set', 'API_URL=https://changed.example.test', '-a', 'legacy-prod')
      await plain('domains:remove', 'www.legacy.example', '-a', 'legacy-prod')
      const verify = await heroku(['kit:verify', '--json', '--health-timeout', '1'], repo)
      const report = JSON.parse(verify.stdout) as {checks: Array<{id: string; status: string; evidence: string[]; fix: string | null}>}
      const drift = report.checks.find(c => c.id === 'drift')!
      expect(drift.status).to.equal('fail')
      const evidence = drift.evidence.join('\n')
      expect(evidence).to.include('is on heroku-postgresql:standard-0, declared heroku-postgresql:essential-0')
      expect(evidence).to.include('production: differs: config vars from .env.production: 0 to add, 1 to change').and.include('~ API_URL')
      expect(evidence).to.include('production: missing: add domain www.legacy.example')
      expect(evidence).to.not.include('changed.example.test')
      expect(drift.fix).to.match(/^heroku kit:bootstrap --dry-run/)
      expect(verify.code).to.equal(1)
      const exit = await heroku(['kit:bootstrap', '--dry-run', '--exit-code'], repo)
      expect(exit.code, exit.output).to.equal(2)
      expect(exit.stdout).to.include('nothing was sent (exit code 2)')
    })

    it('--exit-code: 1 on an error, never 2', async () => {
      const bad = await heroku(['kit:bootstrap', '--dry-run', '--exit-code', '--no-such-flag'], repo)
      expect(bad.code).to.equal(1)
      const loggedOut = await cli.run(['kit:bootstrap', '--dry-run', '--exit-code'], emulator.url, {cwd: repo, env: {HEROKU_API_KEY: 'wrong-key'}})
      expect(loggedOut.code).to.not.equal(0).and.not.equal(2)
    })
  })

  describe('partial pipelines', () => {
    it('a pipeline with only a production app: heroku-kit.yml names the staging app, and kit:bootstrap --dry-run shows what is missing', async () => {
      await plain('apps:create', 'solo-prod')
      await plain('pipelines:create', 'solo', '-a', 'solo-prod', '--stage', 'production')
      const repo = await emptyRepo()
      const result = await heroku(['kit:import', '--pipeline', 'solo'], repo)
      expect(result.code, result.output).to.equal(0)
      expect(result.stdout).to.include('staging: no app in the pipeline; heroku-kit.yml names solo-staging, which kit:bootstrap creates')
      const plan = await heroku(['kit:bootstrap', '--dry-run', '--exit-code'], repo)
      expect(plan.code, plan.output).to.equal(2)
      expect(plan.stdout).to.include('+ create app solo-staging').and.include('+ add solo-staging to the pipeline at stage staging')
      const production = plan.stdout.slice(plan.stdout.indexOf('Production (solo-prod)'), plan.stdout.indexOf('Plan:'))
      expect(production).to.not.match(/^\s+[+~!]/m)
    })

    it('two apps in one stage: one is declared, the other listed, not lost', async () => {
      await plain('apps:create', 'twin-staging')
      await plain('apps:create', 'twin-prod')
      await plain('apps:create', 'twin-prod-eu')
      await plain('pipelines:create', 'twin', '-a', 'twin-prod', '--stage', 'production')
      await plain('pipelines:add', 'twin', '-a', 'twin-prod-eu', '--stage', 'production')
      await plain('pipelines:add', 'twin', '-a', 'twin-staging', '--stage', 'staging')
      const repo = await emptyRepo()
      const result = await heroku(['kit:import', '--pipeline', 'twin', '--json'], repo)
      expect(result.code, result.output).to.equal(0)
      const json = JSON.parse(result.stdout) as {apps: Record<string, string>; unmanaged: Array<{scope: string; what: string}>}
      expect(json.apps).to.deep.equal({staging: 'twin-staging', production: 'twin-prod'})
      expect(json.unmanaged.map(u => `${u.scope}: ${u.what}`)).to.include('production: second production app twin-prod-eu (twin-prod is the one declared)')
      const plan = await heroku(['kit:bootstrap', '--dry-run', '--exit-code'], repo)
      expect(plan.code, plan.output).to.equal(0)
    })

    it('an app outside any pipeline, named with -a: it becomes production of a pipeline kit:bootstrap creates', async () => {
      await plain('apps:create', 'loner')
      await plain('config:set', 'FEATURE_FLAG=on', '-a', 'loner')
      const repo = await emptyRepo()
      const result = await heroku(['kit:import', '-a', 'loner', '--pipeline', 'loner'], repo)
      expect(result.code, result.output).to.equal(0)
      expect(result.stdout).to.include('Pipeline loner (not on Heroku yet: kit:bootstrap creates it): production loner')
      const yml = await readFile(path.join(repo, 'heroku-kit.yml'), 'utf8')
      expect(yml).to.include('production:\n    app: loner').and.include('staging:\n    app: loner-staging')
      const plan = await heroku(['kit:bootstrap', '--dry-run'], repo)
      expect(plan.code, plan.output).to.equal(0)
      expect(plan.stdout).to.include('+ create pipeline loner').and.include('= app loner').and.include('+ add loner to the pipeline at stage production')
    })
  })
})
