import {expect} from 'chai'

import {app, evidence} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('9. ssl', () => {
    const custom = (status: string | null, reason: string | null = null) => ({
      domains: [
        {
          id: 'd',
          hostname: 'www.shop.example',
          kind: 'custom',
          cname: 'sushi.herokudns.com',
          acm_status: status,
          acm_status_reason: reason,
          sni_endpoint: null,
        } as never,
      ],
    })
    it('fails on a failing certificate with the reason and the DNS target, pointing at kit:acm', async () => {
      const result = check(await evidence({live: {production: custom('failing', "CAA record blocks Let's Encrypt")}}), 'ssl', 'production')
      expect(result.status).to.equal('fail')
      expect(result.evidence[0]).to.include("failing (CAA record blocks Let's Encrypt)").and.include('sushi.herokudns.com')
      expect(result.fix).to.include('heroku kit:acm --stage production --wait')
    })

    it('warns while the certificate is being issued', async () => {
      expect(check(await evidence({live: {production: custom('pending')}}), 'ssl', 'production').status).to.equal('warn')
    })

    it('fails when ACM is off and the domain has no certificate; passes with an uploaded one', async () => {
      const off = check(await evidence({live: {production: {app: app('shop', {acm: false})}}}), 'ssl', 'production')
      expect(off.status).to.equal('fail')
      const uploaded = await evidence({
        live: {
          production: {
            app: app('shop', {acm: false}),
            domains: [{id: 'd', hostname: 'www.shop.example', kind: 'custom', cname: 'x', sni_endpoint: {id: 's', name: 'tokyo-1'}} as never],
          },
        },
      })
      expect(check(uploaded, 'ssl', 'production').status).to.equal('pass')
    })

    it('fails when a declared domain is missing', async () => {
      const result = check(await evidence({live: {production: {domains: []}}}), 'ssl', 'production')
      expect(result.status).to.equal('fail')
      expect(result.fix).to.equal('heroku kit:bootstrap --yes')
    })
  })
})
