import {mkdir, mkdtemp, readFile, readdir, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'

import {pluginContractViolations, pluginRequests} from '../support/contract.js'
import {type Emulator, startEmulator} from 'heroku-emulator'
import {type HerokuCli, ROOT, type RunResult, sharedHerokuCli} from '../support/heroku-cli.js'
import {escapeRegExp} from '../../src/lib/regexp.js'

const SECRET = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'
const BAD_DIR = path.join(ROOT, 'test', 'fixtures', 'dotenv', 'bad')

async function tempRepo(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'heroku-kit-repo-'))
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), {recursive: true})
    await writeFile(path.join(dir, name), content)
  }

  return dir
}

function expectNoSecret(result: RunResult, secrets: string[]): void {
  for (const secret of secrets) expect(result.output, 'a secret value was printed').to.not.include(secret)
}

describe('e2e: kit:config:sync and kit:config:pull through the real heroku CLI', function () {
  this.timeout(240_000)
  let cli: HerokuCli
  let emulator: Emulator
  let repo: string

  before(async () => {
    cli = await sharedHerokuCli()
    emulator = await startEmulator({timings: 'instant'})
    repo = await tempRepo({
      'heroku-kit.yml': 'pipeline: shop\nstages:\n  staging:\n    config: .env.staging\n  production:\n    app: shop-live\n',
      '.env.staging': `# staging settings\nexport STRIPE_KEY="${SECRET}"\nAPI_URL=https://api.example.test # inline comment\nMULTI="line one\nline two"\nEMPTY=\n`,
    })
  })

  beforeEach(() => {
    emulator.state.createApp({name: 'shop-staging'})
    emulator.state.setConfigVars('shop-staging', {OLD_KEY: 'old-value', API_URL: 'https://old.example.test'})
    emulator.state.addAddon('shop-staging', 'heroku-postgresql:essential-0')
    emulator.clearLog()
  })

  afterEach(() => {
    const app = emulator.state.findApp('shop-staging')
    if (app) emulator.state.deleteApp(app)
    for (const p of [...emulator.state.pipelines.values()]) emulator.state.deletePipeline(p)
  })

  after(async function () {
    if (emulator)
      expect(pluginContractViolations(emulator.log), 'requests outside the Platform API schema or the endpoints the Heroku CLI uses').to.deep.equal([])

    await emulator?.close()
  })

  const configOf = (name: string): Record<string, string> => emulator.state.configVars.get(emulator.state.findApp(name)!.id) ?? {}
  const kit = (args: string[], options: {loggedOut?: boolean; cwd?: string} = {}) =>
    cli.run(args, emulator.url, {cwd: options.cwd ?? repo, loggedOut: options.loggedOut})

  it('syncs a file: masked diff, one PATCH, values exactly as written', async () => {
    const result = await kit(['kit:config:sync', '.env.staging'])
    expect(result.code, result.output).to.equal(0)
    expect(result.stdout).to.include('Config vars of shop-staging from .env.staging').and.include('+ STRIPE_KEY').and.include('~ API_URL')
    expectNoSecret(result, [SECRET, 'line one'])
    const writes = emulator.writes()
    expect(writes.map(w => `${w.method} ${w.path}`)).to.deep.equal(['PATCH /apps/shop-staging/config-vars'])
    expect(Object.keys(writes[0].body as object).sort()).to.deep.equal(['API_URL', 'EMPTY', 'MULTI', 'STRIPE_KEY'])
    const vars = configOf('shop-staging')
    expect(vars.STRIPE_KEY).to.equal(SECRET)
    expect(vars.MULTI).to.equal('line one\nline two')
    expect(vars.API_URL).to.equal('https://api.example.test')
    expect(vars.OLD_KEY, 'keys not in the file are kept without --prune').to.equal('old-value')
  })

  it('changes nothing on a second run, and --dry-run sends nothing', async () => {
    expect((await kit(['kit:config:sync', '.env.staging'])).code).to.equal(0)
    emulator.clearLog()
    const again = await kit(['kit:config:sync', '.env.staging'])
    expect(again.code).to.equal(0)
    expect(again.stdout).to.include('Nothing to change')
    const dry = await kit(['kit:config:sync', '.env.staging', '-a', 'shop-staging', '--prune', '--dry-run'])
    expect(dry.code).to.equal(0)
    expect(dry.stdout).to.include('- OLD_KEY').and.include('Dry run')
    expect(emulator.writes()).to.deep.equal([])
  })

  it('prunes only with --confirm, and never add-on config vars', async () => {
    const refused = await kit(['kit:config:sync', '.env.staging', '--prune'])
    expect(refused.code).to.not.equal(0)
    expect(refused.stderr).to.include('--confirm shop-staging')
    expect(emulator.writes()).to.deep.equal([])
    const pruned = await kit(['kit:config:sync', '.env.staging', '--prune', '--confirm', 'shop-staging'])
    expect(pruned.code, pruned.output).to.equal(0)
    const vars = configOf('shop-staging')
    expect(vars).to.not.have.property('OLD_KEY')
    expect(vars).to.have.property('DATABASE_URL')
  })

  it('prints JSON with masked values', async () => {
    const result = await kit(['kit:config:sync', '.env.staging', '--json'])
    expect(result.code, result.output).to.equal(0)
    const json = JSON.parse(result.stdout)
    expect(json.applied).to.equal(true)
    const stripe = json.changes.find((c: {key: string}) => c.key === 'STRIPE_KEY')
    expect(stripe.after).to.have.keys('length', 'fingerprint')
    expectNoSecret(result, [SECRET])
  })

  it('pulls to a 0600 file that syncs back to exactly the same values', async () => {
    emulator.state.setConfigVars('shop-staging', {
      TRICKY: `it's "quoted" # not a comment $HOME \\n\n  spaced  `,
      UNICODE: 'grüße ✓ 🚀',
      '1PASSWORD': 'heroku-allows-this-key',
    })
    const file = path.join(repo, '.env.pulled')
    const pulled = await kit(['kit:config:pull', file, '-a', 'shop-staging'])
    expect(pulled.code, pulled.output).to.equal(0)
    expect((await stat(file)).mode & 0o777).to.equal(0o600)
    const text = await readFile(file, 'utf8')
    expect(text).to.not.include('DATABASE_URL')
    expect(pulled.stdout).to.include('Left out 1 add-on config var(s): DATABASE_URL')
    expect(pulled.stderr).to.include('Recorded 1PASSWORD (starts with a digit) as left out')
    expect(text).to.include('#heroku-kit:left-out 1PASSWORD (starts with a digit)\n')
    const again = await kit(['kit:config:pull', file, '-a', 'shop-staging'])
    expect(again.code).to.not.equal(0)
    expect(again.stderr).to.include('already exists')
    emulator.clearLog()
    const back = await kit(['kit:config:sync', file, '-a', 'shop-staging'])
    expect(back.code, back.output).to.equal(0)
    expect(back.stdout).to.include('Nothing to change')
    expect(emulator.writes()).to.deep.equal([])

    // --prune after a left-out key: it stays on the app, and the plan says why
    emulator.state.setConfigVars('shop-staging', {PRUNE_ME: 'x'})
    const pruned = await kit(['kit:config:sync', file, '-a', 'shop-staging', '--prune', '--confirm', 'shop-staging'])
    expect(pruned.code, pruned.output).to.equal(0)
    expect(pruned.stdout).to.include('left out of the sync are kept on Heroku (1PASSWORD)').and.include('--prune never deletes it')
    expect(configOf('shop-staging')).to.have.property('1PASSWORD', 'heroku-allows-this-key')
    expect(configOf('shop-staging')).to.not.have.property('PRUNE_ME')
  })

  it('a pull removes the temporary files an interrupted pull of the same file left behind', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'heroku-kit-pull-tmp-'))
    // pid 4194304 is above Linux's largest pid_max: no process has it, as after a pull killed with SIGKILL
    const leftOver = '..env.4194304.00112233aabb.tmp'
    await writeFile(path.join(dir, leftOver), 'STRIPE_KEY=half-written\n', {mode: 0o600})
    const pulled = await kit(['kit:config:pull', path.join(dir, '.env'), '-a', 'shop-staging'])
    expect(pulled.code, pulled.output).to.equal(0)
    expect(pulled.stderr).to.include(`Removed 1 temporary file(s) an interrupted pull`).and.include(leftOver)
    expect(await readdir(dir)).to.deep.equal(['.env'])
  })

  it('writes review-stage config vars of a pipeline', async () => {
    const pipeline = emulator.state.createPipeline({name: 'shop'})
    await writeFile(path.join(repo, '.env.review'), 'FEATURE_FLAGS=all\n')
    const result = await kit(['kit:config:sync', '.env.review', '--pipeline', 'shop', '--stage', 'review'])
    expect(result.code, result.output).to.equal(0)
    expect(emulator.writes().map(w => `${w.method} ${w.path}`)).to.deep.equal([`PATCH /pipelines/${pipeline.id}/stage/review/config-vars`])
  })

  it('tells a logged-out user to run heroku login, in one line, and sends nothing', async () => {
    const result = await kit(['kit:config:sync', '.env.staging'], {loggedOut: true})
    expect(result.code).to.not.equal(0)
    expect(result.stderr).to.include('heroku login')
    expect(
      result.stderr
        .trim()
        .split('\n')
        .filter(l => l.trim()),
    ).to.have.length(1)
    expect(pluginRequests(emulator.log)).to.deep.equal([])
  })

  describe('bad input corpus: clear error, non-zero exit, nothing written', () => {
    it('rejects every malformed or hostile file and flag combination', async () => {
      emulator.state.createPipeline({name: 'twin'})
      emulator.state.createPipeline({name: 'twin'})
      await writeFile(path.join(repo, '.env.addon'), 'DATABASE_URL=postgres://localhost/dev\n')
      await writeFile(path.join(repo, '.env.comments'), '# nothing here\n\n')
      await mkdir(path.join(repo, 'a-directory.env'), {recursive: true})
      const cases: Array<{args: string[]; expect: RegExp}> = [
        {args: ['kit:config:sync', 'missing.env', '-a', 'shop-staging'], expect: /missing\.env/},
        {args: ['kit:config:sync', 'a-directory.env', '-a', 'shop-staging'], expect: /directory/i},
        {args: ['kit:config:sync', '.env.comments', '-a', 'shop-staging'], expect: /defines no config vars/},
        {args: ['kit:config:sync', '.env.addon', '-a', 'shop-staging'], expect: /DATABASE_URL.*heroku-postgresql|add-ons own/},
        {args: ['kit:config:sync', '.env.staging', '-a', 'shop-staging', '--pipeline', 'shop', '--stage', 'staging'], expect: /only one of/},
        {args: ['kit:config:sync', '.env.staging', '--stage', 'qa'], expect: /Expected --stage=qa to be one of|Unknown stage/},
        {args: ['kit:config:sync', '.env.staging', '--prune', '--confirm', 'wrong-app'], expect: /does not match shop-staging/},
        {args: ['kit:config:sync', '.env.staging', '-a', 'no-such-app'], expect: /Couldn't find that app/},
        {args: ['kit:config:sync', '.env.staging', '-r', 'nope'], expect: /remote nope not found/i},
        {args: ['kit:config:sync', '.env.review', '--pipeline', 'twin', '--stage', 'review'], expect: /2 pipelines are named twin/},
        {args: ['kit:config:sync', '.env.review', '--pipeline', 'ghost', '--stage', 'review'], expect: /No pipeline named ghost/},
        {args: ['kit:config:sync', '.env.comments'], expect: /Can't tell which app|defines no config vars/},
        {args: ['kit:config:sync'], expect: /Missing 1 required arg/},
        {args: ['kit:config:pull', '.env.staging', '-a', 'shop-staging'], expect: /already exists/},
        {args: ['kit:config:pull', 'x.env', '--force', '--merge', '-a', 'shop-staging'], expect: /cannot also be provided|--merge/},
      ]
      // a path longer than a terminal line: the error must keep `file:line` whole (no wrapping inside it)
      const deepFile = path.join('config-for-a-service-with-a-rather-long-directory-name', 'and-a-second-level-of-nesting', '.env.unterminated')
      await mkdir(path.join(repo, path.dirname(deepFile)), {recursive: true})
      await writeFile(path.join(repo, deepFile), 'A=1\nB="never closed\n')
      cases.push({
        args: ['kit:config:sync', deepFile, '-a', 'shop-staging'],
        expect: new RegExp(`Error: ${escapeRegExp(deepFile)}:2: unterminated double quote`),
      })
      // the dotenv bad-input corpus: every file is refused in-process by test/commands/kit/config/sync.test.ts; through
      // the CLI, one file of each kind of refusal (problems on several lines, a binary file, another encoding)
      const badFiles = ['many-problems.env', 'nul-byte.env', 'utf16-le.env']
      expect(await readdir(BAD_DIR)).to.include.members(badFiles)
      for (const file of badFiles)
        cases.push({
          args: ['kit:config:sync', path.join(BAD_DIR, file), '-a', 'shop-staging'],
          expect: new RegExp(`${escapeRegExp(path.join(BAD_DIR, file))}(:\\d+)?`),
        })
      expect(cases.length).to.be.at.least(19)
      const results: Array<{args: string[]; result: RunResult; expect: RegExp}> = []
      for (let i = 0; i < cases.length; i += 4) {
        results.push(...(await Promise.all(cases.slice(i, i + 4).map(async c => ({...c, result: await kit(c.args)})))))
      }

      const failures = results
        .filter(r => r.result.code === 0 || !r.expect.test(r.result.output))
        .map(r => `heroku ${r.args.join(' ')} → exit ${r.result.code}\n${r.result.output}`)
      expect(failures, failures.join('\n---\n')).to.deep.equal([])
      for (const r of results) expect(r.result.output, `stack trace for ${r.args.join(' ')}`).to.not.match(/\n\s+at .*\(.*:\d+:\d+\)/)
      expect(emulator.writes(), 'write requests sent for bad input').to.deep.equal([])
    })
  })
})
