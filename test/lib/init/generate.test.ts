import {writeFile} from 'node:fs/promises'
import path from 'node:path'

import {expect} from 'chai'

import {buildDesiredState} from '../../../src/lib/converge/desired.js'
import {planBootstrap} from '../../../src/lib/converge/plan.js'
import {emptyCurrentStage} from '../../../src/lib/converge/registry.js'
import {applyPlan} from '../../../src/lib/init/apply.js'
import {generate, type Generation} from '../../../src/lib/init/generate.js'
import {planFiles} from '../../../src/lib/init/plan.js'
import {parseDotenv} from '../../../src/lib/dotenv/index.js'
import {checkAppJson, commandRunsMigrations, parseAppJson, parsePipelineFile, parseProcfile, webBindsPort} from '../../../src/lib/manifest/index.js'
import {loadProject} from '../../../src/lib/manifest/project.js'
import {assembleEvidence, gatherRepository} from '../../../src/lib/verify/gather.js'
import {runChecks} from '../../../src/lib/verify/registry.js'
import {jobTarget, readWorkflows, runsAutomatically, runsOnBranch} from '../../../src/lib/verify/workflows.js'
import {appJsonSchema, cleanTemps, copyFixture, FRAMEWORK_FIXTURES, read, validateWorkflow} from './helpers.js'

const EXPECTED: Record<(typeof FRAMEWORK_FIXTURES)[number], {stack: string; database: boolean; redis: boolean; worker: boolean; migrations: boolean}> = {
  express: {stack: 'node', database: true, redis: false, worker: false, migrations: true},
  fastify: {stack: 'node', database: true, redis: true, worker: true, migrations: true},
  next: {stack: 'node', database: true, redis: false, worker: false, migrations: true},
  nestjs: {stack: 'node', database: true, redis: false, worker: false, migrations: true},
  django: {stack: 'python', database: true, redis: true, worker: true, migrations: true},
  flask: {stack: 'python', database: true, redis: true, worker: true, migrations: true},
  fastapi: {stack: 'python', database: true, redis: false, worker: false, migrations: true},
  rails: {stack: 'ruby', database: true, redis: true, worker: true, migrations: true},
  sinatra: {stack: 'ruby', database: true, redis: false, worker: false, migrations: true},
  go: {stack: 'go', database: true, redis: true, worker: false, migrations: true},
}

const WORKFLOWS = ['.github/workflows/ci.yml', '.github/workflows/deploy-staging.yml', '.github/workflows/promote-production.yml', '.github/workflows/plan.yml']

