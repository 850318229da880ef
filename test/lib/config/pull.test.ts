import {execFileSync, spawn} from 'node:child_process'
import {mkdtemp, readdir, readFile, rm, utimes, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'

import {refuseTrackedSecretFile, renderPulledFile, selectPulledVars, writeSecretFile} from '../../../src/lib/config/pull.js'
import {parseDotenvText} from '../../../src/lib/dotenv/parse.js'
import {KitError} from '../../../src/lib/errors.js'

describe('selectPulledVars', () => {
  const remote = {
    vars: {A: '1', BASH_ENV: '/app/x.sh', LD_PRELOAD: '/x.so', '1PASSWORD': 'p', NUL: 'a\0b', DATABASE_URL: 'postgres://x', HOSTILE: "it's $(id)\n`id`"},
    owned: new Map([['DATABASE_URL', 'postgresql-x']]),
  }

  it('writes every value but one with NUL; holds back keys that run code; records keys no dotenv file can hold', () => {
    const pulled = selectPulledVars(remote)
    expect(pulled.vars).to.deep.equal({A: '1', BASH_ENV: '/app/x.sh', HOSTILE: "it's $(id)\n`id`", LD_PRELOAD: '/x.so'})
    expect(Object.keys(pulled.held)).to.deep.equal(['BASH_ENV', 'LD_PRELOAD'])
    expect(pulled.held.BASH_ENV).to.include('bash runs the file it names').and.include('--allow-exec-vars')
    expect(pulled.leftOut).to.deep.equal({'1PASSWORD': 'starts with a digit', NUL: 'its value contains a NUL character'})
    expect(pulled.addonVarsLeftOut).to.deep.equal(['DATABASE_URL'])

    const {text} = renderPulledFile(pulled, {header: 'test', display: '.env'})
    const read = parseDotenvText(text, '.env')
    expect(Object.fromEntries(read.entries.map(e => [e.key, e.value]))).to.deep.equal(pulled.vars)
    expect(read.entries.filter(e => e.held).map(e => e.key)).to.deep.equal(['BASH_ENV', 'LD_PRELOAD'])
    expect(read.leftOut.map(e => e.key)).to.deep.equal(['1PASSWORD', 'NUL'])
  })

  it('with allowExecVars, writes keys that run code as plain lines', () => {
    expect(selectPulledVars(remote, {allowExecVars: true}).held).to.deep.equal({})
  })
})

describe('refuseTrackedSecretFile and writeSecretFile', function () {
  this.timeout(30_000)
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kit-pull-'))
  })
  afterEach(async () => {
    await rm(dir, {recursive: true, force: true})
  })

  it('refuses a file git tracks, naming the flag; allows it with the flag and when untracked', async () => {
    execFileSync('git', ['init', '-q'], {cwd: dir})
    await writeFile(path.join(dir, '.env'), 'A=1\n')
    await refuseTrackedSecretFile(path.join(dir, '.env'), {flag: '--allow-tracked'})
    execFileSync('git', ['add', '.env'], {cwd: dir})
    const error = await refuseTrackedSecretFile(path.join(dir, '.env'), {flag: '--allow-tracked', display: '.env'}).then(
      () => undefined,
      (error_: unknown) => error_,
    )
    expect(error).to.be.instanceOf(KitError)
    expect((error as KitError).code).to.equal('tracked_secret_file')
    expect((error as KitError).message)
      .to.include('.env is tracked by git')
      .and.include('would be committed')
    expect((error as KitError).suggestion)
      .to.include('--allow-tracked')
      .and.include('git rm --cached .env')
    await refuseTrackedSecretFile(path.join(dir, '.env'), {flag: '--allow-tracked', allowTracked: true})
  })

  it("removes the temporary files a killed write of the same file left, never a running write's or another file's", async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'])
    const dead = spawn(process.execPath, ['-e', ''])
    await new Promise(resolve => dead.on('exit', resolve))
    try {
      const names = {
        dead: `..env.${dead.pid}.0123456789ab.tmp`,
        running: `..env.${child.pid}.0123456789ab.tmp`,
        oldRunning: `..env.${child.pid}.ba9876543210.tmp`,
        other: `..env.staging.${dead.pid}.0123456789ab.tmp`,
      }
      for (const name of Object.values(names)) await writeFile(path.join(dir, name), 'SECRET=1\n')
      const twoHoursAgo = new Date(Date.now() - 2 * 3600_000)
      await utimes(path.join(dir, names.oldRunning), twoHoursAgo, twoHoursAgo)
      const removed = await writeSecretFile(path.join(dir, '.env'), 'A=1\n')
      expect(removed.sort()).to.deep.equal([names.dead, names.oldRunning].sort())
      expect((await readdir(dir)).sort()).to.deep.equal(['.env', names.other, names.running].sort())
      expect(await readFile(path.join(dir, '.env'), 'utf8')).to.equal('A=1\n')
    } finally {
      child.kill()
    }
  })
})
