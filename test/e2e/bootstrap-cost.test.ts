import {readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'
import {marked, type Token, type Tokens} from 'marked'

import {buildDesiredState} from '../../src/lib/converge/desired.js'
import {loadProject} from '../../src/lib/manifest/project.js'
import {looksSecret} from '../../src/lib/output/redactor.js'
import {type Emulator, startEmulator} from 'heroku-emulator'
import {pluginContractViolations} from '../support/contract.js'
import {type HerokuCli, sharedHerokuCli} from '../support/heroku-cli.js'
import {GITHUB_REPO, referenceRepo} from '../support/reference.js'
import {SHOP_PROCESS_TYPES} from '../support/shop-pipeline.js'

/** Every token of a Markdown document, nested ones included (tables inside <details> are top-level blocks). */
function tokensOf(markdown: string): Token[] {
  const all: Token[] = []
  marked.walkTokens(marked.lexer(markdown), token => {
    all.push(token)
  })
  return all
}

/**
 * Prices in the plan, through the real heroku CLI against the emulator, which serves plan prices (GET
 * /addon-services/{service}/plans), add-ons' billed prices and dyno sizes' cost as Heroku's schema describes them.
 * The reference repository: staging from app.json (Postgres essential-0 $5, Redis mini $3, two free add-ons, web and
 * worker standard-1x $25 each), production from heroku-kit.yml (Postgres standard-0 $50, Redis premium-0 $15,
 * Papertrail fixa $7, web 2 × standard-2x $50, worker standard-1x $25).
 */
describe('e2e: what the plan costs (kit:bootstrap --dry-run, kit:scale, kit:import, kit:verify)', function () {
  this.timeout(300_000)
  let cli: HerokuCli
  let emulator: Emulator
  let repo: string
  const env = {HEROKU_KIT_POLL_INTERVAL_MS: '10'}
  const kit = (args: string[], extra: Record<string, string | undefined> = {}) => cli.run(args, emulator.url, {cwd: repo, env: {...env, ...extra}})
  const planLookups = () => emulator.log.filter(e => e.method === 'GET' && /^\/addon-services\/[^/]+\/plans$/.test(e.path)).map(e => e.path)

  before(async () => {
    cli = await sharedHerokuCli()
    emulator = await startEmulator({timings: 'instant'})
    repo = await referenceRepo()
    const project = await loadProject(repo)
    emulator.state.addGithubRepo({full_name: project.pipelineFile.repo!, ...GITHUB_REPO})
  })

  afterEach(() => emulator.clearLog())

  const violations: string[] = []
  afterEach(() => {
    violations.push(...pluginContractViolations(emulator.log))
  })

  after(async () => {
    await emulator?.close()
    expect(violations, 'requests outside the Platform API schema or the endpoints the Heroku CLI uses').to.deep.equal([])
  })

  it('--dry-run from nothing: each created thing priced, totals per stage and for the pipeline; one plan look-up per service', async () => {
    emulator.clearLog()
    const result = await kit(['kit:bootstrap', '--dry-run'])
    expect(result.code, result.output).to.equal(0)
    const out = result.stdout
    expect(out).to.include('+ create add-on heroku-postgresql:standard-0 as DATABASE  (none → $50.00/month)')
    expect(out).to.include('+ create add-on papertrail:choklad  (none → free)')
    expect(out).to.match(/… web=2:standard-2x worker=1:standard-1x pending until the first deploy .*\(none → \$125\.00\/month\)/)
    expect(out).to.include('  Cost: now $0.00/month, after $58.00/month, change +$58.00/month')
    expect(out).to.include('  Cost: now $0.00/month, after $197.00/month, change +$197.00/month')
    expect(out).to.include('Pipeline cost: now $0.00/month, after $255.00/month, change +$255.00/month')
    expect(planLookups().sort()).to.deep.equal(['heroku-postgresql', 'heroku-redis', 'newrelic', 'papertrail'].map(s => `/addon-services/${s}/plans`))
    expect(emulator.log.filter(e => e.path === '/dyno-sizes')).to.have.length(1)
    expect(emulator.writes()).to.deep.equal([])
  })

  it('--json carries the figures in cents per month: each step price and the totals', async () => {
    const result = await kit(['kit:bootstrap', '--dry-run', '--json'])
    expect(result.code, result.output).to.equal(0)
    const json = JSON.parse(result.stdout)
    const redis = json.plan.find((s: {id: string}) => s.id === 'production.addon.REDIS')
    expect(redis.price).to.deep.equal({
      before: null,
      after: {cents: 1500, unit: 'month', atLeast: false, metered: 0, contract: 0, unknown: 0, reasons: []},
      change: {cents: 1500, unit: 'month'},
    })
    expect(json.costs.stages.staging.after).to.deep.include({cents: 5800, unit: 'month', atLeast: false})
    expect(json.costs.stages.production.change).to.deep.equal({cents: 19_700, unit: 'month', atLeast: false})
    expect(json.costs.pipeline.after.cents).to.equal(25_500)
  })

  it('--no-cost sends no price look-up and prints no price', async () => {
    const result = await kit(['kit:bootstrap', '--dry-run', '--no-cost'])
    expect(result.code, result.output).to.equal(0)
    expect(planLookups()).to.deep.equal([])
    expect(emulator.log.filter(e => e.path === '/dyno-sizes')).to.deep.equal([])
    expect(result.stdout).to.not.match(/\$\d|Cost/)
  })

  it('after the apply and a deploy: a resize is shown as a delta, and a grandfathered price is the "before" of an upgrade', async () => {
    const applied = await kit(['kit:bootstrap', '--yes'])
    expect(applied.code, applied.output).to.equal(0)
    for (const app of ['shop-staging', 'shop-prod']) {
      const release = emulator.state.deploy(app, {processTypes: SHOP_PROCESS_TYPES})
      release.pendingPolls = 0
      emulator.state.pollRelease(release)
    }

    const scaled = await kit(['kit:bootstrap', '--yes'])
    expect(scaled.code, scaled.output).to.equal(0)
    const settled = await kit(['kit:bootstrap', '--dry-run'])
    expect(settled.stdout).to.include('Pipeline cost: now $255.00/month, after $255.00/month, change no change')

    const file = path.join(repo, 'heroku-kit.yml')
    const original = await readFile(file, 'utf8')
    await writeFile(
      file,
      original
        .replace('web: {quantity: 2, size: standard-2x}', 'web: {quantity: 3, size: standard-2x}')
        .replace('heroku-postgresql:standard-0', 'heroku-postgresql:premium-0'),
    )
    const database = [...emulator.state.addons.values()].find(a => a.service === 'heroku-postgresql' && emulator.state.apps.get(a.appId)?.name === 'shop-prod')!
    database.billedCents = 4000
    try {
      const result = await kit(['kit:bootstrap', '--dry-run', '--upgrade-addons'])
      expect(result.code, result.output).to.equal(0)
      expect(result.stdout).to.include('~ scale web=3:standard-2x  ($100.00/month → $150.00/month)')
      expect(result.stdout).to.match(
        /~ change add-on \S+ from heroku-postgresql:standard-0 to heroku-postgresql:premium-0 {2}\(\$40\.00\/month → \$200\.00\/month\)/,
      )
      // now: the billed $40 instead of the list $50; after: +$50 of dynos, +$160 of database
      expect(result.stdout).to.include('  Cost: now $187.00/month, after $397.00/month, change +$210.00/month')
      const json = JSON.parse((await kit(['kit:bootstrap', '--dry-run', '--upgrade-addons', '--json'])).stdout)
      expect(json.plan.find((s: {id: string}) => s.id === 'production.formation').price.change).to.deep.equal({cents: 5000, unit: 'month'})
      expect(json.costs.stages.production.change.cents).to.equal(21_000)
    } finally {
      await writeFile(file, original)
      delete database.billedCents
    }
  })

  it('kit:scale prices each process type before → after and totals the app', async () => {
    const result = await kit(['kit:scale', 'web=4', '--stage', 'production', '--dry-run'])
    expect(result.code, result.output).to.equal(0)
    expect(result.stdout).to.match(/~ web\s+2:standard-2x → 4:standard-2x {2}\(\$100\.00\/month → \$200\.00\/month\)/)
    expect(result.stdout).to.include("  Dynos' cost: now $125.00/month, after $225.00/month, change +$100.00/month")
    const json = JSON.parse((await kit(['kit:scale', 'web=4', '--stage', 'production', '--dry-run', '--json'])).stdout)
    expect(json.cost.change).to.deep.equal({cents: 10_000, unit: 'month', atLeast: false})
  })

  it('kit:import and kit:verify state what runs costs (verify: informational, never a failure)', async () => {
    const imported = await kit(['kit:import', '--pipeline', 'shop', '--dry-run', '--json'])
    expect(imported.code, imported.output).to.equal(0)
    const cost = JSON.parse(imported.stdout).cost
    expect(cost.stages).to.deep.include({staging: {cents: 5800, unit: 'month', atLeast: false, metered: 0, contract: 0, unknown: 0, reasons: []}})
    expect(cost.pipeline.cents).to.equal(25_500)

    const verified = await kit(['kit:verify', '--json'])
    const report = JSON.parse(verified.stdout)
    expect(report.cost.stages.production.now.cents).to.equal(19_700)
    expect(report.checks.map((c: {id: string}) => c.id)).to.not.include('cost')
    const text = await kit(['kit:verify'])
    expect(text.stdout).to.include('  production · shop-prod: now $197.00/month, after $197.00/month, change no change')
  })

  it('--format markdown: the report for GitHub, parsed as Markdown (tables in <details>), under 64 KB, masked, in $GITHUB_STEP_SUMMARY', async () => {
    const summary = path.join(tmpdir(), `heroku-kit-summary-${process.pid}.md`)
    await rm(summary, {force: true})
    const file = path.join(repo, 'heroku-kit.yml')
    const original = await readFile(file, 'utf8')
    await writeFile(file, original.replace('web: {quantity: 2, size: standard-2x}', 'web: {quantity: 3, size: standard-2x}'))
    try {
      const result = await kit(['kit:bootstrap', '--dry-run', '--format', 'markdown'], {GITHUB_STEP_SUMMARY: summary})
      expect(result.code, result.output).to.equal(0)
      const markdown = result.stdout
      expect((await readFile(summary, 'utf8')).trimEnd()).to.equal(markdown.trimEnd())
      expect(Buffer.byteLength(markdown)).to.be.lessThan(64 * 1024)
      const tokens = tokensOf(markdown)
      expect(tokens.find(t => t.type === 'heading')).to.deep.include({depth: 3, text: 'heroku-kit plan: pipeline shop'})
      const tables = tokens.filter((t): t is Tokens.Table => t.type === 'table')
      expect(tables.length).to.be.greaterThan(0)
      expect(tables[0].header.map(h => h.text)).to.deep.equal(['', 'action', 'step', 'price per month'])
      const rows = tables.flatMap(t => t.rows.map(r => r.map(c => c.text).join(' | ')))
      expect(rows.some(r => r.includes('scale web=3:standard-2x') && r.includes('$100.00/month → $150.00/month'))).to.equal(true)
      expect(markdown).to.match(/\*\*0 to create, 1 to change, 0 drift\*\*.* · cost \+\$50\.00\/month/)
      expect(tokens.some(t => t.type === 'html' && t.raw.startsWith('<details'))).to.equal(true)
      // masked like the terminal: no config value of the stage files, and the stdout holds the report alone
      const desired = await buildDesiredState(await loadProject(repo))
      const secrets = desired.stages.flatMap(s => Object.entries(s.config)).filter(([key, value]) => looksSecret(key, value))
      expect(secrets.length).to.be.greaterThan(5)
      for (const [, value] of secrets) expect(markdown).to.not.include(value)
      expect(markdown.startsWith('### heroku-kit plan')).to.equal(true)
    } finally {
      await writeFile(file, original)
      await rm(summary, {force: true})
    }
  })

  it('with a read-scope token and no .env files (a CI checkout): the plan says config vars were not compared, and nothing fails', async () => {
    emulator.state.addReadScopeToken(emulator.state.defaultUser, 'read-scope-token')
    const envFiles = ['.env.staging', '.env.production']
    const saved = await Promise.all(envFiles.map(async name => [name, await readFile(path.join(repo, name), 'utf8')] as const))
    await Promise.all(envFiles.map(name => rm(path.join(repo, name))))
    try {
      const result = await kit(['kit:bootstrap', '--dry-run', '--format', 'markdown', '--exit-code'], {HEROKU_API_KEY: 'read-scope-token'})
      expect(result.code, result.output).to.equal(0)
      expect(result.stdout).to.include("config vars not compared: this token can't read config vars")
      expect(result.stdout).to.include('.env.staging is not here, so its keys were not compared')
      expect(result.stdout).to.match(/cost no change/)
      expect(result.stdout).to.include('review-app config vars not compared')
      const refused = emulator.log.filter(e => e.status === 403).map(e => e.path)
      expect(refused).to.include.members(['/apps/shop-staging/config-vars', '/apps/shop-prod/config-vars'])
      expect(
        refused.every(p => p.endsWith('/config-vars')),
        refused.join(', '),
      ).to.equal(true)
      expect(emulator.writes()).to.deep.equal([])
    } finally {
      await Promise.all(saved.map(([name, text]) => writeFile(path.join(repo, name), text)))
    }
  })
})
