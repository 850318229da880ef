import {expect} from 'chai'

import {evidence} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('pitfalls', () => {
    it('dynos: fails on eco/basic in production, warns on a single web dyno', async () => {
      const formation = (quantity: number, size: string) => ({formation: [{type: 'web', quantity, size, dyno_size: {name: size}} as never]})
      const eco = check(await evidence({live: {production: formation(1, 'eco')}}), 'dynos', 'production')
      expect(eco.status).to.equal('fail')
      expect(eco.fix).to.include('heroku kit:scale --stage production')
      expect(check(await evidence({live: {production: formation(1, 'basic')}}), 'dynos', 'production').status).to.equal('fail')
      expect(check(await evidence({live: {production: formation(1, 'standard-1x')}}), 'dynos', 'production').status).to.equal('warn')
      expect(check(await evidence({live: {production: formation(0, 'standard-1x')}}), 'dynos', 'production').status).to.equal('fail')
      // nothing deployed: no process types (formation []), and Heroku refuses to scale them, so the fix is a deploy
      const fresh = check(await evidence({live: {production: {formation: []}}}), 'dynos', 'production')
      expect(fresh).to.deep.include({status: 'fail', fix: 'promote a release from staging (heroku kit:promote), then run kit:verify again'})
      expect(fresh.evidence[0]).to.equal(
        'shop has no process types yet: nothing is deployed (process types come from the Procfile of a release, and Heroku ' + 'refuses to scale before)',
      )
      const workerOnly = check(
        await evidence({live: {production: {formation: [{type: 'worker', quantity: 1, size: 'standard-1x'} as never]}}}),
        'dynos',
        'production',
      )
      expect(workerOnly.evidence[0]).to.equal('no web process type on shop')
      expect(workerOnly.fix).to.include('declare web in the Procfile')
    })
  })
})
