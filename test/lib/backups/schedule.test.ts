import {expect} from 'chai'

import type {App} from '../../../src/lib/api/heroku-api.js'
import {age, continuousProtection, describeLatest, formatTime, latestBackups, parseBackupFlags, renderBackups} from '../../../src/lib/backups/schedule.js'
import {planBackups} from '../../../src/lib/converge/resources/backups.js'
import {KitError} from '../../../src/lib/errors.js'
import {currentStage, desiredStage} from '../../../src/lib/converge/stage-steps.js'

function rejects(at: string | undefined, timezone: string | undefined): string {
  try {
    parseBackupFlags(at, timezone)
  } catch (error) {
    expect(error).to.be.instanceOf(KitError)
    return (error as KitError).message
  }

  throw new Error(`accepted --at ${at} --timezone ${timezone}`)
}

describe('kit:backups', () => {
  it('takes --at as HH:00, H:00, HH or H, with the time zone after it or in --timezone', () => {
    expect(parseBackupFlags('02:00', undefined)).to.deep.equal({hour: 2})
    expect(parseBackupFlags('2', 'Europe/Berlin')).to.deep.equal({hour: 2, timezone: 'Europe/Berlin'})
    expect(parseBackupFlags('23:00 America/New_York', undefined)).to.deep.equal({hour: 23, timezone: 'America/New_York'})
    expect(parseBackupFlags('0:00 UTC', 'UTC')).to.deep.equal({hour: 0, timezone: 'UTC'})
    expect(parseBackupFlags(undefined, 'Asia/Tokyo')).to.deep.equal({timezone: 'Asia/Tokyo'})
    expect(parseBackupFlags(undefined, undefined)).to.deep.equal({})
  })

  it('rejects what Heroku would not take, saying what to write', () => {
    expect(rejects('24:00', undefined)).to.equal('--at "24:00" is not a time of day: write HH:00 with HH from 00 to 23, e.g. --at 02:00.')
    expect(rejects('2:30', undefined)).to.equal('--at 2:30 is not on the hour: Heroku runs scheduled backups on the hour only, so write --at 02:00.')
    expect(rejects('2am', undefined)).to.include('is not a time of day')
    expect(rejects('', undefined)).to.include('is not a time of day')
    expect(rejects('02:00', 'Europe/Berln')).to.include('"Europe/Berln" is not an IANA time zone name').and.include('did you mean Europe/Berlin?')
    expect(rejects('02:00 PST', undefined)).to.include('"PST" is not an IANA time zone name')
    expect(rejects('02:00 UTC', 'Europe/Paris')).to.equal('--at names the time zone UTC and --timezone names Europe/Paris; give it once.')
  })

  it("plans with bootstrap's backups step: create, unchanged, or replace a schedule that differs", () => {
    const app = {id: 'a', name: 'shop-prod'} as App
    const database = {
      id: 'db',
      name: 'postgresql-x',
      state: 'provisioned',
      addon_service: {name: 'heroku-postgresql'},
      plan: {name: 'heroku-postgresql:standard-0'},
      app: {name: 'shop-prod'},
      config_vars: ['DATABASE_URL'],
    }
    const desired = desiredStage(undefined, 'shop-prod', {backups: {hour: 2, timezone: 'Europe/Berlin'}})
    const create = planBackups(desired, currentStage(app, {addons: [database], schedules: []}), [])
    expect(create[0].operation).to.deep.equal({
      kind: 'schedule-backups',
      stage: 'production',
      app: 'shop-prod',
      hour: 2,
      timezone: 'Europe/Berlin',
      scheduleName: 'DATABASE_URL',
    })
    const same = planBackups(
      desired,
      currentStage(app, {addons: [database], schedules: [{uuid: 'u', name: 'DATABASE_URL', hour: '02', timezone: 'Europe/Berlin'}]}),
      [],
    )
    expect(same[0]).to.deep.include({action: 'unchanged'})
    const moved = planBackups(desired, currentStage(app, {addons: [database], schedules: [{uuid: 'u', name: 'DATABASE_URL', hour: 5, timezone: 'UTC'}]}), [])
    // changed in place under the existing name (one POST), never deleted and created again
    expect(moved[0].operation).to.deep.equal({
      kind: 'schedule-backups',
      stage: 'production',
      app: 'shop-prod',
      hour: 2,
      timezone: 'Europe/Berlin',
      scheduleName: 'DATABASE_URL',
    })
    expect(moved[0].summary).to.equal('move Postgres backups from 05:00 UTC to 02:00 Europe/Berlin')
    const otherName = planBackups(
      desired,
      currentStage(app, {addons: [database], schedules: [{uuid: 'u', name: 'HEROKU_POSTGRESQL_RED_URL', hour: 5, timezone: 'UTC'}]}),
      [],
    )
    expect(otherName[0].operation).to.deep.include({scheduleName: 'HEROKU_POSTGRESQL_RED_URL'})
  })

  it("lists the newest backups of the app's transfers first (pg_dump → gof3r, as pg:backups), named like the Heroku CLI (a… scheduled, b… manual)", () => {
    const transfers = [
      {
        num: 1,
        from_type: 'pg_dump',
        to_type: 'gof3r',
        from_name: 'DATABASE',
        created_at: '2025-01-01T02:00:00Z',
        finished_at: '2025-01-01T02:01:00Z',
        succeeded: true,
        processed_bytes: 2_048_576,
        schedule: {uuid: 's'},
      },
      {
        num: 2,
        from_type: 'pg_dump',
        to_type: 'gof3r',
        from_name: 'DATABASE',
        created_at: '2025-01-02T02:00:00Z',
        finished_at: '2025-01-02T02:01:00Z',
        succeeded: false,
        processed_bytes: 0,
        schedule: {uuid: 's'},
      },
      {
        num: 3,
        from_type: 'pg_dump',
        to_type: 'gof3r',
        from_name: 'DATABASE',
        created_at: '2025-01-02T09:00:00Z',
        finished_at: null,
        succeeded: false,
        processed_bytes: 512,
        schedule: null,
      },
      {num: 4, from_type: 'gof3r', to_type: 'pg_restore', created_at: '2025-01-03T09:00:00Z', finished_at: '2025-01-03T09:00:01Z', succeeded: true},
      {num: 5, from_type: 'pg_dump', to_type: 'pg_restore', created_at: '2025-01-03T10:00:00Z', finished_at: '2025-01-03T10:00:01Z', succeeded: true},
    ]
    const now = Date.parse('2025-01-02T12:00:00Z')
    const backups = latestBackups(transfers, 5)
    expect(backups.map(b => [b.name, b.status])).to.deep.equal([
      ['b003', 'running'],
      ['a002', 'failed'],
      ['a001', 'succeeded'],
    ])
    expect(renderBackups(backups, now)).to.deep.equal([
      '  b003  2025-01-02T09:00:00Z (3 h ago)  running    1 kB',
      '  a002  2025-01-02T02:00:00Z (10 h ago)  failed     0 kB',
      '  a001  2025-01-01T02:00:00Z (34 h ago)  succeeded  2.0 MB',
    ])
    expect(describeLatest(backups[0], now)).to.equal('latest backup b003 of DATABASE: running, 3 h ago (2025-01-02T09:00:00Z)')
    expect(describeLatest(undefined, now)).to.equal('no backup yet')
    expect(age('2025-01-02T11:20:00Z', now)).to.equal('40 min ago')
    expect(age('2024-12-28T12:00:00Z', now)).to.equal('5 days ago')
    expect(age(null, now)).to.equal(undefined)
    expect(latestBackups(transfers, 1)).to.have.length(1)
    expect(renderBackups([], now)).to.deep.equal(['  (no backups yet)'])
  })

  it('reads Continuous Protection from the Data API info, and formats a time', () => {
    expect(
      continuousProtection({
        info: [
          {name: 'Plan', values: ['Standard 0']},
          {name: 'Continuous Protection', values: ['On']},
        ],
      }),
    ).to.equal(true)
    expect(continuousProtection({info: [{name: 'Continuous Protection', values: ['Off']}]})).to.equal(false)
    expect(continuousProtection(undefined)).to.equal(false)
    expect(formatTime({hour: 3, timezone: 'UTC'})).to.equal('03:00 UTC')
  })
})
