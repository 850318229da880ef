import {expect} from 'chai'

import {APP_JSON, DETECTION, evidence, PIPELINE_YML_NO_BACKUPS} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('2. app-json', () => {
    it('fails without app.json', async () => {
      const result = check(await evidence({appJson: null, pipelineYml: PIPELINE_YML_NO_BACKUPS}), 'app-json')
      expect(result.status).to.equal('fail')
      expect(result.fix).to.include('heroku kit:init')
    })

    it('fails when the database the app uses is missing from app.json addons', async () => {
      const result = check(await evidence({appJson: {...APP_JSON, addons: APP_JSON.addons.slice(1)}, pipelineYml: PIPELINE_YML_NO_BACKUPS}), 'app-json')
      expect(result.status).to.equal('fail')
      expect(result.evidence[0]).to.include('no database (Heroku Postgres) add-on').and.include('package.json dependencies: pg')
      expect(result.fix).to.include('"plan":"heroku-postgresql:essential-0","as":"DATABASE"')
    })

    it('requires Redis only when the app uses it', async () => {
      const uses = check(await evidence({detection: {...DETECTION, redis: {via: 'package.json dependencies: ioredis'}} as never}), 'app-json')
      expect(uses.status).to.equal('fail')
      expect(uses.evidence[0]).to.include('no Redis add-on')
    })

    it('fails without logging or monitoring, warns without a scheduler', async () => {
      const noLogs = check(await evidence({appJson: {...APP_JSON, addons: APP_JSON.addons.filter(a => !a.plan.startsWith('papertrail'))}}), 'app-json')
      expect(noLogs.status).to.equal('fail')
      const noScheduler = check(await evidence({appJson: {...APP_JSON, addons: APP_JSON.addons.filter(a => !a.plan.startsWith('scheduler'))}}), 'app-json')
      expect(noScheduler.status).to.equal('warn')
      expect(noScheduler.fix).to.include('scheduler:standard')
    })

    it('fails on app.json that does not validate', async () => {
      const e = await evidence({
        appJson: null,
        pipelineYml: PIPELINE_YML_NO_BACKUPS,
        repository: {appJsonErrors: ['app.json:3: env.PORT must be a string or an object']},
      })
      const result = check(e, 'app-json')
      expect(result.status).to.equal('fail')
      expect(result.evidence).to.include('app.json:3: env.PORT must be a string or an object')
    })

    it('fails on values Heroku rejects (an invalid dyno size)', async () => {
      const result = check(await evidence({appJson: {...APP_JSON, formation: {web: {quantity: 1, size: 'huge'}, worker: {quantity: 1}}}}), 'app-json')
      expect(result.status).to.equal('fail')
      expect(result.evidence.join('\n')).to.include('huge')
    })
  })
})
