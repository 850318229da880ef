import {expect} from 'chai'

import {APP_JSON, evidence} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('pitfalls', () => {
    it('secrets in app.json: fails on a literal secret or credential, naming the key, never the value', async () => {
      const appJson = {
        ...APP_JSON,
        env: {...APP_JSON.env, SESSION_SECRET: {value: 'hunter2hunter2'}, MAIL_URL: {value: 'smtp://mailer:pa55word@mail.example:587'}},
      }
      const result = check(await evidence({appJson}), 'app-json-secrets')
      expect(result.status).to.equal('fail')
      const text = result.evidence.join('\n')
      expect(text).to.include('env.SESSION_SECRET').and.include('env.MAIL_URL holds a URL with a password')
      expect(JSON.stringify(result)).to.not.include('hunter2').and.not.include('pa55word')
    })

    it('secrets in app.json: only warns for the test environment (CI dummies)', async () => {
      const appJson = {...APP_JSON, environments: {test: {env: {SECRET_KEY: {value: 'test-only'}}}}}
      expect(check(await evidence({appJson}), 'app-json-secrets').status).to.equal('warn')
    })
  })
})
