import {mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'

import type {AddonAttachment, LogDrain} from '../../../src/lib/api/heroku-api.js'
import type {CurrentStage} from '../../../src/lib/converge/current.js'
import {buildDesiredState} from '../../../src/lib/converge/desired.js'
import {planBootstrap} from '../../../src/lib/converge/plan.js'
import {applyImport, planImport} from '../../../src/lib/import/import.js'
import type {LivePipeline} from '../../../src/lib/import/read.js'
import {loadProject} from '../../../src/lib/manifest/project.js'
import type {StageName} from '../../../src/lib/manifest/types.js'
import {currentState, liveStage} from '../verify/fixture.js'

function attachmentsOf(stage: CurrentStage): AddonAttachment[] {
  return stage.addons.map(
    a =>
      ({
        id: `${a.id}-att`,
        name: a.config_vars?.[0]?.replace(/_(?:URL|API_TOKEN|LICENSE_KEY|DSN)$/, '') ?? a.addon_service.name.toUpperCase().replaceAll('-', '_'),
        addon: {id: a.id, name: a.name, app: {name: stage.app!.name}},
      }) as AddonAttachment,
  )
}

function live(stages: Partial<Record<StageName, CurrentStage>>, extra: Partial<LivePipeline> = {}): LivePipeline {
  const state = currentState({staging: stages.staging ?? liveStage('staging'), production: stages.production ?? liveStage('production')})
  return {
    pipeline: {id: 'pipeline-id', name: 'shop'} as LivePipeline['pipeline'],
    repo: 'acme/shop',
    reviewAppConfig: state.reviewAppConfig,
    reviewConfigKeys: [],
    stages: (['staging', 'production'] as const)
      .filter(name => stages[name])
      .map(name => ({name, current: stages[name]!, attachments: attachmentsOf(stages[name]!)})),
    unmanaged: [],
    ...extra,
  }
}

const SECRET_DRAIN = 'https://logs.example.com/in?token=s3cr3t-token'

describe('kit:import (planImport, applyImport)', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kit-import-'))
  })
  afterEach(async () => {
    await rm(dir, {recursive: true, force: true})
  })

  async function roundTrip(stages: Record<StageName, CurrentStage>) {
    const project = await loadProject(dir)
    const desired = await buildDesiredState(project)
    return planBootstrap(desired, currentState(stages))
  }

  it('round trip: right after an import with --pull-config, the bootstrap plan has nothing to create, change or report as drift', async () => {
    const production = liveStage('production', {drains: [...liveStage('production').drains, {id: 'd-2', url: SECRET_DRAIN, addon: null} as LogDrain]})
    const stages = {staging: liveStage('staging'), production}
    const plan = await planImport(dir, live(stages), {pullConfig: true, force: false})
    expect(plan.files.files.map(f => `${f.path}:${f.action}`)).to.deep.equal(['heroku-kit.yml:create', 'app.json:create', '.gitignore:create'])
    await applyImport(dir, plan)
    const bootstrap = await roundTrip(stages)
    const notUnchanged = bootstrap.steps.filter(s => s.action !== 'unchanged').map(s => `${s.id} ${s.action}: ${s.summary}`)
    expect(bootstrap.errors).to.deep.equal([])
    expect(notUnchanged).to.deep.equal([])
    expect(bootstrap.steps.map(s => s.id)).to.include.members([
      'production.addon.DATABASE',
      'production.formation',
      'production.domain.www.shop.example',
      'production.acm',
      'production.backups',
      'production.preboot',
      'production.drain.1',
      'staging.auto-deploy',
      'pipeline.review-apps',
    ])
  })

  it('round trip of a container app (heroku.yml in the repository): the container stack, no buildpacks, nothing to change', async () => {
    const container = (name: StageName): CurrentStage => {
      const stage = liveStage(name, {buildpacks: []})
      return {...stage, app: {...stage.app!, build_stack: {id: 'container-id', name: 'container'}, stack: {id: 'container-id', name: 'container'}}}
    }

    const stages = {staging: container('staging'), production: container('production')}
    await writeFile(path.join(dir, 'heroku.yml'), 'build:\n  docker:\n    web: Dockerfile\n')
    await applyImport(dir, await planImport(dir, live(stages), {pullConfig: true, force: false}))
    const bootstrap = await roundTrip(stages)
    expect(bootstrap.errors).to.deep.equal([])
    expect(bootstrap.steps.filter(s => s.action !== 'unchanged').map(s => `${s.id} ${s.action}: ${s.summary}`)).to.deep.equal([])
    expect(bootstrap.steps.map(s => s.id)).to.not.include.members(['staging.buildpacks', 'production.buildpacks'])
    // the same repository against an app still on a buildpack stack: reported, not changed
    const onHeroku24 = {...stages.production, app: {...stages.production.app!, build_stack: {id: 'h24', name: 'heroku-24'}}}
    const drift = await roundTrip({...stages, production: onHeroku24})
    expect(drift.steps.filter(s => s.action !== 'unchanged').map(s => `${s.id}:${s.action}`)).to.deep.equal(['production.stack:drift'])
  })

  it('never writes a credential into a committed file: a drain with a token becomes ${LOG_DRAIN_URL}, its URL goes to the 0600 .env file', async () => {
    const production = liveStage('production', {drains: [{id: 'd-2', url: SECRET_DRAIN, addon: null} as LogDrain]})
    await applyImport(dir, await planImport(dir, live({staging: liveStage('staging'), production}), {pullConfig: true, force: false}))
    const yml = await readFile(path.join(dir, 'heroku-kit.yml'), 'utf8')
    expect(yml).to.include('- ${LOG_DRAIN_URL}').and.not.include('s3cr3t')
    expect(await readFile(path.join(dir, 'app.json'), 'utf8'))
      .to.not.include('s3cr3t')
      .and.not.include('generated-secret-value')
    const env = await readFile(path.join(dir, '.env.production'), 'utf8')
    expect(env).to.include(`LOG_DRAIN_URL='${SECRET_DRAIN}'`).and.include('SECRET_KEY=generated-secret-value').and.not.include('DATABASE_URL')
    expect((await stat(path.join(dir, '.env.production'))).mode & 0o777).to.equal(0o600)
    expect(await readFile(path.join(dir, '.gitignore'), 'utf8')).to.include('.env.*')
  })

  it('without --pull-config writes no value: config keys are declared in app.json without values, a drain secret is an instruction', async () => {
    const production = liveStage('production', {drains: [{id: 'd-2', url: SECRET_DRAIN, addon: null} as LogDrain]})
    const plan = await planImport(dir, live({staging: liveStage('staging'), production}), {pullConfig: false, force: false})
    expect(plan.dotenv).to.deep.equal([])
    expect(plan.notes.join('\n')).to.include('put the URL (heroku drains -a shop) in .env.production as LOG_DRAIN_URL=')
    const appJson = JSON.parse(plan.files.files.find(f => f.path === 'app.json')!.content)
    expect(appJson.env.API_URL).to.deep.equal({description: 'set on shop-staging and shop (the value stays on Heroku)', required: false})
    expect(appJson.env).to.not.have.property('DATABASE_URL')
    expect(JSON.stringify(plan.files.files.map(f => f.content)))
      .to.not.include('s3cr3t')
      .and.not.include('api.partner.example')
    await applyImport(dir, plan)
    const bootstrap = await roundTrip({staging: liveStage('staging'), production})
    // the unresolved drain reference needs the user; nothing is created or changed
    expect(bootstrap.steps.filter(s => s.action !== 'unchanged').map(s => `${s.id}:${s.action}`)).to.deep.equal(['production.drain.LOG_DRAIN_URL:manual'])
  })

  it("without --pull-config, a Fir app's telemetry header is an instruction naming its ${NAME} and where to read it (issue 23)", async () => {
    const fir = {generation: {id: 'fir-id', name: 'fir'}} as never
    const telemetry = [
      {
        id: 't-1',
        owner: {id: 'shop-id', type: 'app' as const},
        signals: ['logs' as const],
        exporter: {type: 'otlphttp' as const, endpoint: 'https://api.honeycomb.io', headers: {'x-honeycomb-team': 'hc-s3cr3t-0123456789'}},
      },
    ]
    const production = liveStage('production', {app: {...liveStage('production').app!, ...(fir as object)}, telemetry})
    const plan = await planImport(dir, live({staging: liveStage('staging'), production}), {pullConfig: false, force: false})
    expect(plan.notes.join('\n'))
      .to.include('a telemetry header may hold a credential, so heroku-kit.yml names its value ${TELEMETRY_X_HONEYCOMB_TEAM}')
      .and.include('heroku telemetry -a shop')
      .and.not.include('hc-s3cr3t')
    expect(plan.files.files.find(f => f.path === 'heroku-kit.yml')!.content)
      .to.include('x-honeycomb-team: ${TELEMETRY_X_HONEYCOMB_TEAM}')
      .and.not.include('hc-s3cr3t')
  })

  it('a partial pipeline (production only) names the staging app kit:bootstrap will create', async () => {
    const plan = await planImport(dir, live({production: liveStage('production')}), {pullConfig: false, force: false})
    expect(plan.missingStages).to.deep.equal(['staging'])
    const yml = plan.files.files.find(f => f.path === 'heroku-kit.yml')!.content
    expect(yml).to.match(/staging:\n {4}app: shop-staging\n/)
    await applyImport(dir, plan)
    const bootstrap = await roundTrip({
      staging: {
        ...liveStage('staging'),
        access: 'missing',
        app: undefined,
        coupling: undefined,
        addons: [],
        config: {},
        formation: [],
        domains: [],
        drains: [],
        schedules: undefined,
        githubLink: undefined,
      },
      production: liveStage('production'),
    })
    expect(bootstrap.steps.filter(s => s.action === 'create').map(s => s.id)).to.include.members(['staging.app', 'staging.coupling'])
    expect(bootstrap.steps.filter(s => s.group === 'production' && s.action !== 'unchanged')).to.deep.equal([])
  })

  it('lists what it cannot declare instead of dropping it', async () => {
    const production = liveStage('production', {githubLink: {auto_deploy: true, branch: 'main'}})
    const plan = await planImport(
      dir,
      live(
        {staging: liveStage('staging'), production},
        {
          reviewConfigKeys: ['REVIEW_TOKEN'],
          unmanaged: [{scope: 'staging', what: 'second staging app shop-staging-2 (shop-staging is the one declared)', why: 'one app per stage'}],
        },
      ),
      {pullConfig: false, force: false},
    )
    const listed = plan.unmanaged.map(u => `${u.scope}: ${u.what}`)
    expect(listed).to.include.members([
      'staging: second staging app shop-staging-2 (shop-staging is the one declared)',
      'production: production auto-deploys from main',
      'pipeline: review-app config vars REVIEW_TOKEN',
      'staging: log drain of add-on papertrail-shiny-12345',
    ])
  })

  it('merges into files the user wrote: keeps their keys, shows a diff, needs --force; a second import changes nothing', async () => {
    await writeFile(
      path.join(dir, 'app.json'),
      `${JSON.stringify({name: 'Shop', description: 'the shop', repository: 'https://github.com/acme/shop', scripts: {postdeploy: 'npm run seed'}, env: {API_URL: {description: 'mine', required: true}}}, null, 2)}\n`,
    )
    await writeFile(path.join(dir, 'heroku-kit.yml'), '# ours\npipeline: shop\nhealth_path: /up # the probe\nstages:\n  staging:\n    app: shop-staging\n')
    const stages = {staging: liveStage('staging'), production: liveStage('production')}
    const first = await planImport(dir, live(stages), {pullConfig: false, force: false})
    expect(first.files.conflicts.map(f => f.path)).to.deep.equal(['heroku-kit.yml', 'app.json'])
    expect(first.files.files.find(f => f.path === 'app.json')!.diff).to.include('+++ b/app.json (kit:import)')
    let failed: Error | undefined
    await applyImport(dir, first).catch((error: Error) => {
      failed = error
    })
    expect(failed?.message).to.include('2 file(s) exist with other content')
    await applyImport(dir, await planImport(dir, live(stages), {pullConfig: false, force: true}))
    const appJson = JSON.parse(await readFile(path.join(dir, 'app.json'), 'utf8'))
    expect(appJson).to.include({name: 'Shop', description: 'the shop', repository: 'https://github.com/acme/shop'})
    expect(appJson.scripts).to.deep.equal({postdeploy: 'npm run seed'})
    expect(appJson.env.API_URL).to.deep.equal({description: 'mine', required: true})
    const yml = await readFile(path.join(dir, 'heroku-kit.yml'), 'utf8')
    expect(yml)
      .to.match(/^# ours\n/)
      .and.include('health_path: /up # the probe')
    const second = await planImport(dir, live(stages), {pullConfig: false, force: false})
    expect(second.files.files.map(f => f.action)).to.deep.equal(['unchanged', 'unchanged'])
    expect(second.files.conflicts).to.deep.equal([])
  })
})
