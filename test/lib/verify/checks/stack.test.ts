import {expect} from 'chai'

import {app, evidence} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('pitfalls', () => {
    it('stack: fails at end of life, warns when deprecated', async () => {
      const stack = async (name: string) =>
        check(await evidence({live: {staging: {app: app('shop-staging', {stack: {id: 's', name}, build_stack: {id: 's', name}})}}}), 'stack', 'staging')
      expect((await stack('heroku-20')).status).to.equal('fail')
      expect((await stack('heroku-20')).fix).to.equal('heroku stack:set heroku-24 -a shop-staging, then deploy again')
      expect((await stack('heroku-22')).status).to.equal('warn')
      expect((await stack('heroku-24')).status).to.equal('pass')
    })
  })
})