describe('kit:init generation, per fixture app', function () {
  this.timeout(180_000)
  after(cleanTemps)

  for (const framework of FRAMEWORK_FIXTURES) {
    describe(framework, () => {
      let dir: string
      let generation: Generation
      before(async () => {
        dir = await copyFixture(framework)
        generation = await generate(dir)
        const plan = await planFiles(dir, generation.files)
        expect(plan.conflicts, 'a fixture has no generated files yet').to.deep.equal([])
        await applyPlan(dir, plan)
      })

      it('detects the framework and what the dependencies need', () => {
        const {detection} = generation
        const want = EXPECTED[framework]
        expect(detection.framework).to.equal(framework)
        expect(detection.stack).to.equal(want.stack)
        expect(Boolean(detection.database), 'database').to.equal(want.database)
        expect(Boolean(detection.redis), 'redis').to.equal(want.redis)
        expect(Boolean(detection.worker), 'worker').to.equal(want.worker)
        expect(Boolean(detection.migrations), 'migrations').to.equal(want.migrations)
        expect(detection.signals.length).to.be.greaterThan(2)
      })

      it('app.json validates against the vendored app.json schema', async () => {
        const validate = await appJsonSchema()
        const ok = validate(JSON.parse(await read(dir, 'app.json')))
        expect(validate.errors ?? [], JSON.stringify(validate.errors)).to.deep.equal([])
        expect(ok).to.equal(true)
      })

      it("app.json passes the plugin's own checks with no errors or warnings", async () => {
        const appJson = parseAppJson(await read(dir, 'app.json'), 'app.json')
        expect(checkAppJson(appJson)).to.deep.equal([])
        for (const [key, decl] of Object.entries(appJson.env)) {
          if (decl.generator === 'secret') expect(decl.value, `${key} has a committed value`).to.equal(undefined)
        }

        expect(appJson.buildpacks.length).to.be.greaterThan(0)
        expect(appJson.environments.review?.addons?.length ?? 0).to.equal((generation.detection.database ? 1 : 0) + (generation.detection.redis ? 1 : 0))
        if (generation.detection.migrations) expect(appJson.environments.review?.scripts?.postdeploy).to.equal(generation.detection.migrations.command)
      })

      it('the Procfile parses; web binds $PORT and never migrates; release runs the migrations', async () => {
        const procfile = parseProcfile(await read(dir, 'Procfile'), 'Procfile')
        const byType = Object.fromEntries(procfile.entries.map(e => [e.type, e.command]))
        expect(byType.web).to.be.a('string')
        const binds = webBindsPort(byType.web)
        expect(binds, `web: ${byType.web}`).to.not.equal(false)
        if (binds === undefined) {
          // the command alone can't tell (node server.js, bin/app): the detector checked that the code reads PORT
          expect(generation.detection.warnings.filter(w => /PORT/.test(w))).to.deep.equal([])
        }

        expect(commandRunsMigrations(byType.web), 'web must not migrate').to.equal(false)
        if (generation.detection.migrations) expect(commandRunsMigrations(byType.release), `release: ${byType.release}`).to.equal(true)
        else expect(byType.release).to.equal(undefined)
        expect(Boolean(byType.worker)).to.equal(Boolean(generation.detection.worker))
      })

      it('heroku-kit.yml loads with the pipeline file parser', async () => {
        const appJson = parseAppJson(await read(dir, 'app.json'), 'app.json')
        const pipeline = parsePipelineFile(await read(dir, 'heroku-kit.yml'), 'heroku-kit.yml', appJson)
        expect(pipeline.pipeline).to.equal(generation.pipeline)
        expect(pipeline.stages.staging.app).to.equal(`${generation.pipeline}-staging`)
        expect(pipeline.stages.staging.config).to.equal('.env.staging')
        expect(pipeline.stages.production.config).to.equal('.env.production')
        expect(pipeline.stages.production.features).to.include('preboot')
        expect(pipeline.stages.staging.autoDeploy, 'the Actions workflow deploys staging').to.equal(undefined)
        expect(pipeline.healthPath).to.equal(generation.detection.healthPath)
        expect(pipeline.reviewApps).to.deep.equal({automatic: true, destroyStale: true, staleDays: 5, waitForCi: true})
        if (generation.detection.database) expect(pipeline.stages.production.backups).to.deep.equal({hour: 2, timezone: 'UTC'})
        expect(pipeline.stages.production.formation.web.quantity).to.equal(2)
      })

      it('every workflow passes action-validator', async () => {
        for (const workflow of WORKFLOWS) {
          const result = await validateWorkflow(path.join(dir, workflow))
          expect(result.ok, `${workflow}: ${result.output}`).to.equal(true)
        }
      })

      it('the workflows install the pinned Heroku CLI and heroku-kit, deploy with kit:deploy and gate production', async () => {
        const deploy = await read(dir, '.github/workflows/deploy-staging.yml')
        const promote = await read(dir, '.github/workflows/promote-production.yml')
        for (const text of [deploy, promote]) {
          expect(text).to.not.include('install.sh')
          expect(text).to.include('HEROKU_API_KEY: ${{ secrets.HEROKU_API_KEY }}')
          expect(text).to.not.include('heroku rollback')
        }

        expect(deploy).to.include('run: heroku kit:deploy --stage staging')
        expect(deploy).to.not.include('git push')
        expect(promote).to.include('workflow_dispatch')
        expect(promote).to.include('name: production')
        expect(promote).to.include('run: heroku kit:promote --yes')
      })

      it('.env files: keys from app.json, no secret values; .gitignore keeps real ones out', async () => {
        const appJson = parseAppJson(await read(dir, 'app.json'), 'app.json')
        const example = await read(dir, '.env.example')
        for (const key of Object.keys(appJson.env)) expect(example).to.match(new RegExp(`^${key}=`, 'm'))
        for (const [key, decl] of Object.entries(appJson.env)) {
          if (decl.generator === 'secret' || (decl.required && decl.value === undefined)) expect(example).to.match(new RegExp(`^${key}=$`, 'm'))
        }

        for (const stage of ['.env.staging', '.env.production']) {
          const text = await read(dir, stage)
          for (const [key, decl] of Object.entries(appJson.env)) {
            if (decl.generator === 'secret') expect(text, stage).to.not.match(new RegExp(`^${key}=`, 'm'))
          }
        }

        const gitignore = (await read(dir, '.gitignore')).split('\n')
        for (const line of ['.env', '.env.*', '!.env.example']) expect(gitignore).to.include(line)
      })

      it("the .env files parse with the plugin's dotenv parser (kit:config:sync reads them)", async () => {
        for (const file of ['.env.example', '.env.staging', '.env.production']) {
          const entries = parseDotenv(await read(dir, file), file)
          expect(entries.map(e => e.key)).to.include('LOG_LEVEL')
          if (file !== '.env.example')
            expect(
              entries.every(e => e.value !== ''),
              `${file} sets no empty values`,
            ).to.equal(true)
        }
      })

      it('kit:verify reads the generated repository as it should: repository checks pass, deploy and promotion recognised', async () => {
        const {repository, desired, configNotes} = await gatherRepository(dir)
        expect(repository.detection?.framework).to.equal(framework)
        const results = runChecks(assembleEvidence({repository, desired, configNotes, stages: ['staging', 'production']}), {local: true})
        expect(results.filter(r => r.status !== 'pass').map(r => `${r.id}: ${r.status} ${r.evidence.join('; ')}`)).to.deep.equal([])
        const apps = {staging: generation.stagingApp, production: generation.productionApp}
        const {workflows, errors} = await readWorkflows(dir)
        expect(errors).to.deep.equal([])
        const deploy = workflows.find(w => w.file.endsWith('deploy-staging.yml'))!
        const deployJob = deploy.jobs.find(j => j.id === 'deploy')!
        expect(jobTarget(deploy, deployJob, apps)).to.deep.equal({deploys: true, promotes: false, stages: ['staging']})
        expect(runsOnBranch(deploy, deployJob, 'main')).to.equal(true)
        const promote = workflows.find(w => w.file.endsWith('promote-production.yml'))!
        expect(jobTarget(promote, promote.jobs[0], apps)).to.deep.equal({deploys: true, promotes: true, stages: ['production']})
        expect(promote.jobs[0].environment).to.equal('production')
        expect(runsAutomatically(promote)).to.equal(false)
        const ci = workflows.find(w => w.file.endsWith('ci.yml'))!
        expect(jobTarget(ci, ci.jobs[0], apps).deploys).to.equal(false)
        const plan = workflows.find(w => w.file.endsWith('plan.yml'))!
        expect(jobTarget(plan, plan.jobs[0], apps).deploys).to.equal(false)
      })

      it('is deterministic: generating again gives byte-identical files and a plan with nothing to write', async () => {
        const again = await generate(dir)
        expect(again.files.map(f => [f.path, f.content])).to.deep.equal(generation.files.map(f => [f.path, f.content]))
        const plan = await planFiles(dir, again.files)
        expect(plan.files.map(f => `${f.path}:${f.action}`)).to.deep.equal(plan.files.map(f => `${f.path}:unchanged`))
      })
    })
  }
})

