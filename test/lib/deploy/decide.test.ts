import {expect} from 'chai'

import {decideDeploy, guardProduction} from '../../../src/lib/deploy/decide.js'
import {KitError} from '../../../src/lib/errors.js'

const SHA = 'a'.repeat(40)
const release = (version: number, extra: Record<string, unknown> = {}) => ({
  id: `r${version}`,
  version,
  status: 'succeeded',
  slug: {id: `s${version}`},
  ...extra,
})

describe('deploy/decide', () => {
  describe('guardProduction', () => {
    const refused = (fn: () => void): KitError => {
      try {
        fn()
      } catch (error) {
        return error as KitError
      }

      throw new Error('not refused')
    }

    it('lets staging and apps outside any pipeline through', () => {
      expect(() => guardProduction({app: 'shop-staging', stage: 'staging'}, {})).to.not.throw()
      expect(() => guardProduction({app: 'scratch'}, {})).to.not.throw()
      expect(() => guardProduction({app: 'scratch', coupledStage: 'development'}, {})).to.not.throw()
    })

    it('refuses production (by heroku-kit.yml or by its pipeline coupling) without --stage production --confirm APP', () => {
      for (const [target, flags] of [
        [{app: 'shop-prod', stage: 'production'}, {stage: 'production'}],
        [{app: 'shop-prod', stage: 'production'}, {confirm: 'shop-prod'}],
        [{app: 'other-prod', coupledStage: 'production'}, {confirm: 'other-prod'}],
        [{app: 'other-prod', coupledStage: 'production'}, {}],
      ] as const) {
        const error = refused(() => guardProduction(target, flags))
        expect(error.code).to.equal('production_refused')
        expect(error.suggestion).to.include(`--stage production --confirm ${target.app}`).and.include('Nothing was sent')
      }
    })

    it('accepts --stage production --confirm APP, and refuses a --confirm naming another app', () => {
      expect(() => guardProduction({app: 'shop-prod', stage: 'production'}, {stage: 'production', confirm: 'shop-prod'})).to.not.throw()
      expect(refused(() => guardProduction({app: 'shop-prod', stage: 'production'}, {stage: 'production', confirm: 'shop-staging'})).code).to.equal(
        'confirmation_mismatch',
      )
      expect(refused(() => guardProduction({app: 'shop-staging', stage: 'staging'}, {confirm: 'shop-prod'})).code).to.equal('confirmation_mismatch')
    })
  })

  describe('decideDeploy', () => {
    it('does nothing when the current release runs the commit, unless forced', () => {
      const releases = [release(1), release(2)]
      const decision = decideDeploy({app: 'a', commit: SHA, releases, current: releases[1], currentCommit: SHA, force: false})
      expect(decision).to.deep.include({action: 'nothing'})
      expect((decision as {reason: string}).reason).to.equal('a v2 already runs commit aaaaaaa')
      expect(decideDeploy({app: 'a', commit: SHA, releases, current: releases[1], currentCommit: SHA, force: true})).to.deep.equal({
        action: 'deploy',
        before: releases[1],
      })
    })

    it('deploys another commit, or to an app without code', () => {
      const releases = [release(1)]
      expect(decideDeploy({app: 'a', commit: SHA, releases, current: releases[0], currentCommit: 'b'.repeat(40), force: false}).action).to.equal('deploy')
      expect(decideDeploy({app: 'a', commit: SHA, releases: [], current: undefined, currentCommit: null, force: false})).to.deep.equal({
        action: 'deploy',
        before: undefined,
      })
    })

    it('refuses while a release is in progress', () => {
      const releases = [release(1), release(2, {status: 'pending', description: 'Deploy bbbbbbbb'})]
      expect(() => decideDeploy({app: 'a', commit: SHA, releases, current: releases[0], currentCommit: null, force: false})).to.throw(
        KitError,
        'a has a release in progress (v2, Deploy bbbbbbbb)',
      )
    })
  })
})
