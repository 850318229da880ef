/**
 * kit:init on repositories that already deploy to Heroku (a Procfile and an app.json, or heroku.yml): nothing the
 * user wrote is removed or changed, only missing parts are added, and a second run changes nothing.
 * Fixtures: test/fixtures/init-adopt/<case>/ laid over a framework fixture of test/fixtures/init/.
 */
import {cp, mkdir, mkdtemp, readdir, readFile, rm} from 'node:fs/promises'
import {existsSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {captureOutput} from '@oclif/test'
import {expect} from 'chai'
import {parse as parseYaml} from 'yaml'

import Init from '../../../src/commands/kit/init.js'
import {loadAppJson} from '../../../src/lib/manifest/app-json.js'
import {loadPipelineFile} from '../../../src/lib/manifest/pipeline-file/index.js'
import {schemaErrorsAdded} from '../../lib/init/helpers.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'init')

/** adopt case → the framework fixture it is laid over */
const CASES = {node: 'express', python: 'django', ruby: 'rails', go: 'go', container: 'fastify'} as const

async function kitInit(args: string[]): Promise<{stdout: string; stderr: string; error?: Error; result?: unknown}> {
  return captureOutput(() => Init.run(args, ROOT))
}

const temps: string[] = []
async function adoptFixture(name: keyof typeof CASES): Promise<string> {
  const parent = await mkdtemp(path.join(tmpdir(), 'kit-init-adopt-'))
  temps.push(parent)
  const dir = path.join(parent, name)
  await mkdir(dir)
  await cp(path.join(FIXTURES, CASES[name]), dir, {recursive: true})
  await cp(path.join(ROOT, 'test', 'fixtures', 'init-adopt', name), dir, {recursive: true})
  return dir
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const files = (await readdir(dir, {recursive: true})).map(String).sort()
  const out: Record<string, string> = {}
  for (const file of files) out[file] = await readFile(path.join(dir, file), 'utf8').catch(() => '<dir>')
  return out
}

/** Every value of `original` is in `merged` unchanged: object keys kept, array entries kept in place. */
function expectContains(merged: unknown, original: unknown, where = 'app.json'): void {
  if (Array.isArray(original)) {
    expect(merged, where).to.be.an('array')
    for (const [index, item] of original.entries()) expectContains((merged as unknown[])[index], item, `${where}[${index}]`)
  } else if (original && typeof original === 'object') {
    expect(merged, where).to.be.an('object')
    for (const [key, value] of Object.entries(original)) {
      expect(merged, where).to.have.property(key)
      expectContains((merged as Record<string, unknown>)[key], value, `${where}.${key}`)
    }
  } else {
    expect(merged, where).to.equal(original)
  }
}

describe('kit:init on a repository that already deploys to Heroku', function () {
  this.timeout(120_000)
  afterEach(() => {
    process.exitCode = undefined
  })
  after(async () => {
    await Promise.all(temps.map(dir => rm(dir, {recursive: true, force: true})))
  })

  for (const name of ['node', 'python', 'ruby', 'go'] as const) {
    it(`${name} (${CASES[name]}): keeps the Procfile and app.json as written, adds only what is missing, validates, and a second run changes nothing`, async () => {
      const dir = await adoptFixture(name)
      const procfileBefore = await readFile(path.join(dir, 'Procfile'), 'utf8')
      const appJsonBefore = JSON.parse(await readFile(path.join(dir, 'app.json'), 'utf8'))
      const first = await kitInit(['--dir', dir])
      expect(first.error, first.stdout).to.equal(undefined)
      expect(first.stdout).to.not.include('! conflict')
      expect(first.stdout).to.match(/~ merge\s+Procfile/)
      expect(first.stdout).to.match(/~ merge\s+app\.json/)

      // Procfile: the user's text is kept byte for byte; only new process types follow it
      const procfile = await readFile(path.join(dir, 'Procfile'), 'utf8')
      expect(procfile.startsWith(procfileBefore)).to.equal(true)
      const addedLines = procfile.slice(procfileBefore.length).split(/\r?\n/).filter(Boolean)
      expect(addedLines.length).to.be.greaterThan(0)
      const userTypes = procfileBefore
        .split(/\r?\n/)
        .filter(l => /^\w+:/.test(l))
        .map(l => l.split(':')[0])
      for (const line of addedLines) expect(userTypes).to.not.include(line.split(':')[0])
      // Rails' own web command is what kit:init would write; the others differ and are reported, not changed
      if (name !== 'ruby') expect(first.stdout).to.include('Procfile web: kept `')

      // app.json: everything the user wrote is still there, unchanged; the result is a valid app.json
      const appJsonText = await readFile(path.join(dir, 'app.json'), 'utf8')
      const appJson = JSON.parse(appJsonText)
      expectContains(appJson, appJsonBefore)
      for (const key of ['name', 'description', 'repository', 'image']) expect(appJson[key]).to.equal(appJsonBefore[key])
      expect(Object.keys(appJson.env).length).to.be.greaterThan(Object.keys(appJsonBefore.env ?? {}).length)
      expect(appJson.formation).to.have.property('web')
      expect(appJson.environments).to.have.property('review')
      expect(await schemaErrorsAdded(appJsonBefore, appJson), 'schema errors kit:init added').to.deep.equal([])
      const loaded = await loadAppJson(dir)
      expect(loaded?.name).to.equal(appJsonBefore.name)

      // a second run: nothing to do, not one byte changes
      const before = await snapshot(dir)
      const second = await kitInit(['--dir', dir])
      expect(second.error).to.equal(undefined)
      expect(second.stdout).to.include('Nothing to do: every file is already up to date.')
      expect(second.stdout).to.match(/= unchanged\s+Procfile/)
      expect(second.stdout).to.match(/= unchanged\s+app\.json/)
      expect(await snapshot(dir)).to.deep.equal(before)
    })
  }

  it('node: a working web command is not "corrected"; a declared add-on keeps its plan; differences are reported, not applied', async () => {
    const dir = await adoptFixture('node')
    const {stdout} = await kitInit(['--dir', dir])
    expect(await readFile(path.join(dir, 'Procfile'), 'utf8')).to.equal('web: npm start\nrelease: npm run migrate\n')
    expect(stdout).to.include('Procfile web: kept `npm start` (kit:init would run `node server.js`)')
    const appJson = JSON.parse(await readFile(path.join(dir, 'app.json'), 'utf8'))
    expect(appJson.addons[0]).to.equal('heroku-postgresql')
    expect(appJson.addons.slice(1).map((a: {plan: string}) => a.plan)).to.deep.equal(['papertrail:choklad', 'scheduler:standard', 'newrelic:wayne'])
    expect(stdout).to.match(/app\.json addons: kept "heroku-postgresql" \(kit:init would declare .*essential-0/)
    expect(appJson.env.BANNER_TEXT).to.deep.equal({description: 'Text of the banner on every page', value: 'Welcome'})
    expect(appJson.env.SESSION_SECRET).to.deep.include({generator: 'secret'})
  })

  it("python: a web command that reads a server config file keeps it; the user's test script is kept", async () => {
    const dir = await adoptFixture('python')
    const {stdout} = await kitInit(['--dir', dir])
    expect((await readFile(path.join(dir, 'Procfile'), 'utf8')).split('\n')[0]).to.equal('web: gunicorn --config gunicorn.conf.py mysite.wsgi')
    const appJson = JSON.parse(await readFile(path.join(dir, 'app.json'), 'utf8'))
    expect(appJson.env.ALLOWED_HOSTS).to.equal('mysite.herokuapp.com')
    expect(appJson.environments.test.scripts).to.deep.equal({'test-setup': './manage.py collectstatic --noinput', test: './manage.py test'})
    expect(stdout).to.include('app.json environments.test.scripts.test: kept "./manage.py test"')
    // gunicorn.conf.py is server configuration: its WEB_CONCURRENCY/PORT reads are not the app's config vars
    expect(stdout).to.not.match(/config vars the app's code reads:.*WEB_CONCURRENCY/)
  })

  it('ruby: CRLF Procfile with a comment and a worker of its own; 4-space app.json keeps its indentation', async () => {
    const dir = await adoptFixture('ruby')
    await kitInit(['--dir', dir])
    expect(await readFile(path.join(dir, 'Procfile'), 'utf8')).to.equal(
      '# processes of the storefront\r\nweb: bundle exec puma -C config/puma.rb\r\nworker: bundle exec sidekiq -q default -q mailers\r\nrelease: bundle exec rails db:migrate\r\n',
    )
    const text = await readFile(path.join(dir, 'app.json'), 'utf8')
    expect(text).to.match(/^{\n {4}"name"/)
    const appJson = JSON.parse(text)
    expect(appJson.formation.web).to.deep.equal({quantity: 1, size: 'standard-1x'})
    expect(appJson.formation.worker).to.deep.equal({quantity: 1, size: 'basic'})
    expect(appJson.scripts.postdeploy).to.equal('bundle exec rake db:schema:load db:seed')
    expect(appJson.addons.filter((a: {plan: string}) => a.plan.startsWith('heroku-postgresql'))).to.deep.equal([
      {plan: 'heroku-postgresql:essential-1', as: 'DATABASE'},
    ])
  })

  it('Go: says Go once; the web command with its config file flag is kept', async () => {
    const dir = await adoptFixture('go')
    const {stdout} = await kitInit(['--dir', dir])
    expect(stdout).to.include('Detected: Go\n')
    expect(stdout).to.not.include('Go, Go')
    expect((await readFile(path.join(dir, 'Procfile'), 'utf8')).split('\n')[0]).to.equal('web: bin/inventory-api -config config/production.toml')
  })

  it('heroku.yml (container stack): no Procfile, no buildpacks, formation from heroku.yml; a second run changes nothing', async () => {
    const dir = await adoptFixture('container')
    const appJsonBefore = JSON.parse(await readFile(path.join(dir, 'app.json'), 'utf8'))
    const first = await kitInit(['--dir', dir, '--json'])
    expect(first.error).to.equal(undefined)
    const json = JSON.parse(first.stdout)
    expect(json.detection.container).to.deep.equal({
      file: 'heroku.yml',
      processes: ['web', 'worker'],
      release: false,
      commands: {web: 'node src/server.js', worker: 'node src/worker.js'},
    })
    expect(json.detection.buildpacks).to.deep.equal([])
    expect(json.detection.warnings.some((w: string) => w.includes('heroku.yml has no release section'))).to.equal(true)
    expect(json.files.map((f: {path: string}) => f.path)).to.not.include('Procfile')
    expect(existsSync(path.join(dir, 'Procfile'))).to.equal(false)

    const appJson = JSON.parse(await readFile(path.join(dir, 'app.json'), 'utf8'))
    expectContains(appJson, appJsonBefore)
    expect(appJson.stack).to.equal('container')
    expect(appJson).to.not.have.property('buildpacks')
    expect(Object.keys(appJson.formation)).to.deep.equal(['web', 'worker'])
    expect(await schemaErrorsAdded(appJsonBefore, appJson), 'schema errors kit:init added').to.deep.equal([])

    const pipeline = await loadPipelineFile(dir, await loadAppJson(dir))
    expect(Object.keys(pipeline!.stages.production.formation)).to.deep.equal(['web', 'worker'])
    expect(parseYaml(await readFile(path.join(dir, 'heroku.yml'), 'utf8'))).to.have.property('run')

    const before = await snapshot(dir)
    const second = await kitInit(['--dir', dir])
    expect(second.stdout).to.include('Detected: Node.js, Fastify (container stack: heroku.yml)')
    expect(second.stdout).to.include('Nothing to do: every file is already up to date.')
    expect(await snapshot(dir)).to.deep.equal(before)
  })

  it('an app.json that is not valid JSON is a conflict (shown as a diff, needs --force), not a merge', async () => {
    const dir = await adoptFixture('node')
    const {writeFile} = await import('node:fs/promises')
    await writeFile(path.join(dir, 'app.json'), '{"name": "x",}\n')
    const {stdout, error} = await kitInit(['--dir', dir])
    expect(error?.message).to.include('app.json')
    expect(stdout).to.match(/! conflict\s+app\.json/)
    expect(stdout).to.include("app.json can't be merged")
  })
})
