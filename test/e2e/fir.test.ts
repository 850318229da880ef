import {execFileSync} from 'node:child_process'
import {cp, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'
import {type Emulator, startEmulator} from 'heroku-emulator'

import {loadProject} from '../../src/lib/manifest/project.js'
import type {VerifyReport} from '../../src/lib/verify/types.js'
import {pluginContractViolations, pluginRequests} from '../support/contract.js'
import {type HerokuCli, ROOT, type RunResult, sharedHerokuCli} from '../support/heroku-cli.js'
import {expectRerunWritesNothing} from '../support/rerun.js'
import {GITHUB_REPO, REFERENCE} from '../support/reference.js'

const OVERLAY = path.join(ROOT, 'test', 'fixtures', 'verify', 'reference-overlay')
const GIT_ENV = {...process.env, GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com'}

/**
 * The reference pipeline declared in a Fir Private Space (`space:` on both stages), as a Fir repository declares it:
 * no classic buildpacks in app.json, no classic drains, Fir dyno sizes, preboot left to its default (which this
 * emulator's Fir generation lists as unsupported, so it is skipped with the reason).
 */
function firPipelineFile(text: string): string {
  return text
    .replace('region: eu\n', 'region: eu\nteam: acme\n')
    .replace('  staging:\n', '  staging:\n    space: shop-fir\n')
    .replace('  production:\n', '  production:\n    space: shop-fir\n')
    .replace('    drains:\n      - syslog+tls://logs.example.net:6514\n', '')
    .replace('    preboot: true\n', '')
    .replaceAll('standard-2x', 'dyno-2c-4gb')
    .replaceAll('standard-1x', 'dyno-1c-0.5gb')
}

describe('e2e: a pipeline in a Fir Private Space through the real heroku CLI', function () {
  this.timeout(600_000)
  let cli: HerokuCli
  let emulator: Emulator
  let repo: string
  let pipelineFile: string
  let appJson: Record<string, unknown>
  const dirs: string[] = []
  const env = {HEROKU_KIT_POLL_INTERVAL_MS: '10'}

  const kit = (args: string[], cwd = repo): Promise<RunResult> => cli.run(args, emulator.url, {cwd, env})

  /** A scratch copy of the Fir repository with its heroku-kit.yml and app.json edited. */
  async function variant(edit: {pipelineFile?: (text: string) => string; appJson?: (json: Record<string, unknown>) => void}): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'heroku-kit-fir-'))
    dirs.push(dir)
    await cp(repo, dir, {recursive: true})
    await writeFile(path.join(dir, 'heroku-kit.yml'), (edit.pipelineFile ?? (text => text))(pipelineFile))
    const json = structuredClone(appJson)
    edit.appJson?.(json)
    await writeFile(path.join(dir, 'app.json'), JSON.stringify(json, null, 2))
    return dir
  }

  before(async () => {
    cli = await sharedHerokuCli()
    emulator = await startEmulator({timings: 'instant', releasePhasePolls: 0, domainPolls: 0})
    emulator.state.createSpace('shop-fir', {generation: 'fir', team: 'acme', region: 'eu'})
    emulator.state.createSpace('shop-cedar', {generation: 'cedar', team: 'acme', region: 'eu'})
    // [unverified] which features Heroku lists for Fir: here preboot too, so that the default preboot is skipped
    emulator.state.unsupportedFeatures.fir.push('preboot')
    repo = await mkdtemp(path.join(tmpdir(), 'heroku-kit-fir-'))
    dirs.push(repo)
    await cp(REFERENCE, repo, {recursive: true})
    await cp(OVERLAY, repo, {recursive: true})
    pipelineFile = firPipelineFile(await readFile(path.join(repo, 'heroku-kit.yml'), 'utf8'))
    appJson = JSON.parse(firPipelineFile(await readFile(path.join(repo, 'app.json'), 'utf8'))) as Record<string, unknown>
    delete appJson.buildpacks
    ;(appJson.addons as unknown[]).push('scheduler:standard')
    await writeFile(path.join(repo, 'heroku-kit.yml'), pipelineFile)
    await writeFile(path.join(repo, 'app.json'), JSON.stringify(appJson, null, 2))
    const project = await loadProject(repo)
    emulator.state.addGithubRepo({full_name: project.pipelineFile.repo!, ...GITHUB_REPO})
  })

  after(async () => {
    const log = emulator?.log ?? []
    await emulator?.close()
    for (const dir of dirs) await rm(dir, {recursive: true, force: true})
    expect(pluginContractViolations(log), 'requests outside the Platform API schema or the endpoints the Heroku CLI uses').to.deep.equal([])
  })

  it('refuses app.json buildpacks on a Fir stage before any write, naming project.toml', async () => {
    const dir = await variant({appJson: json => (json.buildpacks = [{url: 'heroku/nodejs'}])})
    const result = await kit(['kit:bootstrap', '--yes'], dir)
    expect(result.code, result.output).to.equal(1)
    expect(result.output).to.include('app.json buildpacks (heroku/nodejs)').and.include('project.toml')
    expect(emulator.writes()).to.deep.equal([])
  })

  it('refuses classic drains on a Fir stage before any write, naming telemetry:', async () => {
    const dir = await variant({
      pipelineFile: text => text.replace('    space: shop-fir\n', '    space: shop-fir\n    drains:\n      - syslog+tls://logs.example.net:6514\n'),
    })
    const result = await kit(['kit:bootstrap', '--yes'], dir)
    expect(result.code, result.output).to.equal(1)
    expect(result.output).to.include('stages.staging.drains').and.include('stages.staging.telemetry')
    expect(emulator.writes()).to.deep.equal([])
  })

  it('refuses a pipeline whose apps would run on two generations, naming the apps and their generations', async () => {
    // staging on the Common Runtime (no space), then in a Cedar space; production in the Fir space
    const edits = [
      (text: string) => text.replace('    space: shop-fir\n', ''),
      (text: string) => text.replace('    space: shop-fir\n', '    space: shop-cedar\n'),
    ]
    for (const edit of edits) {
      const dir = await variant({pipelineFile: edit})
      const result = await kit(['kit:bootstrap', '--yes'], dir)
      expect(result.code, result.output).to.equal(1)
      expect(result.output).to.include('shop-staging on cedar').and.include('shop-prod on fir')
      expect(emulator.writes()).to.deep.equal([])
    }
  })

  it('bootstraps the pipeline in the space: Fir apps, a Fir pipeline, no buildpack or classic drain request, preboot skipped with the reason', async () => {
    const result = await kit(['kit:bootstrap', '--yes'])
    expect(result.code, result.output).to.equal(0)
    const space = [...emulator.state.spaces.values()].find(s => s.name === 'shop-fir')!
    for (const name of ['shop-staging', 'shop-prod']) expect(emulator.state.findApp(name)?.spaceId, name).to.equal(space.id)
    expect([...emulator.state.pipelines.values()].map(p => [p.name, p.generation])).to.deep.equal([['shop', 'fir']])
    expect(result.stdout).to.include('preboot: skipped').and.include('fir does not offer preboot')
    const sent = pluginRequests(emulator.log).map(e => `${e.method} ${e.path}`)
    expect(sent.filter(line => /buildpack-installations|log-drains|autoscal/.test(line))).to.deep.equal([])
    expect(sent).to.include('GET /spaces/shop-fir')
    expect(sent.filter(line => line.startsWith('POST /teams/apps'))).to.have.length(2)
  })

  it('a second run sends no write request', async () => {
    await expectRerunWritesNothing(emulator, () => kit(['kit:bootstrap', '--yes']))
  })

  it('a deploy to staging (an OCI image) promotes by its image (a second kit:promote finds it running), and kit:verify passes every check', async () => {
    const project = await loadProject(repo)
    const processTypes = Object.fromEntries(project.procfile!.entries.map(e => [e.type, e.command]))
    const staging = emulator.state.deploy('shop-staging', {processTypes})
    while (staging.status === 'pending') emulator.state.pollRelease(staging)
    const promoted = await kit(['kit:promote', '--yes'])
    expect(promoted.code, promoted.output).to.equal(0)
    const again = await kit(['kit:promote', '--yes'])
    expect(again.code, again.output).to.equal(0)
    expect(again.stdout).to.include('already runs the image of shop-staging')
    // the formation pending until the first release applies now
    const bootstrap = await kit(['kit:bootstrap', '--yes'])
    expect(bootstrap.code, bootstrap.output).to.equal(0)
    emulator.clearLog()
    const verified = await kit(['kit:verify', '--json'])
    const report = JSON.parse(verified.stdout) as VerifyReport
    expect(
      report.checks.filter(c => c.status !== 'pass').map(c => `${c.id}@${c.stage}: ${c.status}: ${c.evidence.join('; ')}`),
      verified.output,
    ).to.deep.equal([])
    expect(verified.code, verified.stderr).to.equal(0)
    expect(emulator.writes(), 'kit:verify only reads').to.deep.equal([])
  })

  it('kit:deploy builds an OCI image on the Fir app; run again, it finds the commit running (read from the image) and sends nothing', async () => {
    const git = (...args: string[]) => execFileSync('git', args, {cwd: repo, env: GIT_ENV, encoding: 'utf8'}).trim()
    git('init', '-q', '-b', 'main')
    git('add', '-A')
    git('commit', '-q', '-m', 'Acme Shop on Fir')
    const sha = git('rev-parse', 'HEAD')
    const deployed = await cli.run(['kit:deploy'], emulator.url, {cwd: repo, env: {...env, HEROKU_KIT_HEALTH_TIMEOUT: '1'}})
    expect(deployed.code, deployed.output).to.equal(0)
    const app = emulator.state.findApp('shop-staging')!
    const latest = emulator.state.appReleases(app).at(-1)!
    expect(emulator.state.currentSlug(app)?.commit).to.equal(sha)
    emulator.clearLog()
    const again = await cli.run(['kit:deploy'], emulator.url, {cwd: repo, env: {...env, HEROKU_KIT_HEALTH_TIMEOUT: '1'}})
    expect(again.code, again.output).to.equal(0)
    expect(again.stdout).to.include(`already runs commit ${sha.slice(0, 7)}`)
    expect(pluginRequests(emulator.log).map(e => `${e.method} ${e.path}`)).to.include(`GET /apps/shop-staging/oci-images/${latest.slugId}`)
    expect(emulator.writes()).to.deep.equal([])
  })

  it('kit:import writes back the same declaration: kit:bootstrap then has zero changes', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'heroku-kit-fir-import-'))
    dirs.push(dir)
    const imported = await kit(['kit:import', '--pipeline', 'shop', '--pull-config'], dir)
    expect(imported.code, imported.output).to.equal(0)
    const yml = await readFile(path.join(dir, 'heroku-kit.yml'), 'utf8')
    expect(yml, yml).to.include('space: shop-fir').and.not.include('drains:')
    expect(await readFile(path.join(dir, 'app.json'), 'utf8')).to.not.include('buildpacks')
    emulator.clearLog()
    const plan = await kit(['kit:bootstrap', '--dry-run', '--exit-code'], dir)
    expect(plan.code, plan.output).to.equal(0)
    expect(plan.stdout).to.match(/Plan: 0 to create, 0 to change, \d+ unchanged, 0 drift, 0 pending, 0 manual\./)
    const again = await kit(['kit:import', '--pipeline', 'shop', '--pull-config'], dir)
    expect(again.code, again.output).to.equal(0)
    expect(again.stdout).to.include('Nothing to do: the repository already describes what runs.')
    expect(emulator.writes()).to.deep.equal([])
  })

  it('where Fir lists ACM as unsupported: kit:bootstrap refuses `acm: true` and kit:acm refuses to enable it, before any write', async () => {
    emulator.state.unsupportedFeatures.fir.push('acm')
    emulator.clearLog()
    const plan = await kit(['kit:bootstrap', '--dry-run'])
    expect(plan.code, plan.output).to.equal(1)
    expect(plan.output).to.include('stages.production.acm: fir does not offer Automated Certificate Management')
    const acm = await kit(['kit:acm', '--stage', 'production', '--yes'])
    expect(acm.code, acm.output).to.equal(1)
    expect(acm.output).to.include('shop-prod runs on Fir, which does not offer Automated Certificate Management').and.include('certs:add')
    expect(emulator.writes()).to.deep.equal([])
  })
})
