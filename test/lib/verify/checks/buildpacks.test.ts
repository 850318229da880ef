import {expect} from 'chai'

import {APP_JSON, evidence} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('pitfalls', () => {
    it('unpinned buildpacks: warns for app.json and the live apps', async () => {
      const appJson = {...APP_JSON, buildpacks: [{url: 'https://github.com/heroku/heroku-buildpack-nodejs'}]}
      const result = check(await evidence({appJson, live: {staging: {buildpacks: ['https://github.com/someone/custom-buildpack.git#main']}}}), 'buildpacks')
      expect(result.status).to.equal('warn')
      expect(result.evidence.join('\n'))
        .to.include('heroku/nodejs')
        .and.include('shop-staging (staging): ' + 'https://github.com/someone/custom-buildpack.git#main follows the branch')
    })
  })
})
