import {expect} from 'chai'
import nock from 'nock'

import {applyOperation} from '../../../../src/lib/converge/apply.js'
import {keptPipeline, type NamedPipeline, SAME_SECOND_SETTLE_MS} from '../../../../src/lib/converge/resources/pipeline.js'
import {applierRun, useStrictNock} from '../../../support/applier.js'

const pipeline = (id: string, createdAt: string, coupledApps?: number): NamedPipeline => ({
  id,
  name: 'shop',
  created_at: createdAt,
  ...(coupledApps === undefined ? {} : {coupledApps}),
})

describe('converge resource: pipeline (two runs at once, issue 18)', () => {
  describe('keptPipeline: the rule every run applies alone and all agree on', () => {
    it('one pipeline: that one; none: none', () => {
      expect(keptPipeline([pipeline('p1', '2026-12-07T10:00:00Z')])?.id).to.equal('p1')
      expect(keptPipeline([])).to.equal(undefined)
    })

    it('several empty ones: the oldest by created_at, then by id — whatever order they are listed in', () => {
      const a = pipeline('bbb', '2026-12-07T10:00:01Z', 0)
      const b = pipeline('aaa', '2026-12-07T10:00:02Z', 0)
      const c = pipeline('ccc', '2026-12-07T10:00:01Z', 0)
      expect(keptPipeline([a, b, c])?.id).to.equal('bbb')
      expect(keptPipeline([c, b, a])?.id).to.equal('bbb')
    })

    it('the one that couples apps, even when it is not the oldest; several with apps: none (the user chooses)', () => {
      expect(keptPipeline([pipeline('old', '2026-01-01T00:00:00Z', 0), pipeline('new', '2026-12-07T00:00:00Z', 2)])?.id).to.equal('new')
      expect(keptPipeline([pipeline('one', '2026-01-01T00:00:00Z', 1), pipeline('two', '2026-12-07T00:00:00Z', 2)])).to.equal(undefined)
    })
  })

  describe('applying create-pipeline', () => {
    useStrictNock()

    const run = applierRun

    const op = {kind: 'create-pipeline', name: 'shop', owner: {id: 'u1', type: 'user'}} as const
    const desired = {pipeline: 'shop', reviewConfig: {}, stages: []}
    const older = {id: 'p-old', name: 'shop', created_at: '2026-12-07T10:00:00Z'}
    const mine = {id: 'p-mine', name: 'shop', created_at: '2026-12-07T10:00:01Z'}

    it('alone: keeps its pipeline after one re-read, made once a pipeline of the same second would be listed', async () => {
      nock('https://api.heroku.com').post('/pipelines').reply(201, mine).get('/pipelines').query({'eq[name]': 'shop'}).reply(200, [mine])
      const {clients, ctx} = run()
      const slept: number[] = []
      ctx.sleep = async ms => {
        slept.push(ms)
      }
      await applyOperation(op, clients, ctx, desired)
      expect(ctx.pipelineId).to.equal('p-mine')
      expect(slept).to.deep.equal([SAME_SECOND_SETTLE_MS])
      expect(SAME_SECOND_SETTLE_MS).to.be.greaterThan(1000)
    })

    it('another run created one first: removes its own empty pipeline and goes on with the older one', async () => {
      nock('https://api.heroku.com')
        .post('/pipelines')
        .reply(201, mine)
        .get('/pipelines')
        .query({'eq[name]': 'shop'})
        .reply(200, [mine, older])
        .get('/pipelines/p-mine/pipeline-couplings')
        .reply(200, [])
        .get('/pipelines/p-old/pipeline-couplings')
        .reply(200, [])
        .delete('/pipelines/p-mine')
        .reply(200, mine)
      const {clients, ctx} = run()
      const notes = await applyOperation(op, clients, ctx, desired)
      expect(ctx.pipelineId).to.equal('p-old')
      expect(notes).to.deep.equal(['pipeline shop: another run created p-old at the same moment; this run uses it and removed its own (p-mine)'])
    })

    it('never removes its pipeline once an app is coupled to it', async () => {
      nock('https://api.heroku.com')
        .post('/pipelines')
        .reply(201, mine)
        .get('/pipelines')
        .query({'eq[name]': 'shop'})
        .reply(200, [mine, older])
        .get('/pipelines/p-mine/pipeline-couplings')
        .reply(200, [{id: 'c1'}])
        .get('/pipelines/p-old/pipeline-couplings')
        .reply(200, [])
      const {clients, ctx} = run()
      await applyOperation(op, clients, ctx, desired)
      expect(ctx.pipelineId).to.equal('p-mine')
    })
  })
})
