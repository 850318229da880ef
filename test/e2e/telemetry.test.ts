import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'
import {type Emulator, startEmulator} from 'heroku-emulator'

import type {VerifyReport} from '../../src/lib/verify/types.js'
import {pluginContractViolations, pluginRequests} from '../support/contract.js'
import {type HerokuCli, type RunResult, sharedHerokuCli} from '../support/heroku-cli.js'
import {expectRerunWritesNothing} from '../support/rerun.js'

const STAGING_KEY = 'hcaik_staging_7Q2xW9vB4nM6kL1pZ3'
const PRODUCTION_KEY = 'hcaik_production_5R8tY2uI9oP4aS7d'
const HONEYCOMB = 'https://api.honeycomb.io'
const COLLECTOR = 'https://otel.example.com:4317'

/** A Fir pipeline: both stages in the Fir space shop-fir, logs and traces to Honeycomb (its key a ${NAME}), metrics over gRPC. */
const PIPELINE_FILE = `pipeline: shop
team: acme
region: eu
stages:
  staging:
    space: shop-fir
    config: .env.staging
    telemetry:
      - endpoint: ${HONEYCOMB}
        headers: {x-honeycomb-team: "\${HONEYCOMB_KEY}"}
  production:
    space: shop-fir
    config: .env.production
    telemetry:
      - endpoint: ${HONEYCOMB}
        signals: [logs, traces]
        headers: {x-honeycomb-team: "\${HONEYCOMB_KEY}", x-honeycomb-dataset: shop}
      - {endpoint: "${COLLECTOR}", transport: grpc, signals: [metrics]}
`

/**
 * Telemetry drains of a Fir pipeline (issue 23, item 3) through the real heroku CLI: bootstrap creates them with the
 * header secret read from the stage's .env file (never printed, never a config var), a re-run sends nothing, a drain
 * added by hand is drift until --prune-telemetry, kit:verify's logs criterion passes on them, and kit:import writes
 * them back so that bootstrap then has nothing to do.
 */
