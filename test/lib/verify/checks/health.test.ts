import {expect} from 'chai'

import {evidence} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('4. health', () => {
    it('fails on a 5xx with the evidence of the probe, pointing at logs and rollback', async () => {
      const e = await evidence({
        stageEvidence: {
          production: {
            health: {
              url: 'u',
              status: 'fail',
              reason: 'server-error',
              httpStatus: 503,
              attempts: 5,
              elapsedMs: 8000,
              evidence: ['GET u → 503 in 3 ms'],
            },
          },
        },
      })
      const result = check(e, 'health', 'production')
      expect(result).to.deep.include({status: 'fail', evidence: ['GET u → 503 in 3 ms']})
      expect(result.fix).to.include('heroku releases:rollback -a shop')
    })

    it('points at scaling when no web dyno runs, at the health path on a 404, at the redirect on a loop', async () => {
      const fail = (reason: string, httpStatus?: number) => ({
        health: {
          url: 'u',
          status: 'fail' as const,
          reason: reason as never,
          httpStatus,
          attempts: 1,
          elapsedMs: 5,
          evidence: ['x'],
        },
      })
      const noDynos = check(
        await evidence({
          live: {staging: {formation: [{type: 'web', quantity: 0, size: 'basic'} as never]}},
          stageEvidence: {staging: fail('server-error', 503)},
        }),
        'health',
        'staging',
      )
      expect(noDynos.fix).to.include('heroku ps:scale web=1 -a shop-staging')
      // a fresh app has no process types (formation []): Heroku answers 404 to a scale, so the fix is a deploy
      const fresh = check(await evidence({live: {staging: {formation: []}}, stageEvidence: {staging: fail('server-error', 503)}}), 'health', 'staging')
      expect(fresh.fix).to.equal('deploy: push to main (or run the deploy workflow), then run kit:verify again')
      expect(fresh.evidence.at(-1)).to.include('shop-staging has no process types yet: nothing is deployed')
      const notFound = check(await evidence({stageEvidence: {staging: fail('client-error', 404)}}), 'health', 'staging')
      expect(notFound.fix).to.include('/health')
      const loop = check(await evidence({stageEvidence: {staging: fail('redirect-loop', 301)}}), 'health', 'staging')
      expect(loop.fix).to.include('redirects')
    })

    it('says unknown when the app could not be reached', async () => {
      const e = await evidence({
        stageEvidence: {
          staging: {
            health: {
              url: 'u',
              status: 'unknown',
              reason: 'unreachable',
              attempts: 5,
              elapsedMs: 8000,
              evidence: ['GET u: ECONNREFUSED'],
            },
          },
        },
      })
      expect(check(e, 'health', 'staging').status).to.equal('unknown')
    })
  })
})
