import {expect} from 'chai'

import {pluginRequests} from '../support/contract.js'
import {flat, useShopPipeline} from '../support/shop-pipeline.js'

/** kit:backups through the real heroku CLI: production's schedule from the reference heroku-kit.yml (02:00 Europe/Berlin). */
describe('e2e: kit:backups through the real heroku CLI', function () {
  this.timeout(300_000)
  let databaseId: string
  const bed = useShopPipeline({
    setup(state) {
      state.createApp({name: 'shop-tools'})
      state.addAddon('shop-staging', 'heroku-postgresql:essential-0', {attachmentName: 'DATABASE'})
      databaseId = state.addAddon('shop-prod', 'heroku-postgresql:standard-0', {attachmentName: 'DATABASE'}).id
    },
  })
  const {kit} = bed
  const writes = () => bed.emulator.writes().map(w => `${w.method} ${w.host} ${w.path.replace(databaseId, 'DB').replace(/[\da-f-]{36}$/, 'UUID')}`)
  const schedules = () => [...bed.emulator.state.schedules.values()].filter(s => s.addonId === databaseId).map(s => `${s.name}@${s.hour}:00 ${s.timezone}`)

  it('--dry-run shows the schedule it would create, and sends nothing', async () => {
    const result = await kit(['kit:backups', '--dry-run'])
    expect(result.code, result.output).to.equal(0)
    expect(result.stdout).to.include('+ schedule Postgres backups daily at 02:00 Europe/Berlin')
    expect(result.stdout).to.include('Dry run: the schedule would be created; nothing was sent.')
    expect(bed.emulator.writes()).to.deep.equal([])
  })

  it('schedules production\'s backups from heroku-kit.yml and shows the schedule and the latest backups; a second run sends nothing', async () => {
    const result = await kit(['kit:backups'])
    expect(result.code, result.output).to.equal(0)
    expect(writes()).to.deep.equal(['POST data /client/v11/databases/DB/transfer-schedules'])
    expect(bed.emulator.writes()[0].body).to.deep.equal({hour: '02', timezone: 'Europe/Berlin', schedule_name: 'DATABASE_URL'})
    expect(schedules()).to.deep.equal(['DATABASE_URL@2:00 Europe/Berlin'])
    expect(result.stdout).to.match(/Schedule of postgresql-\S+ \(heroku-postgresql:standard-0\) on shop-prod: daily at 02:00 Europe\/Berlin \(DATABASE_URL\)/)
    expect(result.stdout).to.include('Latest backups:\n  (no backups yet)')
    expect(flat(result.stderr)).to.include('has Continuous Protection')

    bed.emulator.clearLog()
    const again = await kit(['kit:backups'])
    expect(again.code, again.output).to.equal(0)
    expect(again.stdout).to.include('= Postgres backups daily at 02:00 Europe/Berlin').and.include('Nothing to change')
    expect(bed.emulator.writes()).to.deep.equal([])
  })

  it('--at and --timezone replace a schedule that differs; --json lists the latest backups', async () => {
    const backup = await fetch(`${bed.emulator.url}/client/v11/databases/${databaseId}/backups`, {method: 'POST', headers: {Authorization: 'Bearer test-api-key', 'Content-Type': 'application/json'}, body: '{}'})
    expect(backup.status).to.equal(201)
    bed.emulator.clearLog()
    const result = await kit(['kit:backups', '--at', '03:00', '--timezone', 'America/New_York', '--json'])
    expect(result.code, result.output).to.equal(0)
    expect(writes()).to.deep.equal(['DELETE data /client/v11/databases/DB/transfer-schedules/UUID', 'POST data /client/v11/databases/DB/transfer-schedules'])
    expect(schedules()).to.deep.equal(['DATABASE_URL@3:00 America/New_York'])
    const json = JSON.parse(result.stdout)
    expect(json).to.deep.include({app: 'shop-prod', stage: 'production', applied: true, dryRun: false, continuousProtection: true})
    expect(json.desired).to.deep.equal({hour: 3, timezone: 'America/New_York'})
    expect(json.schedule).to.deep.equal({name: 'DATABASE_URL', hour: 3, timezone: 'America/New_York'})
    expect(json.plan).to.deep.equal([{id: 'production.backups', action: 'change', summary: 'move Postgres backups from 2:00 Europe/Berlin to 03:00 America/New_York'}])
    expect(json.backups).to.have.length(1)
    expect(json.backups[0]).to.deep.include({name: 'b001', scheduled: false})
  })

  it('rejects an hour or time zone Heroku would not take, before any request', async () => {
    for (const [args, expected] of [
      [['--at', '25:00'], '--at "25:00" is not a time of day: write HH:00 with HH from 00 to 23'],
      [['--at', '02:30'], '--at 02:30 is not on the hour: Heroku runs scheduled backups on the hour only, so write --at 02:00'],
      [['--at', '2pm'], '--at "2pm" is not a time of day'],
      [['--at', '02:00', '--timezone', 'Mars/Olympus_Mons'], '"Mars/Olympus_Mons" is not an IANA time zone name'],
      [['--at', '02:00 EST', '--timezone', 'UTC'], '--at names the time zone EST and --timezone names UTC'],
    ] as const) {
      const result = await kit(['kit:backups', ...args])
      expect(result.code, args.join(' ')).to.equal(1)
      expect(flat(result.stderr), args.join(' ')).to.include(expected)
    }

    expect(pluginRequests(bed.emulator.log)).to.deep.equal([])
  })

  it('rejects a stage without backups, a wrong app and an app without Postgres, and sends nothing', async () => {
    const staging = await kit(['kit:backups', '--stage', 'staging'])
    expect(staging.code).to.equal(1)
    expect(flat(staging.stderr)).to.include('stages.staging declares no backups in heroku-kit.yml, and --at is not given')
    const wrongApp = await kit(['kit:backups', '-a', 'shop-nope', '--at', '02:00'])
    expect(wrongApp.code).to.equal(1)
    expect(flat(wrongApp.stderr)).to.include("Couldn't find the app shop-nope on Heroku.")
    const noDatabase = await kit(['kit:backups', '-a', 'shop-tools', '--at', '02:00'])
    expect(noDatabase.code).to.equal(1)
    expect(flat(noDatabase.stderr)).to.include('shop-tools has no heroku-postgresql add-on to back up.')
    expect(bed.emulator.writes()).to.deep.equal([])
  })
})