describe('kit:init --generation fir', function () {
  this.timeout(60_000)
  after(cleanTemps)

  it('writes project.toml instead of app.json buildpacks, Fir sizes, and a heroku-kit.yml that plans on a Fir space with no error', async () => {
    const dir = await copyFixture('express')
    const generation = await generate(dir, {generation: 'fir'})
    await applyPlan(dir, await planFiles(dir, generation.files))
    expect(await read(dir, 'project.toml'))
      .to.include('schema-version = "0.2"')
      .and.include('[[io.buildpacks.group]]\nid = "heroku/nodejs"\n')
    const appJson = JSON.parse(await read(dir, 'app.json')) as Record<string, unknown>
    // no buildpacks, no stack; no formation either: app.json's schema knows only Cedar sizes, heroku-kit.yml declares the stages'
    expect([appJson.buildpacks, appJson.stack, appJson.formation]).to.deep.equal([undefined, undefined, undefined])
    expect((await appJsonSchema())(appJson)).to.equal(true)
    // the user names the space and its team (kit:init reads nothing from Heroku): the commented lines say where
    const pipelineText = await read(dir, 'heroku-kit.yml')
    expect(pipelineText).to.include('# space: my-fir-space').and.include('# team: my-team').and.not.include('preboot: true')
    await writeFile(
      path.join(dir, 'heroku-kit.yml'),
      pipelineText.replace('# team: my-team', 'team: acme').replaceAll('# space: my-fir-space', 'space: my-fir-space'),
    )
    const desired = await buildDesiredState(await loadProject(dir), {})
    for (const stage of desired.stages) {
      expect(Object.values(stage.formation).map(f => f.size)).to.satisfy((sizes: string[]) => sizes.every(size => size === 'dyno-1c-0.5gb'))
      expect(stage.buildpacks).to.deep.equal([])
    }

    const plan = planBootstrap(desired, {
      account: {id: 'user-1', email: 'dev@example.com'},
      owner: {id: 'team-1', type: 'team'},
      pipelines: [],
      stages: {staging: emptyCurrentStage('missing'), production: emptyCurrentStage('missing')},
      reviewConfig: {},
      github: {checked: false},
      spaces: {'my-fir-space': {id: 'space-1', name: 'my-fir-space', generation: 'fir', team: {name: 'acme'}, region: {name: 'us'}}},
      generations: {fir: {id: 'gen-fir', name: 'fir', unsupported_features: ['preboot']}},
    })
    expect(plan.errors).to.deep.equal([])
    expect(plan.steps.find(s => s.id === 'production.preboot')?.action).to.equal('skip')
  })
})
