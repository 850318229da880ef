import {cp, lstat, mkdir, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {captureOutput} from '@oclif/test'
import {expect} from 'chai'

import Init from '../../../src/commands/kit/init.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'init')
const SECRET = 'sk_live_Zx81vQpL0rT5'

async function kitInit(args: string[]) {
  return captureOutput(() => Init.run(args, ROOT))
}

const temps: string[] = []
async function fixture(name: string): Promise<{dir: string; outside: string}> {
  const parent = await mkdtemp(path.join(tmpdir(), 'kit-init-secrets-'))
  temps.push(parent)
  const dir = path.join(parent, name)
  await mkdir(dir)
  await cp(path.join(FIXTURES, name), dir, {recursive: true})
  const outside = path.join(parent, 'outside')
  await mkdir(outside)
  return {dir, outside}
}

const mode = async (file: string) => (await stat(file)).mode & 0o777

describe('kit:init with real secrets on disk (issue 9)', function () {
  this.timeout(120_000)
  afterEach(() => {
    process.exitCode = undefined
  })
  after(async () => {
    await Promise.all(temps.map(dir => rm(dir, {recursive: true, force: true})))
  })

  it('creates the .env.* files with mode 0600, and says how to set up the two environments and their secrets', async () => {
    const {dir} = await fixture('django')
    const {stdout, error} = await kitInit(['--dir', dir])
    expect(error).to.equal(undefined)
    // the next steps: one HEROKU_API_KEY per environment, never a repository secret; production gated to main
    expect(stdout).to.match(/create `staging` and `production`, each with its own environment secret\s+HEROKU_API_KEY/)
    expect(stdout).to.include('not a repository secret').and.include('required reviewers, and deployment branches limited to main')
    // issue 19.9: the staging key can't reach production — a separate Heroku user, collaborator on staging only
    const steps = stdout.replaceAll(/\s+/g, ' ')
    expect(steps).to.include('a separate Heroku user that is a collaborator on the staging app only')
    expect(steps).to.include('the production key (yours, or a deploy user of production) goes only in `production`')
    expect(steps).to.include('Deployment branch rules on `staging` too')
    expect(steps).to.include('an OAuth token with the `read` scope')
    for (const file of ['.env.staging', '.env.production', '.env.example']) expect(await mode(path.join(dir, file)), file).to.equal(0o600)
  })

  for (const force of [false, true]) {
    it(`never shows, replaces or loosens an existing .env file${force ? ' (not even with --force)' : ''}; only appends missing keys, by name`, async () => {
      const {dir} = await fixture('django')
      const mine = `# mine\nSTRIPE_SECRET_KEY=${SECRET}\nDJANGO_SETTINGS_MODULE=mysite.settings\n`
      await writeFile(path.join(dir, '.env.production'), mine, {mode: 0o644})
      const {stdout, stderr, error} = await kitInit(['--dir', dir, ...(force ? ['--force'] : [])])
      expect(error).to.equal(undefined)
      expect(stdout + stderr).to.not.include(SECRET)
      expect(stdout).to.not.include('+++ b/.env.production')
      const after = await readFile(path.join(dir, '.env.production'), 'utf8')
      expect(after.startsWith(mine), 'the existing text is kept byte for byte').to.equal(true)
      expect(after).to.not.match(/^DJANGO_SETTINGS_MODULE=.*\n[\s\S]*^DJANGO_SETTINGS_MODULE=/m) // a key it had is not added again
      const added = /Appended to \.env\.production \(nothing in it was changed\): (.+)/.exec(stdout)
      expect(added, stdout).to.not.equal(null)
      for (const key of added![1].split(', ')) expect(after).to.match(new RegExp(`^(# )?${key}=`, 'm'))
      expect(await mode(path.join(dir, '.env.production'))).to.equal(0o600)

      const json = JSON.parse((await kitInit(['--dir', dir, '--json', ...(force ? ['--force'] : [])])).stdout)
      expect(JSON.stringify(json)).to.not.include(SECRET)
      expect(json.files.find((f: {path: string}) => f.path === '.env.production')).to.deep.include({action: 'unchanged'})
    })
  }

  it('a symlinked .env file (existing or dangling) is refused: nothing printed from it, nothing written through it', async () => {
    const {dir, outside} = await fixture('django')
    const netrc = path.join(outside, 'netrc')
    await writeFile(netrc, `machine api.heroku.com\n  password ${SECRET}\n`)
    await symlink(netrc, path.join(dir, '.env.staging'))
    const existing = await kitInit(['--dir', dir, '--force'])
    expect(existing.error?.message).to.match(/\.env\.staging is a symbolic link.*Nothing was written/)
    expect(existing.stdout + existing.stderr).to.not.include(SECRET)
    expect(await readFile(netrc, 'utf8')).to.include(SECRET)
    expect((await lstat(path.join(dir, 'Procfile')).catch(() => undefined))?.isFile() ?? false).to.equal(false)

    await rm(path.join(dir, '.env.staging'))
    const target = path.join(outside, 'dangling')
    await symlink(target, path.join(dir, '.env.production'))
    const dangling = await kitInit(['--dir', dir])
    expect(dangling.error?.message).to.match(/\.env\.production is a symbolic link/)
    expect(await lstat(target).catch(() => undefined)).to.equal(undefined)
    expect(await readlink(path.join(dir, '.env.production'))).to.equal(target)
  })

  it('a symlinked directory on the way (.github) is refused too', async () => {
    const {dir, outside} = await fixture('django')
    await symlink(outside, path.join(dir, '.github'))
    const {error} = await kitInit(['--dir', dir])
    expect(error?.message).to.match(/\.github \(a directory on the way to \.github\/workflows\/ci\.yml\) is a symbolic link/)
  })
})
