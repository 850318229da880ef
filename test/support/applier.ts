import {expect} from 'chai'
import nock from 'nock'

import {resolveServiceUrls} from '../../src/lib/api/hosts.js'
import {HerokuApi} from '../../src/lib/api/heroku-api.js'
import {HttpClient} from '../../src/lib/api/http.js'
import type {Clients} from '../../src/lib/converge/current.js'
import {DEFAULT_POLL_SCHEDULE} from '../../src/lib/converge/poll.js'
import type {RunContext} from '../../src/lib/converge/run-context.js'

/**
 * For a describe block that applies operations against nock: no real network, and each test must use every mock it
 * sets up (an unused one is a request the applier did not send).
 */
export function useStrictNock(): void {
  before(() => nock.disableNetConnect())
  after(() => {
    nock.cleanAll()
    nock.enableNetConnect()
  })
  afterEach(() => {
    const pending = nock.pendingMocks()
    nock.cleanAll()
    expect(pending, 'unused mocks').to.deep.equal([])
  })
}

/** The clients and run context an applier gets: the Platform API at its real host (nock answers), no retry, no sleep. */
export function applierRun(): {clients: Clients; ctx: RunContext} {
  const http = new HttpClient({urls: resolveServiceUrls({}), token: 't', userAgent: 'heroku-kit/test', retry: {maxRetries: 0}})
  return {
    clients: {heroku: new HerokuApi(http)} as Clients,
    ctx: {appIds: {}, poll: DEFAULT_POLL_SCHEDULE, addonTimeoutMs: 1000, sleep: async () => {}, generated: []},
  }
}
