import {execFile} from 'node:child_process'
import {cp, mkdir, mkdtemp, readdir, readFile, rm, unlink, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'

import {captureOutput, runCommand} from '@oclif/test'
import {expect} from 'chai'

import Init from '../../../src/commands/kit/init.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'init')
const run = promisify(execFile)

/**
 * Runs the command class from src/ (runCommand would load dist/ through oclif.manifest.json when a build left one
 * behind, testing stale code). Same capture as runCommand: stdout, stderr, error, result.
 */
async function kitInit(args: string[]): Promise<{stdout: string; stderr: string; error?: Error & {oclif?: {exit?: number}}; result?: unknown}> {
  return captureOutput(() => Init.run(args, ROOT))
}

const temps: string[] = []
async function fixture(name: string): Promise<string> {
  const parent = await mkdtemp(path.join(tmpdir(), 'kit-init-cmd-'))
  temps.push(parent)
  const dir = path.join(parent, name.replaceAll('/', '-'))
  await mkdir(dir)
  await cp(path.join(FIXTURES, name), dir, {recursive: true})
  return dir
}

async function listAll(dir: string): Promise<string[]> {
  return (await readdir(dir, {recursive: true})).map(String).sort()
}

function exitCode(error: unknown): number | undefined {
  return (error as {oclif?: {exit?: number}} | undefined)?.oclif?.exit
}

describe('kit:init (command)', function () {
  this.timeout(120_000)
  afterEach(() => {
    process.exitCode = undefined
  })
  after(async () => {
    await Promise.all(temps.map(dir => rm(dir, {recursive: true, force: true})))
  })

  it('is registered as kit:init with its flags', async () => {
    const {stdout} = await runCommand(['kit:init', '--help'], {root: ROOT})
    for (const flag of ['--stack', '--pipeline', '--dir', '--force', '--dry-run', '--json']) expect(stdout).to.include(flag)
  })

  it('--dry-run prints what it detected and why, the files it would create, and writes nothing', async () => {
    const dir = await fixture('flask')
    const before = await listAll(dir)
    const {stdout, error} = await kitInit(['--dir', dir, '--dry-run'])
    expect(error).to.equal(undefined)
    expect(stdout).to.include('Detected: Python, Flask')
    expect(stdout).to.include('  - framework Flask: Pipfile: flask')
    expect(stdout).to.include('  - migrations → release phase: flask-migrate → flask db upgrade')
    expect(stdout).to.match(/\+ create\s+Procfile/)
    expect(stdout).to.match(/\+ create\s+\.github\/workflows\/deploy-staging\.yml/)
    expect(stdout).to.include('Dry run: 13 file(s) would be written; nothing was written.')
    expect(await listAll(dir)).to.deep.equal(before)
  })

  it('writes the files, prints the lines to wire in, and a re-run changes nothing', async () => {
    const dir = await fixture('express')
    const first = await kitInit(['--dir', dir])
    expect(first.error).to.equal(undefined)
    expect(first.stdout).to.include('Wrote 13 file(s).')
    expect(first.stdout).to.include('To wire them in:')
    expect(first.stdout).to.include("      app.get('/health', require('./health.js'))")
    expect(first.stdout).to.include('Pipeline: express-shop (from project name); apps express-shop-staging and express-shop-prod')
    expect(await readFile(path.join(dir, 'Procfile'), 'utf8')).to.equal('web: node server.js\nrelease: npm run migrate\n')
    const snapshot = await Promise.all((await listAll(dir)).map(async f => [f, await readFile(path.join(dir, f), 'utf8').catch(() => '<dir>')]))

    const second = await kitInit(['--dir', dir])
    expect(second.error).to.equal(undefined)
    expect(second.stdout).to.include('Pipeline: express-shop (from heroku-kit.yml)')
    expect(second.stdout).to.not.match(/\+ create|! conflict|~ append/)
    expect(second.stdout.match(/= unchanged/g)?.length).to.equal(13)
    expect(second.stdout).to.include('Nothing to do: every file is already up to date.')
    const after = await Promise.all((await listAll(dir)).map(async f => [f, await readFile(path.join(dir, f), 'utf8').catch(() => '<dir>')]))
    expect(after).to.deep.equal(snapshot)
  })

  it('a file that would change is a conflict: diff, exit 1, nothing written; --force overwrites; a Procfile is merged, never replaced', async () => {
    const dir = await fixture('django')
    await writeFile(path.join(dir, 'Procfile'), 'web: python manage.py runserver\n')
    await mkdir(path.join(dir, '.github', 'workflows'), {recursive: true})
    await writeFile(path.join(dir, '.github/workflows/ci.yml'), 'name: old\n')
    await writeFile(path.join(dir, '.gitignore'), '__pycache__/\n')
    const before = await listAll(dir)
    const conflict = await kitInit(['--dir', dir])
    expect(exitCode(conflict.error)).to.equal(1)
    expect(conflict.error?.message).to.include('1 file(s) exist with other content (diffs above): .github/workflows/ci.yml. Nothing was written.')
    expect(conflict.stdout).to.match(/! conflict\s+\.github\/workflows\/ci\.yml/)
    expect(conflict.stdout).to.match(/~ merge\s+Procfile/)
    expect(conflict.stdout).to.match(/~ append\s+\.gitignore/)
    expect(conflict.stdout).to.include(
      '--- a/Procfile\n+++ b/Procfile\n@@ -1,1 +1,3 @@\n web: python manage.py runserver\n+worker: celery -A mysite worker --loglevel=info\n+release: python manage.py migrate --noinput',
    )
    expect(conflict.stdout).to.include(
      'Procfile web: kept `python manage.py runserver` (kit:init would run `gunicorn mysite.wsgi --bind 0.0.0.0:$PORT --log-file -`)',
    )
    expect(await listAll(dir)).to.deep.equal(before)
    expect(await readFile(path.join(dir, '.gitignore'), 'utf8')).to.equal('__pycache__/\n')

    const forced = await kitInit(['--dir', dir, '--force'])
    expect(forced.error).to.equal(undefined)
    expect(forced.stdout).to.match(/! overwrite\s+\.github\/workflows\/ci\.yml/)
    expect(await readFile(path.join(dir, 'Procfile'), 'utf8')).to.equal(
      'web: python manage.py runserver\nworker: celery -A mysite worker --loglevel=info\nrelease: python manage.py migrate --noinput\n',
    )
    expect(await readFile(path.join(dir, '.gitignore'), 'utf8')).to.equal(
      '__pycache__/\n\n# heroku-kit: real environment files hold secrets; .env.example is the template\n.env\n.env.*\n!.env.example\n',
    )
    expect(forced.stdout).to.include('from mysite.health import health')
  })

  it('--json: the detection, the files and the hints; conflicts set exit code 1 with an error object', async () => {
    const dir = await fixture('go')
    const {stdout, error} = await kitInit(['--dir', dir, '--json', '--pipeline', 'stock'])
    expect(error).to.equal(undefined)
    const result = JSON.parse(stdout)
    expect(result.detection).to.include({stack: 'go', framework: 'go', web: 'bin/inventory-api', healthPath: '/health'})
    expect(result.pipeline).to.equal('stock')
    expect(result.apps).to.deep.equal({staging: 'stock-staging', production: 'stock-prod'})
    expect(result.files).to.have.length(13)
    expect(result.written).to.have.length(13)
    expect(result.hints[0].lines).to.deep.equal(['router.GET("/health", gin.WrapF(kitHealthHandler))'])

    await unlink(path.join(dir, 'app.json'))
    await writeFile(path.join(dir, 'Procfile'), 'web: ./server\n')
    await writeFile(path.join(dir, '.github/workflows/ci.yml'), 'name: mine\n')
    const conflict = await kitInit(['--dir', dir, '--json', '--pipeline', 'stock'])
    expect(process.exitCode).to.equal(1)
    const json = JSON.parse(conflict.stdout)
    expect(json.error.code).to.equal('init_conflicts')
    expect(json.written).to.deep.equal([])
    expect(json.files.find((f: {path: string}) => f.path === '.github/workflows/ci.yml')).to.include({action: 'conflict'})
    const procfile = json.files.find((f: {path: string}) => f.path === 'Procfile')
    expect(procfile).to.include({action: 'merge'})
    expect(procfile.notes).to.deep.equal(['Procfile web: kept `./server` (kit:init would run `bin/inventory-api`)'])
    expect(json.files.find((f: {path: string}) => f.path === 'app.json')).to.include({action: 'create'})
    expect(await listAll(dir)).to.not.include('app.json')
  })

  it('names the repository from the git remote in app.json and heroku-kit.yml', async () => {
    const dir = await fixture('sinatra')
    await run('git', ['init', '-q'], {cwd: dir})
    await run('git', ['remote', 'add', 'origin', 'git@github.com:acme/sinatra-shop.git'], {cwd: dir})
    const {stdout, error} = await kitInit(['--dir', dir])
    expect(error).to.equal(undefined)
    expect(stdout).to.include('Repository: acme/sinatra-shop (git remote origin)')
    expect(JSON.parse(await readFile(path.join(dir, 'app.json'), 'utf8')).repository).to.equal('https://github.com/acme/sinatra-shop')
    expect(await readFile(path.join(dir, 'heroku-kit.yml'), 'utf8')).to.include('\nrepo: acme/sinatra-shop\n')
  })

  it('bad input: unknown --stack, an empty directory, conflicting stacks, an invalid --pipeline; nothing written', async () => {
    const dir = await fixture('fastify')
    const before = await listAll(dir)
    const unknown = await kitInit(['--dir', dir, '--stack', 'perl'])
    expect(exitCode(unknown.error)).to.equal(1)
    expect(unknown.error?.message).to.include(
      'Unknown stack "perl". Choose one of: node, python, ruby, go, express, fastify, next, nestjs, django, flask, fastapi, rails, sinatra.',
    )
    const badName = await kitInit(['--dir', dir, '--pipeline', 'Fastify_Jobs'])
    expect(exitCode(badName.error)).to.equal(1)
    expect(badName.error?.message).to.include('is not a valid pipeline name')
    expect(await listAll(dir)).to.deep.equal(before)

    const empty = await mkdtemp(path.join(tmpdir(), 'kit-init-empty-'))
    temps.push(empty)
    const notAnApp = await kitInit(['--dir', empty])
    expect(exitCode(notAnApp.error)).to.equal(1)
    expect(notAnApp.error?.message).to.include("doesn't look like an app")
    expect(await readdir(empty)).to.deep.equal([])

    const both = await fixture('bad/conflicting')
    const conflicting = await kitInit(['--dir', both])
    expect(exitCode(conflicting.error)).to.equal(1)
    expect(conflicting.error?.message).to.include('Conflicting stacks')
    expect(conflicting.error?.message).to.include('Pass --stack node or --stack python')
    expect((await readdir(both)).sort()).to.deep.equal(['package.json', 'requirements.txt'])
  })
})
