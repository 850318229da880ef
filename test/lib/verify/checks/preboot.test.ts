import {expect} from 'chai'

import {evidence} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('pitfalls', () => {
    it('preboot: warns when off in production', async () => {
      const result = check(await evidence({live: {production: {features: []}}}), 'preboot', 'production')
      expect(result.status).to.equal('warn')
      expect(result.fix).to.equal('heroku kit:bootstrap --yes')
    })
  })
})
