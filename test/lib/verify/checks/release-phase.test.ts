import {expect} from 'chai'

import {DETECTION, evidence} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('5. release-phase and release', () => {
    it('fails without a release process type when a migration tool is detected', async () => {
      const result = check(await evidence({procfile: 'web: node server.js\nworker: node worker.js\n'}), 'release-phase')
      expect(result.status).to.equal('fail')
      expect(result.fix).to.include('release: npm run migrate')
    })

    it('warns (not fails) without a release process type when the app has a database but no migration tool, saying what to add', async () => {
      const result = check(await evidence({procfile: 'web: node server.js\n', detection: {...DETECTION, migrations: undefined}}), 'release-phase')
      expect(result.status).to.equal('warn')
      expect(result.evidence[0]).to.equal(
        'no release process type, and the app uses a database (package.json dependencies: pg) without a migration tool kit:init knows',
      )
      expect(result.fix).to.equal('when the app gets migrations, add `release: <migrate command>` to the Procfile so they run before each release goes live')
    })

    it('passes without a release process type when the app has no database and no migration tool', async () => {
      const result = check(
        await evidence({procfile: 'web: node server.js\n', detection: {...DETECTION, database: undefined, migrations: undefined}}),
        'release-phase',
      )
      expect(result.status).to.equal('pass')
      expect(result.evidence).to.deep.equal([
        'no release process type, and no database or migration tool detected: nothing to migrate',
        'web does not migrate at start-up',
      ])
    })

    it('fails when web migrates at start-up, directly or through its npm script', async () => {
      const direct = check(
        await evidence({procfile: 'web: npm run migrate && node server.js\nworker: node worker.js\nrelease: npm run migrate\n'}),
        'release-phase',
      )
      expect(direct.status).to.equal('fail')
      expect(direct.evidence[0]).to.include('runs migrations at start-up')
      const viaScript = check(
        await evidence({
          procfile: 'web: npm start\nworker: node worker.js\nrelease: npm run migrate\n',
          repository: {packageScripts: {start: 'knex migrate:latest && node server.js'}},
        }),
        'release-phase',
      )
      expect(viaScript.status).to.equal('fail')
      expect(viaScript.evidence[0]).to.include('package.json scripts.start runs migrations')
    })

    it('warns when the release command does not migrate although the app has a database', async () => {
      const result = check(await evidence({procfile: 'web: node server.js\nworker: node worker.js\nrelease: node scripts/warm-cache.js\n'}), 'release-phase')
      expect(result.status).to.equal('warn')
    })

    const container = (release: boolean, more: {commands?: Record<string, string>; releaseCommand?: string} = {}) => ({
      procfile: null,
      repository: {container: {file: 'heroku.yml' as const, processes: ['web'], release, commands: {}, ...more}},
    })

    it('with heroku.yml (containers), looks at its release section instead of the Procfile', async () => {
      const declared = check(await evidence(container(true)), 'release-phase')
      expect(declared.status).to.equal('pass')
      expect(declared.evidence).to.deep.equal(['heroku.yml declares a release phase (release:): it runs before each new release goes live'])
      const missing = check(await evidence(container(false)), 'release-phase')
      expect(missing.status).to.equal('fail')
      expect(missing.evidence).to.deep.equal(["heroku.yml has no release section: migrations don't run before the new code goes live"])
      expect(missing.fix).to.equal('add `release: {image: web, command: [npm run migrate]}` to heroku.yml')
    })

    it('with heroku.yml, names the release command, and fails a run.web that migrates at start-up', async () => {
      const named = check(await evidence(container(true, {releaseCommand: 'npm run migrate'})), 'release-phase')
      expect(named.evidence).to.deep.equal(['heroku.yml declares a release phase (release: `npm run migrate`): it runs before each new release goes live'])
      const startup = check(await evidence(container(true, {commands: {web: 'npx prisma migrate deploy && node server.js'}})), 'release-phase')
      expect(startup.status).to.equal('fail')
      expect(startup.evidence[0]).to.match(
        /^heroku\.yml run\.web: web `npx prisma migrate deploy && node server\.js` runs migrations at start-up: every dyno races/,
      )
      expect(startup.fix).to.include('take it out of run.web')
    })
  })
})
