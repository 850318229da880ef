import * as Flags from '@oclif/core/flags'

import {STAGES} from '../target/config.js'

/**
 * -a/--app as in the Heroku CLI: HEROKU_APP when the flag is not given. Unlike the CLI's, never guessed from git
 * remotes: kit commands write. The one definition of the flag; commands only word the description.
 */
export function appFlag(description = 'app to use') {
  return {app: Flags.string({char: 'a', description, env: 'HEROKU_APP', helpValue: 'APP'})}
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
  const given = options.some(arg => arg === '--app' || arg.startsWith('--app=') || (arg.startsWith('-a') && !arg.startsWith('--')))
  return given ? flags.app : undefined
}

/**
 * How a command names the app or pipeline stage it works on. -a/--app and -r/--remote mean what they mean in
 * the Heroku CLI (HEROKU_APP is honoured), but the app is never guessed from git remotes: kit commands write.
 */
export const targetFlags = {
  ...appFlag(),
  remote: Flags.string({char: 'r', description: 'git remote of the app to use', helpValue: 'REMOTE'}),
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
  pipeline: Flags.string({char: 'p', description: 'pipeline name (default: heroku-kit.yml `pipeline`)', helpValue: 'NAME'}),
}

/** --no-cost: skip the price look-ups (the plan then carries no prices or totals). */
export function costFlag(description = 'look up prices and show what the plan costs per month (--no-cost skips the look-ups)') {
  return {cost: Flags.boolean({description, default: true, allowNo: true})}
}

/** --format: the report as terminal text, or as GitHub Markdown (also appended to $GITHUB_STEP_SUMMARY when set). */
export function formatFlag(description: string) {
  return {format: Flags.string({description, options: ['text', 'markdown'], default: 'text', helpValue: 'text|markdown'})}
}
