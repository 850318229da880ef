/**
 * kit:verify --team / --all through the real `heroku` CLI against the emulator: a fleet of 20 team pipelines
 * (plus personal ones), checked without a repository, one row per pipeline, within the rate-limit budget.
 */
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'

import type {FleetReport} from '../../src/lib/verify/fleet.js'
import {pluginContractViolations} from '../support/contract.js'
import {type Emulator, startEmulator} from 'heroku-emulator'
import {seedFleet} from '../support/fleet.js'
import {type HerokuCli, type RunResult, sharedHerokuCli} from '../support/heroku-cli.js'

describe('e2e: kit:verify --team / --all over a fleet of pipelines', function () {
  this.timeout(600_000)
  let cli: HerokuCli
  let emulator: Emulator
  let empty: string

  const kit = (args: string[]): Promise<RunResult> => cli.run(args, emulator.url, {cwd: empty})
  async function fleet(args: string[]): Promise<{result: RunResult; report: FleetReport}> {
    const result = await kit(['kit:verify', '--json', ...args])
    try {
      return {result, report: JSON.parse(result.stdout) as FleetReport}
    } catch {
      throw new Error(`no JSON (exit ${result.code}):\n${result.output}`)
    }
  }

  /** API requests in the log per pipeline name (by the app, add-on or pipeline in the path). */
  function logPerPipeline(): Map<string, number> {
    const {state} = emulator
    const owner = new Map<string, string>()
    for (const pipeline of state.pipelines.values()) owner.set(pipeline.id, pipeline.name)
    for (const coupling of state.couplings.values()) owner.set(coupling.appId, state.pipelines.get(coupling.pipelineId)!.name)
    // the resources' readers name an app by name, the fleet's own reads by id
    for (const app of state.apps.values()) if (owner.has(app.id)) owner.set(app.name, owner.get(app.id)!)
    for (const addon of state.addons.values()) if (owner.has(addon.appId)) owner.set(addon.id, owner.get(addon.appId)!)
    const counts = new Map<string, number>()
    for (const entry of emulator.log) {
      const id = /^\/(?:apps|pipelines|client\/v11\/databases)\/([^/?]+)/.exec(entry.path)?.[1]
      const name = id && entry.host !== 'app' ? owner.get(id) : undefined
      if (name) counts.set(name, (counts.get(name) ?? 0) + 1)
    }

    return counts
  }

  before(async () => {
    cli = await sharedHerokuCli()
    // no refill: the budget test below reads exact figures, which a pool refilling 75/min moves while the CLI starts
    emulator = await startEmulator({timings: 'instant', rateLimit: {capacity: 4500, refillPerMinute: 0}})
    empty = await mkdtemp(path.join(tmpdir(), 'kit-fleet-'))
    seedFleet(emulator.state, {pipelines: 20, team: 'acme'})
    // the account's own pipelines: one complete, one with two staging apps and no production app
    seedFleet(emulator.state, {pipelines: 1, prefix: 'solo'})
    const {state} = emulator
    const odd = state.createPipeline({name: 'odd'})
    for (const name of ['odd-a', 'odd-b']) state.couple(state.createApp({name}), odd, 'staging')
  })

  after(async () => {
    expect(pluginContractViolations(emulator.log), "requests outside the published schema or the real CLI's calls").to.deep.equal([])
    await emulator?.close()
    await rm(empty, {recursive: true, force: true})
  })

  beforeEach(() => emulator.clearLog())

  it('--team: one row per pipeline of the team, at most 25 API requests each, reads only, failing releases named, exit 1', async () => {
    const {result, report} = await fleet(['--team', 'acme'])
    expect(result.code).to.equal(1)
    expect(report.rows.map(r => r.pipeline)).to.deep.equal(Array.from({length: 20}, (_, i) => `fleet-${String(i + 1).padStart(2, '0')}`))
    expect(report.rows.every(r => r.status === 'checked')).to.equal(true)
    for (const row of report.rows) {
      expect(row.apps).to.deep.equal({staging: `${row.pipeline}-staging`, production: `${row.pipeline}-prod`})
      expect(row.requests, row.pipeline).to.be.at.most(25)
      const failedRelease = Number(row.pipeline.slice(-2)) % 5 === 0
      expect(row.failing, row.pipeline).to.deep.equal(failedRelease ? ['release (production)'] : [])
      expect(row.checks.map(c => c.id)).to.not.include.members(['procfile', 'app-json', 'config', 'auto-deploy', 'manual-approval', 'error-tracking'])
    }

    const counted = logPerPipeline()
    expect(counted.size).to.equal(20)
    for (const [name, count] of counted) expect(count, name).to.equal(report.rows.find(r => r.pipeline === name)!.requests)
    expect(emulator.log.filter(e => e.write)).to.deep.equal([])
    expect(emulator.log.filter(e => e.status === 429)).to.deep.equal([])
    expect(report.requests).to.equal(emulator.log.filter(e => e.host !== 'app').length)
    // config values are dropped as soon as they are read
    for (const [, vars] of emulator.state.configVars)
      for (const value of Object.values(vars)) if (value.startsWith('secret-')) expect(result.stdout).to.not.include(value)
  })

  it('prints the budget before the rows, the rows, what was skipped and the totals', async () => {
    const result = await kit(['kit:verify', '--team', 'acme'])
    expect(result.code).to.equal(1)
    const budget = result.stdout.indexOf('Rate limit: ')
    const table = result.stdout.indexOf('Pipeline')
    expect(budget).to.be.greaterThan(-1)
    expect(budget).to.be.lessThan(table)
    expect(result.stdout).to.match(/this run uses at most 480 \(up to 24 per pipeline × 20\) and keeps \d+ \(10%\) untouched/)
    expect(result.stdout).to.match(/fleet-05\s+fleet-05-staging\s+fleet-05-prod\s+\d+\s+\d+\s+1\s+release \(production\)\s+24/)
    expect(result.stdout).to.include('Skipped: repository checks')
    expect(result.stdout).to.include('20 of 20 pipeline(s) checked in 484 API requests (at most 24 for one pipeline).')
    expect(result.stdout).to.include('Verification failed: 4 pipeline(s) failing.')
  })

  it('--all: every pipeline the account can see; an extra app in a stage is listed, a missing stage fails', async () => {
    const {report} = await fleet(['--all'])
    expect(report.rows).to.have.length(22)
    const odd = report.rows.find(r => r.pipeline === 'odd')!
    expect(odd.apps).to.deep.equal({staging: 'odd-a'})
    expect(odd.extraApps).to.deep.equal(['odd-b (staging)'])
    expect(odd.failing).to.include('stages (production)')
    const solo = report.rows.find(r => r.pipeline === 'solo-01')!
    expect(solo).to.deep.include({status: 'checked', apps: {staging: 'solo-01-staging', production: 'solo-01-prod'}, extraApps: []})
  })

  it('a nearly spent rate-limit pool: checks what the budget allows, keeps the reserve, stops cleanly without a 429', async () => {
    const pool = emulator.state.pool(emulator.state.defaultUser)
    pool.set(200)
    try {
      const result = await kit(['kit:verify', '--team', 'acme'])
      expect(result.code).to.equal(1)
      // 200 less the three requests that list the team's pipelines and apps
      expect(result.stdout).to.match(/Rate limit: 197 requests left; this run uses at most 168 \(up to 24 per pipeline × 7\) and keeps 20 \(10%\) untouched/)
      expect(result.stderr).to.include('The budget covers 7 of 20 pipelines')
      expect(result.stdout).to.include('Stopped before 13 pipeline(s): the rate-limit budget allows 7 of 20 pipelines')
      expect(result.stdout).to.include('Not checked: fleet-08, fleet-09')
      expect(result.stdout).to.include('7 of 20 pipeline(s) checked')
      expect(emulator.log.filter(e => e.status === 429)).to.deep.equal([])
      expect(pool.remaining()).to.be.at.least(20)
    } finally {
      pool.set(4500)
    }
  })

  it('an unknown team is an error naming it', async () => {
    const result = await kit(['kit:verify', '--team', 'nope'])
    expect(result.code).to.equal(1)
    expect(result.stderr).to.include("Couldn't find the team nope")
  })
})
