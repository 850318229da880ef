import {expect} from 'chai'

import {evidence} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('3. config', () => {
    it('fails naming the missing required keys, never their values, with kit:config:sync', async () => {
      const e = await evidence({live: {production: {config: {NODE_ENV: 'production', SECRET_KEY: 's'}}}})
      const result = check(e, 'config', 'production')
      expect(result.status).to.equal('fail')
      expect(result.evidence[0]).to.include('not set on shop').and.include('API_URL')
      expect(result.fix).to.equal('add API_URL to .env.production, then heroku kit:config:sync .env.production -a shop')
    })

    it('points at kit:bootstrap when only generated secrets are missing', async () => {
      const result = check(await evidence({live: {staging: {config: {NODE_ENV: 'x', API_URL: 'y'}}}}), 'config', 'staging')
      expect(result.status).to.equal('fail')
      expect(result.evidence[0]).to.include('SECRET_KEY')
      expect(result.fix).to.equal('heroku kit:bootstrap --yes (generates the secrets)')
    })

    it('ignores keys app.json marks as not required', async () => {
      expect(check(await evidence(), 'config', 'staging').evidence[0]).to.equal('app.json requires 3 keys: 3 set on shop-staging')
    })

    it("compares the stage config file's keys, and warns (names only) when values differ", async () => {
      const e = await evidence()
      e.stages.staging!.desired = {...e.stages.staging!.desired, config: {API_URL: 'https://other.example', LOG_LEVEL: 'debug'}, configFile: '.env.staging'}
      const missing = check(e, 'config', 'staging')
      expect(missing.status).to.equal('fail')
      expect(missing.evidence[0]).to.equal('in .env.staging but not set on shop-staging: LOG_LEVEL')
      expect(missing.fix).to.equal('heroku kit:config:sync .env.staging -a shop-staging')
      e.stages.staging!.desired.config = {API_URL: 'https://other.example'}
      const differs = check(e, 'config', 'staging')
      expect(differs.status).to.equal('warn')
      expect(differs.evidence[0]).to.include('API_URL').and.not.include('other.example')
    })
  })
})
