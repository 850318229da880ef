import {expect} from 'chai'

import {app, evidence} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('pitfalls', () => {
    it('slug size: warns over 300 MB, fails over 500 MB, unknown before the first deploy', async () => {
      const size = async (mb: number | null) =>
        check(await evidence({live: {production: {app: app('shop', {slug_size: mb === null ? null : mb * 1024 * 1024})}}}), 'slug-size', 'production').status
      expect(await size(299)).to.equal('pass')
      expect(await size(301)).to.equal('warn')
      expect(await size(501)).to.equal('fail')
      expect(await size(null)).to.equal('unknown')
    })

    it('slug size: a Fir app runs OCI images, not slugs: nothing to judge, and nothing unknown about it', async () => {
      const fir = check(await evidence({live: {production: {app: app('shop', {slug_size: null, generation: 'fir'})}}}), 'slug-size', 'production')
      expect([fir.status, fir.evidence]).to.deep.equal(['pass', ['shop runs on Fir: its releases run OCI images, not slugs']])
    })
  })
})
