import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {expect} from 'chai'

import {contractViolations, platformSchemaAvailable, pluginRequests} from '../support/contract.js'
import {type Emulator, startEmulator} from '../support/emulator/index.js'
import type {Release} from '../support/emulator/model.js'
import {type HerokuCli, type RunResult, sharedHerokuCli} from '../support/heroku-cli.js'
import {referenceRepo} from '../support/reference.js'

/** An error message as one line: oclif wraps errors at 80 columns (with " ›  " on each line) when stderr is no terminal. */
const flat = (text: string): string => text.replaceAll(/\s*›\s*/g, ' ').replaceAll(/\s+/g, ' ')

const PROCESS_TYPES = {web: 'node dist/server.js', worker: 'node dist/worker.js', release: 'npm run db:migrate'}

/**
 * kit:promote through the real heroku CLI against the emulator: the pipeline of the reference repository (shop:
 * shop-staging → shop-prod, health_path /health), set up directly in the emulator's state. The cases run in order
 * and build on each other: each new staging deploy is a new commit to promote.
 */
describe('e2e: kit:promote through the real heroku CLI', function () {
  this.timeout(300_000)
  let cli: HerokuCli
  let emulator: Emulator
  let repo: string

  const kit = (args: string[], env: Record<string, string> = {}): Promise<RunResult> =>
    cli.run(args, emulator.url, {cwd: repo, env: {HEROKU_KIT_POLL_INTERVAL_MS: '10', ...env}})

  /** Observe a release until its release phase is over, as a client polling it would. */
  function settle(release: Release): Release {
    release.pendingPolls = 0
    emulator.state.pollRelease(release)
    return release
  }

  function deployStaging(commit: string): Release {
    return settle(emulator.state.deploy('shop-staging', {processTypes: PROCESS_TYPES, commit: commit.repeat(40).slice(0, 40)}))
  }

  /** The commit production runs now. */
  function productionCommit(): string | null | undefined {
    const app = emulator.state.findApp('shop-prod')!
    return emulator.state.currentSlug(app)?.commit
  }

  const promotionPosts = () => emulator.writes().filter(w => w.method === 'POST' && w.path === '/pipeline-promotions')
  const rollbackPosts = () => emulator.writes().filter(w => w.method === 'POST' && w.path === '/apps/shop-prod/releases')

  before(async () => {
    cli = await sharedHerokuCli()
    emulator = await startEmulator()
    repo = await referenceRepo()
    const {state} = emulator
    const pipeline = state.createPipeline({name: 'shop'})
    state.couple(state.createApp({name: 'shop-staging'}), pipeline, 'staging')
    state.couple(state.createApp({name: 'shop-prod'}), pipeline, 'production')
    state.setConfigVars('shop-staging', {NODE_ENV: 'production', STRIPE_SECRET_KEY: 'sk_test_51Habcdefghijklmnopqrstuv', FEATURE_CHECKOUT_V2: 'on'})
    state.setConfigVars('shop-prod', {NODE_ENV: 'production', STRIPE_SECRET_KEY: 'sk_live_51Hzyxwvutsrqponmlkjihgfe', LEGACY_PAYMENTS: 'true'})
    deployStaging('a')
  })

  after(async () => {
    if (platformSchemaAvailable()) expect(contractViolations(pluginRequests(emulator.log)), 'requests outside the Platform API schema').to.deep.equal([])
    await emulator?.close()
  })

  beforeEach(() => emulator.clearLog())

  it('refuses to promote without --yes when there is no terminal, and sends nothing', async () => {
    const result = await kit(['kit:promote'])
    expect(result.code).to.equal(1)
    expect(flat(result.stderr)).to.include('--yes').and.include('needs approval')
    expect(result.stdout).to.include('Promote shop-staging → shop-prod')
    expect(emulator.writes()).to.deep.equal([])
  })

  it('rejects a wrong pipeline, a production app the pipeline does not have, or a pipeline without production, and sends nothing', async () => {
    const mismatch = await kit(['kit:promote', '--yes', '--pipeline', 'other'])
    expect(mismatch.code).to.equal(1)
    expect(flat(mismatch.stderr)).to.include('--pipeline is other but heroku-kit.yml names the pipeline shop')

    const other = await referenceRepo()
    const file = path.join(other, 'heroku-kit.yml')
    await writeFile(file, (await readFile(file, 'utf8')).replace('  production:\n', '  production:\n    app: shop-other\n'))
    const wrongApp = await cli.run(['kit:promote', '--yes'], emulator.url, {cwd: other, env: {HEROKU_KIT_POLL_INTERVAL_MS: '10'}})
    expect(wrongApp.code).to.equal(1)
    expect(flat(wrongApp.stderr)).to.include('Pipeline shop has shop-prod at stage production, but heroku-kit.yml declares shop-other')

    // a pipeline without a production app
    const depot = emulator.state.createPipeline({name: 'depot'})
    emulator.state.couple(emulator.state.createApp({name: 'depot-staging'}), depot, 'staging')
    await writeFile(file, (await readFile(file, 'utf8')).replace('pipeline: shop', 'pipeline: depot').replace('    app: shop-other\n', ''))
    const noProduction = await cli.run(['kit:promote', '--yes'], emulator.url, {cwd: other, env: {HEROKU_KIT_POLL_INTERVAL_MS: '10'}})
    expect(noProduction.code).to.equal(1)
    expect(flat(noProduction.stderr)).to.include('Pipeline depot has no app at stage production.')

    const noPipeline = await kit(['kit:promote', '--yes', '--pipeline-id', '00000000-0000-4000-8000-000000000000'])
    expect(noPipeline.code).to.equal(1)
    expect(flat(noPipeline.stderr)).to.include('No pipeline with id 00000000-0000-4000-8000-000000000000.')
    expect(emulator.writes()).to.deep.equal([])
  })

  it('promotes, streaming the release phase, and passes the health check (exit 0)', async () => {
    const result = await kit(['kit:promote', '--yes'])
    expect(result.code, result.output).to.equal(0)
    // the preview: release and commit on each side, config var names only one side has, never values
    expect(result.stdout).to.match(/staging\s+shop-staging\s+v\d+\s+commit aaaaaaa\s+Deploy aaaaaaaa/)
    expect(result.stdout).to.match(/production\s+shop-prod\s+v\d+\s+no code deployed yet/)
    expect(result.stdout).to.include('config vars only on staging:    FEATURE_CHECKOUT_V2')
    expect(result.stdout).to.include('config vars only on production: LEGACY_PAYMENTS')
    expect(result.output).to.not.include('sk_test_51H').and.not.include('sk_live_51H')
    // the release phase output, streamed
    expect(result.stderr).to.include('release │ Release command completed successfully')
    expect(result.stderr).to.include('GET ').and.include('/__apps/shop-prod/health')
    expect(result.stdout).to.match(/Promoted shop-staging v\d+ to shop-prod: v\d+ is live and healthy/)
    expect(productionCommit()).to.equal('a'.repeat(40))
    expect(promotionPosts()).to.have.length(1)
    // the exact release shown in the preview is the one promoted
    const staging = emulator.state.findApp('shop-staging')!
    expect((promotionPosts()[0].body as {source: {release: {id: string}}}).source.release.id).to.equal(emulator.state.currentRelease(staging)!.id)
  })

  it('does nothing when production already runs staging\'s slug (exit 0, no write)', async () => {
    const result = await kit(['kit:promote', '--yes', '--json'])
    expect(result.code, result.output).to.equal(0)
    const json = JSON.parse(result.stdout)
    expect(json.outcome).to.equal('nothing_to_promote')
    expect(json.message).to.match(/shop-prod v\d+ already runs the slug of shop-staging v\d+/)
    expect(emulator.writes()).to.deep.equal([])
  })

  it('waits out a health check that recovers within the deadline: no rollback (exit 0)', async () => {
    deployStaging('b')
    emulator.state.setHealth('shop-prod', [503, 503, 200])
    const result = await kit(['kit:promote', '--yes', '--json', '--health-timeout', '30'])
    expect(result.code, result.output).to.equal(0)
    const json = JSON.parse(result.stdout)
    expect(json.outcome).to.equal('promoted')
    expect(json.health).to.deep.include({status: 'pass', attempts: 3})
    expect(json.rollback).to.equal(null)
    expect(rollbackPosts()).to.deep.equal([])
    expect(productionCommit()).to.equal('b'.repeat(40))
  })

  it('reports a failed release phase: production keeps its release, health checked, exit 1', async () => {
    deployStaging('c')
    emulator.state.setReleasePhase('shop-prod', 'fails')
    try {
      const result = await kit(['kit:promote', '--yes'])
      expect(result.code, result.output).to.equal(1)
      expect(result.stderr).to.include('release │ Release command failed')
      expect(result.stdout).to.match(/The release phase of shop-prod v\d+ failed: shop-prod stays on v\d+: Heroku did not deploy v\d+, which leaves production as a rollback would, so no rollback release was made; its health: pass/)
      expect(flat(result.stderr)).to.include('Promotion failed: the release phase failed.')
      // rolled back in effect: production runs the previous release (b), and no second release was made for it
      expect(productionCommit()).to.equal('b'.repeat(40))
      expect(promotionPosts()).to.have.length(1)
      expect(rollbackPosts()).to.deep.equal([])
    } finally {
      emulator.state.setReleasePhase('shop-prod', undefined)
    }
  })

  it('rolls back a failed release that went live all the same (not documented Heroku behaviour; defended), exit 1', async () => {
    const {state} = emulator
    // staging runs a slug whose release phase fails everywhere but on staging
    state.setReleasePhase('shop-staging', 'succeeds')
    settle(state.deploy('shop-staging', {processTypes: PROCESS_TYPES, commit: 'f'.repeat(40), releasePhase: 'fails'}))
    const before = productionCommit()
    state.failedReleasesGoLive = true // (the failed c of the test above would count as live too: it is older, so harmless)
    try {
      const result = await kit(['kit:promote', '--yes', '--json'])
      expect(result.code, result.output).to.equal(1)
      const json = JSON.parse(result.stdout)
      expect(json.outcome).to.equal('rolled_back')
      expect(json.message).to.match(/its release phase failed, yet Heroku made it current; rolled back to v\d+ as v\d+, whose health: pass/)
      expect(rollbackPosts()).to.have.length(1)
      expect(productionCommit()).to.equal(before)
    } finally {
      state.failedReleasesGoLive = false
      state.setReleasePhase('shop-staging', undefined)
      deployStaging('c') // what the next tests expect staging to run
    }
  })

  it('rolls production back when the health check fails after the release, checks again, exit 1', async () => {
    // c is still on staging and not in production; three failing answers use up the 1 s deadline at 0, 0.4 and 1 s
    emulator.state.setHealth('shop-prod', [503, 503, 503, 200])
    const before = emulator.state.currentRelease(emulator.state.findApp('shop-prod')!)!
    const result = await kit(['kit:promote', '--yes', '--json', '--health-timeout', '1'], {HEROKU_KIT_POLL_INTERVAL_MS: '400'})
    expect(result.code, result.output).to.equal(1)
    const json = JSON.parse(result.stdout)
    expect(json.outcome).to.equal('rolled_back')
    expect(json.health).to.deep.include({status: 'fail', reason: 'server-error', httpStatus: 503})
    expect(json.rollback.to).to.deep.equal({id: before.id, version: before.version})
    expect(json.rollback.release.status).to.equal('succeeded')
    expect(json.rollback.health).to.deep.include({status: 'pass'})
    expect(json.message).to.match(/failed its health check .*rolled back to v\d+ as v\d+, whose health: pass/)
    expect(rollbackPosts()).to.have.length(1)
    expect(rollbackPosts()[0].body).to.deep.equal({release: before.id})
    expect(productionCommit()).to.equal('b'.repeat(40))
  })

  it('--no-rollback leaves the unhealthy release live and says how to roll back (exit 1)', async () => {
    emulator.state.setHealth('shop-prod', [500])
    const result = await kit(['kit:promote', '--yes', '--no-rollback', '--health-timeout', '1'])
    expect(result.code, result.output).to.equal(1)
    expect(result.stdout).to.match(/is live but unhealthy: GET .*→ 500.*Not rolled back \(--no-rollback\); to roll back: `heroku releases:rollback v\d+ -a shop-prod`/)
    expect(rollbackPosts()).to.deep.equal([])
    expect(productionCommit()).to.equal('c'.repeat(40))
    emulator.state.setHealth('shop-prod', [200])
  })

  it('times out with a clear message while the release phase still runs, then refuses while it is pending', async () => {
    emulator.state.releasePhasePolls = 1_000_000
    try {
      deployStaging('d')
      const result = await kit(['kit:promote', '--yes', '--timeout', '1'])
      expect(result.code, result.output).to.equal(1)
      expect(result.stdout).to.match(/Gave up after 1 s: shop-prod v\d+ is still pending \(its release phase is running\)/)
      expect(rollbackPosts()).to.deep.equal([])

      emulator.clearLog()
      const busy = await kit(['kit:promote', '--yes'])
      expect(busy.code).to.equal(1)
      expect(flat(busy.stderr)).to.include('shop-prod has a release in progress')
      expect(emulator.writes()).to.deep.equal([])
    } finally {
      emulator.state.releasePhasePolls = 1
    }
  })
})
