import {expect} from 'chai'

import type {Pipeline} from '../../../src/lib/api/heroku-api.js'
import {defaultPipelineFile} from '../../../src/lib/manifest/pipeline-file/index.js'
import {appAtStage, resolvePipeline, resolvePipelineApps} from '../../../src/lib/target/pipeline.js'
import {rejectsWith} from '../manifest/helpers.js'
import {fakeHeroku, SHOP} from './fake-heroku.js'

describe('resolvePipeline', () => {
  it('finds a pipeline by id, or by its name when the name is unique', async () => {
    const {heroku, calls} = fakeHeroku({pipelines: [SHOP]})
    expect(await resolvePipeline(heroku, SHOP.id)).to.equal(SHOP)
    expect(await resolvePipeline(heroku, 'shop')).to.equal(SHOP)
    expect(calls).to.deep.equal([`findPipeline ${SHOP.id}`, 'findPipelinesByName shop'])
  })

  it('no pipeline is pipeline_not_found; a name several pipelines share is pipeline_ambiguous, listing their ids', async () => {
    const twin = {id: '6a1d2c3b-0000-4000-8000-000000000001', name: 'shop', created_at: '2026-01-02T00:00:00Z'} as Pipeline
    const {heroku} = fakeHeroku({pipelines: [SHOP, twin]})
    expect((await rejectsWith(resolvePipeline(heroku, 'depot'))).code).to.equal('pipeline_not_found')
    expect((await rejectsWith(resolvePipeline(heroku, '6a1d2c3b-0000-4000-8000-00000000ffff'))).code).to.equal('pipeline_not_found')
    const ambiguous = await rejectsWith(resolvePipeline(heroku, 'shop'))
    expect(ambiguous.code).to.equal('pipeline_ambiguous')
    expect(ambiguous.message).to.include(SHOP.id).and.include(`${twin.id}  created 2026-01-02T00:00:00Z`)
  })
})

describe('appAtStage', () => {
  it('is the one app the pipeline couples at the stage; none or several is an error that suggests -a', async () => {
    const {heroku} = fakeHeroku({
      apps: ['shop-staging', 'shop-prod', 'shop-prod-eu'],
      couplings: [
        {pipeline: SHOP.id, app: 'shop-staging', stage: 'staging'},
        {pipeline: SHOP.id, app: 'shop-prod', stage: 'production'},
        {pipeline: SHOP.id, app: 'shop-prod-eu', stage: 'production'},
      ],
    })
    expect(await appAtStage(heroku, SHOP, 'staging')).to.equal('shop-staging')
    const several = await rejectsWith(appAtStage(heroku, SHOP, 'production'))
    expect([several.code, several.suggestion]).to.deep.equal(['stage_ambiguous', 'Pass the one you mean with -a APP.'])
    const {heroku: empty} = fakeHeroku({})
    const none = await rejectsWith(appAtStage(empty, SHOP, 'staging'))
    expect([none.code, none.message]).to.deep.equal(['stage_empty', 'Pipeline shop has no app at stage staging.'])
    expect(none.suggestion).to.include('pass the app with -a')
  })
})

describe('resolvePipelineApps (what kit:promote promotes from and to)', () => {
  const declared = {...defaultPipelineFile('shop'), file: 'heroku-kit.yml'}
  const {staging, production} = declared.stages
  const coupled = (stagingApp: string, productionApp: string) =>
    fakeHeroku({
      pipelines: [SHOP],
      apps: [stagingApp, productionApp],
      couplings: [
        {pipeline: SHOP.id, app: stagingApp, stage: 'staging'},
        {pipeline: SHOP.id, app: productionApp, stage: 'production'},
      ],
    }).heroku

  it('the apps the pipeline couples at staging and production, when they are the ones heroku-kit.yml declares', async () => {
    const apps = await resolvePipelineApps(coupled(staging.app, production.app), declared)
    expect([apps.pipeline.id, apps.staging.name, apps.production.name]).to.deep.equal([SHOP.id, staging.app, production.app])
  })

  it('refuses a coupled app heroku-kit.yml does not declare (stage_mismatch); without heroku-kit.yml the pipeline decides', async () => {
    const error = await rejectsWith(resolvePipelineApps(coupled(staging.app, 'someone-else'), declared))
    expect(error.code).to.equal('stage_mismatch')
    expect(error.message).to.equal(`Pipeline shop has someone-else at stage production, but heroku-kit.yml declares ${production.app}.`)
    const apps = await resolvePipelineApps(coupled(staging.app, 'someone-else'), {...declared, file: undefined})
    expect(apps.production.name).to.equal('someone-else')
  })

  it('an empty stage suggests kit:bootstrap adding the declared app; a pipeline id naming another pipeline is refused', async () => {
    const {heroku} = fakeHeroku({pipelines: [SHOP], apps: [staging.app], couplings: [{pipeline: SHOP.id, app: staging.app, stage: 'staging'}]})
    const empty = await rejectsWith(resolvePipelineApps(heroku, declared))
    expect([empty.code, empty.suggestion]).to.deep.equal(['stage_empty', `Run \`heroku kit:bootstrap\` to add ${production.app} there. Nothing was sent.`])
    const other = {id: '6a1d2c3b-0000-4000-8000-000000000002', name: 'depot'} as Pipeline
    const {heroku: withOther} = fakeHeroku({pipelines: [SHOP, other]})
    expect((await rejectsWith(resolvePipelineApps(withOther, declared, {pipelineId: other.id}))).code).to.equal('pipeline_mismatch')
  })
})
