import {expect} from 'chai'

import {HerokuApi} from '../../../src/lib/api/heroku-api.js'
import {resolveServiceUrls} from '../../../src/lib/api/hosts.js'
import {HttpClient} from '../../../src/lib/api/http.js'
import {requestsPerApp} from '../../../src/lib/converge/current.js'
import {RESOURCES} from '../../../src/lib/converge/registry.js'
import type {StageReader} from '../../../src/lib/converge/resource.js'
import {checkFleetPipeline, FLEET_CHECKS, FLEET_SKIPPED, listFleet, planBudget, REQUESTS_PER_PIPELINE, runFleet} from '../../../src/lib/verify/fleet.js'
import {fleetExitCode, renderFleet} from '../../../src/lib/verify/fleet-render.js'
import {emulatorEnv} from '../../support/heroku-cli.js'
import {type Emulator, startEmulator} from 'heroku-emulator'
import {seedFleet} from '../../support/fleet.js'

describe('kit:verify fleet', () => {
  it('planBudget: keeps 10% of the remaining pool (rounded up) and affords whole pipelines within the rest', () => {
    expect(planBudget(4500, 20)).to.deep.equal({
      remaining: 4500,
      reserve: 450,
      perPipeline: REQUESTS_PER_PIPELINE,
      pipelines: 20,
      estimate: 480,
      affordable: 20,
    })
    expect(planBudget(200, 20)).to.include({reserve: 20, affordable: Math.floor(180 / REQUESTS_PER_PIPELINE)})
    expect(planBudget(25, 3)).to.include({reserve: 3, affordable: 0})
    expect(planBudget(0, 0)).to.include({reserve: 0, affordable: 0, estimate: 0})
  })

  it('a pipeline costs at most 25 requests, and fleet mode runs no repository check and none of the skipped ones', () => {
    expect(REQUESTS_PER_PIPELINE).to.be.at.most(25)
    expect(FLEET_CHECKS.some(check => check.scope === 'repository')).to.equal(false)
    expect(FLEET_CHECKS.map(check => check.id)).to.not.include.members(Object.keys(FLEET_SKIPPED))
    expect(FLEET_CHECKS.map(check => check.id)).to.include.members(['pipeline', 'health', 'release', 'backups', 'ssl'])
  })

  describe('against the emulator', () => {
    let emulator: Emulator
    let http: HttpClient
    before(async () => {
      emulator = await startEmulator({timings: 'instant'})
      seedFleet(emulator.state, {pipelines: 6, team: 'acme'})
      seedFleet(emulator.state, {pipelines: 1, prefix: 'mine'})
      const env = emulatorEnv(emulator.url)
      http = new HttpClient({urls: resolveServiceUrls(env), token: env.HEROKU_API_KEY, userAgent: 'test', retry: {maxRetries: 0}})
    })
    after(() => emulator.close())

    it("reads each app through the resources' own readers (those that read in fleet mode), and its budget is theirs", async () => {
      const calls = new Map<string, number>()
      const originals = new Map<(typeof RESOURCES)[number], StageReader>()
      for (const resource of RESOURCES) {
        const reader = resource.read.stage
        if (!reader) continue
        originals.set(resource, reader)
        resource.read.stage = async input => {
          calls.set(resource.name, (calls.get(resource.name) ?? 0) + 1)
          expect(input.fleet, resource.name).to.equal(true)
          return reader(input)
        }
      }

      try {
        const {pipelines, appNames} = await listFleet(new HerokuApi(http), {team: 'acme'})
        const fork = http.fork()
        const health = {deadlineMs: 1000, timeoutMs: 1000, intervalMs: 1, backoff: 1, maxIntervalMs: 1, maxAttempts: 1, maxRedirects: 0}
        const row = await checkFleetPipeline(fork, pipelines[0], {
          appNames,
          health,
          healthPath: '/health',
          probe: (client, url, options) => client.probe(url, options),
        })
        const fleetReaders = RESOURCES.filter(resource => resource.read.stage && resource.read.fleet !== false).map(resource => resource.name)
        expect(Object.fromEntries(calls)).to.deep.equal(Object.fromEntries(fleetReaders.map(name => [name, 2])))
        // the budget: the pipeline's couplings and review-app settings, and per app what those readers send plus its latest release
        expect(REQUESTS_PER_PIPELINE).to.equal(2 + 2 * (requestsPerApp({fleet: true}) + 1))
        expect(row.requests).to.equal(REQUESTS_PER_PIPELINE)
      } finally {
        for (const [resource, reader] of originals) resource.read.stage = reader
      }
    })

    it("listFleet: the team's pipelines by name, or all of them, with the app names", async () => {
      const heroku = new HerokuApi(http)
      const team = await listFleet(heroku, {team: 'acme'})
      expect(team.pipelines.map(p => p.name)).to.deep.equal(['fleet-01', 'fleet-02', 'fleet-03', 'fleet-04', 'fleet-05', 'fleet-06'])
      expect([...team.appNames.values()]).to.include('fleet-01-prod')
      expect((await listFleet(heroku, {})).pipelines.map(p => p.name)).to.include('mine-01')
      try {
        await listFleet(heroku, {team: 'other'})
        expect.fail('should throw')
      } catch (error) {
        expect((error as Error).message).to.include("Couldn't find the team other")
      }
    })

    it('runFleet stops cleanly when RateLimit-Remaining falls (other tools use the account): the rest is listed as not checked', async () => {
      const {pipelines, appNames} = await listFleet(new HerokuApi(http), {team: 'acme'})
      let remaining = 4000
      const report = await runFleet({
        scope: 'team acme',
        pipelines,
        appNames,
        budget: planBudget(4000, pipelines.length),
        concurrency: 1,
        healthPath: '/health',
        health: {deadlineMs: 1000, timeoutMs: 1000, intervalMs: 1, backoff: 1, maxIntervalMs: 1, maxAttempts: 1, maxRedirects: 0},
        fork: () => http.fork(),
        probe: (client, url, options) => client.probe(url, options),
        setupRequests: 0,
        // after two pipelines, someone else spends the pool down to 420 (the reserve is 400)
        remaining: () => remaining,
        onDone(_row, done) {
          if (done === 2) remaining = 420
        },
      })
      expect(report.rows.map(r => r.status)).to.deep.equal(['checked', 'checked', 'not-checked', 'not-checked', 'not-checked', 'not-checked'])
      expect(report.stopped).to.match(/^RateLimit-Remaining fell to 420/)
      expect(report.rows[0].requests).to.equal(REQUESTS_PER_PIPELINE)
      expect(report.requests).to.equal(2 * REQUESTS_PER_PIPELINE)
      expect(fleetExitCode(report, false)).to.equal(1)
      const text = renderFleet(report).join('\n')
      expect(text).to.include('Stopped before 4 pipeline(s): RateLimit-Remaining fell to 420')
      expect(text).to.include('Not checked: fleet-03, fleet-04, fleet-05, fleet-06.')
      expect(text).to.include('2 of 6 pipeline(s) checked in 48 API requests (at most 24 for one pipeline).')
    })

    it('runFleet with concurrency checks every pipeline once, in name order in the report', async () => {
      const {pipelines, appNames} = await listFleet(new HerokuApi(http), {team: 'acme'})
      const report = await runFleet({
        scope: 'team acme',
        pipelines,
        appNames,
        budget: planBudget(4000, pipelines.length),
        concurrency: 4,
        healthPath: '/health',
        health: {deadlineMs: 1000, timeoutMs: 1000, intervalMs: 1, backoff: 1, maxIntervalMs: 1, maxAttempts: 1, maxRedirects: 0},
        fork: () => http.fork(),
        probe: (client, url, options) => client.probe(url, options),
        setupRequests: 0,
        remaining: () => undefined,
      })
      expect(report.rows.map(r => `${r.pipeline}:${r.status}`)).to.deep.equal(pipelines.map(p => `${p.name}:checked`))
      expect(report.rows.find(r => r.pipeline === 'fleet-05')!.failing).to.deep.equal(['release (production)'])
      expect(report.rows.find(r => r.pipeline === 'fleet-01')!.failing).to.deep.equal([])
    })
  })
})
