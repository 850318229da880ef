import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'
import nock from 'nock'

import {applyOperation} from '../../../../src/lib/converge/apply.js'
import {buildDesiredState, type DesiredState} from '../../../../src/lib/converge/desired.js'
import {planBootstrap} from '../../../../src/lib/converge/plan.js'
import {loadProject} from '../../../../src/lib/manifest/project.js'
import {currentState, liveStage} from '../../verify/fixture.js'
import {applierRun, useStrictNock} from '../../../support/applier.js'

const PIPELINE_FILE = `pipeline: shop
stages:
  staging:
    app: shop-staging
  production:
    app: shop
`

function onStack(name: 'production' | 'staging', stack: string) {
  const stage = liveStage(name)
  return {...stage, app: {...stage.app!, build_stack: {id: `${stack}-id`, name: stack}, stack: {id: `${stack}-id`, name: stack}}}
}

function missing(name: 'production' | 'staging') {
  return {
    ...liveStage(name),
    access: 'missing' as const,
    app: undefined,
    coupling: undefined,
    buildpacks: [],
    addons: [],
    config: {},
    owned: new Map(),
    formation: [],
    domains: [],
    drains: [],
    schedules: undefined,
    githubLink: undefined,
  }
}

describe('converge resource: app (the container stack, issue 13)', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kit-stack-'))
    await writeFile(path.join(dir, 'heroku-kit.yml'), PIPELINE_FILE)
  })
  afterEach(async () => {
    await rm(dir, {recursive: true, force: true})
  })

  async function desired(): Promise<DesiredState> {
    return buildDesiredState(await loadProject(dir))
  }

  it('declares the container stack for a repository with heroku.yml, and no buildpacks', async () => {
    await writeFile(path.join(dir, 'app.json'), JSON.stringify({buildpacks: [{url: 'heroku/nodejs'}]}))
    expect((await desired()).stages.map(s => [s.stack, s.buildpacks])).to.deep.equal([
      [undefined, ['heroku/nodejs']],
      [undefined, ['heroku/nodejs']],
    ])
    await writeFile(path.join(dir, 'heroku.yml'), 'build:\n  docker:\n    web: Dockerfile\n')
    expect((await desired()).stages.map(s => [s.stack, s.buildpacks])).to.deep.equal([
      ['container', []],
      ['container', []],
    ])
  })

  it('declares the container stack when app.json says "stack": "container"', async () => {
    await writeFile(path.join(dir, 'app.json'), JSON.stringify({stack: 'container'}))
    expect((await desired()).stages.map(s => s.stack)).to.deep.equal(['container', 'container'])
  })

  it('creates a new app on the declared stack', async () => {
    await writeFile(path.join(dir, 'heroku.yml'), 'build:\n  docker:\n    web: Dockerfile\n')
    const plan = planBootstrap(await desired(), currentState({staging: missing('staging'), production: missing('production')}))
    const create = plan.steps.find(s => s.id === 'production.app')!
    expect(create.operation).to.deep.equal({kind: 'create-app', stage: 'production', name: 'shop', region: undefined, team: undefined, stack: 'container'})
    expect(create.summary).to.equal('create app shop on the container stack')
    expect(plan.steps.map(s => s.id)).to.not.include.members(['production.buildpacks', 'production.stack'])
  })

  it('reports an existing app on another stack as drift, with the fix, and changes nothing', async () => {
    await writeFile(path.join(dir, 'heroku.yml'), 'build:\n  docker:\n    web: Dockerfile\n')
    const plan = planBootstrap(await desired(), currentState({staging: onStack('staging', 'container'), production: onStack('production', 'heroku-24')}))
    const drift = plan.steps.filter(s => s.resource === 'app' && s.action !== 'unchanged')
    expect(drift).to.deep.equal([
      {
        id: 'production.stack',
        group: 'production',
        resource: 'app',
        action: 'drift',
        summary: 'shop is on the heroku-24 stack, declared container',
        details: ['heroku stack:set container -a shop, then deploy (the stack changes with the next build).'],
        dependsOn: ['production.app'],
      },
    ])
    expect(plan.steps.map(s => s.id)).to.not.include('staging.stack')
    expect(plan.steps.indexOf(drift[0])).to.equal(plan.steps.findIndex(s => s.id === 'production.app') + 1)
  })

  it('plans nothing about the stack when none is declared, whatever the app runs', async () => {
    const plan = planBootstrap(await desired(), currentState({staging: onStack('staging', 'heroku-24'), production: onStack('production', 'container')}))
    expect(plan.steps.filter(s => s.id.endsWith('.stack'))).to.deep.equal([])
  })

  describe('applying create-app', () => {
    useStrictNock()

    const run = applierRun

    it("sends the stack in POST /apps (the schema's app create takes a stack name or id)", async () => {
      nock('https://api.heroku.com')
        .post('/apps', {name: 'shop', region: 'eu', stack: 'container'})
        .reply(201, {id: 'app-1', name: 'shop', build_stack: {name: 'container'}})
      const {clients, ctx} = run()
      const desired = {pipeline: 'shop', reviewConfig: {}, stages: []}
      await applyOperation({kind: 'create-app', stage: 'production', name: 'shop', region: 'eu', stack: 'container'}, clients, ctx, desired)
      expect(ctx.appIds).to.deep.equal({production: 'app-1'})
    })

    it('sends the stack in POST /teams/apps for a team app, and no stack when none is declared', async () => {
      nock('https://api.heroku.com')
        .post('/teams/apps', {name: 'shop', team: 'acme', stack: 'container'})
        .reply(201, {id: 'app-1', name: 'shop'})
        .post('/apps', {name: 'shop-staging'})
        .reply(201, {id: 'app-2', name: 'shop-staging'})
      const {clients, ctx} = run()
      const desired = {pipeline: 'shop', reviewConfig: {}, stages: []}
      await applyOperation({kind: 'create-app', stage: 'production', name: 'shop', team: 'acme', stack: 'container'}, clients, ctx, desired)
      await applyOperation({kind: 'create-app', stage: 'staging', name: 'shop-staging'}, clients, ctx, desired)
      expect(ctx.appIds).to.deep.equal({production: 'app-1', staging: 'app-2'})
    })
  })
})
