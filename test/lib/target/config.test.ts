import {expect} from 'chai'

import {defaultPipelineFile} from '../../../src/lib/manifest/pipeline-file/index.js'
import {resolveConfigTarget, stageFromFileName, type TargetFlags} from '../../../src/lib/target/config.js'
import {rejectsWith} from '../manifest/helpers.js'
import {fakeHeroku, SHOP} from './fake-heroku.js'

describe('stageFromFileName', () => {
  it('infers the stage from the file name', () => {
    expect(stageFromFileName('.env.staging')).to.equal('staging')
    expect(stageFromFileName('config/.env.prod')).to.equal('production')
    expect(stageFromFileName('.env.production')).to.equal('production')
    expect(stageFromFileName('.env.review')).to.equal('review')
    expect(stageFromFileName('.env.test')).to.equal('test')
    expect(stageFromFileName('.env')).to.equal(undefined)
    expect(stageFromFileName('.env.local')).to.equal(undefined)
  })
})

describe('resolveConfigTarget (the app or pipeline stage of kit:config:sync and kit:config:pull)', () => {
  const cwd = '/repo'
  const pipelineFile = defaultPipelineFile('shop')
  const account = fakeHeroku({
    pipelines: [SHOP],
    apps: ['shop-staging'],
    couplings: [{pipeline: SHOP.id, app: 'shop-staging', stage: 'staging'}],
  })
  const resolve = (flags: TargetFlags, file: string, withFile = true) =>
    resolveConfigTarget({flags, file, cwd, pipelineFile: withFile ? pipelineFile : undefined, api: async () => account.heroku})

  beforeEach(() => {
    account.calls.length = 0
  })

  it('-a names the app; two ways of naming the target at once are refused', async () => {
    expect(await resolve({app: 'my-app'}, '/repo/.env.production')).to.deep.equal({kind: 'app', app: 'my-app', label: 'my-app'})
    const error = await rejectsWith(resolve({app: 'my-app', stage: 'staging'}, '/repo/.env'))
    expect([error.code, error.message]).to.deep.equal(['invalid_flags', 'Use only one of -a/--app, --pipeline/--stage to choose the target.'])
  })

  it('without flags: the stage from the file name, and its app from heroku-kit.yml, with no request', async () => {
    const production = pipelineFile.stages.production.app
    expect(await resolve({}, '/repo/.env.prod')).to.deep.equal({kind: 'app', app: production, label: production})
    expect(account.calls).to.deep.equal([])
    expect((await rejectsWith(resolve({}, '/repo/.env'))).code).to.equal('no_target')
  })

  it('--pipeline with a staging or production stage: the app the pipeline couples there', async () => {
    expect(await resolve({pipeline: 'shop', stage: 'staging'}, '/repo/.env')).to.deep.equal({kind: 'app', app: 'shop-staging', label: 'shop-staging'})
    expect(account.calls).to.deep.equal(['findPipelinesByName shop', `listPipelineCouplings ${SHOP.id}`])
  })

  it("review and test: the pipeline stage's config vars, from heroku-kit.yml's pipeline or --pipeline", async () => {
    const review = {kind: 'pipeline-stage', pipelineId: SHOP.id, pipelineName: 'shop', stage: 'review', label: 'shop (review stage)'}
    expect(await resolve({}, '/repo/.env.review')).to.deep.equal(review)
    expect(await resolve({pipeline: 'shop', stage: 'review'}, '/repo/.env', false)).to.deep.equal(review)
    expect((await rejectsWith(resolve({}, '/repo/.env.test', false))).code).to.equal('no_target')
    expect((await rejectsWith(resolve({stage: 'development'}, '/repo/.env'))).code).to.equal('invalid_flags')
  })
})
