import {expect} from 'chai'

import {evidence} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('6. review-apps', () => {
    it('fails when review apps are off, with kit:bootstrap', async () => {
      const e = await evidence({state: {reviewAppConfig: undefined}})
      e.remote!.reviewAppConfig = {ok: true, value: undefined}
      const result = check(e, 'review-apps')
      expect(result.status).to.equal('fail')
      expect(result.fix).to.equal('heroku kit:bootstrap --yes')
    })

    it('asks to declare the repository first when there is none', async () => {
      const e = await evidence({pipelineYml: 'pipeline: shop\nstages:\n  staging: {app: shop-staging}\n  production: {app: shop}\n'})
      e.remote!.reviewAppConfig = {ok: true, value: undefined}
      expect(check(e, 'review-apps').fix).to.include('set repo: owner/name')
    })

    it('warns when review apps are not created automatically', async () => {
      const e = await evidence()
      e.remote!.reviewAppConfig = {ok: true, value: {automatic_review_apps: false}}
      expect(check(e, 'review-apps').status).to.equal('warn')
    })
  })
})
