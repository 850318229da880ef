import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'
import {type Emulator, startEmulator} from 'heroku-emulator'

import {pluginContractViolations} from '../support/contract.js'
import {type HerokuCli, sharedHerokuCli} from '../support/heroku-cli.js'
import {expectRerunWritesNothing} from '../support/rerun.js'

/**
 * App features through the real heroku CLI: declared in heroku-kit.yml, planned, applied one PATCH each, a second
 * run sends nothing, a feature turned on by hand is drift (never turned off), and kit:import writes them back so
 * that kit:bootstrap then has nothing to do.
 */
describe('e2e: app features (features: in heroku-kit.yml)', function () {
  this.timeout(300_000)
  let cli: HerokuCli
  let emulator: Emulator
  let repo: string
  const dirs: string[] = []

  before(async () => {
    cli = await sharedHerokuCli()
    emulator = await startEmulator()
    repo = await mkdtemp(path.join(tmpdir(), 'heroku-kit-features-'))
    dirs.push(repo)
    await writeFile(
      path.join(repo, 'heroku-kit.yml'),
      [
        'pipeline: feats',
        'stages:',
        '  staging:',
        '    app: feats-staging',
        '    features: [runtime-dyno-metadata]',
        '  production:',
        '    app: feats',
        '    features: [runtime-dyno-metadata, log-runtime-metrics]',
        '',
      ].join('\n'),
    )
  })

  after(async () => {
    const log = emulator?.log ?? []
    await emulator?.close()
    for (const dir of dirs) await rm(dir, {recursive: true, force: true})
    expect(pluginContractViolations(log), 'requests outside the Platform API schema or the endpoints the Heroku CLI uses').to.deep.equal([])
  })

  const kit = (args: string[], cwd = repo) => cli.run(args, emulator.url, {cwd, env: {HEROKU_KIT_POLL_INTERVAL_MS: '10'}})
  const featuresOn = (app: string): string[] =>
    Object.entries(emulator.state.features.get(emulator.state.findApp(app)!.id) ?? {})
      .filter(([, on]) => on)
      .map(([name]) => name)
      .sort()

  it('plans one step per declared feature and sends nothing with --dry-run', async () => {
    const result = await kit(['kit:bootstrap', '--dry-run'])
    expect(result.code, result.output).to.equal(0)
    expect(result.stdout).to.include('enable app feature runtime-dyno-metadata').and.include('enable app feature log-runtime-metrics')
    expect(emulator.writes()).to.deep.equal([])
  })

  it('applies them: one PATCH /apps/{app}/features/{feature} each, {"enabled": true}', async () => {
    emulator.clearLog()
    const result = await kit(['kit:bootstrap', '--yes'])
    expect(result.code, result.output).to.equal(0)
    expect(featuresOn('feats-staging')).to.deep.equal(['runtime-dyno-metadata'])
    // production also gets preboot, on by default there
    expect(featuresOn('feats')).to.deep.equal(['log-runtime-metrics', 'preboot', 'runtime-dyno-metadata'])
    const patches = emulator
      .writes()
      .filter(w => /^\/apps\/[^/]+\/features\/(?!preboot)/.test(w.path))
      .map(w => `${w.method} ${w.path}`)
      .sort()
    expect(patches).to.have.length(3)
    for (const patch of patches) expect(patch).to.match(/^PATCH \/apps\/[^/]+\/features\/(runtime-dyno-metadata|log-runtime-metrics)$/)
  })

  it('a second run sends no write request', async () => {
    await expectRerunWritesNothing(emulator, () => kit(['kit:bootstrap', '--yes']))
  })

  it('a feature turned on by hand and not declared is drift, left on', async () => {
    emulator.state.features.get(emulator.state.findApp('feats')!.id)!['http-session-affinity'] = true
    emulator.clearLog()
    const result = await kit(['kit:bootstrap', '--dry-run', '--exit-code'])
    expect(result.code, result.output).to.equal(2)
    expect(result.stdout).to.include('app feature http-session-affinity is on, not declared')
    const applied = await kit(['kit:bootstrap', '--yes'])
    expect(applied.code, applied.output).to.equal(0)
    expect(emulator.writes()).to.deep.equal([])
    expect(featuresOn('feats')).to.include('http-session-affinity')
    // kit:verify's line for them
    const verify = await kit(['kit:verify', '--json'])
    const checks = (JSON.parse(verify.stdout) as {checks: Array<{id: string; stage: string | null; status: string; evidence: string[]}>}).checks
    const line = (stage: string) => checks.find(c => c.id === 'features' && c.stage === stage)
    expect(line('staging'), verify.output).to.deep.include({status: 'pass', evidence: ['app features on, as declared: runtime-dyno-metadata']})
    expect(line('production')).to.deep.include({status: 'warn', evidence: ['on on feats but not declared in heroku-kit.yml: http-session-affinity']})
  })

  it('kit:import writes them back; kit:bootstrap then has nothing to create, change or report', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'heroku-kit-features-import-'))
    dirs.push(dir)
    const imported = await kit(['kit:import', '--pipeline', 'feats'], dir)
    expect(imported.code, imported.output).to.equal(0)
    const yml = await readFile(path.join(dir, 'heroku-kit.yml'), 'utf8')
    expect(yml).to.match(/features:\n\s+- http-session-affinity\n\s+- log-runtime-metrics\n\s+- runtime-dyno-metadata\n/)
    emulator.clearLog()
    const plan = await kit(['kit:bootstrap', '--dry-run', '--exit-code'], dir)
    expect(plan.code, plan.output).to.equal(0)
    expect(emulator.writes()).to.deep.equal([])
    const again = await kit(['kit:import', '--pipeline', 'feats'], dir)
    expect(again.code, again.output).to.equal(0)
    expect(await readFile(path.join(dir, 'heroku-kit.yml'), 'utf8')).to.equal(yml)
  })
})
