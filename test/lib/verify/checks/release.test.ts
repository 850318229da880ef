import {expect} from 'chai'

import {evidence} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('5. release-phase and release', () => {
    it('fails on a failed latest release with releases:output and releases:retry; warns while pending', async () => {
      const failed = check(
        await evidence({
          stageEvidence: {
            staging: {
              latestRelease: {
                ok: true,
                value: {id: 'r', version: 7, status: 'failed', description: 'Deploy abc'} as never,
              },
            },
          },
        }),
        'release',
        'staging',
      )
      expect(failed.status).to.equal('fail')
      expect(failed.evidence[0]).to.include('v7 (Deploy abc) failed')
      expect(failed.fix).to.include('heroku releases:output v7 -a shop-staging').and.include('heroku releases:retry -a shop-staging')
      const pending = check(
        await evidence({stageEvidence: {staging: {latestRelease: {ok: true, value: {id: 'r', version: 8, status: 'pending'} as never}}}}),
        'release',
        'staging',
      )
      expect(pending.status).to.equal('warn')
      const unreadable = check(await evidence({stageEvidence: {staging: {latestRelease: {ok: false, error: 'ETIMEDOUT'}}}}), 'release', 'staging')
      expect(unreadable.status).to.equal('unknown')
    })
  })
})
