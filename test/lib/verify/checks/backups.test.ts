import {expect} from 'chai'

import type {StageEvidence} from '../../../../src/lib/verify/types.js'
import {APP_JSON, evidence, liveStage, PIPELINE_YML_NO_BACKUPS} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('12. backups', () => {
    it('fails without a schedule, pointing at kit:bootstrap when heroku-kit.yml declares backups, else kit:backups', async () => {
      const declared = check(await evidence({live: {production: {schedules: []}}}), 'backups', 'production')
      expect(declared.status).to.equal('fail')
      expect(declared.fix).to.equal('heroku kit:bootstrap --yes')
      const undeclared = check(
        await evidence({
          pipelineYml:
            'pipeline: shop\nrepo: acme/shop\nreview_apps: true\nstages:\n  staging: {app: shop-staging}\n  production: {app: shop, domains: ' +
            '[www.shop.example], acm: true}\n',
          live: {production: {schedules: []}},
        }),
        'backups',
        'production',
      )
      expect(undeclared.fix).to.equal('heroku kit:backups --stage production --at "03:00 UTC"')
    })

    it('shows the latest backup (newest transfer) with its age and status; a failed or stale one is a warning', async () => {
      const readAt = Date.parse('2025-03-02T12:00:00Z')
      const backup = (status: 'succeeded' | 'failed' | 'running', createdAt: string) => ({
        ok: true as const,
        value: {readAt, backup: {name: 'a007', database: 'DATABASE', createdAt, status, bytes: 1024, scheduled: true}},
      })
      const withLatest = async (latestBackup: NonNullable<StageEvidence['latestBackup']>) =>
        check(await evidence({stageEvidence: {production: {latestBackup}}}), 'backups', 'production')
      const fresh = await withLatest(backup('succeeded', '2025-03-02T03:00:00Z'))
      expect(fresh.status).to.equal('pass')
      expect(fresh.evidence).to.include('latest backup a007 of DATABASE: succeeded, 9 h ago (2025-03-02T03:00:00Z)')
      const failed = await withLatest(backup('failed', '2025-03-02T03:00:00Z'))
      expect(failed.status).to.equal('warn')
      expect(failed.evidence).to.include('latest backup a007 of DATABASE: failed, 9 h ago (2025-03-02T03:00:00Z)')
      expect(failed.fix).to.equal('read why: heroku pg:backups:info a007 -a shop; take one now: heroku pg:backups:capture -a shop')
      const stale = await withLatest(backup('succeeded', '2025-02-27T03:00:00Z'))
      expect(stale.status).to.equal('warn')
      expect(stale.evidence.at(-1)).to.equal(
        'latest backup a007 of DATABASE: succeeded, 3 days ago (2025-02-27T03:00:00Z): older than two days, so daily ' + 'backups are not running',
      )
      const none = await withLatest({ok: true, value: {readAt, backup: undefined}})
      expect(none.status).to.equal('pass')
      expect(none.evidence.at(-1)).to.equal('no backup yet: the first scheduled one runs at the scheduled hour')
      const unreadable = await withLatest({ok: false, error: 'GET /client/v11/apps/shop/transfers answered 503 unavailable (x)'})
      expect(unreadable.status).to.equal('pass')
      expect(unreadable.evidence.at(-1)).to.equal('the latest backup could not be read: GET /client/v11/apps/shop/transfers answered 503 unavailable (x)')
    })

    it('passes when production has no database at all and none is declared', async () => {
      const e = await evidence({
        appJson: {...APP_JSON, addons: APP_JSON.addons.slice(1)},
        pipelineYml: PIPELINE_YML_NO_BACKUPS.replace(/ {6}- \{plan: "heroku-postgresql.*\n/, ''),
        live: {production: {addons: liveStage('production').addons.slice(1)}},
      })
      expect(check(e, 'backups', 'production').evidence[0]).to.include('nothing to back up')
    })
  })
})
