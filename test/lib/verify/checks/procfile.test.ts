import {expect} from 'chai'

import {APP_JSON, DETECTION, evidence, PROCFILE} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('1. procfile', () => {
    it('fails without a Procfile, pointing at kit:init', async () => {
      const result = check(await evidence({procfile: null}), 'procfile')
      expect(result.status).to.equal('fail')
      expect(result.fix).to.include('heroku kit:init')
    })

    it('fails without web, suggesting the detected web command', async () => {
      const result = check(await evidence({procfile: 'worker: node worker.js\nrelease: npm run migrate\n'}), 'procfile')
      expect(result.status).to.equal('fail')
      expect(result.evidence[0]).to.include('no web process type')
      expect(result.fix).to.include('web: node server.js')
    })

    it('fails when web listens on a fixed port, passes when it binds $PORT', async () => {
      const fixed = check(await evidence({procfile: PROCFILE.replace('node server.js', 'node server.js --port 3000')}), 'procfile')
      expect(fixed.status).to.equal('fail')
      expect(fixed.evidence[0]).to.include('not $PORT')
      const bound = check(await evidence({procfile: PROCFILE.replace('node server.js', 'node server.js --port $PORT')}), 'procfile')
      expect(bound.status).to.equal('pass')
      expect(bound.evidence.join('\n')).to.include('binds $PORT')
    })

    it('fails when the app has worker code but no worker process', async () => {
      const e = await evidence({procfile: 'web: node server.js\nrelease: npm run migrate\n', appJson: {...APP_JSON, formation: {web: {quantity: 1}}}})
      const result = check(e, 'procfile')
      expect(result.status).to.equal('fail')
      expect(result.evidence[0]).to.include('worker code (package.json dependencies: bullmq)')
      expect(result.fix).to.include('worker: npm run worker')
    })

    it('fails when a declared formation scales a process type the Procfile lacks', async () => {
      const e = await evidence({procfile: 'web: node server.js\nrelease: npm run migrate\n', detection: {...DETECTION, worker: undefined} as never})
      const result = check(e, 'procfile')
      expect(result.status).to.equal('fail')
      expect(result.evidence.join('\n')).to.include('scales worker')
    })

    it('reports the parse errors of a broken Procfile', async () => {
      const e = await evidence({procfile: null, repository: {procfileErrors: ['Procfile:1: "web" has no ":"']}})
      expect(check(e, 'procfile').evidence).to.include('Procfile:1: "web" has no ":"')
    })
  })
})
