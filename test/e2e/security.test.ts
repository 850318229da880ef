import {execFile, execFileSync} from 'node:child_process'
import {cp, lstat, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile} from 'node:fs/promises'
import {createServer, type Server} from 'node:net'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'

import {expect} from 'chai'

import {pluginRequests} from '../support/contract.js'
import {type Emulator, scriptBuild, startEmulator} from 'heroku-emulator'
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
    emulator = await startEmulator({timings: 'instant'})
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
          'env_references: [PROD_DRAIN_URL]',
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
      expect(unset.stderr.replaceAll(/\s+/g, ' ')).to.include(
        '${PROD_DRAIN_URL} is in no config file (the stage declares none), and is not set in the environment',
      )
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

  describe('third pass (issue 19): references, credentials in paths, terminal escapes, links out of the repository', () => {
    const ESC = '\u001B'
    const dirs: string[] = []
    const scratch = async (files: Record<string, string>): Promise<string> => {
      const dir = await mkdtemp(path.join(tmpdir(), 'heroku-kit-sec19-'))
      dirs.push(dir)
      for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text)
      return dir
    }

    after(async () => {
      await Promise.all(dirs.map(dir => rm(dir, {recursive: true, force: true})))
    })

    const quiet = {HEROKU_KIT_POLL_INTERVAL_MS: '10'}
    const commands = [
      ['kit:verify'],
      ['kit:verify', '--json'],
      ['kit:verify', '--local'],
      ['kit:verify', '--local', '--json'],
      ['kit:bootstrap', '--dry-run'],
      ['kit:bootstrap', '--dry-run', '--json'],
    ]

    it("19.1: references to the runner's credentials and to values that are not URLs: named, never shown (plain and --json)", async function () {
      this.timeout(900_000) // fourteen runs of the CLI
      const githubToken = 'ghs_R3fErEnCeD0nlyByName1234567890'
      const listed = 'not-a-url-but-a-Secret-4f9a8b7c'
      const cases: Array<{drain: string; yml?: string; env?: Record<string, string>; secrets: string[]}> = [
        {drain: '${GITHUB_TOKEN}', env: {GITHUB_TOKEN: githubToken}, secrets: [githubToken]},
        {drain: '${HEROKU_API_KEY}', secrets: ['test-api-key']},
        {drain: '${STRIPE_SECRET_KEY}', secrets: [SECRET]}, // a key of .env.production whose value is not a URL
        {drain: '${LISTED_DRAIN}', yml: 'env_references: [LISTED_DRAIN]\n', env: {LISTED_DRAIN: listed}, secrets: [listed]},
        {drain: '${UNLISTED_DRAIN}', env: {UNLISTED_DRAIN: `https://logs.example.com/in?token=${listed}`}, secrets: [listed]},
      ]
      for (const {drain, yml, env, secrets} of cases) {
        const dir = await scratch({
          Procfile: 'web: node server.js\n',
          'heroku-kit.yml': `pipeline: refs\n${yml ?? ''}stages:\n  production:\n    config: .env.production\n    drains: ["${drain}"]\n`,
          '.env.production': `STRIPE_SECRET_KEY=${SECRET}\nNODE_ENV=production\n`,
        })
        // every command for the key of .env.production; verify --local --json and a plan for the others
        for (const args of drain === '${STRIPE_SECRET_KEY}' ? commands : [commands[3], commands[4]]) {
          const result = await cli.run(args, emulator.url, {cwd: dir, env: {...quiet, ...env}})
          const what = `${drain}: ${args.join(' ')}`
          expect(result.code, `${what}\n${result.output}`).to.not.equal(0)
          for (const secret of secrets) expect(result.output, what).to.not.include(secret)
          // an unlisted name is not read at all: the plan names it (verify --local has nothing to compare it with)
          if (drain !== '${UNLISTED_DRAIN}' || args[0] === 'kit:bootstrap') expect(result.output, what).to.include(drain)
        }
      }

      expect(emulator.writes()).to.deep.equal([])
    })

    it('19.2: a token in a drain URL path (Loggly) is masked through import, verify and the plan, and import writes it as ${NAME}', async () => {
      const token = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'
      const loggly = `https://logs-01.loggly.com/bulk/${token}/tag/heroku/`
      emulator.state.createApp({name: 'paths-prod'})
      const added = await cli.run(['drains:add', loggly, '-a', 'paths-prod'], emulator.url)
      expect(added.code, added.output).to.equal(0)
      const dir = await scratch({})
      const imported = await cli.run(['kit:import', '-a', 'paths-prod', '--pipeline', 'paths', '--pull-config'], emulator.url, {cwd: dir})
      expect(imported.code, imported.output).to.equal(0)
      const yml = await readFile(path.join(dir, 'heroku-kit.yml'), 'utf8')
      expect(yml).to.include('- ${LOG_DRAIN_URL}').and.not.include(token)
      expect(await readFile(path.join(dir, '.env.production'), 'utf8')).to.include(token)
      const runs = [
        imported,
        await cli.run(['kit:import', '-a', 'paths-prod', '--pipeline', 'paths', '--dry-run', '--json', '--force'], emulator.url, {cwd: dir}),
      ]

      // the same URL written into heroku-kit.yml by hand: verify's credential check warns, the plan masks it
      const literal = await scratch({
        Procfile: 'web: node server.js\n',
        'heroku-kit.yml': `pipeline: paths\nstages:\n  production:\n    app: paths-prod\n    drains: ["${loggly}", "https://logs.example.com/ingest/9a8b7c6d5e4f3a2b1c0d"]\n`,
      })
      const verify = await cli.run(['kit:verify', '--local', '--json'], emulator.url, {cwd: literal})
      const check = (JSON.parse(verify.stdout) as {checks: Array<{id: string; status: string; evidence: string[]}>}).checks.find(
        c => c.id === 'pipeline-file-secrets',
      )!
      expect(check.status).to.equal('warn')
      expect(check.evidence.join('\n')).to.include('bulk/•••/tag/heroku/').and.include('ingest/•••')
      const plan = await cli.run(['kit:bootstrap', '--dry-run'], emulator.url, {cwd: literal, env: quiet})
      expect(plan.stdout).to.include('https://logs.example.com/ingest/•••')
      runs.push(verify, plan, await cli.run(['kit:bootstrap', '--dry-run', '--json'], emulator.url, {cwd: literal, env: quiet}))
      runs.push(await cli.run(['kit:verify', '--json'], emulator.url, {cwd: literal, env: quiet}))
      for (const run of runs) expect(run.output).to.not.include(token).and.not.include('9a8b7c6d5e4f3a2b1c0d')
      emulator.state.deleteApp(emulator.state.findApp('paths-prod')!)
    })

    it('19.3: kit:config:sync --prune never deletes a referenced key; a reference to a key that is not a drain URL stops it before anything is sent', async () => {
      const drainUrl = 'https://logs.example.com/in?token=drain-tok-5b8e1d'
      emulator.state.setConfigVars('shop-staging', {LOG_DRAIN_URL: drainUrl, OLD_KEY: 'gone'})
      const dir = await scratch({
        'heroku-kit.yml': 'pipeline: shop\nstages:\n  staging:\n    config: .env.staging\n    drains: ["${STRIPE_SECRET_KEY}"]\n',
        '.env.staging': `STRIPE_SECRET_KEY=${SECRET}\nLOG_DRAIN_URL=${drainUrl}\n`,
      })
      emulator.clearLog()
      const refused = await cli.run(['kit:config:sync', '.env.staging', '--prune', '--confirm', 'shop-staging'], emulator.url, {cwd: dir})
      expect(refused.code, refused.output).to.equal(1)
      expect(refused.stderr).to.include('${STRIPE_SECRET_KEY} (from .env.staging) is not a URL').and.include('Nothing was sent')
      expect(refused.output).to.not.include(SECRET)
      expect(emulator.writes()).to.deep.equal([])

      await writeFile(path.join(dir, 'heroku-kit.yml'), 'pipeline: shop\nstages:\n  staging:\n    config: .env.staging\n    drains: ["${LOG_DRAIN_URL}"]\n')
      const synced = await cli.run(['kit:config:sync', '.env.staging', '--prune', '--confirm', 'shop-staging'], emulator.url, {cwd: dir})
      expect(synced.code, synced.output).to.equal(0)
      expect(synced.stdout).to.include('Left out LOG_DRAIN_URL').and.include('--prune never deletes it')
      const vars = emulator.state.configVars.get(emulator.state.findApp('shop-staging')!.id)!
      expect(vars.LOG_DRAIN_URL, 'the referenced key is still on the app').to.equal(drainUrl)
      expect(vars.STRIPE_SECRET_KEY).to.equal(SECRET)
      expect(vars.OLD_KEY, 'a key in neither place is pruned').to.equal(undefined)
      expect(synced.output).to.not.include('drain-tok-5b8e1d').and.not.include(SECRET)
    })

    it('19.4: escape sequences in a commit subject, a build stream and an API error never reach stdout or stderr raw', async () => {
      const hostile = [`${ESC}]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u0007`, `${ESC}]0;pwned${ESC}\\`, `${ESC}[2J`, `${ESC}[1;1H`, '\u009B2J', '\u0007']
      const raw = (text: string) =>
        hostile.some(sequence => text.includes(sequence)) || text.includes(`${ESC}]`) || new RegExp(`${ESC}\\[[\\d;]*[HJK]`).test(text)
      emulator.state.createApp({name: 'esc-staging'})
      const dir = await scratch({'heroku-kit.yml': 'pipeline: esc\nstages:\n  staging:\n    app: esc-staging\n', Procfile: 'web: node server.js\n'})
      const gitEnv = {
        ...process.env,
        GIT_AUTHOR_NAME: 'Dev',
        GIT_AUTHOR_EMAIL: 'dev@example.com',
        GIT_COMMITTER_NAME: 'Dev',
        GIT_COMMITTER_EMAIL: 'dev@example.com',
      }
      execFileSync('git', ['init', '-q', '-b', 'main'], {cwd: dir, env: gitEnv})
      execFileSync('git', ['add', '-A'], {cwd: dir, env: gitEnv})
      execFileSync('git', ['commit', '-q', '-m', `fix login ${hostile[0]}${hostile[2]}now`], {cwd: dir, env: gitEnv})
      scriptBuild(emulator.state, 'esc-staging', {
        outcome: 'succeeds',
        output: [`-----> Building ${hostile[1]}on the stack`, `${hostile[2]}${hostile[3]}cleared`, `${ESC}[32mgreen text${ESC}[0m`, 'ok'],
      })
      const deploy = await cli.run(['kit:deploy', '-a', 'esc-staging'], emulator.url, {cwd: dir, env: {...quiet, HEROKU_KIT_HEALTH_TIMEOUT: '1'}})
      expect(deploy.stdout, deploy.output).to.include('(fix login now)')
      expect(deploy.stderr).to.include('build │ -----> Building on the stack').and.include('build │ cleared').and.include('green text')
      expect(raw(deploy.stdout), JSON.stringify(deploy.stdout)).to.equal(false)
      expect(raw(deploy.stderr), JSON.stringify(deploy.stderr)).to.equal(false)

      emulator.faults.add({
        method: 'GET',
        path: '/apps/esc-staging/config-vars',
        status: 422,
        body: {id: 'invalid_params', message: `Refused ${hostile[0]}${hostile[1]}${hostile[2]}by the API.`},
      })
      const pulled = await cli.run(['kit:config:pull', path.join(dir, '.env.esc'), '-a', 'esc-staging'], emulator.url, {cwd: dir})
      expect(pulled.code, pulled.output).to.not.equal(0)
      expect(pulled.stderr).to.include('Refused by the API.')
      expect(raw(pulled.output), JSON.stringify(pulled.output)).to.equal(false)
      emulator.state.deleteApp(emulator.state.findApp('esc-staging')!)
    })

    it('19.5: links out of the repository (stage config file, Procfile, heroku-kit.yml) are refused; nothing from them is shown or sent', async () => {
      const netrc = path.join(outside, 'netrc-19')
      await writeFile(netrc, `machine api.heroku.com\n  login me@example.com\n  password ${SECRET}\n`)
      const secrets = path.join(outside, 'env-19')
      await writeFile(secrets, `STRIPE_SECRET_KEY=${SECRET}\n`)

      const config = await scratch({Procfile: 'web: node server.js\n', 'heroku-kit.yml': 'pipeline: shop\nstages:\n  staging:\n    config: .env.staging\n'})
      await symlink(secrets, path.join(config, '.env.staging'))
      emulator.clearLog()
      // kit:verify reads it as it reads a config file that isn't there: its keys are not compared, nothing of it is shown
      const verify = await cli.run(['kit:verify', '--local'], emulator.url, {cwd: config, env: quiet})
      expect(verify.output).to.not.include(SECRET)
      for (const args of [
        ['kit:bootstrap', '--dry-run'],
        ['kit:config:sync', '.env.staging', '--yes'],
        ['kit:bootstrap', '--yes', '--json'],
      ]) {
        const result = await cli.run(args, emulator.url, {cwd: config, env: quiet})
        expect(result.code, `${args.join(' ')}\n${result.output}`).to.not.equal(0)
        expect(result.output, args.join(' ')).to.include('.env.staging is a link to a file outside the repository')
        expect(result.output).to.not.include(SECRET)
      }

      expect(emulator.writes()).to.deep.equal([])

      for (const name of ['Procfile', 'heroku-kit.yml']) {
        const dir = await scratch(name === 'Procfile' ? {'heroku-kit.yml': 'pipeline: shop\n'} : {Procfile: 'web: node server.js\n'})
        await symlink(netrc, path.join(dir, name))
        for (const args of [
          ['kit:verify', '--local'],
          ['kit:verify', '--local', '--json'],
          ['kit:bootstrap', '--dry-run'],
        ]) {
          const result = await cli.run(args, emulator.url, {cwd: dir, env: quiet})
          expect(result.output, `${name}: ${args.join(' ')}`).to.include(`${name} is a link to a file outside the repository`)
          expect(result.output).to.not.include(SECRET).and.not.include('me@example.com')
        }
      }

      expect(emulator.writes()).to.deep.equal([])
    })
  })
})
