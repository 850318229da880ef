import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'

import {buildDesiredState} from '../../src/lib/converge/desired.js'
import {loadProject} from '../../src/lib/manifest/project.js'
import {looksSecret} from '../../src/lib/output/redactor.js'
import {pluginContractViolations} from '../support/contract.js'
import {type Emulator, startEmulator} from 'heroku-emulator'
import {type HerokuCli, sharedHerokuCli} from '../support/heroku-cli.js'
import {expectRerunWritesNothing} from '../support/rerun.js'
import {GITHUB_REPO, referenceRepo} from '../support/reference.js'
import {summarizePipeline} from '../support/pipeline-summary.js'

describe('e2e: kit:bootstrap of the reference fixture through the real heroku CLI', function () {
  this.timeout(300_000)
  let cli: HerokuCli
  let emulator: Emulator
  let repo: string
  // the emulator's realistic timings (add-ons take 1.5 s, certificates 1 s): bootstrap must wait for them; polls
  // start at 250 ms here (1 s by default) to keep the suite short
  const env = {HEROKU_KIT_POLL_INTERVAL_MS: '250'}

  before(async () => {
    cli = await sharedHerokuCli()
    emulator = await startEmulator()
    repo = await referenceRepo()
    const project = await loadProject(repo)
    if (project.pipelineFile.repo) emulator.state.addGithubRepo({full_name: project.pipelineFile.repo, ...GITHUB_REPO})
  })

  after(async () => {
    const log = emulator?.log ?? []
    await emulator?.close()
    expect(pluginContractViolations(log), 'requests outside the Platform API schema or the endpoints the Heroku CLI uses').to.deep.equal([])
  })

  const kit = (args: string[]) => cli.run(args, emulator.url, {cwd: repo, env})

  it('--dry-run prints the plan and sends no write request', async () => {
    const result = await kit(['kit:bootstrap', '--dry-run'])
    expect(result.code, result.output).to.equal(0)
    expect(result.stdout).to.include('Pipeline').and.include('Staging').and.include('Production').and.include('Dry run')
    expect(emulator.writes()).to.deep.equal([])
  })

  it('refuses to apply without --yes when there is no terminal', async () => {
    const result = await kit(['kit:bootstrap'])
    expect(result.code).to.not.equal(0)
    expect(result.stderr).to.include('--yes')
    expect(emulator.writes()).to.deep.equal([])
  })

  it('bootstraps everything from scratch, resource by resource', async () => {
    const result = await kit(['kit:bootstrap', '--yes'])
    expect(result.code, result.output).to.equal(0)
    const project = await loadProject(repo)
    const desired = await buildDesiredState(project)
    const summary = summarizePipeline(emulator.state, desired.pipeline) as {
      pipelines: number
      stages: Array<Record<string, Record<string, unknown>>>
      reviewApps: unknown[]
      repoLinks: unknown[]
    }
    expect(summary.pipelines).to.equal(1)
    const stages = summary.stages[0]
    for (const stage of desired.stages) {
      const app = stages[stage.name]
      expect(app, `${stage.name} coupled`).to.be.an('object')
      expect(app.name).to.equal(stage.app)
      expect(app.buildpacks).to.deep.equal(stage.buildpacks)
      expect((app.addons as string[]).length, `${stage.name} add-ons`).to.equal(stage.addons.length)
      for (const addon of stage.addons)
        expect((app.addons as string[]).some(a => a.startsWith(addon.plan === addon.service ? addon.service : addon.plan))).to.equal(
          true,
          `${addon.plan} in ${JSON.stringify(app.addons)}`,
        )
      expect(app.configKeys).to.include.members(Object.keys(stage.config))
      for (const [key, decl] of Object.entries(stage.env)) if (decl.generator === 'secret') expect(app.configKeys).to.include(key)
      expect(app.domains).to.deep.equal([...stage.domains].sort())
      expect(app.drains).to.deep.equal([...stage.drains].sort())
      expect(app.preboot).to.equal(stage.features.includes('preboot'))
      if (stage.acm && stage.domains.length > 0) expect(app.acm).to.equal(true)
      expect((app.schedules as string[]).length).to.equal(stage.backups ? 1 : 0)
      if (project.pipelineFile.repo) expect(app.autoDeploy).to.equal(stage.autoDeploy ? `on from ${stage.autoDeploy}` : 'off')
    }

    if (desired.reviewApps && project.pipelineFile.repo) expect(summary.reviewApps[0]).to.deep.equal(desired.reviewApps)
    if (project.pipelineFile.repo) expect(summary.repoLinks[0]).to.equal(GITHUB_REPO.id)
    const secrets = desired.stages
      .flatMap(s => Object.entries(s.config))
      .filter(([key, value]) => looksSecret(key, value))
      .map(([, value]) => value)
    expect(secrets.length).to.be.greaterThan(10)
    for (const secret of secrets) expect(result.output).to.not.include(secret)
    for (const app of Object.values(stages))
      for (const key of ['SESSION_SECRET', 'JWT_SIGNING_KEY'])
        expect(result.output).to.not.include(emulator.state.configVars.get(emulator.state.findApp(app.name as string)!.id)![key])
  })

  it('changes nothing on a second run: "nothing to do", zero write requests', async () => {
    await expectRerunWritesNothing(emulator, () => kit(['kit:bootstrap', '--yes']))
  })

  it('creates the apps of a repository with heroku.yml on the container stack, and sets no buildpacks', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'heroku-kit-container-'))
    await writeFile(path.join(dir, 'heroku-kit.yml'), 'pipeline: boxes\nstages:\n  staging:\n    app: boxes-staging\n  production:\n    app: boxes\n')
    await writeFile(path.join(dir, 'heroku.yml'), 'build:\n  docker:\n    web: Dockerfile\n')
    await writeFile(path.join(dir, 'app.json'), JSON.stringify({buildpacks: [{url: 'heroku/nodejs'}]}))
    const result = await cli.run(['kit:bootstrap', '--yes'], emulator.url, {cwd: dir, env})
    expect(result.code, result.output).to.equal(0)
    expect(result.stdout).to.include('create app boxes on the container stack')
    for (const name of ['boxes-staging', 'boxes']) {
      const app = emulator.state.findApp(name)!
      expect([app.stack, app.buildStack], name).to.deep.equal(['container', 'container'])
      expect(emulator.state.buildpacks.get(app.id) ?? [], name).to.deep.equal([])
    }
  })

  it('--json gives the plan and results', async () => {
    const result = await kit(['kit:bootstrap', '--yes', '--json'])
    expect(result.code, result.output).to.equal(0)
    const json = JSON.parse(result.stdout)
    expect(json.applied).to.equal(false)
    expect(json.plan.every((s: {action: string}) => s.action !== 'create')).to.equal(true)
  })
})
