import {readdirSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

import type {Config} from '@oclif/core'
import {expect} from 'chai'

import {confirmFlag, dryRunFlag, stageFlag, yesFlag} from '../../../src/lib/command/flags.js'
import {type FreshQuestion, StageCommand} from '../../../src/lib/command/stage-command.js'
import {KitError} from '../../../src/lib/errors.js'

const COMMANDS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src/commands')

function commandFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap(entry =>
    entry.isDirectory() ? commandFiles(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : [],
  )
}

/** What a flag is, apart from its description (which each command words for itself). */
function shape(flag: Record<string, unknown>) {
  const {char, helpValue, options, env, type, default: fallback, allowNo} = flag
  return {char, helpValue, options, env, type, default: fallback, allowNo}
}

/** A StageCommand whose questions are answered from a script (each `ask` takes the next answer). */
class Probe extends StageCommand {
  answers: boolean[] = []
  questions: string[] = []

  async run(): Promise<void> {}

  protected override async ask(question: string): Promise<boolean> {
    this.questions.push(question)
    return this.answers.shift() ?? false
  }

  // the protected helpers, for the tests
  confirm = (options: Parameters<StageCommand['confirmOrCancel']>[0]) => this.confirmOrCancel(options)
  confirmFresh = <P>(options: FreshQuestion<P>) => this.confirmFreshOrCancel(options)
  askOr = (question: string) => this.askOrCancel(question)
  failWith = <R extends object>(result: R, code: string, message: string, suggestion?: string) => this.fail(result, code, message, suggestion)
}

const probe = (argv: string[] = ['--json']) => new Probe(argv, {bin: 'heroku'} as Config)

async function rejection(promise: Promise<unknown>): Promise<KitError> {
  const error = await promise.then(
    () => undefined,
    (error_: unknown) => error_,
  )
  expect(error).to.be.instanceOf(KitError)
  return error as KitError
}

describe('StageCommand', () => {
  it('is the base of the day-two commands, which share --dir and one definition of --stage, -y/--yes, --confirm, --dry-run', async () => {
    const shared = {stage: stageFlag('').stage, yes: yesFlag('').yes, confirm: confirmFlag('').confirm, 'dry-run': dryRunFlag('')['dry-run']}
    const dayTwo: string[] = []
    for (const file of commandFiles(COMMANDS)) {
      const command = (await import(pathToFileURL(file).href)).default
      if (!(command.prototype instanceof StageCommand)) continue
      const name = path.relative(COMMANDS, file)
      dayTwo.push(name)
      expect(command.baseFlags.dir, name).to.equal(StageCommand.baseFlags.dir)
      expect(command.flags.dir, `${name} defines --dir again`).to.equal(undefined)
      for (const [flag, definition] of Object.entries(shared)) {
        // the config commands' --stage also takes the review and test stages (targetFlags)
        if (flag === 'stage' && name.startsWith(`kit${path.sep}config`)) continue
        if (command.flags[flag]) expect(shape(command.flags[flag]), `${name} --${flag}`).to.deep.equal(shape(definition))
      }
    }

    const expected = ['acm', 'backups', 'config/pull', 'config/sync', 'deploy', 'promote', 'scale']
    expect(dayTwo.sort()).to.deep.equal(expected.map(name => path.join('kit', `${name}.ts`)))
  })

  it('confirmOrCancel: --confirm must name the app, --yes confirms, and without either nor a terminal nothing is sent', async () => {
    const command = probe()
    const action = 'Scaling web to 0 on shop-prod (production) stops it from serving requests'
    await command.confirm({flags: {confirm: 'shop-prod'}, app: 'shop-prod', action})
    await command.confirm({flags: {yes: true}, app: 'shop-prod', action})
    const mismatch = await rejection(command.confirm({flags: {confirm: 'shop-staging'}, app: 'shop-prod', action}))
    expect([mismatch.code, mismatch.message]).to.deep.equal(['confirmation_mismatch', '--confirm shop-staging does not match shop-prod. Nothing was sent.'])
    const required = await rejection(command.confirm({flags: {}, app: 'shop-prod', action}))
    expect(required.code).to.equal('confirmation_required')
    expect(required.message).to.equal(`${action}; without a terminal that needs --confirm shop-prod (or --yes). Nothing was sent.`)
    expect(command.questions, 'never asks in --json mode').to.deep.equal([])
  })

  it('askOrCancel and confirmFreshOrCancel: "no" cancels; "yes" to a plan that changed meanwhile asks again about the fresh plan', async () => {
    const command = probe()
    command.answers = [false]
    const no = await rejection(command.askOr('Apply these changes to shop-staging?'))
    expect([no.code, no.message]).to.deep.equal(['cancelled', 'Cancelled; nothing was sent.'])

    command.answers = [true, true]
    const versions = [2, 2]
    const shown: number[] = []
    const plan = await command.confirmFresh({
      initial: 1,
      ask: async (asked: number) => command['ask'](`v${asked}?`),
      reread: async () => versions.shift()!,
      same: (asked: number, fresh: number) => asked === fresh,
      changed: (fresh: number) => shown.push(fresh),
    })
    expect([plan, shown, command.questions.slice(1)]).to.deep.equal([2, [2], ['v1?', 'v2?']])
    command.answers = [false]
    const again = command.confirmFresh({initial: 1, ask: async () => command['ask']('again?'), reread: async () => 1, same: () => true, changed() {}})
    expect((await rejection(again)).code).to.equal('cancelled')
  })

  it('fail: with --json the result with `error` and exit code 1; otherwise the KitError', async () => {
    const saved = process.exitCode
    try {
      const failed = probe(['--json']).failWith({app: 'shop-prod'}, 'acm_not_enabled', 'ACM is not enabled on shop-prod.')
      expect(failed).to.deep.equal({app: 'shop-prod', error: {code: 'acm_not_enabled', message: 'ACM is not enabled on shop-prod.'}})
      expect(process.exitCode).to.equal(1)
    } finally {
      process.exitCode = saved
    }

    const error = await rejection((async () => probe([]).failWith({}, 'acm_failed', 'www.example.com failed.', 'Point the DNS record at Heroku.'))())
    expect([error.code, error.message, error.suggestion]).to.deep.equal(['acm_failed', 'www.example.com failed.', 'Point the DNS record at Heroku.'])
  })
})
