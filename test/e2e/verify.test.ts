import {execFile} from 'node:child_process'
import {cp, mkdir, readFile, rm, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {promisify} from 'node:util'

import {captureOutput} from '@oclif/test'
import {expect} from 'chai'

import Verify from '../../src/commands/kit/verify.js'
import {loadProject} from '../../src/lib/manifest/project.js'
import type {CheckResult, VerifyReport} from '../../src/lib/verify/types.js'
import {pluginContractViolations, pluginRequests} from '../support/contract.js'
import {type Emulator, startEmulator} from 'heroku-emulator'
import {emulatorEnv, type HerokuCli, ROOT, type RunResult, sharedHerokuCli} from '../support/heroku-cli.js'
import {GITHUB_REPO, referenceRepo} from '../support/reference.js'

const run = promisify(execFile)
const OVERLAY = path.join(ROOT, 'test', 'fixtures', 'verify', 'reference-overlay')

/** `id` or `id@stage` of every check that does not pass, with its status. */
function notPassing(report: VerifyReport): Record<string, string> {
  return Object.fromEntries(report.checks.filter(c => c.status !== 'pass').map(c => [c.stage ? `${c.id}@${c.stage}` : c.id, c.status]))
}

function find(report: VerifyReport, id: string, stage: string | null = null): CheckResult {
  const check = report.checks.find(c => c.id === id && c.stage === stage)
  expect(check, `${id}@${stage}`).to.not.equal(undefined)
  return check!
}

/**
 * The reference repository, bootstrapped against the emulator and deployed once (the formation applies after the
 * first release), plus what a real app repository has that the manifest fixture leaves out: a package.json
 * (dependencies with an error-tracking SDK) and a scheduler add-on in app.json.
 */
describe('e2e: kit:verify of a bootstrapped pipeline through the real heroku CLI', function () {
  this.timeout(600_000)
  let cli: HerokuCli
  let emulator: Emulator
  let repo: string
  let apps: {staging: string; production: string}
  let processTypes: Record<string, string>
  const env = {HEROKU_KIT_POLL_INTERVAL_MS: '10'}

  const kit = (args: string[]): Promise<RunResult> => cli.run(args, emulator.url, {cwd: repo, env})

  /**
   * `kit:verify --json` in the repository, through the real heroku CLI; `inProcess`: the command class run here
   * against the same emulator, with the environment the CLI would get. The tests that are about the CLI run (the
   * whole report, its text, the flags, the failures) go through the CLI; the per-criterion cases, which differ in
   * what the checks read and not in how the CLI starts, run in-process (a CLI start costs about a second of CPU,
   * and this file ran kit:verify some fifty times).
   */
  async function verify(args: string[] = [], inProcess = false): Promise<{result: RunResult; report: VerifyReport}> {
    const result = inProcess ? await verifyInProcess(['--json', ...args]) : await kit(['kit:verify', '--json', ...args])
    let report: VerifyReport
    try {
      report = JSON.parse(result.stdout) as VerifyReport
    } catch {
      throw new Error(`kit:verify --json printed no JSON (exit ${result.code}):\n${result.output}`)
    }

    return {result, report}
  }

  async function verifyInProcess(args: string[]): Promise<RunResult> {
    const saved = {...process.env}
    Object.assign(process.env, emulatorEnv(emulator.url), env)
    try {
      const {stdout, stderr, error} = await captureOutput(() => Verify.run([...args, '--dir', repo], ROOT))
      const code = error ? ((error as {oclif?: {exit?: number}}).oclif?.exit ?? 1) : Number(process.exitCode ?? 0)
      return {code, stdout, stderr, output: `${stdout}${stderr}${error && !(error as {oclif?: unknown}).oclif ? error.message : ''}`}
    } finally {
      process.exitCode = undefined
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
      Object.assign(process.env, saved)
    }
  }

  /**
   * Verify fails with exactly these checks (and exit code 1), each with a fix. A live change that kit:bootstrap
   * would undo is also drift from heroku-kit.yml (the `drift` check), so those cases list it too.
   */
  async function expectFailing(expected: Record<string, string>): Promise<VerifyReport> {
    const {result, report} = await verify([], true)
    expect(
      notPassing(report),
      JSON.stringify(
        report.checks.filter(c => c.status !== 'pass'),
        null,
        2,
      ),
    ).to.deep.equal(expected)
    expect(result.code, result.stderr).to.equal(Object.values(expected).some(s => s === 'fail' || s === 'unknown') ? 1 : 0)
    for (const check of report.checks.filter(c => c.status !== 'pass')) expect(check.fix, `${check.id} fix`).to.be.a('string').and.not.equal('')
    return report
  }

  async function expectAllPass(): Promise<void> {
    const {result, report} = await verify([], true)
    expect(
      notPassing(report),
      JSON.stringify(
        report.checks.filter(c => c.status !== 'pass'),
        null,
        2,
      ),
    ).to.deep.equal({})
    expect(result.code, result.stderr).to.equal(0)
  }

  async function bootstrap(): Promise<void> {
    const result = await kit(['kit:bootstrap', '--yes'])
    expect(result.code, result.output).to.equal(0)
  }

  const app = (stage: 'staging' | 'production') => emulator.state.findApp(apps[stage])!

  /** A deploy of the Procfile's process types, its release phase run to the end (as time would). */
  function deploy(stage: 'staging' | 'production', options: {releasePhase?: 'succeeds' | 'fails'} = {}): void {
    const release = emulator.state.deploy(apps[stage], {processTypes, ...options})
    while (release.status === 'pending') emulator.state.pollRelease(release)
  }

  before(async () => {
    cli = await sharedHerokuCli()
    // the release phase and ACM finish by the next read, as they would between a fix and the next verify
    emulator = await startEmulator({timings: 'instant', releasePhasePolls: 0, domainPolls: 0})
    repo = await referenceRepo()
    await cp(OVERLAY, repo, {recursive: true})
    const appJsonFile = path.join(repo, 'app.json')
    const appJson = JSON.parse(await readFile(appJsonFile, 'utf8')) as {addons: unknown[]}
    appJson.addons.push('scheduler:standard')
    await writeFile(appJsonFile, JSON.stringify(appJson, null, 2))
    const project = await loadProject(repo)
    apps = {staging: project.pipelineFile.stages.staging.app, production: project.pipelineFile.stages.production.app}
    processTypes = Object.fromEntries(project.procfile!.entries.map(e => [e.type, e.command]))
    emulator.state.addGithubRepo({full_name: project.pipelineFile.repo!, ...GITHUB_REPO})
    await bootstrap()
    for (const stage of ['staging', 'production'] as const) deploy(stage)
    await bootstrap()
  })

  after(async () => {
    const log = emulator?.log ?? []
    await emulator?.close()
    expect(pluginContractViolations(log), 'requests outside the Platform API schema or the endpoints the Heroku CLI uses').to.deep.equal([])
  })

  it('passes every check on the bootstrapped, deployed pipeline (exit 0), reading only', async () => {
    emulator.clearLog()
    const {result, report} = await verify()
    expect(
      notPassing(report),
      JSON.stringify(
        report.checks.filter(c => c.status !== 'pass'),
        null,
        2,
      ),
    ).to.deep.equal({})
    expect(result.code, result.stderr).to.equal(0)
    expect(report.pipeline).to.equal('shop')
    expect(report.summary).to.deep.equal({pass: report.checks.length, warn: 0, fail: 0, unknown: 0})
    expect(Object.keys(report.checks[0])).to.deep.equal(['id', 'criterion', 'scope', 'stage', 'status', 'evidence', 'fix'])
    expect(emulator.writes(), 'kit:verify only reads').to.deep.equal([])
    // the latest backup is read where heroku pg:backups reads it, and shown with its status
    expect(emulator.log.some(e => e.host === 'data' && e.method === 'GET' && e.path === `/client/v11/apps/${apps.production}/transfers`)).to.equal(true)
    expect(find(report, 'backups', 'production').evidence.at(-1)).to.match(/^no backup yet|^latest backup [ab]\d{3}/)
    const secrets = Object.entries(emulator.state.configVars.get(app('production').id) ?? {})
      .filter(([key, value]) => /SECRET|PASSWORD|TOKEN|KEY|DSN|_URL$/.test(key) && value.length >= 8)
      .map(([, value]) => value)
    expect(secrets.length).to.be.greaterThan(5)
    for (const secret of secrets) expect(result.output).to.not.include(secret)
  })

  it('prints a readable report grouped by stage, failing checks first, and exits 1 on a failure', async () => {
    emulator.state.setHealth(apps.production, [500])
    const result = await kit(['kit:verify'])
    emulator.state.setHealth(apps.production, [200])
    expect(result.code).to.equal(1)
    const lines = result.stdout.split('\n')
    const groups = lines.filter(l => /^\S/.test(l))
    expect(groups.slice(0, 4)).to.deep.equal(['Repository', 'Pipeline shop', `Staging · ${apps.staging}`, `Production · ${apps.production}`])
    const production = lines.slice(lines.indexOf(`Production · ${apps.production}`) + 1)
    expect(production[0]).to.match(/^ {2}FAIL +health +4\. The health endpoint returns 200$/)
    expect(result.stdout).to.include('fix: find the error with heroku logs')
    expect(result.stdout).to.match(/checks: \d+ pass, 0 warn, 1 fail, 0 unknown/)
    expect(result.stdout).to.include('Verification failed: 1 failed.')
  })

  // ------------------------------------------------------------ criteria, one at a time

  describe('each criterion broken on its own fails exactly its check, with a fix that makes it pass again', () => {
    const file = (name: string) => path.join(repo, name)
    async function editFile(name: string, edit: (text: string) => string): Promise<() => Promise<void>> {
      const before = await readFile(file(name), 'utf8')
      await writeFile(file(name), edit(before))
      return () => writeFile(file(name), before)
    }

    const pipelineId = () => [...emulator.state.pipelines.values()].find(p => p.name === 'shop')!.id
    const addonOf = (stage: 'staging' | 'production', service: string) => emulator.state.appAddons(app(stage)).find(a => a.service === service)!

    afterEach(async () => {
      // every test leaves the pipeline as it found it: all green
      await expectAllPass()
    })

    it('1. Procfile without web → procfile fails; restoring the web line passes', async () => {
      const restore = await editFile('Procfile', text => text.replace(/^web:.*\n/m, ''))
      const report = await expectFailing({procfile: 'fail'})
      expect(find(report, 'procfile').evidence[0]).to.include('no web process type')
      expect(find(report, 'procfile').fix).to.include('add `web: ')
      await restore()
    })

    it('1. containers: heroku.yml with web stands in for the Procfile (procfile and release-phase pass); without web, procfile fails', async () => {
      const procfile = await readFile(file('Procfile'), 'utf8')
      await rm(file('Procfile'))
      const run = Object.entries(processTypes)
        .filter(([type]) => type !== 'release')
        .map(([type, command]) => `  ${type}: ${command}\n`)
        .join('')
      const release = `release:\n  image: web\n  command:\n    - ${processTypes.release}\n`
      await writeFile(file('heroku.yml'), `build:\n  docker:\n    web: Dockerfile\nrun:\n${run}${release}`)
      const {report} = await verify(['--local'])
      expect(
        notPassing(report),
        JSON.stringify(
          report.checks.filter(c => c.status !== 'pass'),
          null,
          2,
        ),
      ).to.deep.equal({})
      expect(find(report, 'procfile').evidence[0]).to.equal('heroku.yml declares web, worker (container stack)')
      await writeFile(file('heroku.yml'), 'build:\n  docker:\n    worker: Dockerfile\n')
      const failing = await verify(['--local'])
      expect(notPassing(failing.report)).to.deep.equal({procfile: 'fail', 'release-phase': 'fail'})
      expect(find(failing.report, 'procfile').evidence[0]).to.include('heroku.yml declares no web process')
      await rm(file('heroku.yml'))
      await writeFile(file('Procfile'), procfile)
    })

    it('2. app.json without the database add-on → app-json fails; adding it back passes', async () => {
      const restore = await editFile('app.json', text => {
        const json = JSON.parse(text) as {addons: unknown[]}
        json.addons = json.addons.filter(a => !(typeof a === 'object' && (a as {plan: string}).plan.startsWith('heroku-postgresql')))
        return JSON.stringify(json, null, 2)
      })
      const report = await expectFailing({'app-json': 'fail'})
      expect(find(report, 'app-json').evidence[0]).to.include('no database (Heroku Postgres) add-on in app.json addons (package.json dependencies: pg)')
      expect(find(report, 'app-json').fix).to.include('heroku-postgresql')
      await restore()
    })

    it('3. a required config var unset on staging → config@staging fails; kit:config:sync puts it back', async () => {
      emulator.state.setConfigVars(apps.staging, {STRIPE_SECRET_KEY: null})
      const report = await expectFailing({drift: 'fail', 'config@staging': 'fail'})
      const check = find(report, 'config', 'staging')
      expect(check.evidence[0]).to.equal(`not set on ${apps.staging}, though app.json requires it: STRIPE_SECRET_KEY`)
      expect(check.fix).to.equal('heroku kit:config:sync .env.staging')
      const fixed = await kit([...check.fix!.replace(/^heroku /, '').split(' '), '--yes'])
      expect(fixed.code, fixed.output).to.equal(0)
    })

    it('4. the health endpoint answers 500 → health@production fails; a healthy app passes', async () => {
      emulator.state.setHealth(apps.production, [500])
      const report = await expectFailing({'health@production': 'fail'})
      expect(find(report, 'health', 'production').evidence[0]).to.match(/→ 500 in \d+ ms$/)
      expect(find(report, 'health', 'production').evidence[1]).to.match(/^5 attempts over/)
      emulator.state.setHealth(apps.production, [200])
    })

    it('4. a redirect loop → health fails at once', async () => {
      emulator.faults.add({
        path: `/__apps/${apps.staging}/health`,
        host: 'app',
        status: 302,
        headers: {Location: `${emulator.url}/__apps/${apps.staging}/health`},
        times: Infinity,
      })
      const report = await expectFailing({'health@staging': 'fail'})
      expect(find(report, 'health', 'staging').evidence[0]).to.include('redirect loop')
      emulator.faults.clear()
    })

    it('5. Procfile without release → release-phase fails; restoring the release line passes', async () => {
      const restore = await editFile('Procfile', text => text.replace(/^release:.*\n?/m, ''))
      const report = await expectFailing({'release-phase': 'fail'})
      expect(find(report, 'release-phase').fix).to.include('release: ')
      await restore()
    })

    it('5. web migrating at start-up → release-phase fails', async () => {
      const restore = await editFile('Procfile', text => text.replace(/^web: /m, 'web: npm run db:migrate && '))
      const report = await expectFailing({'release-phase': 'fail'})
      expect(find(report, 'release-phase').evidence[0]).to.include('runs migrations at start-up')
      await restore()
    })

    it('5. a failed release phase on staging → release@staging fails; a deploy whose release phase succeeds passes', async () => {
      deploy('staging', {releasePhase: 'fails'})
      const report = await expectFailing({'release@staging': 'fail'})
      const check = find(report, 'release', 'staging')
      expect(check.evidence[0]).to.match(/^latest release v\d+ \(Deploy \w+\) failed/)
      expect(check.fix).to.include(`heroku releases:retry -a ${apps.staging}`)
      deploy('staging')
    })

    it('6. review apps disabled → review-apps fails; kit:bootstrap --yes re-enables them', async () => {
      emulator.state.reviewAppConfigs.delete(pipelineId())
      const report = await expectFailing({drift: 'fail', 'review-apps': 'fail'})
      expect(find(report, 'review-apps').fix).to.equal('heroku kit:bootstrap --yes')
      await bootstrap()
    })

    it('7. staging auto-deploy off → auto-deploy@staging fails; kit:bootstrap --yes turns it back on', async () => {
      emulator.state.appLinks.get(app('staging').id)!.autoDeploy = false
      const report = await expectFailing({drift: 'fail', 'auto-deploy@staging': 'fail'})
      expect(find(report, 'auto-deploy', 'staging').fix).to.equal('heroku kit:bootstrap --yes')
      await bootstrap()
    })

    it('8. production auto-deploying → manual-approval@production fails; kit:bootstrap --yes turns it off', async () => {
      Object.assign(emulator.state.appLinks.get(app('production').id)!, {autoDeploy: true, branch: 'main'})
      const report = await expectFailing({drift: 'fail', 'manual-approval@production': 'fail'})
      expect(find(report, 'manual-approval', 'production').evidence[0]).to.include('auto-deploys')
      await bootstrap()
    })

    it('8. a workflow deploying production on push without an environment → manual-approval fails', async () => {
      await mkdir(file('.github/workflows'), {recursive: true})
      await writeFile(
        file('.github/workflows/deploy-prod.yml'),
        `on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: git push https://git.heroku.com/${apps.production}.git HEAD:main\n`,
      )
      const report = await expectFailing({'manual-approval@production': 'fail'})
      expect(find(report, 'manual-approval', 'production').fix).to.include('environment: production')
      await rm(file('.github'), {recursive: true})
    })

    it('9. ACM failing for the custom domain → ssl@production fails with the reason; issued again passes', async () => {
      const [hostname] = (await loadProject(repo)).pipelineFile.stages.production.domains
      emulator.state.failAcm(hostname, 'CAA record for example.com does not allow letsencrypt.org')
      const report = await expectFailing({'ssl@production': 'fail'})
      const check = find(report, 'ssl', 'production')
      expect(check.evidence[0]).to.include(`${hostname}: ACM failing (CAA record`)
      expect(check.fix).to.include('heroku kit:acm --stage production --wait')
      // the DNS problem fixed (what kit:acm waits for): ACM issues the certificate
      emulator.state.acmFailures.delete(hostname)
      const domains = [...emulator.state.domains.values()].filter(d => d.appId === app('production').id)
      emulator.state.startAcm(app('production'), domains)
    })

    it('9. ACM off → ssl@production fails; kit:bootstrap --yes enables it', async () => {
      app('production').acm = false
      const report = await expectFailing({drift: 'fail', 'ssl@production': 'fail'})
      expect(find(report, 'ssl', 'production').fix).to.equal('heroku kit:bootstrap --yes')
      await bootstrap()
    })

    it('10. no logging add-on and no drain on staging → logs@staging fails; kit:bootstrap --yes adds them back', async () => {
      emulator.state.destroyAddon(addonOf('staging', 'papertrail'))
      const report = await expectFailing({drift: 'fail', 'logs@staging': 'fail'})
      expect(find(report, 'logs', 'staging').fix).to.equal('heroku kit:bootstrap --yes')
      await bootstrap()
    })

    it('11. no monitoring add-on in production → monitoring@production fails; kit:bootstrap --yes adds it back', async () => {
      emulator.state.destroyAddon(addonOf('production', 'newrelic'))
      const report = await expectFailing({drift: 'fail', 'monitoring@production': 'fail'})
      expect(find(report, 'monitoring', 'production').evidence[0]).to.include('no monitoring add-on')
      await bootstrap()
    })

    it('12. no backup schedule in production → backups@production fails; kit:bootstrap --yes schedules it', async () => {
      const database = addonOf('production', 'heroku-postgresql')
      for (const [id, schedule] of emulator.state.schedules) if (schedule.addonId === database.id) emulator.state.schedules.delete(id)
      const report = await expectFailing({drift: 'fail', 'backups@production': 'fail'})
      expect(find(report, 'backups', 'production').fix).to.equal('heroku kit:bootstrap --yes')
      await bootstrap()
    })
  })

  // ------------------------------------------------------------ pitfalls

  describe('pitfalls against the live apps and the repository', () => {
    afterEach(async () => {
      await expectAllPass()
    })

    it('slug size: warns over 300 MB (exit 0; 1 with --strict), fails over 500 MB', async () => {
      const slug = emulator.state.currentSlug(app('production'))!
      const size = slug.size
      slug.size = 350 * 1024 * 1024
      await expectFailing({'slug-size@production': 'warn'})
      const strict = await kit(['kit:verify', '--strict', '--json'])
      expect(strict.code).to.equal(1)
      slug.size = 600 * 1024 * 1024
      const report = await expectFailing({'slug-size@production': 'fail'})
      expect(find(report, 'slug-size', 'production').evidence[0]).to.include('600 MB')
      slug.size = size
    })

    it('a single web dyno in production warns; kit:bootstrap --yes scales it back to the declared two', async () => {
      emulator.state.appFormation(app('production')).find(f => f.type === 'web')!.quantity = 1
      const report = await expectFailing({drift: 'fail', 'dynos@production': 'warn'})
      expect(find(report, 'dynos', 'production').fix).to.include('heroku kit:scale --stage production')
      await bootstrap()
    })

    it('eco dynos in production fail', async () => {
      const web = emulator.state.appFormation(app('production')).find(f => f.type === 'web')!
      const size = web.size
      web.size = 'eco'
      await expectFailing({drift: 'fail', 'dynos@production': 'fail'})
      web.size = size
    })

    it('preboot off in production warns; kit:bootstrap --yes turns it on', async () => {
      emulator.state.features.get(app('production').id)!.preboot = false
      await expectFailing({drift: 'fail', 'preboot@production': 'warn'})
      await bootstrap()
    })

    it('a deprecated stack fails', async () => {
      const production = app('production')
      production.stack = 'heroku-20'
      production.buildStack = 'heroku-20'
      const report = await expectFailing({'stack@production': 'fail'})
      expect(find(report, 'stack', 'production').fix).to.equal(`heroku stack:set heroku-24 -a ${apps.production}, then deploy again`)
      production.stack = 'heroku-24'
      production.buildStack = 'heroku-24'
    })

    it('no error tracking (no add-on, DSN or SDK) warns', async () => {
      const pkg = path.join(repo, 'package.json')
      const before = await readFile(pkg, 'utf8')
      await writeFile(pkg, before.replace(/\s*"@sentry\/node": "[^"]+",/, ''))
      const dsn = emulator.state.configVars.get(app('production').id)!.SENTRY_DSN
      emulator.state.setConfigVars(apps.production, {SENTRY_DSN: null})
      await expectFailing({drift: 'fail', 'error-tracking@production': 'warn', 'config@production': 'fail'})
      emulator.state.setConfigVars(apps.production, {SENTRY_DSN: dsn})
      await writeFile(pkg, before)
    })

    it('hard-coded URLs, logging to files, secrets in app.json and unpinned buildpacks in the repository', async () => {
      await writeFile(
        path.join(repo, 'src', 'links.js'),
        `module.exports = {home: 'https://${apps.production}.herokuapp.com/', partner: 'https://partner-api.herokuapp.com/'}\n`,
      )
      await writeFile(
        path.join(repo, 'src', 'audit.js'),
        "const winston = require('winston')\nmodule.exports = new winston.transports.File({filename: 'audit.log'})\n",
      )
      const appJsonFile = path.join(repo, 'app.json')
      const appJson = await readFile(appJsonFile, 'utf8')
      const changed = JSON.parse(appJson) as {env: Record<string, unknown>; buildpacks: Array<{url: string}>}
      changed.env.STRIPE_SECRET_KEY = {value: 'sk_live_0123456789abcdefghij'}
      changed.buildpacks = [{url: 'https://github.com/heroku/heroku-buildpack-nodejs'}]
      await writeFile(appJsonFile, JSON.stringify(changed, null, 2))
      const report = await expectFailing({drift: 'fail', 'hardcoded-urls': 'warn', 'file-logging': 'warn', 'app-json-secrets': 'fail', buildpacks: 'warn'})
      expect(find(report, 'hardcoded-urls').evidence[1]).to.equal(`src/links.js:1: ${apps.production}.herokuapp.com (production app)`)
      expect(find(report, 'file-logging').evidence[1]).to.equal('src/audit.js:2: winston file transport')
      expect(find(report, 'app-json-secrets').evidence.join('\n')).to.include('env.STRIPE_SECRET_KEY').and.not.include('sk_live_0123')
      await rm(path.join(repo, 'src', 'links.js'))
      await rm(path.join(repo, 'src', 'audit.js'))
      await writeFile(appJsonFile, appJson)
    })

    it('.env files tracked by git fail; the fix command untracks them', async () => {
      await run('git', ['init', '-q'], {cwd: repo})
      await run('git', ['add', '.env.staging', 'Procfile'], {cwd: repo})
      const report = await expectFailing({'dotenv-tracked': 'fail'})
      const {fix} = find(report, 'dotenv-tracked')
      expect(fix).to.match(/^git rm --cached \.env\.staging && printf '%s\\n' \.env\.staging >> \.gitignore, then rotate/)
      await run('sh', ['-c', fix!.replace(/, then rotate.*$/, '')], {cwd: repo})
      expect((await run('git', ['ls-files'], {cwd: repo})).stdout.trim()).to.equal('Procfile')
      expect(await readFile(path.join(repo, '.gitignore'), 'utf8')).to.equal('.env.staging\n')
      await rm(path.join(repo, '.git'), {recursive: true})
      await rm(path.join(repo, '.gitignore'))
    })
  })

  // ------------------------------------------------------------ flags and failure modes

  describe('flags and what it does when it cannot look', () => {
    afterEach(() => {
      emulator.faults.clear()
    })

    it("--stage production checks only production's app (plus the repository and the pipeline)", async () => {
      emulator.clearLog()
      const {result, report} = await verify(['--stage', 'production'])
      expect(result.code, result.stderr).to.equal(0)
      expect(report.checks.some(c => c.stage === 'staging')).to.equal(false)
      expect(report.checks.filter(c => c.stage === 'production').length).to.be.greaterThan(10)
      expect(
        emulator.log.some(e => e.host === 'app' && e.path.includes(apps.staging)),
        'no health probe of staging',
      ).to.equal(false)
    })

    it('--local runs only the repository checks and sends no request (no login needed)', async () => {
      emulator.clearLog()
      const result = await cli.run(['kit:verify', '--local', '--json'], emulator.url, {cwd: repo, env, loggedOut: true})
      expect(result.code, result.output).to.equal(0)
      const report = JSON.parse(result.stdout) as VerifyReport
      expect(report.checks.every(c => c.scope === 'repository')).to.equal(true)
      expect(report.checks.map(c => c.id)).to.deep.equal([
        'procfile',
        'app-json',
        'release-phase',
        'hardcoded-urls',
        'file-logging',
        'dotenv-tracked',
        'app-json-secrets',
        'buildpacks',
        'pipeline-file-secrets',
        'workflow-secrets',
      ])
      expect(pluginRequests(emulator.log)).to.deep.equal([])
    })

    it('a read refused (403) says unknown for the checks that needed it, never pass, and exits 1', async () => {
      emulator.faults.add({
        path: `/apps/${apps.production}/releases`,
        status: 403,
        body: {id: 'forbidden', message: 'You do not have access to the app.'},
        times: Infinity,
      })
      const report = await expectFailing({'release@production': 'unknown'})
      expect(find(report, 'release', 'production').evidence[0]).to.include('403 forbidden')
      emulator.faults.clear()
    })

    it('an unreachable app says unknown for its health', async () => {
      emulator.faults.add({path: `/__apps/${apps.staging}/health`, host: 'app', reset: true, times: Infinity})
      const report = await expectFailing({'health@staging': 'unknown'})
      expect(find(report, 'health', 'staging').evidence.join('\n')).to.include('could not be reached')
      emulator.faults.clear()
    })

    it('Heroku unavailable for the pipeline read: every live check unknown, the repository checks still run', async () => {
      emulator.faults.add({path: '/pipelines', status: 503, times: Infinity})
      const {result, report} = await verify()
      emulator.faults.clear()
      expect(result.code).to.equal(1)
      expect(report.checks.filter(c => c.scope === 'repository').every(c => c.status === 'pass')).to.equal(true)
      const live = report.checks.filter(c => c.scope !== 'repository')
      expect(live.length).to.be.greaterThan(10)
      expect(
        live.every(c => c.status === 'unknown'),
        JSON.stringify(live.filter(c => c.status !== 'unknown')),
      ).to.equal(true)
    })

    it('an invalid login is an error (exit 3), not a report', async () => {
      const result = await cli.run(['kit:verify'], emulator.url, {cwd: repo, env: {...env, HEROKU_API_KEY: 'wrong-key'}})
      expect(result.code).to.equal(3)
      expect(result.stderr).to.include('heroku login')
    })
  })
})
