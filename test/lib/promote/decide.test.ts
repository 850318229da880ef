import {expect} from 'chai'

import {KitError} from '../../../src/lib/errors.js'
import {
  afterRelease,
  configKeyDiff,
  currentRelease,
  decidePromotion,
  PROMOTION_HEADLINES,
  type ReleaseInfo,
  rollbackTarget,
} from '../../../src/lib/promote/decide.js'

let counter = 0
function release(version: number, fields: Partial<ReleaseInfo> = {}): ReleaseInfo {
  counter++
  return {id: `r${counter}-v${version}`, version, status: 'succeeded', eligible_for_rollback: true, slug: {id: `slug-${version}`}, ...fields}
}

function refusal(run: () => unknown): KitError {
  try {
    run()
  } catch (error) {
    expect(error).to.be.instanceOf(KitError)
    return error as KitError
  }

  throw new Error('expected a KitError')
}

describe('promotion decisions', () => {
  describe('currentRelease', () => {
    it('is the release Heroku marks current, else the newest that succeeded', () => {
      const marked = [release(7, {current: true}), release(8, {status: 'failed', eligible_for_rollback: false})]
      expect(currentRelease(marked)!.version).to.equal(7)
      const unmarked = [release(9, {status: 'pending'}), release(8, {status: 'failed'}), release(6), release(5)]
      expect(currentRelease(unmarked)!.version).to.equal(6)
      expect(currentRelease([])).to.equal(undefined)
    })
  })

  describe('decidePromotion', () => {
    const names = {staging: 'shop-staging', production: 'shop-prod'}

    it("promotes staging's current release when production runs another slug", () => {
      const source = release(12, {current: true, slug: {id: 'new'}})
      const before = release(7, {current: true, slug: {id: 'old'}})
      const decision = decidePromotion({...names, stagingReleases: [source, release(11)], productionReleases: [before]})
      expect(decision).to.deep.equal({action: 'promote', source, before})
    })

    it('promotes to a production app without any code yet', () => {
      const decision = decidePromotion({
        ...names,
        stagingReleases: [release(3, {current: true})],
        productionReleases: [release(2, {slug: null, current: true})],
      })
      expect(decision.action).to.equal('promote')
    })

    it("does nothing when production already runs staging's slug (compared by slug id)", () => {
      const decision = decidePromotion({
        ...names,
        stagingReleases: [release(12, {current: true, slug: {id: 's'}})],
        productionReleases: [release(8, {current: true, slug: {id: 's'}})],
      })
      expect(decision.action).to.equal('nothing')
      expect(decision.action === 'nothing' && decision.reason).to.equal('shop-prod v8 already runs the slug of shop-staging v12')
    })

    it("on Fir, compares OCI images: nothing when production runs staging's image, a promotion when it runs another", () => {
      // Fir releases have slug: null and name their image in oci_image (3.sdk) or in artifacts (v3)
      const source = release(5, {current: true, slug: null, oci_image: {id: 'img-2'}})
      const same = decidePromotion({
        ...names,
        stagingReleases: [source],
        productionReleases: [release(3, {current: true, slug: null, artifacts: [{type: 'oci-image', id: 'img-2'}]})],
      })
      expect(same.action === 'nothing' && same.reason).to.equal('shop-prod v3 already runs the image of shop-staging v5')
      const before = release(3, {current: true, slug: null, oci_image: {id: 'img-1'}})
      expect(decidePromotion({...names, stagingReleases: [source], productionReleases: [before]})).to.deep.equal({action: 'promote', source, before})
    })

    it('ignores staging releases that failed or are pending: it promotes what staging runs', () => {
      const running = release(10, {slug: {id: 'running'}})
      const decision = decidePromotion({
        ...names,
        stagingReleases: [release(12, {status: 'pending', slug: {id: 'next'}}), release(11, {status: 'failed', slug: {id: 'broken'}}), running],
        productionReleases: [release(4)],
      })
      expect(decision.source).to.equal(running)
    })

    it('refuses when staging has no release with code', () => {
      const error = refusal(() => decidePromotion({...names, stagingReleases: [release(2, {slug: null})], productionReleases: []}))
      expect(error.code).to.equal('nothing_deployed')
      expect(error.message).to.equal('shop-staging has no release with code to promote (v2 has no slug or image).')
    })

    it('refuses while production has a release in progress', () => {
      const productionReleases = [release(9, {status: 'pending', description: 'Promote shop-staging v4'}), release(8)]
      const error = refusal(() => decidePromotion({...names, stagingReleases: [release(5)], productionReleases}))
      expect(error.code).to.equal('release_in_progress')
      expect(error.message).to.include('v9, Promote shop-staging v4')
    })
  })

  describe('afterRelease', () => {
    it('maps every release outcome, health and --no-rollback to an action and exit code', () => {
      const table = [
        [{release: 'succeeded', health: 'pass', rollback: true}, 'stop', 'promoted', 0],
        [{release: 'succeeded', health: 'skipped', rollback: true}, 'stop', 'promoted', 0],
        [{release: 'succeeded', health: 'fail', rollback: true}, 'rollback', 'rolled_back', 1],
        [{release: 'succeeded', health: 'fail', rollback: false}, 'stop', 'health_failed', 1],
        [{release: 'succeeded', health: 'unknown', rollback: true}, 'stop', 'health_unknown', 1],
        [{release: 'failed', rollback: true}, 'stop', 'release_failed', 1],
        [{release: 'failed', rollback: false}, 'stop', 'release_failed', 1],
        [{release: 'timeout', rollback: true}, 'stop', 'timeout', 1],
        [{release: 'no-release', rollback: true}, 'stop', 'promotion_failed', 1],
      ] as const
      for (const [input, action, outcome, exitCode] of table) {
        expect(afterRelease(input), JSON.stringify(input)).to.deep.equal({action, outcome, exitCode})
      }
    })

    it('has a headline for every outcome', () => {
      for (const headline of Object.values(PROMOTION_HEADLINES)) expect(headline).to.match(/\.$/)
    })
  })

  describe('rollbackTarget', () => {
    it('goes back to the release production ran before the promotion', () => {
      const before = release(7)
      const promoted = release(8, {current: true})
      expect(rollbackTarget([promoted, before, release(6)], promoted, before)).to.equal(before)
    })

    it('skips releases that are not eligible for rollback, and never picks the promoted release or a newer one', () => {
      const promoted = release(10, {current: true})
      const failed = release(9, {status: 'failed', eligible_for_rollback: false})
      const newer = release(11, {status: 'pending', eligible_for_rollback: false})
      const good = release(8)
      expect(rollbackTarget([newer, promoted, failed, good, release(7)], promoted, failed)).to.equal(good)
    })

    it('falls back to the newest eligible release older than the promoted one when `before` is unknown or gone', () => {
      const promoted = release(20)
      const older = [release(19), release(18)]
      expect(rollbackTarget([promoted, ...older], promoted, {id: 'not-listed'})).to.equal(older[0])
      expect(rollbackTarget([promoted, ...older], promoted)).to.equal(older[0])
      expect(rollbackTarget([promoted], promoted)).to.equal(undefined)
    })
  })

  it('configKeyDiff names keys on one side only, never values', () => {
    expect(configKeyDiff({A: '1', B: '2', ONLY_S: 'x', Z_S: 'y'}, {A: 'other', B: '2', ONLY_P: 'z'})).to.deep.equal({
      onlyInStaging: ['ONLY_S', 'Z_S'],
      onlyInProduction: ['ONLY_P'],
    })
  })
})
