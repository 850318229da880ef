import {expect} from 'chai'

import {type Emulator, startEmulator} from '../src/index.js'
import {client} from './client.js'

describe('emulator: promotions, rollback and app health', () => {
  let emulator: Emulator
  let call: ReturnType<typeof client>

  beforeEach(async () => {
    emulator = await startEmulator({timings: 'instant', seed: 11})
    call = client(emulator)
    const pipeline = emulator.state.createPipeline({name: 'kit'})
    emulator.state.couple(emulator.state.createApp({name: 'kit-staging'}), pipeline, 'staging')
    emulator.state.couple(emulator.state.createApp({name: 'kit-prod'}), pipeline, 'production')
  })
  afterEach(() => emulator.close())

  const ids = () => {
    const pipeline = [...emulator.state.pipelines.values()][0]
    return {pipeline: pipeline.id, prod: emulator.state.findApp('kit-prod')!.id, staging: emulator.state.findApp('kit-staging')!.id}
  }

  const promote = (body?: Record<string, unknown>) => {
    const {pipeline, prod, staging} = ids()
    return call('POST', '/pipeline-promotions', body ?? {pipeline: {id: pipeline}, source: {app: {id: staging}}, targets: [{app: {id: prod}}]})
  }

  describe('promotions', () => {
    it("copies the source's current slug (not its config vars) to each target as a new release", async () => {
      const deployed = emulator.state.deploy('kit-staging', {processTypes: {web: 'npm start'}})
      emulator.state.setConfigVars('kit-staging', {STAGING_ONLY: '1'})
      emulator.state.setConfigVars('kit-prod', {PROD_ONLY: '1'})
      const res = await promote()
      expect(res.status).to.equal(201)
      expect(res.body.status).to.equal('pending')
      expect(res.body.source.release.id).to.be.a('string')
      const targets = await call('GET', `/pipeline-promotions/${res.body.id}/promotion-targets`)
      expect(targets.body).to.have.length(1)
      expect(targets.body[0]).to.include({error_message: null, status: 'succeeded'})
      const release = await call('GET', `/apps/kit-prod/releases/${targets.body[0].release.id}`)
      expect(release.body).to.include({current: true, description: 'Promote kit-staging v4'})
      expect(release.body.slug.id).to.equal(deployed.slugId)
      expect((await call('GET', '/apps/kit-prod/config-vars')).body).to.deep.equal({PROD_ONLY: '1'})
      expect((await call('GET', `/pipeline-promotions/${res.body.id}`)).body.status).to.equal('completed')
      expect((await call('GET', '/apps/kit-prod/formation')).body.map((f: {type: string}) => f.type)).to.deep.equal(['web'])
    })

    it('runs the release phase on each target; target status follows the release', async () => {
      emulator.state.deploy('kit-staging', {processTypes: {release: 'migrate', web: 'npm start'}})
      await call('GET', '/apps/kit-staging/releases')
      await call('GET', '/apps/kit-staging/releases')
      emulator.state.setReleasePhase('kit-prod', 'fails')
      const res = await promote()
      const first = await call('GET', `/pipeline-promotions/${res.body.id}/promotion-targets`)
      expect(first.body[0]).to.include({status: 'pending'})
      expect(first.body[0].release).to.be.an('object')
      const second = await call('GET', `/pipeline-promotions/${res.body.id}/promotion-targets`)
      expect(second.body[0].status).to.equal('failed')
      expect(second.body[0].error_message).to.be.a('string')
      const release = await call('GET', `/apps/kit-prod/releases/${second.body[0].release.id}`)
      expect(release.body).to.include({current: false, status: 'failed'})
    })

    it('pins source.release.id when given and validates the body', async () => {
      const v3 = emulator.state.deploy('kit-staging', {processTypes: {web: 'v1'}})
      emulator.state.deploy('kit-staging', {processTypes: {web: 'v2'}})
      const {pipeline, prod, staging} = ids()
      const pinned = await promote({pipeline: {id: pipeline}, source: {app: {id: staging}, release: {id: v3.id}}, targets: [{app: {id: prod}}]})
      expect(pinned.body.source.release.id).to.equal(v3.id)
      expect(emulator.state.currentSlug(emulator.state.findApp('kit-prod')!)!.processTypes).to.deep.equal({web: 'v1'})
      expect((await promote({pipeline: {id: pipeline}, source: {app: {id: staging}}, targets: []})).status).to.equal(422)
      const outsider = emulator.state.createApp({name: 'outsider'})
      expect((await promote({pipeline: {id: pipeline}, source: {app: {id: staging}}, targets: [{app: {id: outsider.id}}]})).status).to.equal(422)
    })

    it('refuses to promote an app that has nothing deployed', async () => {
      const res = await promote()
      expect(res.status).to.equal(422)
    })
  })

  describe('rollback', () => {
    it('creates a new release with the old slug and config vars; attachment vars stay', async () => {
      const v3 = emulator.state.deploy('kit-prod', {processTypes: {web: 'old'}})
      emulator.state.setConfigVars('kit-prod', {A: '1'})
      emulator.state.deploy('kit-prod', {processTypes: {web: 'new', worker: 'w'}})
      emulator.state.setConfigVars('kit-prod', {A: '2', B: '3'})
      emulator.state.addAddon('kit-prod', 'sentry:f1')
      const res = await call('POST', '/apps/kit-prod/releases', {release: v3.id}, {variant: 'sdk'})
      expect(res.status).to.equal(201)
      expect(res.body).to.include({current: true, description: `Rollback to v${v3.version}`})
      expect(res.body.slug.id).to.equal(v3.slugId)
      const vars = (await call('GET', '/apps/kit-prod/config-vars')).body
      expect(vars).to.have.keys(['SENTRY_DSN'])
      expect((await call('GET', '/apps/kit-prod/formation')).body.map((f: {type: string}) => f.type)).to.deep.equal(['web'])
      expect((await call('POST', '/apps/kit-prod/releases', {release: String(v3.version)})).status).to.equal(404)
    })

    it('runs the release phase again when the slug has one', async () => {
      const v3 = emulator.state.deploy('kit-prod', {processTypes: {release: 'migrate', web: 'old'}})
      await call('GET', '/apps/kit-prod/releases')
      await call('GET', '/apps/kit-prod/releases')
      emulator.state.deploy('kit-prod', {processTypes: {web: 'new'}})
      const res = await call('POST', '/apps/kit-prod/releases', {release: v3.id})
      expect(res.body.status).to.equal('pending')
      expect(res.body.output_stream_url).to.be.a('string')
    })
  })

  describe('app web traffic', () => {
    it('answers 503 before a deploy, 200 after, and follows setHealth (last status repeats)', async () => {
      const url = `${emulator.url}/__apps/kit-prod/health`
      expect((await fetch(url)).status).to.equal(503)
      emulator.state.deploy('kit-prod', {processTypes: {web: 'npm start'}})
      const ok = await fetch(url)
      expect(ok.status).to.equal(200)
      expect(await ok.json()).to.include({app: 'kit-prod', status: 'ok'})
      emulator.state.setHealth('kit-prod', [503, 500, 200])
      const statuses: number[] = []
      for (let i = 0; i < 5; i++) statuses.push((await fetch(url)).status)
      expect(statuses).to.deep.equal([503, 500, 200, 200, 200])
      expect(emulator.log.at(-1)).to.include({host: 'app', path: '/__apps/kit-prod/health'})
      expect((await fetch(`${emulator.url}/__apps/nope-app/`)).status).to.equal(404)
    })

    it("each app's web_url points at its web traffic path", async () => {
      const app = await call('GET', '/apps/kit-prod')
      expect(app.body.web_url).to.equal(`${emulator.url}/__apps/kit-prod/`)
    })
  })

  it('snapshot() gives a plain view for deep-equal assertions', async () => {
    emulator.state.deploy('kit-staging', {processTypes: {web: 'npm start'}})
    const before = emulator.state.snapshot()
    await call('GET', '/apps/kit-staging')
    expect(emulator.state.snapshot()).to.deep.equal(before)
    await call('PATCH', '/apps/kit-staging/config-vars', {A: '1'})
    expect(emulator.state.snapshot()).to.not.deep.equal(before)
    const withoutIds = JSON.stringify(emulator.state.snapshot({ids: false}))
    expect(withoutIds).to.not.match(/"id":/)
  })
})
