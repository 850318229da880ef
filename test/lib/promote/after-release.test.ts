import {expect} from 'chai'

import type {App, HerokuApi} from '../../../src/lib/api/heroku-api.js'
import type {ApiClients} from '../../../src/lib/command/kit-command.js'
import {DEFAULT_HEALTH_OPTIONS} from '../../../src/lib/health/check.js'
import {type HealthReport, type KitRelease, type LiveRecheckOptions, recheckLiveRelease, rollBackAndCheck} from '../../../src/lib/promote/after-release.js'
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

const before: KitRelease = {id: 'r-11', version: 11, status: 'succeeded', eligible_for_rollback: true} as KitRelease
const failed = {id: 'r-12', version: 12}
const created = {id: 'r-13', version: 13, status: 'pending'} as KitRelease

/** An API with the app's releases; `rollback` makes release v13. */
function heroku(releases: KitRelease[], sent: string[]): HerokuApi {
  const api: Pick<HerokuApi, 'listReleases' | 'rollback'> = {
    listReleases: async () => releases,
    async rollback(app, release) {
      sent.push(`rollback ${app} ${release}`)
      return created
    },
  }
  return api as HerokuApi
}

function settled(status: ReleaseWait['status']): (releaseId: string) => Promise<ReleaseWait> {
  return async releaseId => ({status, release: {...created, id: releaseId, status: status === 'timeout' ? 'pending' : status}, output: []})
}

const pass: HealthReport = {
  url: 'https://shop.example/health',
  status: 'pass',
  reason: 'ok',
  httpStatus: 200,
  attempts: 1,
  elapsedMs: 5,
  evidence: ['GET → 200'],
}

describe('rollBackAndCheck (kit:promote and kit:deploy)', () => {
  const input = {app: 'shop', failed, before, why: 'it failed its health check (GET → 500)', releaseTimeoutMs: 60_000, progress: () => {}}

  it('rolls back to the release before, waits for it and checks its health', async () => {
    const sent: string[] = []
    const checked: string[] = []
    const result = await rollBackAndCheck({
      ...input,
      heroku: heroku([before], sent),
      wait: settled('succeeded'),
      health: async label => {
        checked.push(label)
        return pass
      },
    })
    expect(sent).to.deep.equal(['rollback shop r-11'])
    expect(checked).to.deep.equal(['v13 (rollback to v11)'])
    expect(result).to.deep.equal({
      outcome: 'rolled_back',
      message: 'shop v12: it failed its health check (GET → 500); rolled back to v11 as v13, whose health: pass.',
      rollback: {to: {id: 'r-11', version: 11}, release: {id: 'r-13', version: 13, status: 'succeeded'}, health: pass, error: null},
      live: {id: 'r-13', version: 13},
    })
  })

  it('a rollback release that does not settle: rollback_failed, the app still runs the failed release, no health check', async () => {
    const result = await rollBackAndCheck({
      ...input,
      heroku: heroku([before], []),
      wait: settled('timeout'),
      health: async () => expect.fail('no health check'),
    })
    expect(result.outcome).to.equal('rollback_failed')
    expect(result.rollback).to.include({error: 'v13 still pending after 60 s', health: null})
    expect(result.live).to.equal(undefined)
    expect(result.message).to.equal(
      'shop v12: it failed its health check (GET → 500), and the rollback to v11 did not go through: v13 still pending after 60 s. shop still runs v12: act now (`heroku releases -a shop`).',
    )
    const phase = await rollBackAndCheck({...input, heroku: heroku([before], []), wait: settled('failed'), health: async () => pass})
    expect(phase.rollback?.error).to.equal('the release phase of v13 failed')
  })

  it('no eligible release: nothing is sent, rollback_failed says to fix forward', async () => {
    const sent: string[] = []
    const result = await rollBackAndCheck({
      ...input,
      heroku: heroku([{...before, eligible_for_rollback: false}], sent),
      wait: settled('succeeded'),
      health: async () => pass,
    })
    expect(sent).to.deep.equal([])
    expect(result).to.deep.equal({
      outcome: 'rollback_failed',
      message:
        'shop v12 is live but it failed its health check (GET → 500), and no earlier release is eligible for rollback. Fix forward, or roll back by hand in the Dashboard.',
      rollback: null,
    })
  })
})
