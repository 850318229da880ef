import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'

import {commandRunsMigrations, loadProcfile, parseProcfile, webBindsPort} from '../../../src/lib/manifest/procfile.js'
import {expectIssues, fixture, FIXTURES, issuesOf, rejectsWith} from './helpers.js'

describe('manifest: Procfile', () => {
  describe('parseProcfile', () => {
    it('reads the reference Procfile with the line of each entry', () => {
      expect(parseProcfile(fixture('reference', 'Procfile'), 'Procfile')).to.deep.equal({
        entries: [
          {command: 'node --enable-source-maps dist/server.js --port $PORT', line: 2, type: 'web'},
          {command: 'node --enable-source-maps dist/worker.js', line: 3, type: 'worker'},
          {command: 'npm run db:migrate', line: 6, type: 'release'},
        ],
        file: 'Procfile',
      })
    })

    it('skips comments and blank lines and takes CRLF line endings', () => {
      expect(parseProcfile(fixture('procfile', 'good', 'crlf-comments'), 'Procfile').entries).to.deep.equal([
        {command: 'bundle exec puma -C config/puma.rb', line: 2, type: 'web'},
        {command: 'bundle exec sidekiq -C config/sidekiq.yml', line: 5, type: 'worker'},
        {command: 'bundle exec rails db:migrate', line: 6, type: 'release'},
      ])
    })

    it('takes process types with digits, "_" and "-", and commands that contain ":"', () => {
      const {entries} = parseProcfile(fixture('procfile', 'good', 'django'), 'Procfile')
      expect(entries.map(e => e.type)).to.deep.equal(['web', 'worker', 'release', 'clock', 'urgent_worker-2'])
      expect(parseProcfile('web: gunicorn -b 0.0.0.0:$PORT app:app\n', 'Procfile').entries[0].command).to.equal('gunicorn -b 0.0.0.0:$PORT app:app')
    })

    it('takes no space after ":" and trims the command', () => {
      expect(parseProcfile(fixture('procfile', 'good', 'no-space'), 'Procfile').entries.map(e => [e.type, e.command])).to.deep.equal([
        ['web', 'node server.js'],
        ['worker', 'node worker.js'],
      ])
    })

    it('gives an empty Procfile no entries', () => {
      expect(parseProcfile('', 'Procfile')).to.deep.equal({entries: [], file: 'Procfile'})
    })

    const bad: Array<{file: string; issues: Array<[string, string]>}> = [
      {file: 'no-colon', issues: [['Procfile:3', 'the line starting "worker…" has no ":"; each line must be <process type>: <command>']]},
      {file: 'empty-command', issues: [['Procfile:2', 'process type worker has no command']]},
      {file: 'invalid-type', issues: [['Procfile:2', 'the line starting "web…" is not a valid process type; use letters, digits, "_" and "-" only']]},
      {file: 'space-before-colon', issues: [['Procfile:1', 'remove the space before ":"']]},
      {file: 'duplicate', issues: [['Procfile:3', 'process type web is declared twice (first on line 1)']]},
      {file: 'missing-type', issues: [['Procfile:1', 'the line starts with ":" and has no process type']]},
      {
        file: 'several',
        issues: [
          ['Procfile:1', 'the line starting "web…" has no ":"'],
          ['Procfile:2', 'process type worker has no command'],
          ['Procfile:4', 'process type web is declared twice (first on line 3)'],
        ],
      },
    ]
    it('issue 19.5: a file that is not a Procfile (a netrc, a .env) has at most its first word quoted, never a secret', () => {
      for (const text of [
        'machine api.heroku.com\n  login me@example.com\n  password hrku-s3cr3t-value\n',
        'export API_TOKEN=hrku-s3cr3t-value:x\n',
        'API_TOKEN=hrku-s3cr3t-value\n',
      ]) {
        const error = issuesOf(() => parseProcfile(text, 'Procfile'))
        expect(error.message).to.not.include('s3cr3t').and.not.include('me@example.com').and.not.include('api.heroku.com')
      }
    })

    for (const {file, issues} of bad) {
      it(`rejects bad/${file} at the right line`, () => {
        const error = issuesOf(() => parseProcfile(fixture('procfile', 'bad', file), 'Procfile'))
        expectIssues(error, issues)
        expect(error.code).to.equal('invalid_procfile')
      })
    }
  })

  describe('loadProcfile', () => {
    it('reads Procfile from a directory and is undefined without one', async () => {
      expect((await loadProcfile(path.join(FIXTURES, 'reference')))?.entries).to.have.length(3)
      expect(await loadProcfile(await mkdtemp(path.join(tmpdir(), 'kit-manifest-')))).to.equal(undefined)
    })

    for (const name of ['procfile', 'Procfile.txt', 'PROCFILE']) {
      it(`refuses ${name}: Heroku only reads Procfile`, async () => {
        const dir = await mkdtemp(path.join(tmpdir(), 'kit-manifest-'))
        await writeFile(path.join(dir, name), 'web: npm start\n')
        const error = await rejectsWith(loadProcfile(dir))
        expect(error.message).to.equal(`Found ${name} but not Procfile: Heroku only reads a file named exactly Procfile.`)
        expect(error.suggestion).to.equal(`Rename it: git mv ${name} Procfile`)
      })
    }
  })

  describe('webBindsPort', () => {
    const cases: Array<[string, boolean | undefined]> = [
      // references $PORT
      ['node server.js --port $PORT', true],
      ['gunicorn -b 0.0.0.0:$PORT app:app', true],
      ['gunicorn --bind=0.0.0.0:${PORT:-5000} app:app', true],
      ['uvicorn main:app --host 0.0.0.0 --port ${PORT}', true],
      ['bundle exec rackup -p $PORT', true],
      ['java -Dserver.port=$PORT -jar target/app.jar', true],
      ['python manage.py runserver 0.0.0.0:$PORT', true],
      ['cmd /c server.exe --port %PORT%', true],
      // servers that read the PORT env var themselves
      ['gunicorn shop.wsgi --log-file -', true],
      ['gunicorn -w 4 -k uvicorn.workers.UvicornWorker main:app', true],
      ['next start', true],
      ['npx next start', true],
      ['bundle exec rails server -b 0.0.0.0', true],
      ['bin/rails s', true],
      ['bundle exec puma -C config/puma.rb', true],
      ['heroku-php-apache2 public/', true],
      ['vendor/bin/heroku-php-nginx -C nginx.conf public/', true],
      // another port, a socket, or localhost
      ['node server.js --port 3000', false],
      ['next start -p 3000', false],
      ['gunicorn -b 0.0.0.0:8000 app:app', false],
      ['gunicorn --bind 0.0.0.0 app:app', false],
      ['gunicorn --bind unix:/tmp/gunicorn.sock app:app', false],
      ['bundle exec puma -p 9292', false],
      ['bundle exec rails server -p 3000', false],
      ['uvicorn main:app', false],
      ['hypercorn main:app', false],
      ['flask run', false],
      ['python manage.py runserver', false],
      ['python -m http.server 8000', false],
      ['streamlit run app.py', false],
      ['php -S 0.0.0.0:8080 -t public', false],
      ['java -Dserver.port=8080 -jar app.jar', false],
      // the code decides
      ['node server.js', undefined],
      ['npm start', undefined],
      ['./bin/shop', undefined],
      ['java -jar target/app.jar', undefined],
      ['bundle exec puma', undefined],
      ['gunicorn -c gunicorn.conf.py app:app', undefined],
    ]
    for (const [command, expected] of cases) {
      it(`${command} → ${expected}`, () => expect(webBindsPort(command)).to.equal(expected))
    }
  })

  describe('commandRunsMigrations', () => {
    const migrations = [
      'bundle exec rails db:migrate',
      'bin/rails db:migrate',
      'rake db:migrate',
      'bundle exec rails db:prepare',
      'python manage.py migrate --noinput',
      'alembic upgrade head',
      'alembic -c alembic.ini upgrade head',
      'flask db upgrade',
      'npx prisma migrate deploy',
      'prisma migrate deploy',
      'knex migrate:latest --env production',
      'npx sequelize-cli db:migrate',
      'sequelize db:migrate',
      'npm run migrate',
      'npm run db:migrate',
      'yarn migrate',
      'pnpm run migrate:deploy',
      'typeorm migration:run -d dist/data-source.js',
      'npx typeorm-ts-node-commonjs migration:run -d src/data-source.ts',
      'goose -dir db/migrations postgres "$DATABASE_URL" up',
      'migrate -path db/migrations -database $DATABASE_URL up',
      'mix ecto.migrate',
      'php artisan migrate --force',
      './bin/shop migrate',
      'flyway migrate',
      'dbmate up',
      'node-pg-migrate up',
      'bash -c "npm run build && npm run migrate"',
    ]
    for (const command of migrations) it(`${command} → true`, () => expect(commandRunsMigrations(command)).to.equal(true))

    const others = [
      'node server.js',
      'npm run build',
      'python manage.py makemigrations',
      'python manage.py showmigrations',
      'rake db:migrate:status',
      'php artisan migrate:status',
      'php artisan migrate:rollback',
      'npm run migrate:status',
      './release-tasks.sh',
      'python manage.py collectstatic --noinput',
      'bundle exec sidekiq',
    ]
    for (const command of others) it(`${command} → false`, () => expect(commandRunsMigrations(command)).to.equal(false))
  })
})
