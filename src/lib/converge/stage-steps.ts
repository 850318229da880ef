/**
 * What the day-two commands (kit:scale, kit:acm, kit:backups) share to reuse bootstrap's plan steps and operations
 * instead of keeping second copies: the one-stage desired and current states those plan functions take, a run
 * context for `applyOperation`, and running the steps through the plan executor.
 */
import type {App} from '../api/heroku-api.js'
import {KitError} from '../errors.js'
import type {PipelineFile, StageDecl, StageName} from '../manifest/types.js'
import {sleep} from '../time.js'
import {applyOperation} from './apply.js'
import type {Clients, CurrentStage} from './current.js'
import type {DesiredStage, DesiredState} from './desired.js'
import {executePlan, type StepJournal} from './executor.js'
import type {BootstrapStep} from './plan.js'
import {pollScheduleFromEnv} from './poll.js'
import {emptyCurrentStage, emptyDesiredStage} from './registry.js'
import type {RunContext} from './run-context.js'
import type {StepResult} from './types.js'

/**
 * The desired state of one stage with only what a day-two command manages (`parts`); everything else empty, so the
 * bootstrap plan function it is handed to plans nothing else. `stage` may be absent for an app given with -a.
 */
export function desiredStage(stage: StageDecl | undefined, app: string, parts: Partial<DesiredStage>): DesiredStage {
  return emptyDesiredStage(stage?.name ?? 'production', app, parts)
}

export function desiredState(pipelineFile: PipelineFile, stage: DesiredStage): DesiredState {
  return {pipeline: pipelineFile.pipeline, reviewConfig: {}, stages: [stage]}
}

/** The current state of one app with only the parts a day-two command read; the rest empty. */
export function currentStage(app: App, parts: Partial<CurrentStage>): CurrentStage {
  return emptyCurrentStage('ok', app, parts)
}

export function runContext(
  stage: StageName | undefined,
  app: App,
  options: {addonTimeoutMs?: number; rateLimitRemaining?: () => number | undefined} = {},
): RunContext {
  return {
    appIds: stage ? {[stage]: app.id} : {},
    poll: pollScheduleFromEnv(),
    addonTimeoutMs: options.addonTimeoutMs ?? 600_000,
    sleep,
    rateLimitRemaining: options.rateLimitRemaining,
    generated: [],
  }
}

/**
 * Runs the steps that have an operation with bootstrap's `applyOperation`, through the plan executor, and returns
 * their results. Dependencies outside `steps` (the app step: the app exists, it was just read) count as done.
 */
export async function applySteps(
  steps: BootstrapStep[],
  clients: Clients,
  ctx: RunContext,
  desired: DesiredState,
  onFinish: (step: BootstrapStep, result: StepResult) => void,
  journal?: StepJournal,
): Promise<StepResult[]> {
  const known = new Set(steps.map(s => s.id))
  const outside = [...new Set(steps.flatMap(s => s.dependsOn).filter(id => !known.has(id)))]
  const present: BootstrapStep[] = outside.map(id => ({
    id,
    group: desired.stages[0]?.name ?? 'production',
    resource: 'app',
    action: 'unchanged',
    summary: id,
    dependsOn: [],
  }))
  const results = await executePlan(
    {steps: [...present, ...steps], errors: []},
    {
      concurrency: 1,
      journal,
      apply: (step, run) => applyOperation(step.operation!, clients, ctx, desired, run),
      onFinish,
      describeError: error =>
        error instanceof KitError && error.suggestion ? `${error.message}\n${error.suggestion}` : error instanceof Error ? error.message : String(error),
    },
  )
  const writes = new Set(steps.filter(s => s.operation).map(s => s.id))
  return results.filter(r => writes.has(r.id))
}

/**
 * Confirmation of a destructive action (scaling production web to 0, disabling ACM): `--confirm APP` naming the app,
 * or `--yes`; without either, a prompt in a terminal and an error elsewhere. Throws KitError unless confirmed.
 */
export async function confirmDestructive(options: {
  flags: {yes?: boolean; confirm?: string}
  app: string
  /** what will happen, e.g. "Scaling web to 0 on shop-prod stops serving requests" */
  action: string
  interactive: boolean
  ask: (question: string) => Promise<boolean>
}): Promise<void> {
  const {flags, app, action} = options
  if (flags.confirm !== undefined) {
    if (flags.confirm === app) return
    throw new KitError(`--confirm ${flags.confirm} does not match ${app}. Nothing was sent.`, {code: 'confirmation_mismatch'})
  }

  if (flags.yes) return
  if (!options.interactive) {
    throw new KitError(`${action}; without a terminal that needs --confirm ${app} (or --yes). Nothing was sent.`, {code: 'confirmation_required'})
  }

  if (!(await options.ask(`${action}. Continue?`))) throw new KitError('Cancelled; nothing was sent.', {code: 'cancelled'})
}
