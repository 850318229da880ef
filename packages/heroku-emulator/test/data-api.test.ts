import {expect} from 'chai'

import {type Emulator, startEmulator} from '../src/index.js'
import {client} from './client.js'

describe('emulator: Data API', () => {
  let emulator: Emulator
  let call: ReturnType<typeof client>

  beforeEach(async () => {
    emulator = await startEmulator({timings: 'instant', seed: 9})
    call = client(emulator)
    emulator.state.createApp({name: 'kit-app'})
  })
  afterEach(() => emulator.close())

  it('answers 404 for unknown databases, non-Postgres add-ons and databases still provisioning', async () => {
    expect((await call('GET', '/client/v11/databases/00000000-0000-0000-0000-000000000000')).status).to.equal(404)
    const redis = emulator.state.addAddon('kit-app', 'heroku-redis:mini')
    expect((await call('GET', `/client/v11/databases/${redis.id}`)).status).to.equal(404)
    const created = await call('POST', '/apps/kit-app/addons', {plan: 'heroku-postgresql:essential-0'})
    const info = await call('GET', `/client/v11/databases/${created.body.id}`)
    expect(info.status).to.equal(404)
    expect(info.body.id).to.equal('not_found')
    expect((await call('GET', `/client/v11/databases/${created.body.id}`)).status).to.equal(200)
  })

  it('describes a database the way pg:backups:schedule reads it', async () => {
    const essential = emulator.state.addAddon('kit-app', 'heroku-postgresql:essential-0')
    const info = await call('GET', `/client/v11/databases/${essential.id}`)
    expect(info.body.info.find((i: {name: string}) => i.name === 'Continuous Protection').values).to.deep.equal(['Off'])
    const standard = emulator.state.addAddon('kit-app', 'heroku-postgresql:standard-0')
    const protectedInfo = await call('GET', `/client/v11/databases/${standard.id}`)
    expect(protectedInfo.body.info.find((i: {name: string}) => i.name === 'Continuous Protection').values).to.deep.equal(['On'])
  })

  it('creates, lists and deletes backup schedules, validating hour and timezone', async () => {
    const db = emulator.state.addAddon('kit-app', 'heroku-postgresql:essential-0')
    const path = `/client/v11/databases/${db.id}/transfer-schedules`
    const created = await call('POST', path, {hour: '06', schedule_name: 'DATABASE_URL', timezone: 'America/New_York'})
    expect(created.status).to.equal(201)
    expect(created.body).to.include({hour: 6, name: 'DATABASE_URL', timezone: 'America/New_York'})
    expect(created.body.uuid).to.match(/^[\da-f-]{36}$/)
    for (const body of [
      {hour: '24', schedule_name: 'X_URL', timezone: 'UTC'},
      {hour: 'six', schedule_name: 'X_URL', timezone: 'UTC'},
      {hour: '2', schedule_name: 'X_URL', timezone: 'PDT'},
      {hour: '2', schedule_name: 'X_URL', timezone: 'Mars/Olympus'},
    ]) {
      const res = await call('POST', path, body)
      expect(res.status, JSON.stringify(body)).to.equal(422)
    }

    expect((await call('POST', path, {hour: 23, schedule_name: 'OTHER_URL', timezone: 'UTC'})).status).to.equal(201)
    // one schedule per schedule_name: POSTing the same name again changes it (what pg:backups:schedule relies on)
    const moved = await call('POST', path, {hour: '2', schedule_name: 'DATABASE_URL', timezone: 'Europe/Berlin'})
    expect(moved.status).to.equal(201)
    expect(moved.body).to.include({hour: 2, name: 'DATABASE_URL', timezone: 'Europe/Berlin', uuid: created.body.uuid})
    const list = await call('GET', path)
    expect(list.body.map((s: {name: string; hour: number}) => [s.name, s.hour]).sort()).to.deep.equal([
      ['DATABASE_URL', 2],
      ['OTHER_URL', 23],
    ])
    expect((await call('DELETE', `${path}/${created.body.uuid}`)).status).to.equal(200)
    expect((await call('GET', path)).body).to.have.length(1)
    expect(emulator.log.every(e => e.host === 'data')).to.equal(true)
  })

  it('takes manual backups that finish after a poll', async () => {
    const db = emulator.state.addAddon('kit-app', 'heroku-postgresql:essential-0')
    const backup = await call('POST', `/client/v11/databases/${db.id}/backups`)
    expect(backup.status).to.equal(201)
    expect(backup.body).to.include({from_name: 'DATABASE', from_type: 'pg_dump', num: 1, succeeded: false, to_type: 'gof3r'})
    expect((await call('GET', '/client/v11/apps/kit-app/transfers')).body[0].succeeded).to.equal(false)
    expect((await call('GET', '/client/v11/apps/kit-app/transfers')).body[0].succeeded).to.equal(true)
    // backups are listed per app, as `heroku pg:backups` does; the Data API takes only POST on …/databases/{id}/backups
    expect((await call('GET', `/client/v11/databases/${db.id}/backups`)).status).to.equal(404)
  })

  it('does not need the vnd.heroku Accept header or cost rate-limit tokens', async () => {
    const db = emulator.state.addAddon('kit-app', 'heroku-postgresql:essential-0')
    const before = emulator.state.pool(emulator.state.defaultUser).remaining()
    const res = await call('GET', `/client/v11/databases/${db.id}`, undefined, {headers: {Accept: 'application/json'}})
    expect(res.status).to.equal(200)
    expect(emulator.state.pool(emulator.state.defaultUser).remaining()).to.equal(before)
  })
})
