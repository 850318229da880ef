import {expect} from 'chai'

import {evidence, liveStage} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('11. monitoring', () => {
    it('fails in production without a monitoring add-on or agent; the Datadog buildpack counts', async () => {
      const addons = liveStage('production').addons.filter(a => a.addon_service.name !== 'newrelic')
      const missing = check(await evidence({live: {production: {addons, config: {API_URL: 'x', NODE_ENV: 'y', SECRET_KEY: 'z'}}}}), 'monitoring', 'production')
      expect(missing.status).to.equal('fail')
      expect(missing.fix).to.equal('heroku kit:bootstrap --yes')
      const datadog = check(
        await evidence({live: {production: {addons, buildpacks: ['heroku/nodejs', 'https://github.com/DataDog/heroku-buildpack-datadog.git#2.21']}}}),
        'monitoring',
        'production',
      )
      expect(datadog.status).to.equal('pass')
    })
  })
})
