import {expect} from 'chai'

import {firPlan} from '../../../support/fir.js'

describe('resource: review apps where the generation lacks them (unsupported_features)', () => {
  const reviewApps = {automatic: true, destroyStale: true, staleDays: 5, waitForCi: true}
  const github = {token: 'gh-token', repo: {id: 42, full_name: 'acme/shop', default_branch: 'main'}, checked: true}

  it('declared and unsupported: a plan error, and no review-app step', () => {
    const plan = firPlan({unsupported: ['review-apps'], desired: {repo: 'acme/shop', reviewApps}, state: {github}})
    expect(plan.errors).to.deep.equal([
      'review_apps: fir does not offer review apps (unsupported_features of GET /generations/fir: review-apps). Remove review_apps from heroku-kit.yml.',
    ])
    expect(plan.steps.filter(s => s.resource === 'review-apps')).to.deep.equal([])
  })

  it('not listed as unsupported: planned as on Cedar', () => {
    const plan = firPlan({desired: {repo: 'acme/shop', reviewApps}, state: {github}})
    expect(plan.errors).to.deep.equal([])
    expect(plan.steps.some(s => s.resource === 'review-apps')).to.equal(true)
  })
})
