import {expect} from 'chai'

import {contractViolations} from '../support/contract.js'
import type {RequestLogEntry} from 'heroku-emulator'

function entry(method: string, path: string, body?: unknown, accept = 'application/vnd.heroku+json; version=3'): RequestLogEntry {
  return {seq: 1, host: 'platform', method, path, query: {}, headers: {accept}, body, status: 200, write: method !== 'GET', startedAt: 0, durationMs: 0}
}

describe('contract checker (Platform API schema)', function () {
  it('accepts requests the schema describes', () => {
    expect(
      contractViolations([
        entry('GET', '/apps/shop-staging/config-vars'),
        entry('PATCH', '/apps/shop-staging/config-vars', {A: '1', B: null}),
        entry(
          'POST',
          '/pipelines',
          {name: 'shop', owner: {id: '01234567-89ab-cdef-0123-456789abcdef', type: 'user'}},
          'application/vnd.heroku+json; version=3.pipelines',
        ),
        entry('PATCH', '/apps/shop/formation', {updates: [{type: 'web', quantity: 2, dyno_size: {name: 'standard-1x'}}]}),
        entry('POST', '/apps/shop/domains', {hostname: 'www.example.com', sni_endpoint: null}),
      ]),
    ).to.deep.equal([])
  })

  it('flags unknown endpoints, bad bodies and a wrong Accept', () => {
    const violations = contractViolations([
      entry('GET', '/apps/shop/nonsense'),
      entry('PATCH', '/apps/shop/config-vars', {'bad key': 1}),
      entry('POST', '/apps/shop/domains', {hostname: 'www.example.com'}),
      entry('GET', '/apps/shop', undefined, 'application/json'),
    ])
    expect(violations).to.have.length(4)
    expect(violations[0]).to.include('no such endpoint')
    expect(violations[2]).to.include('sni_endpoint')
    expect(violations[3]).to.include('Accept')
  })
})
