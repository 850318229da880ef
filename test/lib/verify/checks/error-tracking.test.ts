import {expect} from 'chai'

import {addon, evidence, liveStage} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('pitfalls', () => {
    it('error tracking: an add-on, a DSN config var or an SDK in the dependencies; warns with none', async () => {
      const noAddon = liveStage('production').addons.filter(a => a.addon_service.name !== 'sentry')
      const sdkOnly = check(await evidence({live: {production: {addons: noAddon}}}), 'error-tracking', 'production')
      expect(sdkOnly.status).to.equal('pass')
      expect(sdkOnly.evidence).to.deep.equal(['SDK in package.json: @sentry/node'])
      const none = check(
        await evidence({live: {production: {addons: noAddon}}, repository: {manifests: {'package.json': '{"dependencies": {"express": "4"}}'}}}),
        'error-tracking',
        'production',
      )
      expect(none.status).to.equal('warn')
      expect(none.fix).to.include('sentry:f1')
    })

    it('an error-tracking add-on counts even without an SDK', async () => {
      const e = await evidence({repository: {manifests: {}}, live: {production: {addons: [...liveStage('production').addons, addon('shop', 'rollbar:free')]}}})
      expect(check(e, 'error-tracking', 'production').status).to.equal('pass')
    })
  })
})
