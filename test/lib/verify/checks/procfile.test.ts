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

    describe('a repository that deploys containers (heroku.yml)', () => {
      const container = (processes: string[], release = true) => ({repository: {container: {file: 'heroku.yml' as const, processes, release, commands: {}}}})

      it('passes without a Procfile when heroku.yml declares web (and the worker the code has)', async () => {
        const result = check(await evidence({procfile: null, ...container(['web', 'worker'])}), 'procfile')
        expect(result.status, JSON.stringify(result)).to.equal('pass')
        expect(result.evidence).to.deep.equal([
          'heroku.yml declares web, worker (container stack)',
          'worker code (package.json dependencies: bullmq) runs as worker',
        ])
      })

      it('says the Procfile is not used when there is one too', async () => {
        const result = check(await evidence({...container(['web', 'worker'])}), 'procfile')
        expect(result.status).to.equal('pass')
        expect(result.evidence).to.include('the Procfile is not used: with heroku.yml, Heroku takes the process types from it')
      })

      it('fails when heroku.yml has no web process, whether or not there is a Procfile', async () => {
        for (const procfile of [null, PROCFILE]) {
          const result = check(await evidence({procfile, ...container(['worker'])}), 'procfile')
          expect(result.status).to.equal('fail')
          expect(result.evidence[0]).to.equal('heroku.yml declares no web process (build.docker.web or run.web): nothing receives HTTP traffic')
          expect(result.fix).to.include('add web under build.docker (web: Dockerfile) or under run')
        }
      })

      it('fails on worker code without a worker process, and on a formation type heroku.yml lacks', async () => {
        const result = check(await evidence({procfile: null, ...container(['web'])}), 'procfile')
        expect(result.status).to.equal('fail')
        expect(result.evidence.join('\n'))
          .to.include('but heroku.yml declares no worker process')
          .and.include('app.json formation scales worker, which ' + "heroku.yml doesn't declare")
        expect(result.fix).to.include('add `worker: npm run worker` under run: in heroku.yml')
      })

      it('fails on a heroku.yml that does not parse', async () => {
        const result = check(await evidence({procfile: null, repository: {containerError: 'heroku.yml line 2: bad indentation'}}), 'procfile')
        expect(result.status).to.equal('fail')
        expect(result.evidence).to.deep.equal(['heroku.yml does not parse:', 'heroku.yml line 2: bad indentation'])
      })
    })
  })
})
