import {expect} from 'chai'

import type {App} from '../../../../src/lib/api/heroku-api.js'
import {evidence} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('pitfalls', () => {
    it('preboot: warns when off in production', async () => {
      const result = check(await evidence({live: {production: {features: []}}}), 'preboot', 'production')
      expect(result.status).to.equal('warn')
      expect(result.fix).to.equal('heroku kit:bootstrap --yes')
    })

    it('preboot: passes when off on a generation that does not offer it (its unsupported_features, as read)', async () => {
      const app = {id: 'shop-id', name: 'shop', generation: {id: 'gen-fir', name: 'fir'}} as App
      const fir = {live: {production: {features: [], app}}}
      const lacking = check(
        await evidence({...fir, state: {generations: {fir: {id: 'gen-fir', name: 'fir', unsupported_features: ['preboot']}}}}),
        'preboot',
        'production',
      )
      expect([lacking.status, lacking.evidence]).to.deep.equal(['pass', ['shop runs on fir, which does not offer preboot (unsupported_features: preboot)']])
      // Fir that offers it: the warning as on Cedar
      expect(
        check(await evidence({...fir, state: {generations: {fir: {id: 'gen-fir', name: 'fir', unsupported_features: []}}}}), 'preboot', 'production').status,
      ).to.equal('warn')
    })
  })
})
