import {expect} from 'chai'

import {driftCheck} from '../../../../src/lib/verify/checks/drift.js'
import {addon, evidence, liveStage} from '../fixture.js'

describe('kit:verify drift check', () => {
  it('passes when the bootstrap plan has nothing to create, change or report as drift', async () => {
    const verdict = driftCheck.run(await evidence())
    expect(verdict.status, verdict.evidence.join('\n')).to.equal('pass')
    expect(verdict.evidence[0]).to.match(/^all \d+ resource\(s\) kit:bootstrap manages match heroku-kit.yml$/)
  })

  it('fails on a plan changed by hand, naming it, with kit:bootstrap --dry-run as the fix', async () => {
    const production = liveStage('production')
    const bigger = addon('shop', 'heroku-postgresql:standard-2', ['DATABASE_URL'])
    const addons = production.addons.map(a => (a.addon_service.name === 'heroku-postgresql' ? bigger : a))
    const domains = production.domains.filter(d => d.kind !== 'custom')
    const verdict = driftCheck.run(await evidence({live: {production: {addons, domains}}}))
    expect(verdict.status).to.equal('fail')
    expect(verdict.evidence).to.include(
      'production: drift: add-on heroku-postgresql-shiny-12345 is on heroku-postgresql:standard-2, declared heroku-postgresql:standard-0',
    )
    expect(verdict.evidence).to.include('production: missing: add domain www.shop.example')
    expect(verdict.fix).to.match(/^heroku kit:bootstrap --dry-run/)
  })

  it('fails on what the plan refuses (an app owned by someone else), saying why', async () => {
    const production = liveStage('production')
    const verdict = driftCheck.run(await evidence({live: {production: {app: {...production.app!, owner: {id: 'user-2', email: 'other@example.com'}}}}}))
    expect(verdict.status).to.equal('fail')
    expect(verdict.evidence[0]).to.include('The app shop (production) exists but belongs to')
  })

  it('warns on steps pending until the first deploy', async () => {
    const production = liveStage('production')
    const verdict = driftCheck.run(await evidence({live: {production: {formation: production.formation.filter(f => f.type !== 'worker')}}}))
    expect(verdict.status, verdict.evidence.join('\n')).to.equal('warn')
    expect(verdict.evidence[0]).to.match(/^production: pending: worker=1:standard-1x pending until the first deploy/)
  })

  it('with --stage, judges only that stage and the pipeline', async () => {
    const staging = liveStage('staging')
    const e = await evidence({stages: ['production'], live: {staging: {config: {...staging.config, NODE_ENV: 'development'}}}})
    expect(driftCheck.run(e).status).to.equal('pass')
  })

  it('is unknown when the live pipeline was not read', async () => {
    expect(driftCheck.run(await evidence({local: true})).status).to.equal('unknown')
  })
})
