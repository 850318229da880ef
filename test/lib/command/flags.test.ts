import {readdirSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

import {Parser} from '@oclif/core'
import {expect} from 'chai'

import {targetApp} from '../../../src/lib/command/flags.js'

const COMMANDS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src/commands')

function commandFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap(entry =>
    entry.isDirectory() ? commandFiles(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : [],
  )
}

describe('-a/--app', () => {
  const saved = process.env.HEROKU_APP
  afterEach(() => {
    if (saved === undefined) delete process.env.HEROKU_APP
    else process.env.HEROKU_APP = saved
  })

  it('is HEROKU_APP when not given, and the flag when given, in every command that has it', async () => {
    const withApp: string[] = []
    for (const file of commandFiles(COMMANDS)) {
      const command = (await import(pathToFileURL(file).href)).default
      if (!command.flags?.app) continue
      const name = path.relative(COMMANDS, file)
      withApp.push(name)
      expect(command.flags.app.char, name).to.equal('a')
      process.env.HEROKU_APP = 'from-env'
      expect((await Parser.parse([], {flags: {app: command.flags.app}})).flags.app, name).to.equal('from-env')
      expect((await Parser.parse(['-a', 'given'], {flags: {app: command.flags.app}})).flags.app, name).to.equal('given')
      delete process.env.HEROKU_APP
      expect((await Parser.parse([], {flags: {app: command.flags.app}})).flags.app, name).to.equal(undefined)
    }

    const expected = ['acm', 'backups', 'config/pull', 'config/sync', 'deploy', 'import', 'scale']
    expect(withApp.sort()).to.deep.equal(expected.map(name => path.join('kit', `${name}.ts`)))
  })
})

describe('targetApp', () => {
  it('is the app when no other flag names the target, wherever it came from', () => {
    expect(targetApp({app: 'shop-prod'}, [], false)).to.equal('shop-prod')
    expect(targetApp({app: 'shop-prod'}, ['-a', 'shop-prod'], false)).to.equal('shop-prod')
    expect(targetApp({}, ['--stage', 'staging'], true)).to.equal(undefined)
  })

  it('drops an app that only came from HEROKU_APP when --stage (or another target flag) is given: the flag beats the environment', () => {
    expect(targetApp({app: 'from-env'}, ['--stage', 'production'], true)).to.equal(undefined)
    expect(targetApp({app: 'from-env'}, ['web=1', '--stage', 'production', '--', '-a', 'x'], true)).to.equal(undefined)
  })

  it('keeps an app given on the command line in any spelling, so a conflict with --stage is still reported', () => {
    for (const argv of [['-a', 'shop-prod'], ['-ashop-prod'], ['-a=shop-prod'], ['--app', 'shop-prod'], ['--app=shop-prod']]) {
      expect(targetApp({app: 'shop-prod'}, [...argv, '--stage', 'staging'], true), argv.join(' ')).to.equal('shop-prod')
    }
  })
})
