import {execFile} from 'node:child_process'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'

import {expect} from 'chai'

import {checkJsonFailures} from '../support/command-failures.js'
import {type HerokuCli, sharedHerokuCli} from '../support/heroku-cli.js'

const git = promisify(execFile)

/** How kit commands fail for a user who just installed them (issue 22): through the real CLI, no Heroku login. */
describe('e2e: failures without a login, --json and text', function () {
  this.timeout(900_000)
  let cli: HerokuCli

  before(async () => {
    cli = await sharedHerokuCli()
  })

  it('--json: every command fails with one JSON document on stdout, the documented exit code, and no oclif error on stderr', async () => {
    const {problems, table} = await checkJsonFailures((args, cwd) => cli.run(args, undefined, {cwd, loggedOut: true}))
    console.log(table.map(line => `      ${line}`).join('\n'))
    expect(problems).to.deep.equal([])
  })

  it('text: a missing heroku-kit.yml and a bad dotenv line are reported before the missing login', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kit-offline-first-'))
    try {
      const bootstrap = await cli.run(['kit:bootstrap', '--dry-run'], undefined, {cwd: dir, loggedOut: true})
      expect(bootstrap.code, bootstrap.output).to.equal(1)
      expect(bootstrap.stderr).to.include(`No heroku-kit.yml in ${dir}: kit:bootstrap creates the pipeline it declares.`)
      expect(bootstrap.stderr).not.to.include('Not logged in')
      await writeFile(path.join(dir, '.env.staging'), 'API_URL=https://api.example.com\nnot a line\n')
      const sync = await cli.run(['kit:config:sync', '.env.staging'], undefined, {cwd: dir, loggedOut: true})
      expect(sync.code, sync.output).to.equal(1)
      expect(sync.stderr).to.match(/\.env\.staging:2: /)
      expect(sync.stderr).not.to.include('Not logged in')
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })

  it('-r/--remote on every command that takes -a: the app of a git.heroku.com remote, before the login check', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kit-remote-'))
    try {
      await git('git', ['init', '-q'], {cwd: dir})
      await git('git', ['remote', 'add', 'staging', 'https://git.heroku.com/shop-staging.git'], {cwd: dir})
      await git('git', ['remote', 'add', 'origin', 'https://github.com/acme/shop.git'], {cwd: dir})
      await writeFile(path.join(dir, '.env'), 'API_URL=x\n')
      const commands = [
        ['kit:acm'],
        ['kit:backups', '--at', '02:00'],
        ['kit:deploy'],
        ['kit:import'],
        ['kit:scale', 'web=1'],
        ['kit:config:pull', '.env.pulled'],
        ['kit:config:sync', '.env'],
      ]
      for (const command of commands) {
        const run = async (...more: string[]) => {
          const result = await cli.run([...command, ...more, '--json'], undefined, {cwd: dir, loggedOut: true})
          return {exit: result.code, code: (JSON.parse(result.stdout) as {error?: {code: string}}).error?.code}
        }

        const name = command.join(' ')
        // the wrong remotes once for each of the two ways the flag is read (day-two commands, config commands)
        if (name === 'kit:scale web=1' || name === 'kit:config:sync .env') {
          expect(await run('-r', 'nosuch'), `${name} -r nosuch`).to.deep.equal({exit: 1, code: 'remote_not_found'})
          expect(await run('-r', 'origin'), `${name} -r origin`).to.deep.equal({exit: 1, code: 'remote_not_heroku'})
          expect(await run('-a', 'shop-staging', '-r', 'staging'), `${name} -a and -r`).to.deep.equal({exit: 1, code: 'invalid_flags'})
        }

        // resolved: what is left is the login (kit:deploy: the repository has no commit yet)
        const resolved = await run('--remote', 'staging')
        if (command[0] === 'kit:deploy') expect(resolved, `${name} --remote staging`).to.deep.equal({exit: 1, code: 'unknown_ref'})
        else expect(resolved, `${name} --remote staging`).to.deep.equal({exit: 3, code: 'not_logged_in'})
      }
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })
})
