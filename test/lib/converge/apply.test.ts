import {expect} from 'chai'

import type {FormationUpdate, HerokuApi} from '../../../src/lib/api/heroku-api.js'
import {applyOperation, expectedCost} from '../../../src/lib/converge/apply.js'
import type {Clients} from '../../../src/lib/converge/current.js'
import {DEFAULT_POLL_SCHEDULE} from '../../../src/lib/converge/poll.js'
import type {RunContext} from '../../../src/lib/converge/run-context.js'

describe('converge apply', () => {
  it('hands an operation to the applier of its kind', async () => {
    const calls: unknown[] = []
    const heroku = {
      async updateFormation(app: string, updates: FormationUpdate[]) {
        calls.push(['updateFormation', app, updates])
        return []
      },
      async setAppFeature(app: string, feature: string, enabled: boolean) {
        calls.push(['setAppFeature', app, feature, enabled])
      },
    } as unknown as HerokuApi
    const ctx: RunContext = {appIds: {}, poll: DEFAULT_POLL_SCHEDULE, addonTimeoutMs: 1000, sleep: async () => {}, generated: []}
    const desired = {pipeline: 'shop', reviewConfig: {}, stages: []}
    await applyOperation({kind: 'scale', app: 'shop', updates: [{type: 'web', quantity: 2}]}, {heroku} as Clients, ctx, desired)
    await applyOperation({kind: 'enable-feature', app: 'shop', feature: 'preboot'}, {heroku} as Clients, ctx, desired)
    expect(calls).to.deep.equal([
      ['updateFormation', 'shop', [{type: 'web', quantity: 2}]],
      ['setAppFeature', 'shop', 'preboot', true],
    ])
  })

  it('expects an add-on create to cost most, the steps that wait for a database or a certificate next, the rest one round trip', () => {
    expect(
      expectedCost({
        kind: 'create-addon',
        stage: 'production',
        app: 'shop',
        name: 'shop-heroku-postgresql',
        plan: 'heroku-postgresql',
        service: 'heroku-postgresql',
      }),
    ).to.equal(10)
    expect(expectedCost({kind: 'schedule-backups', stage: 'production', app: 'shop', hour: 3, timezone: 'UTC', scheduleName: 'DATABASE_URL'})).to.equal(2)
    expect(expectedCost({kind: 'sync-config', stage: 'production', app: 'shop'})).to.equal(2)
    expect(expectedCost({kind: 'enable-acm', app: 'shop'})).to.equal(2)
    expect(expectedCost({kind: 'add-domain', app: 'shop', hostname: 'www.shop.example'})).to.equal(1)
    expect(expectedCost(undefined)).to.equal(1)
  })
})
