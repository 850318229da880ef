import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {expect} from 'chai'

import type {Release} from 'heroku-emulator'
import {referenceRepo} from '../support/reference.js'
import {flat, SHOP_PROCESS_TYPES, useShopPipeline} from '../support/shop-pipeline.js'

/**
 * kit:promote through the real heroku CLI against the emulator: the pipeline of the reference repository (shop:
 * shop-staging → shop-prod, health_path /health), set up directly in the emulator's state. The cases run in order
 * and build on each other: each new staging deploy is a new commit to promote.
 */
describe('e2e: kit:promote through the real heroku CLI', function () {
  this.timeout(300_000)
  const bed = useShopPipeline({
    setup(state) {
      state.setConfigVars('shop-staging', {NODE_ENV: 'production', STRIPE_SECRET_KEY: 'sk_test_51Habcdefghijklmnopqrstuv', FEATURE_CHECKOUT_V2: 'on'})
      state.setConfigVars('shop-prod', {NODE_ENV: 'production', STRIPE_SECRET_KEY: 'sk_live_51Hzyxwvutsrqponmlkjihgfe', LEGACY_PAYMENTS: 'true'})
      deployStaging('a')
    },
  })
  const {settle} = bed
  const kit = (args: string[], env: Record<string, string> = {}) => bed.kit(args, {env})

  function deployStaging(commit: string): Release {
    return settle(bed.emulator.state.deploy('shop-staging', {processTypes: SHOP_PROCESS_TYPES, commit: commit.repeat(40).slice(0, 40)}))
  }

  /** The commit production runs now. */
  function productionCommit(): string | null | undefined {
    const app = bed.emulator.state.findApp('shop-prod')!
    return bed.emulator.state.currentSlug(app)?.commit
  }

  const promotionPosts = () => bed.emulator.writes().filter(w => w.method === 'POST' && w.path === '/pipeline-promotions')
  const rollbackPosts = () => bed.emulator.writes().filter(w => w.method === 'POST' && w.path === '/apps/shop-prod/releases')

  it('refuses to promote without --yes when there is no terminal, and sends nothing', async () => {
    const result = await kit(['kit:promote'])
    expect(result.code).to.equal(1)
    expect(flat(result.stderr)).to.include('--yes').and.include('needs approval')
    expect(result.stdout).to.include('Promote shop-staging → shop-prod')
    expect(bed.emulator.writes()).to.deep.equal([])
  })

  it('rejects a wrong pipeline, a production app the pipeline does not have, or a pipeline without production, and sends nothing', async () => {
    const mismatch = await kit(['kit:promote', '--yes', '--pipeline', 'other'])
    expect(mismatch.code).to.equal(1)
    expect(flat(mismatch.stderr)).to.include('--pipeline is other but heroku-kit.yml names the pipeline shop')

    const other = await referenceRepo()
    const file = path.join(other, 'heroku-kit.yml')
    await writeFile(file, (await readFile(file, 'utf8')).replace('  production:\n', '  production:\n    app: shop-other\n'))
    const wrongApp = await bed.kit(['kit:promote', '--yes'], {cwd: other})
    expect(wrongApp.code).to.equal(1)
    expect(flat(wrongApp.stderr)).to.include('Pipeline shop has shop-prod at stage production, but heroku-kit.yml declares shop-other')

    // a pipeline without a production app
    const depot = bed.emulator.state.createPipeline({name: 'depot'})
    bed.emulator.state.couple(bed.emulator.state.createApp({name: 'depot-staging'}), depot, 'staging')
    await writeFile(file, (await readFile(file, 'utf8')).replace('pipeline: shop', 'pipeline: depot').replace('    app: shop-other\n', ''))
    const noProduction = await bed.kit(['kit:promote', '--yes'], {cwd: other})
    expect(noProduction.code).to.equal(1)
    expect(flat(noProduction.stderr)).to.include('Pipeline depot has no app at stage production.')

    const noPipeline = await kit(['kit:promote', '--yes', '--pipeline-id', '00000000-0000-4000-8000-000000000000'])
    expect(noPipeline.code).to.equal(1)
    expect(flat(noPipeline.stderr)).to.include('No pipeline with id 00000000-0000-4000-8000-000000000000.')
    expect(bed.emulator.writes()).to.deep.equal([])
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
    const staging = bed.emulator.state.findApp('shop-staging')!
    expect((promotionPosts()[0].body as {source: {release: {id: string}}}).source.release.id).to.equal(bed.emulator.state.currentRelease(staging)!.id)
  })

  it("does nothing when production already runs staging's slug (exit 0, no write)", async () => {
    const result = await kit(['kit:promote', '--yes', '--json'])
    expect(result.code, result.output).to.equal(0)
    const json = JSON.parse(result.stdout)
    expect(json.outcome).to.equal('nothing_to_promote')
    expect(json.message).to.match(/shop-prod v\d+ already runs the slug of shop-staging v\d+/)
    expect(bed.emulator.writes()).to.deep.equal([])
  })

  it('waits out a health check that recovers within the deadline: no rollback (exit 0)', async () => {
    deployStaging('b')
    bed.emulator.state.setHealth('shop-prod', [503, 503, 200])
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
    bed.emulator.state.setReleasePhase('shop-prod', 'fails')
    try {
      const result = await kit(['kit:promote', '--yes'])
      expect(result.code, result.output).to.equal(1)
      expect(result.stderr).to.include('release │ Release command failed')
      expect(result.stdout).to.match(
        /The release phase of shop-prod v\d+ failed: shop-prod stays on v\d+: Heroku did not deploy v\d+, which leaves production as a rollback would, so no rollback release was made; its health: pass/,
      )
      expect(flat(result.stderr)).to.include('Promotion failed: the release phase failed.')
      // rolled back in effect: production runs the previous release (b), and no second release was made for it
      expect(productionCommit()).to.equal('b'.repeat(40))
      expect(promotionPosts()).to.have.length(1)
      expect(rollbackPosts()).to.deep.equal([])
    } finally {
      bed.emulator.state.setReleasePhase('shop-prod', undefined)
    }
  })

  it('rolls back a failed release that went live all the same (not documented Heroku behaviour; defended), exit 1', async () => {
    const {state} = bed.emulator
    // staging runs a slug whose release phase fails everywhere but on staging
    state.setReleasePhase('shop-staging', 'succeeds')
    settle(state.deploy('shop-staging', {processTypes: SHOP_PROCESS_TYPES, commit: 'f'.repeat(40), releasePhase: 'fails'}))
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
    bed.emulator.state.setHealth('shop-prod', [503, 503, 503, 200])
    const before = bed.emulator.state.currentRelease(bed.emulator.state.findApp('shop-prod')!)!
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
    bed.emulator.state.setHealth('shop-prod', [500])
    const result = await kit(['kit:promote', '--yes', '--no-rollback', '--health-timeout', '1'])
    expect(result.code, result.output).to.equal(1)
    expect(result.stdout).to.match(
      /is live but unhealthy: GET .*→ 500.*Not rolled back \(--no-rollback\); to roll back: `heroku releases:rollback v\d+ -a shop-prod`/,
    )
    expect(rollbackPosts()).to.deep.equal([])
    expect(productionCommit()).to.equal('c'.repeat(40))
    bed.emulator.state.setHealth('shop-prod', [200])
  })

  it("re-run when production already runs staging's slug but is unhealthy (a run cut short): exit 1 with the rollback command; --rollback-unhealthy rolls back (issue 18.3)", async () => {
    bed.emulator.state.setHealth('shop-prod', [500])
    try {
      const live = bed.emulator.state.currentRelease(bed.emulator.state.findApp('shop-prod')!)!
      bed.emulator.clearLog()
      const rerun = await kit(['kit:promote', '--yes', '--health-timeout', '1'])
      expect(rerun.code, rerun.output).to.equal(1)
      expect(rerun.stdout).to.not.include('Nothing to promote')
      expect(rerun.stdout)
        .to.include(`shop-prod v${live.version} already runs the slug of shop-staging`)
        .and.match(/but it is unhealthy: GET .*→ 500.*`heroku releases:rollback v\d+ -a shop-prod` \(or run again with --rollback-unhealthy\)/)
      expect(bed.emulator.writes()).to.deep.equal([])

      const rolled = await kit(['kit:promote', '--yes', '--health-timeout', '1', '--rollback-unhealthy', '--json'])
      expect(rolled.code, rolled.output).to.equal(1)
      const json = JSON.parse(rolled.stdout)
      expect(json.outcome).to.equal('rolled_back')
      expect(rollbackPosts()).to.have.length(1)
      expect(productionCommit()).to.equal('b'.repeat(40))
    } finally {
      bed.emulator.state.setHealth('shop-prod', [200])
    }
  })

  it('times out with a clear message while the release phase still runs, then refuses while it is pending', async () => {
    bed.emulator.state.releasePhasePolls = 1_000_000
    try {
      deployStaging('d')
      const result = await kit(['kit:promote', '--yes', '--timeout', '1'])
      expect(result.code, result.output).to.equal(1)
      expect(result.stdout).to.match(/Gave up after 1 s: shop-prod v\d+ is still pending \(its release phase is running\)/)
      expect(rollbackPosts()).to.deep.equal([])

      bed.emulator.clearLog()
      const busy = await kit(['kit:promote', '--yes'])
      expect(busy.code).to.equal(1)
      expect(flat(busy.stderr)).to.include('shop-prod has a release in progress')
      expect(bed.emulator.writes()).to.deep.equal([])
    } finally {
      bed.emulator.state.releasePhasePolls = 1
    }
  })
})
