/**
 * Base of the day-two commands (kit:scale, kit:acm, kit:backups, kit:deploy, kit:promote, kit:config:sync,
 * kit:config:pull): each reads the repository, picks the app (or stage, or pipeline) it works on, plans, shows the
 * plan, asks when it must, applies and reads back. What they share is here once: the --dir flag, reading the
 * project while the login is read, the target, running plan steps, the confirmations and the JSON of a failed run.
 * The other shared flags (--pipeline, --stage, -a/--app, --dry-run, -y/--yes, --confirm) are defined once in
 * ./flags.ts; each command takes the ones it has and words their descriptions for what it does.
 */
import path from 'node:path'

import type {App} from '../api/heroku-api.js'
import type {BootstrapStep} from '../converge/plan.js'
import type {DesiredStage} from '../converge/desired.js'
import {applySteps, confirmDestructive, desiredState, runContext} from '../converge/stage-steps.js'
import {KitError} from '../errors.js'
import {loadProject} from '../manifest/project.js'
import type {PipelineFile, Project, StageDecl, StageName} from '../manifest/types.js'
import {confirmFresh} from '../converge/stale.js'
import type {StepResult} from '../converge/types.js'
import {type ConfigTarget, resolveConfigTarget, type TargetFlags} from '../target/config.js'
import {requirePipelineFile, resolveStageTarget, type StageTarget} from '../target/stage.js'
import {dirFlag, targetApp} from './flags.js'
import {type CommandFailure, commandFailure, KitCommand} from './kit-command.js'

/** A question about a plan that may go stale while it waits (see confirmFresh). */
export type FreshQuestion<P> = Parameters<typeof confirmFresh<P>>[0]

/** What a run that changed nothing because the user said no ends with (exit code 1). */
function cancelled(): KitError {
  return new KitError('Cancelled; nothing was sent.', {code: 'cancelled'})
}

export abstract class StageCommand extends KitCommand {
  /** --dir: every day-two command reads the repository's heroku-kit.yml and app.json. */
  static override baseFlags = {...dirFlag}

  /**
   * The repository at --dir (heroku-kit.yml, app.json, Procfile; --pipeline when the command has it). Starts reading
   * the Heroku login first, so that the two overlap; a missing login is reported when the clients are awaited.
   */
  protected async readProject(flags: {dir: string; pipeline?: string; app?: string}): Promise<Project> {
    this.clients()
    const dir = path.resolve(flags.dir)
    const project = await loadProject(dir, {pipeline: flags.pipeline})
    // without -a or --pipeline the target is a stage of heroku-kit.yml: a missing file is said before a missing login
    if (flags.app === undefined && flags.pipeline === undefined)
      requirePipelineFile(project.pipelineFile, dir, `kit:${this.id?.replace(/^kit:/, '') ?? ''} works on the stages it declares`)
    return project
  }

  /**
   * The stage and app the command works on, from --stage and -a/--app (HEROKU_APP counts only when --stage is not
   * given): see resolveStageTarget for `defaultStage` and `appWithoutStage`.
   */
  protected async stageTarget(
    pipelineFile: PipelineFile,
    flags: {app?: string; stage?: string},
    options: {defaultStage?: StageName; appWithoutStage?: boolean} = {},
  ): Promise<StageTarget> {
    const {heroku} = await this.clients()
    return resolveStageTarget(heroku, pipelineFile, {app: targetApp(flags, this.argv, flags.stage !== undefined), stage: flags.stage}, options)
  }

  /**
   * The app or pipeline stage whose config vars a config command reads or writes, from -a, -r, --pipeline/--stage
   * or the dotenv file's name (HEROKU_APP counts only when no other of those flags is given): see resolveConfigTarget.
   */
  protected async configTarget(flags: TargetFlags, options: {file: string; cwd: string; pipelineFile?: PipelineFile}): Promise<ConfigTarget> {
    const app = targetApp(flags, this.argv, Boolean(flags.remote || flags.pipeline || flags.stage))
    return resolveConfigTarget({...options, flags: {...flags, app}, api: () => this.api()})
  }

  /**
   * Applies the plan steps that write, with bootstrap's operations (applySteps), to `target.app`; `onFinish` hears of
   * each finished step (kit:acm and kit:backups print a progress line). Returns the results of the steps that write.
   */
  protected async converge(
    steps: BootstrapStep[],
    target: {pipelineFile: PipelineFile; stage?: StageDecl; app: App; desired: DesiredStage},
    onFinish: (step: BootstrapStep, result: StepResult) => void,
  ): Promise<StepResult[]> {
    const clients = await this.clients()
    const ctx = runContext(target.stage?.name, target.app, {rateLimitRemaining: () => clients.http.rateLimitRemaining})
    return applySteps(steps, clients, ctx, desiredState(target.pipelineFile, target.desired), onFinish, this.journal)
  }

  /**
   * Goes on only when a destructive action (scaling production down, disabling ACM) is confirmed: --confirm naming
   * the app, or --yes; without either a question on a terminal (never in --json mode), an error elsewhere.
   * Otherwise throws the KitError that says why nothing was sent.
   */
  protected async confirmOrCancel(options: {flags: {yes?: boolean; confirm?: string}; app: string; action: string}): Promise<void> {
    await confirmDestructive({...options, interactive: this.isInteractive() && !this.jsonEnabled(), ask: question => this.ask(question)})
  }

  /**
   * A question about a plan that may go stale while it waits: asks, re-reads, and asks again while the plan changed
   * (converge/stale.ts confirmFresh). Returns the fresh plan the user approved; "no" throws "Cancelled; nothing was sent."
   */
  protected async confirmFreshOrCancel<P>(options: FreshQuestion<P>): Promise<P> {
    const answer = await confirmFresh(options)
    if (!answer.confirmed) throw cancelled()
    return answer.plan
  }

  /** A plain yes/no question before writing (only on a terminal): "no" throws "Cancelled; nothing was sent.". */
  protected async askOrCancel(question: string): Promise<void> {
    if (!(await this.ask(question))) throw cancelled()
  }

  /**
   * A failed run whose result still says what happened: with --json the result with `error` (the failure shape of
   * every kit command) and exit code 1; otherwise the KitError.
   */
  protected fail<R extends {error?: CommandFailure}>(result: R, code: string, message: string, suggestion?: string): R {
    if (this.jsonEnabled()) {
      process.exitCode = 1
      return {...result, error: commandFailure(code, message, suggestion)}
    }

    throw new KitError(message, {code, suggestion})
  }

  /**
   * Ends a command whose core returns a report with an outcome (deploy, promote): its message, then exit 0 with the
   * report as --json, or exit 1 with the outcome's headline (with --json: the report, exit code set).
   */
  protected finishReport<R extends {exitCode: number; outcome: string; message: string}>(report: R, headlines: Record<R['outcome'], string>): R {
    this.say('')
    this.say(report.message)
    if (report.exitCode === 0) return report
    if (this.jsonEnabled()) {
      process.exitCode = report.exitCode
      return report
    }

    throw new KitError(headlines[report.outcome as R['outcome']], {code: report.outcome, exitCode: report.exitCode})
  }
}
