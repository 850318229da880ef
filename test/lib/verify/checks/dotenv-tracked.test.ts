import {expect} from 'chai'

import {evidence} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('pitfalls', () => {
    it('.env tracked by git: fails with git rm --cached', async () => {
      const result = check(await evidence({repository: {trackedEnvFiles: ['.env.production']}}), 'dotenv-tracked')
      expect(result.status).to.equal('fail')
      expect(result.fix).to.include('git rm --cached .env.production')
    })
  })
})
