import {expect} from 'chai'

import {DEFAULT_POLL_SCHEDULE} from '../../../src/lib/converge/poll.js'
import {certState, domainStatus, explainFailure, renderStatuses, waitForCertificates} from '../../../src/lib/acm/acm.js'
import type {Domain, HerokuApi} from '../../../src/lib/api/heroku-api.js'
import type {App} from '../../../src/lib/api/heroku-api.js'
import {planDomainsWithAcm} from '../../../src/lib/converge/resources/acm.js'
import {currentStage, desiredStage} from '../../../src/lib/converge/stage-steps.js'

const domain = (hostname: string, acm: string | null, reason: string | null = null, cname: string | null = 'tall-fox-abc123.herokudns.com'): Domain =>
  ({id: hostname, hostname, kind: 'custom', cname, acm_status: acm, acm_status_reason: reason}) as Domain

describe('kit:acm', () => {
  it("reads Heroku's acm_status values", () => {
    expect(['cert issued', 'OK', 'failed', 'failing', 'waiting', 'dns-verified', 'in-progress', 'pending', null].map(s => certState(s))).to.deep.equal([
      'issued',
      'issued',
      'failed',
      'failing',
      'pending',
      'pending',
      'pending',
      'pending',
      'none',
    ])
  })

  it('gives the DNS record to set: CNAME for a subdomain, ALIAS/ANAME for an apex', () => {
    expect(domainStatus(domain('www.example.com', 'pending')).dns).to.equal('CNAME www.example.com → tall-fox-abc123.herokudns.com')
    expect(domainStatus(domain('example.com', 'pending')).dns).to.equal('ALIAS/ANAME example.com → tall-fox-abc123.herokudns.com')
    expect(renderStatuses([domainStatus(domain('www.example.com', 'failing', 'DNS does not point at Heroku'))])).to.deep.equal([
      '  www.example.com  CNAME → tall-fox-abc123.herokudns.com  failing — DNS does not point at Heroku',
    ])
  })

  it('explains a failure by its reason: CDN or proxy, CAA, DNS, or all of them', () => {
    const explain = (reason: string | null) => explainFailure(domainStatus(domain('www.example.com', 'failing', reason))).join(' ')
    expect(explain("Domain is behind Cloudflare's proxy")).to.include('behind a CDN or proxy').and.not.include('CAA')
    expect(explain('CAA record prevents issuance')).to.include('letsencrypt.org').and.not.include('CDN')
    expect(explain('DNS record does not resolve to the DNS target')).to.include('Point the DNS record').and.include('CDN')
    expect(explain(null)).to.include('Point the DNS record').and.include('CDN').and.include('CAA')
  })

  it("plans with bootstrap's domain steps: add the missing domains, then ACM, on basic dynos too", () => {
    const app = {id: 'a', name: 'shop-prod', acm: false} as App
    const desired = desiredStage(undefined, 'shop-prod', {
      domains: ['shop.example.com', 'www.shop.example.com'],
      acm: true,
      formation: {web: {quantity: 2, size: 'standard-2x'}},
    })
    const steps = planDomainsWithAcm(
      desired,
      currentStage(app, {
        domains: [domain('shop.example.com', null)],
        formation: [{type: 'web', quantity: 1, size: 'Standard-2X', dyno_size: {name: 'standard-2x'}}],
      }),
    )
    expect(steps.map(s => [s.action, s.operation?.kind])).to.deep.equal([
      ['unchanged', undefined],
      ['create', 'add-domain'],
      ['create', 'enable-acm'],
    ])

    const basic = planDomainsWithAcm(desired, currentStage(app, {formation: [{type: 'web', quantity: 1, size: 'Basic', dyno_size: {name: 'basic'}}]}))
    expect(basic.at(-1)).to.deep.include({action: 'create', summary: 'enable Automated Certificate Management', details: undefined})
    expect(basic.at(-1)?.operation).to.deep.equal({kind: 'enable-acm', app: 'shop-prod'})
  })

  describe('waitForCertificates', () => {
    function fake(answers: Domain[][]) {
      const clock = {now: 0}
      const slept: number[] = []
      let n = 0
      const heroku = {listDomains: async () => answers[Math.min(n++, answers.length - 1)]} as unknown as HerokuApi
      const options = {
        deadlineMs: 100_000,
        poll: {...DEFAULT_POLL_SCHEDULE, jitter: 0},
        now: () => clock.now,
        sleep: async (ms: number) => {
          slept.push(ms)
          clock.now += ms
        },
      }
      return {heroku, options, slept, clock}
    }

    it('waits with growing intervals until every certificate is issued', async () => {
      const {heroku, options, slept} = fake([
        [domain('a.example.com', 'pending'), domain('b.example.com', 'pending')],
        [domain('a.example.com', 'cert issued'), domain('b.example.com', 'dns-verified')],
        [domain('a.example.com', 'cert issued'), domain('b.example.com', 'in-progress')],
        [domain('a.example.com', 'cert issued'), domain('b.example.com', 'cert issued')],
      ])
      const changes: string[] = []
      const wait = await waitForCertificates(heroku, 'shop-prod', ['a.example.com', 'b.example.com'], {
        ...options,
        onChange: s => changes.push(`${s.hostname}:${s.acmStatus}`),
      })
      expect(wait).to.deep.include({issued: true, timedOut: false})
      expect(slept).to.deep.equal([1000, 500, 750])
      expect(changes).to.deep.equal([
        'a.example.com:pending',
        'b.example.com:pending',
        'a.example.com:cert issued',
        'b.example.com:dns-verified',
        'b.example.com:in-progress',
        'b.example.com:cert issued',
      ])
    })

    it('stops when every domain is issued or failed for good', async () => {
      const {heroku, options} = fake([[domain('a.example.com', 'cert issued'), domain('b.example.com', 'failed', 'CAA record')]])
      const wait = await waitForCertificates(heroku, 'shop-prod', ['a.example.com', 'b.example.com'], options)
      expect(wait).to.deep.include({issued: false, timedOut: false})
      expect(wait.statuses[1]).to.deep.include({state: 'failed', reason: 'CAA record'})
    })

    it('waits for a failing domain until the deadline (it may recover), then stops', async () => {
      const {heroku, options, clock} = fake([[domain('a.example.com', 'failing', 'DNS not pointing at Heroku')]])
      const wait = await waitForCertificates(heroku, 'shop-prod', ['a.example.com'], {...options, deadlineMs: 10_000})
      expect(wait).to.deep.include({issued: false, timedOut: true})
      expect(clock.now).to.equal(10_000)
    })

    it('a declared domain that is not on the app counts as failed', async () => {
      const {heroku, options} = fake([[domain('a.example.com', 'cert issued')]])
      const wait = await waitForCertificates(heroku, 'shop-prod', ['a.example.com', 'gone.example.com'], options)
      expect(wait.statuses[1]).to.deep.include({state: 'failed', reason: 'the domain is not on the app'})
    })
  })
})
