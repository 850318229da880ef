import path from 'node:path'

import * as Flags from '@oclif/core/flags'

import {KitError} from '../errors.js'
import {STAGES} from '../target/config.js'
import {appFromRemote} from '../target/remote.js'

/**
 * -a/--app and -r/--remote as in the Heroku CLI: HEROKU_APP when neither flag is given; -r names the app by a git
 * remote of the repository (target/remote.ts). Unlike the CLI's, the app is never guessed from git remotes: kit
 * commands write. The one definition of the flags; commands only word -a's description.
 */
export function appFlag(description = 'app to use') {
  return {
    app: Flags.string({char: 'a', description, env: 'HEROKU_APP', helpValue: 'APP'}),
    remote: Flags.string({char: 'r', description: 'git remote of the app to use (instead of -a)', helpValue: 'REMOTE'}),
  }
}

/**
 * The app a command targets: -a/--app's value, or HEROKU_APP's when no other flag names the target
 * (`otherTarget`: --stage, --pipeline, -r). A flag on the command line beats the environment, as in the Heroku CLI,
 * so an exported HEROKU_APP does not turn `--stage production` into a conflict.
 */
export function targetApp(flags: {app?: string}, argv: readonly string[], otherTarget: boolean): string | undefined {
  if (flags.app === undefined || !otherTarget) return flags.app
  const end = argv.indexOf('--')
  const options = end === -1 ? argv : argv.slice(0, end)
  const given = options.some(arg => isFlag(arg, 'app', 'a') || isFlag(arg, 'remote', 'r'))
  return given ? flags.app : undefined
}

function isFlag(arg: string, name: string, char: string): boolean {
  return arg === `--${name}` || arg.startsWith(`--${name}=`) || (arg.startsWith(`-${char}`) && !arg.startsWith('--'))
}

/**
 * -r/--remote resolved, before any request, to the app its git remote points at: `flags` with `app` set to it.
 * -r with -a on the command line is an error; -r beats HEROKU_APP (a flag beats the environment).
 */
export async function withRemoteApp<F extends {app?: string; remote?: string; dir?: string}>(flags: F, argv: readonly string[]): Promise<F> {
  if (flags.remote === undefined) return flags
  const end = argv.indexOf('--')
  if ((end === -1 ? argv : argv.slice(0, end)).some(arg => isFlag(arg, 'app', 'a'))) {
    throw new KitError('Use -a/--app or -r/--remote, not both.', {code: 'invalid_flags'})
  }

  return {...flags, app: await appFromRemote(path.resolve(flags.dir ?? '.'), flags.remote)}
}

/**
 * How a command names the app or pipeline stage it works on. -a/--app and -r/--remote mean what they mean in
 * the Heroku CLI (HEROKU_APP is honoured), but the app is never guessed from git remotes: kit commands write.
 */
export const targetFlags = {
  ...appFlag(),
  pipeline: Flags.string({char: 'p', description: 'pipeline (name or id), with --stage', helpValue: 'PIPELINE'}),
  stage: Flags.string({
    description: 'pipeline stage: the app at staging/production, or the review/test stage config vars',
    options: [...STAGES],
    helpValue: 'STAGE',
  }),
}

/** --stage of a day-two command: a stage of heroku-kit.yml (the config commands' --stage also takes review and test). */
export function stageFlag(description: string) {
  return {stage: Flags.string({description, options: ['staging', 'production'], helpValue: 'STAGE'})}
}

/** --dry-run: show the plan, send nothing. */
export function dryRunFlag(description: string) {
  return {'dry-run': Flags.boolean({description})}
}

/** -y/--yes: go ahead without a question (what it confirms is the command's: `description`). */
export function yesFlag(description: string) {
  return {yes: Flags.boolean({char: 'y', description})}
}

/** --confirm APP: confirm by repeating the name of the app (or pipeline) that changes. */
export function confirmFlag(description: string) {
  return {confirm: Flags.string({description, helpValue: 'APP'})}
}

export const dirFlag = {
  dir: Flags.directory({description: 'repository root (where heroku-kit.yml and app.json are)', default: '.', helpValue: 'DIR'}),
}

/** The pipeline a command works on, when heroku-kit.yml's `pipeline` is not the one. */
export const pipelineFlag = {
  pipeline: Flags.string({char: 'p', description: 'pipeline name (default: heroku-kit.yml `pipeline`)', helpValue: 'PIPELINE'}),
}

/** --no-cost: skip the price look-ups (the plan then carries no prices or totals). */
export function costFlag(description = 'look up prices and show what the plan costs per month (--no-cost skips the look-ups)') {
  return {cost: Flags.boolean({description, default: true, allowNo: true})}
}

/** --format: the report as terminal text, or as GitHub Markdown (also appended to $GITHUB_STEP_SUMMARY when set). */
export function formatFlag(description: string) {
  return {format: Flags.string({description: `${description}; FORMAT: text or markdown`, options: ['text', 'markdown'], default: 'text', helpValue: 'FORMAT'})}
}
