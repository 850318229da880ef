import {expect} from 'chai'

import {runChecks} from '../../../../src/lib/verify/registry.js'
import {evidence} from '../fixture.js'
import {check, only} from './helpers.js'

describe('kit:verify checks', () => {
  describe('pipeline', () => {
    it('fails with kit:bootstrap when the pipeline or an app is missing, and the app checks say unknown', async () => {
      const e = await evidence({state: {pipelines: [], pipeline: undefined}, live: {production: {access: 'missing', app: undefined}}})
      const results = runChecks(e, {local: false})
      const pipeline = only(results, 'pipeline')
      expect(pipeline.status).to.equal('fail')
      expect(pipeline.evidence.join('\n')).to.include('no pipeline named shop').and.include('production: the app shop does not exist')
      expect(pipeline.fix).to.equal('heroku kit:bootstrap --yes')
      expect(only(results, 'health', 'production')).to.include({status: 'unknown'})
      expect(only(results, 'review-apps')).to.include({status: 'unknown'})
    })

    it('fails when an app sits at the wrong stage', async () => {
      const e = await evidence({live: {staging: {coupling: {id: 'c', stage: 'development', app: {id: 'a'}, pipeline: {id: 'pipeline-id'}} as never}}})
      expect(check(e, 'pipeline').evidence[0]).to.include('at stage development, not staging')
    })

    it('says unknown (never pass) when the live state could not be read', async () => {
      const e = await evidence()
      e.remote = {state: {ok: false, error: 'no permission: GET /apps/shop answered 403 forbidden'}}
      for (const name of ['staging', 'production'] as const) e.stages[name]!.current = {ok: false, error: 'no permission'}
      const results = runChecks(e, {local: false})
      const remote = results.filter(r => r.scope !== 'repository')
      expect(remote.length).to.be.greaterThan(10)
      expect(
        remote.every(r => r.status === 'unknown'),
        JSON.stringify(remote.filter(r => r.status !== 'unknown')),
      ).to.equal(true)
      expect(only(results, 'pipeline').evidence[0]).to.include('403')
      expect(only(results, 'health', 'staging').fix).to.equal(
        'get access to shop-staging (heroku access -a shop-staging lists who has it), then run kit:verify again',
      )
      for (const result of remote) expect(result.fix, result.id).to.be.a('string')
    })
  })
})
