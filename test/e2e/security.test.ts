import {execFile} from 'node:child_process'
import {cp, lstat, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile} from 'node:fs/promises'
import {createServer, type Server} from 'node:net'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'

import {expect} from 'chai'

import {pluginRequests} from '../support/contract.js'
import {type Emulator, startEmulator} from 'heroku-emulator'
import {type HerokuCli, ROOT, sharedHerokuCli} from '../support/heroku-cli.js'

const SECRET = 'sk_live_9fQx2LmZ7wPq4RtY'

/** A TCP listener standing in for a host that must never be contacted: counts connections, answers nothing. */
async function trap(): Promise<{server: Server; port: number; connections: () => number}> {
  let count = 0
  const server = createServer(socket => {
    count++
    socket.destroy()
  })
  await new Promise<void>(resolve => {
    server.listen(0, '::', resolve)
  })
  return {server, port: (server.address() as {port: number}).port, connections: () => count}
}

describe('e2e: safe with production secrets (issue 9)', function () {
  this.timeout(240_000)
  let cli: HerokuCli
  let emulator: Emulator
  let repo: string
  let outside: string

  before(async () => {
    cli = await sharedHerokuCli()
    emulator = await startEmulator()
    repo = await mkdtemp(path.join(tmpdir(), 'heroku-kit-sec-repo-'))
    outside = await mkdtemp(path.join(tmpdir(), 'heroku-kit-sec-outside-'))
    await writeFile(path.join(repo, 'heroku-kit.yml'), 'pipeline: shop\nstages:\n  staging:\n    config: .env.staging\n')
  })

  beforeEach(() => {
    emulator.state.createApp({name: 'shop-staging'})
    emulator.state.setConfigVars('shop-staging', {STRIPE_SECRET_KEY: SECRET})
    emulator.clearLog()
  })

  afterEach(() => {
    const app = emulator.state.findApp('shop-staging')
    if (app) emulator.state.deleteApp(app)
  })

  after(async () => {
    await emulator?.close()
    await rm(repo, {recursive: true, force: true})
    await rm(outside, {recursive: true, force: true})
  })

  const kit = (args: string[], env: Record<string, string> = {}) => cli.run(args, emulator.url, {cwd: repo, env})

  describe('kit:config:pull and symlinks', () => {
    it('refuses to write through a symlink to an existing file: the target keeps its content', async () => {
      const netrc = path.join(outside, 'netrc')
      await writeFile(netrc, 'machine api.heroku.com\n  password do-not-touch\n')
      const link = path.join(repo, '.env.linked')
      await symlink(netrc, link)
      for (const flags of [[], ['--force'], ['--merge']]) {
        const result = await kit(['kit:config:pull', link, '-a', 'shop-staging', ...flags])
        expect(result.code, result.output).to.not.equal(0)
        expect(result.stderr).to.match(/\.env\.linked is a symbolic link/)
        expect(result.output).to.not.include('do-not-touch').and.not.include(SECRET)
      }

      expect(await readFile(netrc, 'utf8')).to.equal('machine api.heroku.com\n  password do-not-touch\n')
      await rm(link)
    })

    it('refuses a dangling symlink: nothing is created where it points', async () => {
      const target = path.join(outside, 'would-be-created')
      const link = path.join(repo, '.env.dangling')
      await symlink(target, link)
      const result = await kit(['kit:config:pull', link, '-a', 'shop-staging', '--force'])
      expect(result.code, result.output).to.not.equal(0)
      expect(result.stderr).to.match(/\.env\.dangling is a symbolic link/)
      expect(await lstat(target).catch(() => undefined)).to.equal(undefined)
      expect(await readlink(link)).to.equal(target)
      await rm(link)
    })
  })

  it('kit:init refuses a symlinked .env file (existing or dangling): nothing printed from it, nothing written through it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'heroku-kit-init-links-'))
    try {
      await cp(path.join(ROOT, 'test', 'fixtures', 'init', 'express'), dir, {recursive: true})
      const netrc = path.join(outside, 'netrc-init')
      await writeFile(netrc, `machine api.heroku.com\n  password ${SECRET}\n`)
      await symlink(netrc, path.join(dir, '.env.staging'))
      const existing = await cli.run(['kit:init', '--force'], undefined, {cwd: dir})
      expect(existing.code, existing.output).to.not.equal(0)
      expect(existing.stderr).to.include('.env.staging is a symbolic link')
      expect(existing.output).to.not.include(SECRET)
      expect(await readFile(netrc, 'utf8')).to.include(SECRET)

      await rm(path.join(dir, '.env.staging'))
      const target = path.join(outside, 'init-dangling')
      await symlink(target, path.join(dir, '.env.production'))
      const dangling = await cli.run(['kit:init', '--json'], undefined, {cwd: dir})
      expect(dangling.code, dangling.output).to.not.equal(0)
      expect(dangling.output).to.include('.env.production is a symbolic link')
      expect(await lstat(target).catch(() => undefined)).to.equal(undefined)
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })

  it('a pulled file sourced by sh and bash runs nothing, not even in the next shell, and syncs back to the same values (issues 18.4, 19.7)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'heroku-kit-source-'))
    const hostile = {
      SUBST: '$(touch PWNED_1)',
      BACKTICK: '`touch PWNED_2`',
      QUOTE_AND_SUBST: "it's $(touch PWNED_3)",
      QUOTE_ONLY: "it's fine",
      SEMI: "'; touch PWNED_4; '",
      DQ: '"; touch PWNED_5; "',
      NEWLINE: 'a\n$(touch PWNED_6)',
      ALL: `it's "all" $HOME \`touch PWNED_7\` $(touch PWNED_8)\nline two \\ end`,
    }
    // keys that make the next shell or program run code: written commented out, still read back by kit:config:sync
    const runsCode = {
      BASH_ENV: path.join(dir, 'evil.sh'),
      ENV: path.join(dir, 'evil.sh'),
      PROMPT_COMMAND: 'touch PWNED_PROMPT',
      LD_PRELOAD: path.join(dir, 'evil.so'),
    }
    emulator.state.setConfigVars('shop-staging', {...hostile, ...runsCode})
    try {
      await writeFile(path.join(dir, 'evil.sh'), 'touch PWNED_STARTUP_FILE\n')
      const file = path.join(dir, '.env')
      const pulled = await cli.run(['kit:config:pull', file, '-a', 'shop-staging'], emulator.url, {cwd: repo})
      expect(pulled.code, pulled.output).to.equal(0)
      expect(pulled.stderr).to.not.include('Left out').and.not.include('left out')
      expect(pulled.stdout).to.include('Commented out BASH_ENV, ENV, LD_PRELOAD, PROMPT_COMMAND (#heroku-kit:held)')
      const text = await readFile(file, 'utf8')
      for (const key of Object.keys(runsCode)) expect(text).to.match(new RegExp(`^#heroku-kit:held ${key}=`, 'm'))

      const keys = Object.keys(hostile)
      const print = `for k in ${keys.join(' ')}; do eval "v=\\$$k"; printf '%s\\0' "$v"; done`
      for (const shell of ['sh', 'bash']) {
        // the file sourced with set -a, then a new (non-interactive and interactive) bash and sh, then what they inherit
        const script = `set -a; . ./.env; ${print}; bash -c true; bash -i </dev/null >/dev/null 2>&1; sh -i </dev/null >/dev/null 2>&1; env > env.out`
        const {stdout} = await promisify(execFile)(shell, ['-c', script], {cwd: dir, env: {PATH: process.env.PATH, HOME: dir}})
        expect(stdout.split('\0').slice(0, -1), `${shell} reads the values the app has`).to.deep.equal(Object.values(hostile))
        const inherited = await readFile(path.join(dir, 'env.out'), 'utf8')
        for (const key of Object.keys(runsCode)) expect(inherited, `${shell} exported ${key}`).to.not.match(new RegExp(`^${key}=`, 'm'))
      }

      expect(
        (await readdir(dir)).filter(f => f.startsWith('PWNED')),
        'a marker file means a shell ran a value',
      ).to.deep.equal([])
      emulator.clearLog()
      const back = await cli.run(['kit:config:sync', file, '-a', 'shop-staging', '--prune', '--confirm', 'shop-staging'], emulator.url, {cwd: repo})
      expect(back.code, back.output).to.equal(0)
      expect(back.stdout).to.include('Nothing to change')
      expect(emulator.writes()).to.deep.equal([])

      const plain = await cli.run(['kit:config:pull', file, '-a', 'shop-staging', '--force', '--allow-exec-vars'], emulator.url, {cwd: repo})
      expect(plain.code, plain.output).to.equal(0)
      expect(await readFile(file, 'utf8'))
        .to.match(/^BASH_ENV=/m)
        .and.not.include('#heroku-kit:held')
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })

  it('kit:config:pull refuses a file git tracks unless --allow-tracked, and says why (issue 19.6)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'heroku-kit-tracked-'))
    try {
      await promisify(execFile)('git', ['init', '-q'], {cwd: dir})
      await writeFile(path.join(dir, '.env'), 'A=1\n')
      await promisify(execFile)('git', ['add', '.env'], {cwd: dir})
      const refused = await cli.run(['kit:config:pull', '.env', '-a', 'shop-staging', '--merge'], emulator.url, {cwd: dir})
      expect(refused.code, refused.output).to.equal(1)
      expect(refused.stderr).to.include('.env is tracked by git: the config vars written to it would be committed').and.include('--allow-tracked')
      expect(await readFile(path.join(dir, '.env'), 'utf8')).to.equal('A=1\n')
      const allowed = await cli.run(['kit:config:pull', '.env', '-a', 'shop-staging', '--merge', '--allow-tracked'], emulator.url, {cwd: dir})
      expect(allowed.code, allowed.output).to.equal(0)
      expect(await readFile(path.join(dir, '.env'), 'utf8')).to.include(`STRIPE_SECRET_KEY=${SECRET}`)
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })

  it('a drain with a query-string key (also one from ${NAME}) is never in any output, plain or --json', async () => {
    const key = 'dd0123456789abcdef0123456789abcd'
    const password = 'drain-pass-8c1f2e'
    const dir = await mkdtemp(path.join(tmpdir(), 'heroku-kit-drains-'))
    try {
      await writeFile(path.join(dir, 'Procfile'), 'web: node server.js\n')
      await writeFile(
        path.join(dir, 'heroku-kit.yml'),
        [
          'pipeline: drainy',
          'stages:',
          '  staging:',
          '    drains:',
          `      - https://http-intake.logs.datadoghq.com/api/v2/logs?dd-api-key=${key}&ddsource=heroku`,
          '  production:',
          '    drains:',
          '      - ${PROD_DRAIN_URL}',
          '',
        ].join('\n'),
      )
      // the emulator accepts no user:pass@ in drain URLs (its log-drains route); user info is masked in the unit tests
      const env = {PROD_DRAIN_URL: `https://logs.example.com/ingest?token=${password}`, HEROKU_KIT_POLL_INTERVAL_MS: '10'}
      const runs = [
        await cli.run(['kit:bootstrap', '--dry-run'], emulator.url, {cwd: dir, env}),
        await cli.run(['kit:bootstrap', '--dry-run', '--json'], emulator.url, {cwd: dir, env}),
        await cli.run(['kit:bootstrap', '--yes'], emulator.url, {cwd: dir, env}),
        await cli.run(['kit:bootstrap', '--yes', '--json'], emulator.url, {cwd: dir, env}),
        await cli.run(['kit:verify', '--json'], emulator.url, {cwd: dir, env}),
      ]
      expect(runs[2].code, runs[2].output).to.equal(0)
      expect(runs[0].stdout).to.include('dd-api-key=•••')
      for (const run of runs) expect(run.output).to.not.include(key).and.not.include(password)
      const drains = [...emulator.state.drains.values()].map(d => d.url)
      expect(
        drains.some(url => url.includes(key)),
        'the drain itself was created with its key',
      ).to.equal(true)
      expect(drains.some(url => url.includes(password))).to.equal(true)
      const verify = JSON.parse(runs[4].stdout)
      expect(verify.checks.find((c: {id: string}) => c.id === 'pipeline-file-secrets')).to.deep.include({status: 'warn'})

      const unset = await cli.run(['kit:bootstrap', '--dry-run'], emulator.url, {cwd: dir})
      expect(unset.code).to.not.equal(0)
      expect(unset.stderr).to.include('${PROD_DRAIN_URL} is set neither')
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })

  it('kit:scale: any decrease on production needs --confirm APP (or a question) without a terminal; staging does not', async () => {
    const pipeline = emulator.state.createPipeline({name: 'guard'})
    for (const [name, stage] of [
      ['guard-prod', 'production'],
      ['guard-staging', 'staging'],
    ] as const) {
      emulator.state.createApp({name})
      emulator.state.deploy(name, {processTypes: {web: 'node server.js', worker: 'node worker.js'}})
      emulator.state.couple(name, pipeline, stage)
      const app = emulator.state.findApp(name)!
      emulator.state.syncFormation(app)
      for (const entry of emulator.state.appFormation(app)) Object.assign(entry, {quantity: 2, size: 'standard-1x'})
    }

    emulator.clearLog()
    const refused = await kit(['kit:scale', 'worker=1', '-a', 'guard-prod'])
    expect(refused.code, refused.output).to.equal(1)
    expect(refused.stderr.replaceAll(/\s+/g, ' ')).to.include(
      'Scaling down guard-prod (production): worker 2 → 1; without a terminal that needs --confirm guard-prod',
    )
    expect(emulator.writes()).to.deep.equal([])
    const confirmed = await kit(['kit:scale', 'worker=1', '-a', 'guard-prod', '--confirm', 'guard-prod'])
    expect(confirmed.code, confirmed.output).to.equal(0)
    const staging = await kit(['kit:scale', 'worker=1', '-a', 'guard-staging'])
    expect(staging.code, staging.output).to.equal(0)
    const up = await kit(['kit:scale', 'worker=3', '-a', 'guard-prod'])
    expect(up.code, up.output).to.equal(0)
    for (const name of ['guard-prod', 'guard-staging']) emulator.state.deleteApp(emulator.state.findApp(name)!)
    emulator.state.deletePipeline(pipeline)
  })

  describe('tokens go only where they belong', () => {
    for (const variable of ['HEROKU_HOST', 'HEROKU_DATA_HOST', 'HEROKU_KOLKRABBI_HOST', 'GITHUB_API_URL']) {
      it(`${variable} pointing elsewhere is refused by name, before any request; zero connections reach that host`, async () => {
        const evil = await trap()
        try {
          const result = await kit(['kit:config:pull', path.join(repo, '.env.never'), '-a', 'shop-staging'], {
            [variable]: `https://[::ffff:127.0.0.1]:${evil.port}`,
          })
          expect(result.code, result.output).to.not.equal(0)
          expect(result.stderr).to.include(`${variable} points at`)
          expect(evil.connections()).to.equal(0)
          expect(pluginRequests(emulator.log)).to.deep.equal([])
        } finally {
          evil.server.close()
        }
      })
    }
  })
})