describe('e2e: telemetry drains of a Fir pipeline', function () {
  this.timeout(600_000)
  let cli: HerokuCli
  let emulator: Emulator
  let repo: string
  const dirs: string[] = []
  const env = {HEROKU_KIT_POLL_INTERVAL_MS: '10'}

  const kit = (args: string[], cwd = repo): Promise<RunResult> => cli.run(args, emulator.url, {cwd, env})

  async function repository(pipelineFile: string): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'heroku-kit-telemetry-'))
    dirs.push(dir)
    await writeFile(path.join(dir, 'heroku-kit.yml'), pipelineFile)
    await writeFile(path.join(dir, 'app.json'), JSON.stringify({name: 'shop', env: {NODE_ENV: {value: 'production'}}}, null, 2))
    await writeFile(path.join(dir, '.env.staging'), `NODE_ENV=production\nHONEYCOMB_KEY=${STAGING_KEY}\n`, {mode: 0o600})
    await writeFile(path.join(dir, '.env.production'), `NODE_ENV=production\nHONEYCOMB_KEY=${PRODUCTION_KEY}\n`, {mode: 0o600})
    return dir
  }

  const drains = () =>
    [...emulator.state.telemetryDrains.values()]
      .map(d => ({
        app: emulator.state.apps.get(d.ownerId)?.name,
        endpoint: d.exporter.endpoint,
        type: d.exporter.type,
        signals: d.signals,
        headers: d.exporter.headers,
      }))
      .sort((a, b) => `${a.app} ${a.endpoint}`.localeCompare(`${b.app} ${b.endpoint}`))

  before(async () => {
    cli = await sharedHerokuCli()
    emulator = await startEmulator({timings: 'instant', releasePhasePolls: 0, domainPolls: 0})
    emulator.state.createSpace('shop-fir', {generation: 'fir', team: 'acme', region: 'eu'})
    repo = await repository(PIPELINE_FILE)
  })

  after(async () => {
    const log = emulator?.log ?? []
    await emulator?.close()
    for (const dir of dirs) await rm(dir, {recursive: true, force: true})
    expect(pluginContractViolations(log), 'requests outside the Platform API schema or the endpoints the Heroku CLI uses').to.deep.equal([])
  })

  it('telemetry: on a Cedar stage (no Fir space) is refused before any write, naming the key', async () => {
    const dir = await repository(PIPELINE_FILE.replaceAll('    space: shop-fir\n', ''))
    const result = await kit(['kit:bootstrap', '--yes'], dir)
    expect(result.code, result.output).to.equal(1)
    expect(result.output).to.include('stages.staging.telemetry: telemetry drains are for Fir apps only')
    expect(emulator.writes()).to.deep.equal([])
  })

  it('a header ${NAME} set nowhere stops kit:bootstrap before any write, naming the reference and where it was looked for', async () => {
    const dir = await repository(PIPELINE_FILE)
    await writeFile(path.join(dir, '.env.staging'), 'NODE_ENV=production\n', {mode: 0o600})
    const result = await kit(['kit:bootstrap', '--yes'], dir)
    expect(result.code, result.output).to.equal(1)
    expect(result.output).to.include('stages.staging.telemetry: ${HONEYCOMB_KEY} is not a key of .env.staging').and.include('env_references')
    expect(emulator.writes()).to.deep.equal([])
  })

  it('bootstrap creates the drains with the header read from the .env file; the key is never printed nor a config var', async () => {
    const result = await kit(['kit:bootstrap', '--yes', '--json'])
    expect(result.code, result.output).to.equal(0)
    expect(result.output).to.not.include(STAGING_KEY).and.not.include(PRODUCTION_KEY)
    const plan = (JSON.parse(result.stdout) as {plan: Array<{resource: string; action: string; summary: string}>}).plan
    expect(plan.filter(s => s.resource === 'telemetry').map(s => `${s.action} ${s.summary}`)).to.deep.equal([
      'create add telemetry drain https://api.honeycomb.io (http: traces, metrics, logs)',
      'create add telemetry drain https://api.honeycomb.io (http: traces, logs)',
      'create add telemetry drain https://otel.example.com:4317 (grpc: metrics)',
    ])
    expect(drains()).to.deep.equal([
      {
        app: 'shop-prod',
        endpoint: HONEYCOMB,
        type: 'otlphttp',
        signals: ['traces', 'logs'],
        headers: {'x-honeycomb-team': PRODUCTION_KEY, 'x-honeycomb-dataset': 'shop'},
      },
      {app: 'shop-prod', endpoint: COLLECTOR, type: 'otlp', signals: ['metrics'], headers: {}},
      {app: 'shop-staging', endpoint: HONEYCOMB, type: 'otlphttp', signals: ['traces', 'metrics', 'logs'], headers: {'x-honeycomb-team': STAGING_KEY}},
    ])
    for (const name of ['shop-staging', 'shop-prod']) {
      const vars = emulator.state.configVars.get(emulator.state.findApp(name)!.id) ?? {}
      expect(vars, name).to.include({NODE_ENV: 'production'}).and.not.have.property('HONEYCOMB_KEY')
    }
    const sent = pluginRequests(emulator.log).map(e => `${e.method} ${e.path}`)
    expect(sent.filter(line => line === 'POST /telemetry-drains')).to.have.length(3)
  })

  it('kit:config:sync leaves the header key out: it is a telemetry header, not a config var', async () => {
    await writeFile(path.join(repo, '.env.production'), `NODE_ENV=production\nLOG_LEVEL=info\nHONEYCOMB_KEY=${PRODUCTION_KEY}\n`, {mode: 0o600})
    const result = await kit(['kit:config:sync', '.env.production', '--yes'])
    expect(result.code, result.output).to.equal(0)
    expect(result.stdout).to.include('Left out HONEYCOMB_KEY: heroku-kit.yml uses it as telemetry header of production, not as config vars.')
    expect(result.output).to.not.include(PRODUCTION_KEY)
    const vars = emulator.state.configVars.get(emulator.state.findApp('shop-prod')!.id) ?? {}
    expect(vars).to.include({LOG_LEVEL: 'info'}).and.not.have.property('HONEYCOMB_KEY')
    await writeFile(path.join(repo, '.env.production'), `NODE_ENV=production\nHONEYCOMB_KEY=${PRODUCTION_KEY}\n`, {mode: 0o600})
    const pruned = await kit(['kit:config:sync', '.env.production', '--yes', '--prune', '--confirm', 'shop-prod'])
    expect(pruned.code, pruned.output).to.equal(0)
    expect(emulator.state.configVars.get(emulator.state.findApp('shop-prod')!.id)).to.not.have.property('LOG_LEVEL')
  })

  it('a second run sends no write request', async () => {
    await expectRerunWritesNothing(emulator, () => kit(['kit:bootstrap', '--yes']))
  })

  it('two runs at once (issue 18) end with one drain per endpoint', async () => {
    for (const id of [...emulator.state.telemetryDrains.keys()]) emulator.state.telemetryDrains.delete(id)
    const runs = await Promise.all([kit(['kit:bootstrap', '--yes']), kit(['kit:bootstrap', '--yes'])])
    for (const run of runs) expect(run.code, run.output).to.equal(0)
    expect(drains().map(d => `${d.app} ${d.endpoint}`)).to.deep.equal([`shop-prod ${HONEYCOMB}`, `shop-prod ${COLLECTOR}`, `shop-staging ${HONEYCOMB}`])
  })

  it('a declared exporter changed in heroku-kit.yml is changed in place (PATCH), the header values not shown', async () => {
    await writeFile(path.join(repo, 'heroku-kit.yml'), PIPELINE_FILE.replace('signals: [logs, traces]', 'signals: [logs]'))
    emulator.clearLog()
    const result = await kit(['kit:bootstrap', '--yes'])
    expect(result.code, result.output).to.equal(0)
    expect(result.stdout).to.include('change telemetry drain https://api.honeycomb.io').and.include('signals: traces, logs → logs')
    expect(
      pluginRequests(emulator.log)
        .filter(e => e.write)
        .map(e => `${e.method} ${e.path.replace(/[\da-f-]{36}/, 'ID')}`),
    ).to.deep.equal(['PATCH /telemetry-drains/ID'])
    expect(drains().find(d => d.app === 'shop-prod' && d.endpoint === HONEYCOMB)?.signals).to.deep.equal(['logs'])
    await writeFile(path.join(repo, 'heroku-kit.yml'), PIPELINE_FILE)
    expect((await kit(['kit:bootstrap', '--yes'])).code).to.equal(0)
  })

  it('a drain added by hand (heroku telemetry:add) is drift, kept by bootstrap, removed only with --prune-telemetry', async () => {
    const added = await kit(['telemetry:add', 'https://otel.hand.example.com', '--app', 'shop-staging', '--signals', 'logs'])
    expect(added.code, added.output).to.equal(0)
    const check = await kit(['kit:bootstrap', '--dry-run', '--exit-code'])
    expect(check.code, check.output).to.equal(2)
    expect(check.stdout).to.include('telemetry drain https://otel.hand.example.com is not in heroku-kit.yml').and.include('--prune-telemetry')
    emulator.clearLog()
    const kept = await kit(['kit:bootstrap', '--yes'])
    expect(kept.code, kept.output).to.equal(0)
    expect(emulator.writes()).to.deep.equal([])
    const pruned = await kit(['kit:bootstrap', '--yes', '--prune-telemetry'])
    expect(pruned.code, pruned.output).to.equal(0)
    expect(
      pluginRequests(emulator.log)
        .filter(e => e.write)
        .map(e => `${e.method} ${e.path.replace(/[\da-f-]{36}/, 'ID')}`),
    ).to.deep.equal(['DELETE /telemetry-drains/ID'])
    expect(drains().map(d => d.endpoint)).to.not.include('https://otel.hand.example.com')
  })

  it("kit:verify's logs criterion passes on the telemetry drains that carry logs (no classic drain, no logging add-on)", async () => {
    const verified = await kit(['kit:verify', '--json'])
    const report = JSON.parse(verified.stdout) as VerifyReport
    const logs = report.checks.filter(c => c.id === 'logs')
    expect(
      logs.map(c => [c.stage, c.status, c.evidence]),
      verified.output,
    ).to.deep.equal([
      ['staging', 'pass', ['telemetry drain to https://api.honeycomb.io (traces, metrics, logs)']],
      ['production', 'pass', ['telemetry drain to https://api.honeycomb.io (traces, logs)']],
    ])
    expect(verified.output).to.not.include(STAGING_KEY).and.not.include(PRODUCTION_KEY)
  })

  it("a drain of the space (heroku telemetry:add --space) counts for kit:verify's logs and is listed, not declared, by kit:import", async () => {
    const added = await kit(['telemetry:add', 'https://otel.space.example.com', '--space', 'shop-fir', '--signals', 'logs'])
    expect(added.code, added.output).to.equal(0)
    const verified = await kit(['kit:verify', '--json'])
    const logs = (JSON.parse(verified.stdout) as VerifyReport).checks.filter(c => c.id === 'logs')
    expect(logs.map(c => c.evidence.at(-1))).to.deep.equal([
      'telemetry drain of the space shop-fir to https://otel.space.example.com (logs)',
      'telemetry drain of the space shop-fir to https://otel.space.example.com (logs)',
    ])
    emulator.clearLog()
    const plan = await kit(['kit:bootstrap', '--dry-run', '--exit-code'])
    expect(plan.code, plan.output).to.equal(0) // the space's drain is not the app's: neither drift nor removed
  })

  it('kit:import writes the drains back with ${NAME} headers (values in the .env files): kit:bootstrap then has nothing to do', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'heroku-kit-telemetry-import-'))
    dirs.push(dir)
    const imported = await kit(['kit:import', '--pipeline', 'shop', '--pull-config'], dir)
    expect(imported.code, imported.output).to.equal(0)
    expect(imported.output).to.not.include(STAGING_KEY).and.not.include(PRODUCTION_KEY)
    const yml = await readFile(path.join(dir, 'heroku-kit.yml'), 'utf8')
    expect(yml).to.include('telemetry:').and.include('${TELEMETRY_X_HONEYCOMB_TEAM}').and.include('transport: grpc')
    expect(yml).to.not.include(STAGING_KEY).and.not.include(PRODUCTION_KEY).and.not.include('otel.space.example.com')
    expect(imported.output).to.include('telemetry drain https://otel.space.example.com of the space shop-fir')
    expect(await readFile(path.join(dir, '.env.production'), 'utf8')).to.include(`TELEMETRY_X_HONEYCOMB_TEAM=${PRODUCTION_KEY}`)
    emulator.clearLog()
    const plan = await kit(['kit:bootstrap', '--dry-run', '--exit-code'], dir)
    expect(plan.code, plan.output).to.equal(0)
    expect(plan.stdout).to.match(/Plan: 0 to create, 0 to change, \d+ unchanged, 0 drift, 0 pending, 0 manual\./)
    expect(emulator.writes()).to.deep.equal([])
  })
})
