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

  it("schedules production's backups from heroku-kit.yml and shows the schedule and the latest backups; a second run sends nothing", async () => {
    const result = await kit(['kit:backups'])
    expect(result.code, result.output).to.equal(0)
    expect(writes()).to.deep.equal(['POST data /client/v11/databases/DB/transfer-schedules'])
    expect(bed.emulator.writes()[0].body).to.deep.equal({hour: '02', timezone: 'Europe/Berlin', schedule_name: 'DATABASE_URL'})
    expect(schedules()).to.deep.equal(['DATABASE_URL@2:00 Europe/Berlin'])
    expect(result.stdout).to.match(/Schedule of postgresql-\S+ \(heroku-postgresql:standard-0\) on shop-prod: daily at 02:00 Europe\/Berlin \(DATABASE_URL\)/)
    expect(result.stdout).to.include('Latest backups (no backup yet):\n  (no backups yet)')
    // read as `heroku pg:backups` reads them: the app's transfers (there is no GET …/databases/{id}/backups)
    expect(bed.emulator.log.filter(e => e.host === 'data' && e.method === 'GET').map(e => e.path)).to.include('/client/v11/apps/shop-prod/transfers')
    expect(flat(result.stderr)).to.include('has Continuous Protection')

    bed.emulator.clearLog()
    const again = await kit(['kit:backups'])
    expect(again.code, again.output).to.equal(0)
    expect(again.stdout).to.include('= Postgres backups daily at 02:00 Europe/Berlin').and.include('Nothing to change')
    expect(bed.emulator.writes()).to.deep.equal([])
  })

  it('--at and --timezone change a schedule that differs with one POST, never a DELETE first; --json lists the latest backups', async () => {
    const before = [...bed.emulator.state.schedules.values()].find(s => s.addonId === databaseId)!
    const backup = await fetch(`${bed.emulator.url}/client/v11/databases/${databaseId}/backups`, {
      method: 'POST',
      headers: {Authorization: 'Bearer test-api-key', 'Content-Type': 'application/json'},
      body: '{}',
    })
    expect(backup.status).to.equal(201)
    bed.emulator.clearLog()
    const result = await kit(['kit:backups', '--at', '03:00', '--timezone', 'America/New_York', '--json'])
    expect(result.code, result.output).to.equal(0)
    // no moment without a schedule: the same schedule is changed in place, as `heroku pg:backups:schedule` does
    expect(writes()).to.deep.equal(['POST data /client/v11/databases/DB/transfer-schedules'])
    expect(bed.emulator.writes()[0].body).to.deep.equal({hour: '03', timezone: 'America/New_York', schedule_name: 'DATABASE_URL'})
    expect(schedules()).to.deep.equal(['DATABASE_URL@3:00 America/New_York'])
    expect([...bed.emulator.state.schedules.values()].find(s => s.addonId === databaseId)!.uuid).to.equal(before.uuid)
    const json = JSON.parse(result.stdout)
    expect(json).to.deep.include({app: 'shop-prod', stage: 'production', applied: true, dryRun: false, continuousProtection: true})
    expect(json.desired).to.deep.equal({hour: 3, timezone: 'America/New_York'})
    expect(json.schedule).to.deep.equal({name: 'DATABASE_URL', hour: 3, timezone: 'America/New_York'})
    expect(json.plan).to.deep.equal([
      {id: 'production.backups', action: 'change', summary: 'move Postgres backups from 02:00 Europe/Berlin to 03:00 America/New_York'},
    ])
    expect(json.backups).to.have.length(1)
    expect(json.backups[0]).to.deep.include({name: 'b001', scheduled: false, database: 'DATABASE'})
    expect(json).to.not.have.property('backupsError')
  })

  it("shows the latest backup's age and status, and a failed read of the backups is a warning with exit 0 once the schedule is set", async () => {
    const shown = await kit(['kit:backups'])
    expect(shown.code, shown.output).to.equal(0)
    expect(shown.stdout).to.match(
      /Latest backups \(latest backup b001 of DATABASE: succeeded, \d+ min ago \(\S+\)\):\n {2}b001 {2}\S+ \(\d+ min ago\) {2}succeeded/,
    )

    bed.emulator.faults.add({
      method: 'GET',
      host: 'data',
      path: '/client/v11/apps/shop-prod/transfers',
      status: 404,
      body: {id: 'not_found', message: 'Not found.'},
      times: Number.POSITIVE_INFINITY,
    })
    try {
      bed.emulator.clearLog()
      const result = await kit(['kit:backups', '--at', '04:00', '--timezone', 'UTC'])
      expect(result.code, result.output).to.equal(0)
      expect(writes()).to.deep.equal(['POST data /client/v11/databases/DB/transfer-schedules'])
      expect(schedules()).to.deep.equal(['DATABASE_URL@4:00 UTC'])
      expect(result.stdout).to.include('daily at 04:00 UTC (DATABASE_URL)').and.not.include('Latest backups')
      expect(flat(result.stderr), result.output).to.include(
        'Warning: The latest backups of shop-prod could not be read (GET /client/v11/apps/shop-prod/transfers answered 404 (Not found.)); the schedule above is set.',
      )
      // --json says it in the result (oclif keeps stderr quiet in --json mode)
      const again = await kit(['kit:backups', '--at', '04:00', '--timezone', 'UTC', '--json'])
      expect(again.code, again.output).to.equal(0)
      expect(JSON.parse(again.stdout)).to.deep.include({
        applied: false,
        backups: [],
        backupsError: 'GET /client/v11/apps/shop-prod/transfers answered 404 (Not found.)',
      })
    } finally {
      bed.emulator.faults.clear()
    }
  })

  it('the Data API answers 404 for GET …/databases/{id}/backups, as Heroku does (only POST, to capture, exists there)', async () => {
    const response = await fetch(`${bed.emulator.url}/client/v11/databases/${databaseId}/backups`, {headers: {Authorization: 'Bearer test-api-key'}})
    expect(response.status).to.equal(404)
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
