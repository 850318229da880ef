import {expect} from 'chai'

import {defaultPipelineFile} from '../../../src/lib/manifest/pipeline-file/index.js'
import {resolveStageTarget} from '../../../src/lib/target/stage.js'
import {rejectsWith} from '../manifest/helpers.js'
import {fakeHeroku} from './fake-heroku.js'

describe('resolveStageTarget (the app a day-two command works on)', () => {
  const pipelineFile = defaultPipelineFile('shop')
  const {staging, production} = pipelineFile.stages

  it('--stage names a stage of heroku-kit.yml; -a an app, which is that stage when a stage names it', async () => {
    const {heroku} = fakeHeroku({apps: [staging.app, production.app, 'other']})
    const byStage = await resolveStageTarget(heroku, pipelineFile, {stage: 'staging'})
    expect([byStage.stage?.name, byStage.app.name]).to.deep.equal(['staging', staging.app])
    const byApp = await resolveStageTarget(heroku, pipelineFile, {app: production.app})
    expect([byApp.stage?.name, byApp.app.name]).to.deep.equal(['production', production.app])
    const both = await resolveStageTarget(heroku, pipelineFile, {app: production.app, stage: 'production'})
    expect(both.app.name).to.equal(production.app)
  })

  it('without --stage or -a: the default stage when the command has one, else no_target', async () => {
    const {heroku, calls} = fakeHeroku({apps: [production.app]})
    expect((await resolveStageTarget(heroku, pipelineFile, {}, {defaultStage: 'production'})).stage?.name).to.equal('production')
    calls.length = 0
    expect((await rejectsWith(resolveStageTarget(heroku, pipelineFile, {}))).code).to.equal('no_target')
    expect(calls).to.deep.equal([])
  })

  it('an app no stage names only when the command takes any app (appWithoutStage); then it has no stage', async () => {
    const {heroku, calls} = fakeHeroku({apps: ['other']})
    const error = await rejectsWith(resolveStageTarget(heroku, pipelineFile, {app: 'other'}))
    expect(error.code).to.equal('app_not_in_pipeline_file')
    expect(error.message).to.include(`staging is ${staging.app}, production is ${production.app}`)
    expect(calls, 'refused before any request').to.deep.equal([])
    const target = await resolveStageTarget(heroku, pipelineFile, {app: 'other'}, {appWithoutStage: true})
    expect([target.stage, target.app.name]).to.deep.equal([undefined, 'other'])
  })

  it('refuses --stage and -a that disagree, and an unknown stage, before any request', async () => {
    const {heroku, calls} = fakeHeroku({apps: [staging.app, production.app]})
    const mismatch = await rejectsWith(resolveStageTarget(heroku, pipelineFile, {app: staging.app, stage: 'production'}))
    expect(mismatch.code).to.equal('target_mismatch')
    expect(mismatch.message).to.include(`names ${production.app} for production`)
    expect((await rejectsWith(resolveStageTarget(heroku, pipelineFile, {stage: 'review'}))).code).to.equal('invalid_flags')
    expect(calls).to.deep.equal([])
  })

  it('an app that does not exist on Heroku is app_not_found', async () => {
    const {heroku} = fakeHeroku({apps: []})
    const error = await rejectsWith(resolveStageTarget(heroku, pipelineFile, {stage: 'staging'}))
    expect([error.code, error.message]).to.deep.equal(['app_not_found', `Couldn't find the app ${staging.app} on Heroku.`])
  })
})
