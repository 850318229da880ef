import {execFile} from 'node:child_process'
import {mkdir, mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'

import {expect} from 'chai'

import {assembleEvidence, gatherRepository} from '../../../src/lib/verify/gather.js'
import {runChecks} from '../../../src/lib/verify/registry.js'
import {scanSources, trackedDotenvFiles} from '../../../src/lib/verify/source-scan.js'
import {APP_JSON, PIPELINE_YML, PROCFILE} from './fixture.js'

const run = promisify(execFile)

async function repo(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kit-verify-repo-'))
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), {recursive: true})
    await writeFile(path.join(dir, name), text)
  }

  return dir
}

const BASE = {
  'app.json': JSON.stringify(APP_JSON, null, 2),
  Procfile: PROCFILE,
  'heroku-kit.yml': PIPELINE_YML,
  'package.json': JSON.stringify({
    name: 'shop',
    scripts: {start: 'node server.js', migrate: 'node-pg-migrate up', worker: 'node worker.js'},
    dependencies: {express: '4', pg: '8', 'graphile-worker': '0.16', '@sentry/node': '8'},
  }),
  'server.js': "const app = require('express')()\napp.listen(process.env.PORT)\n",
}

describe('kit:verify evidence from a repository on disk', () => {
  it('reads app.json, Procfile, heroku-kit.yml, package.json and detects the app', async () => {
    const dir = await repo(BASE)
    const {repository, desired} = await gatherRepository(dir)
    expect(desired.pipeline).to.equal('shop')
    expect(repository.project.procfile?.entries.map(e => e.type)).to.deep.equal(['web', 'worker', 'release'])
    expect(repository.detection?.database?.via).to.include('pg')
    expect(repository.packageScripts.migrate).to.equal('node-pg-migrate up')
    expect(repository.gitRepository).to.equal(false)
    expect(repository.webEntry).to.deep.equal({file: 'server.js', readsPort: true})
    const results = runChecks(assembleEvidence({repository, desired, configNotes: {}, stages: []}), {local: true})
    expect(
      results.filter(r => r.status !== 'pass'),
      JSON.stringify(results, null, 2),
    ).to.deep.equal([])
    expect(results.find(r => r.id === 'procfile')?.evidence).to.include('web `node server.js` runs server.js, which reads PORT')
  })

  it('follows `npm start` to the file it runs', async () => {
    const dir = await repo({
      ...BASE,
      Procfile: 'web: npm start\nworker: node worker.js\nrelease: npm run migrate\n',
      'package.json': JSON.stringify({scripts: {start: 'node --enable-source-maps src/main.js'}}),
      'src/main.js': 'listen(8080)\n',
    })
    const {repository} = await gatherRepository(dir)
    expect(repository.webEntry).to.deep.equal({file: 'src/main.js', readsPort: false})
  })

  it('an app.json or Procfile that does not parse becomes failing evidence, not a crash', async () => {
    const dir = await repo({
      ...BASE,
      'app.json': '{"name": "shop", "env": {"PORT": 5000}}',
      Procfile: 'web node server.js\n',
      'heroku-kit.yml': 'pipeline: shop\n',
    })
    const {repository} = await gatherRepository(dir)
    expect(repository.appJsonErrors?.[0]).to.match(/^app\.json:1: env\.PORT must be a string or an object/)
    expect(repository.procfileErrors?.[0]).to.match(/^Procfile:1: the line starting "web…" has no ":"/)
    const results = runChecks(assembleEvidence({repository, desired: (await gatherRepository(dir)).desired, configNotes: {}, stages: []}), {local: true})
    expect(results.find(r => r.id === 'app-json')?.status).to.equal('fail')
    expect(results.find(r => r.id === 'procfile')?.status).to.equal('fail')
  })

  it('reads heroku.yml: a container repository passes the Procfile and release checks without a Procfile, fails without web', async () => {
    const {Procfile: _procfile, ...files} = BASE
    const herokuYml =
      'build:\n  docker:\n    web: Dockerfile\nrun:\n  web: node server.js\n  worker: node worker.js\n' +
      'release:\n  image: web\n  command:\n    - npm run migrate\n'
    const dir = await repo({...files, 'heroku.yml': herokuYml, Dockerfile: 'FROM node:22\nCOPY . .\nCMD ["node", "server.js"]\n'})
    const {repository, desired} = await gatherRepository(dir)
    expect(repository.container).to.deep.equal({
      file: 'heroku.yml',
      processes: ['web', 'worker'],
      release: true,
      commands: {web: 'node server.js', worker: 'node worker.js'},
      releaseCommand: 'npm run migrate',
    })
    const results = runChecks(assembleEvidence({repository, desired, configNotes: {}, stages: []}), {local: true})
    expect(
      results.find(r => r.id === 'procfile'),
      JSON.stringify(results, null, 2),
    ).to.deep.include({
      status: 'pass',
      evidence: ['heroku.yml declares web, worker (container stack)', 'worker code (package.json dependencies: graphile-worker) runs as worker'],
    })
    expect(results.find(r => r.id === 'release-phase')?.status).to.equal('pass')

    const noWeb = await repo({...files, 'heroku.yml': 'build:\n  docker:\n    worker: Dockerfile\n', Dockerfile: 'FROM node:22\n'})
    const gathered = await gatherRepository(noWeb)
    const failing = runChecks(assembleEvidence({repository: gathered.repository, desired: gathered.desired, configNotes: {}, stages: []}), {local: true})
    expect(failing.find(r => r.id === 'procfile')?.status).to.equal('fail')
    expect(failing.find(r => r.id === 'procfile')?.evidence[0]).to.equal(
      'heroku.yml declares no web process (build.docker.web or run.web): nothing receives HTTP traffic',
    )
    expect(failing.find(r => r.id === 'release-phase')?.status).to.equal('fail')
  })

  it('a stage config file declared but absent (a CI checkout) is noted, not an error', async () => {
    const dir = await repo({...BASE, 'heroku-kit.yml': PIPELINE_YML.replace('    app: shop-staging\n', '    app: shop-staging\n    config: .env.staging\n')})
    const {desired, configNotes} = await gatherRepository(dir)
    expect(desired.stages[0].config).to.deep.equal({})
    expect(configNotes.staging).to.equal(".env.staging is not here, so its keys were not compared (only app.json's required keys)")
  })

  it('reads the stage config file when it is there (keys only reach the report)', async () => {
    const dir = await repo({
      ...BASE,
      '.env.staging': 'API_URL=https://api.example\nLOG_LEVEL=debug\n',
      'heroku-kit.yml': PIPELINE_YML.replace('    app: shop-staging\n', '    app: shop-staging\n    config: .env.staging\n'),
    })
    const {desired, configNotes} = await gatherRepository(dir)
    expect(Object.keys(desired.stages[0].config)).to.deep.equal(['API_URL', 'LOG_LEVEL'])
    expect(configNotes).to.deep.equal({})
  })

  it('finds the dotenv files git tracks, leaving out examples', async () => {
    const dir = await repo({'.env': 'A=1\n', '.env.production': 'B=2\n', '.env.example': 'A=\n', 'config/app.env': 'C=3\n', 'README.md': '#\n'})
    expect(await trackedDotenvFiles(dir)).to.deep.equal([])
    await run('git', ['init', '-q'], {cwd: dir})
    await run('git', ['add', '-A'], {cwd: dir})
    expect(await trackedDotenvFiles(dir)).to.deep.equal(['.env', '.env.production', 'config/app.env'])
  })

  it('scans source files for herokuapp.com hosts, declared domains and logging to files, skipping dependencies and the manifests', async () => {
    const dir = await repo({
      'src/links.js': "export const home = 'https://shop-0123456789ab.herokuapp.com/'\n// see www.shop.example/docs\n",
      'src/log.js': "import winston from 'winston'\nexport default winston.createLogger({transports: [new winston.transports.File({filename: 'app.log'})]})\n",
      'app/log.py': "import logging\nhandler = logging.handlers.RotatingFileHandler('app.log')\n",
      'config/production.rb':
        "Rails.application.configure do\n  config.logger = Logger.new(Rails.root.join('log', 'production.log'))\n  config.logger = Logger.new($stdout)\nend\n",
      'main.go': 'package main\nfunc main() { f, _ := os.OpenFile("server.log", os.O_CREATE, 0644); _ = f }\n',
      'node_modules/dep/index.js': "const u = 'https://shop.herokuapp.com'\n",
      'app.json': '{"success_url": "https://shop.herokuapp.com"}',
      'heroku-kit.yml': 'domains: [www.shop.example]\n',
    })
    const scan = await scanSources(dir, ['www.shop.example'])
    expect(scan.urls).to.deep.equal([
      {file: 'src/links.js', line: 1, match: 'shop-0123456789ab.herokuapp.com'},
      {file: 'src/links.js', line: 2, match: 'www.shop.example'},
    ])
    expect(scan.fileLogging.map(f => `${f.file}:${f.line} ${f.match}`).sort()).to.deep.equal([
      'app/log.py:2 logging FileHandler',
      'config/production.rb:2 Logger writing to a file',
      'main.go:2 log file opened',
      'src/log.js:2 winston file transport',
    ])
  })
})
