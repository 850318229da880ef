import {expect} from 'chai'

import type {App} from '../../../src/lib/api/heroku-api.js'
import type {ApiClients} from '../../../src/lib/command/kit-command.js'
import {DEFAULT_HEALTH_OPTIONS} from '../../../src/lib/health/check.js'
import {type LiveRecheckOptions, recheckLiveRelease} from '../../../src/lib/promote/after-release.js'
import type {ReleaseWait} from '../../../src/lib/promote/release.js'

const APP = {id: 'app-1', name: 'shop-staging', web_url: 'https://shop-staging.example.com/'} as App
const RELEASES = [
  {id: 'r10', version: 10, status: 'succeeded', eligible_for_rollback: true},
  {id: 'r11', version: 11, status: 'succeeded', eligible_for_rollback: false},
  {id: 'r12', version: 12, status: 'succeeded', eligible_for_rollback: true, current: true},
]

/** Just what the recheck uses of the API: the formation, the releases, a rollback; the app answers `statuses` in turn. */
function fakeClients(statuses: number[]): {clients: ApiClients; rollbacks: string[]} {
  const rollbacks: string[] = []
  let n = 0
  const clients = {
    heroku: {
      getFormation: async () => [{type: 'web', quantity: 1}],
      listReleases: async () => RELEASES,
      async rollback(_app: string, releaseId: string) {
        rollbacks.push(releaseId)
        return {id: 'r13', version: 13, status: 'pending'}
      },
    },
    http: {
      probe: async () => ({status: statuses[Math.min(n++, statuses.length - 1)], headers: new Headers({'content-type': 'text/plain'}), text: 'ok', ms: 1}),
    },
  } as unknown as ApiClients
  return {clients, rollbacks}
}

const options = (rollbackUnhealthy: boolean): LiveRecheckOptions => ({
  health: {...DEFAULT_HEALTH_OPTIONS, deadlineMs: 0, maxAttempts: 1, sleep: async () => {}},
  healthPath: '/health',
  rollbackUnhealthy,
  flag: '--rollback-unhealthy',
  releaseTimeoutMs: 1000,
  wait: async id => ({status: 'succeeded', release: {id, version: 13, status: 'succeeded'}, output: []}) as unknown as ReleaseWait,
})

describe('recheckLiveRelease: a release found live is checked again before it is reported (issue 18.3)', () => {
  const live = {id: 'r12', version: 12}

  it('healthy: exit 0', async () => {
    const {clients, rollbacks} = fakeClients([200])
    const result = await recheckLiveRelease(clients, APP, live, options(false), () => {})
    expect(result).to.deep.include({outcome: 'healthy', exitCode: 0, message: 'and it is healthy', rollback: null})
    expect(rollbacks).to.deep.equal([])
  })

  it('unhealthy: exit 1 naming the release to go back to and the exact rollback command; nothing rolled back', async () => {
    const {clients, rollbacks} = fakeClients([503])
    const result = await recheckLiveRelease(clients, APP, live, options(false), () => {})
    expect(result.outcome).to.equal('health_failed')
    expect(result.exitCode).to.equal(1)
    expect(result.message).to.include('but it is unhealthy').and.include('`heroku releases:rollback v10 -a shop-staging`').and.include('--rollback-unhealthy')
    expect(result.liveRelease).to.deep.equal(live)
    expect(rollbacks).to.deep.equal([])
  })

  it('unhealthy with --rollback-unhealthy: rolled back to the newest eligible release before it, checked again, still exit 1', async () => {
    const {clients, rollbacks} = fakeClients([503, 200])
    const result = await recheckLiveRelease(clients, APP, live, options(true), () => {})
    expect(rollbacks).to.deep.equal(['r10'])
    expect(result.outcome).to.equal('rolled_back')
    expect(result.exitCode).to.equal(1)
    expect(result.message).to.include('rolled back to v10 as v13')
    expect(result.rollback?.health?.status).to.equal('pass')
    expect(result.liveRelease).to.deep.equal({id: 'r13', version: 13})
  })
})
