import {expect} from 'chai'

import {evidence} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('pitfalls', () => {
    it('logging to files: warns on source findings and on a Procfile --log-file path', async () => {
      const result = check(
        await evidence({
          procfile: 'web: gunicorn app:app --log-file /tmp/app.log\nworker: node worker.js\nrelease: npm run migrate\n',
          repository: {fileLogging: [{file: 'logger.js', line: 4, match: 'winston file transport'}]},
        }),
        'file-logging',
      )
      expect(result.status).to.equal('warn')
      expect(result.evidence.slice(1)).to.deep.equal(['Procfile:1: web writes its log to /tmp/app.log', 'logger.js:4: winston file transport'])
      expect(
        check(await evidence({procfile: 'web: gunicorn app:app --log-file -\nworker: node worker.js\nrelease: npm run migrate\n'}), 'file-logging').status,
      ).to.equal('pass')
    })

    it("logging to files with heroku.yml: judges run's commands, not a Procfile Heroku ignores there", async () => {
      const container = (commands: Record<string, string>) => ({
        procfile: 'web: gunicorn app:app --log-file /tmp/ignored.log\n',
        repository: {container: {file: 'heroku.yml' as const, processes: Object.keys(commands), release: true, commands}},
      })
      const result = check(await evidence(container({web: 'gunicorn app:app', worker: 'python worker.py >> /app/worker.log'})), 'file-logging')
      expect(result.status).to.equal('warn')
      expect(result.evidence.slice(1)).to.deep.equal(['heroku.yml run.worker: worker redirects its output to a .log file'])
      const clean = check(await evidence(container({web: 'gunicorn app:app --log-file -'})), 'file-logging')
      expect(clean.status).to.equal('pass')
      expect(clean.evidence[0]).to.match(/^no logging to files in the heroku\.yml commands or /)
    })
  })
})
