/**
 * What one resource of the converge engine is — one Heroku thing (an app, its add-ons, its log drains…) in one
 * module of `resources/`: how it reads its part of the current state, how it plans (desired vs current → steps),
 * how it applies its operations, and how kit:import writes it back to heroku-kit.yml. `registry.ts` lists them.
 */
import type {App} from '../api/heroku-api.js'
import type {StepRun} from './executor.js'
import type {Clients, CurrentStage, CurrentState} from './current.js'
import type {DesiredStage, DesiredState} from './desired.js'
import type {ExportStageInput, StageExport} from './export.js'
import type {Cost, PriceBook} from './pricing.js'
import type {RunContext} from './run-context.js'
import type {Step} from './types.js'

/** An operation: what one step sends, as data (`kind` names it), so a plan can be printed and tested without HTTP. */
export interface OperationShape {
  kind: string
}

export interface PlanOptions {
  upgradeAddons?: boolean
  scaleDown?: boolean
  /** the published prices read in this run: the steps that bill carry their price, the plan its totals (absent: --no-cost) */
  prices?: PriceBook
}

/** What a pipeline-wide planner gets. `errors`: problems that stop the whole plan before anything is sent. */
export interface PipelinePlanInput {
  desired: DesiredState
  current: CurrentState
  errors: string[]
}

/** What a stage planner gets: the stage's desired and current state, and the stage's steps planned before it. */
export interface StagePlanInput extends PipelinePlanInput {
  stage: DesiredStage
  cur: CurrentStage
  options: PlanOptions
  planned: Array<Step<OperationShape>>
}

/** What an applier gets besides its operation. */
export interface ApplyInput {
  clients: Clients
  ctx: RunContext
  desired: DesiredState
  /** the executor's handle while the step runs (absent when a command applies an operation by itself) */
  run?: StepRun
  /** the step's sleep: the executor's (frees the concurrency slot) when there is one, else the run context's */
  sleep: (ms: number) => Promise<void>
}

/** Applies one operation through the API adapters; returns lines for the summary. */
export type Applier<Op extends OperationShape> = (op: Op, input: ApplyInput) => Promise<string[] | void>

/** One applier per operation kind: a kind without an applier does not compile. */
export type Appliers<Op extends OperationShape> = {[K in Op['kind']]: Applier<Extract<Op, {kind: K}>>}

/** Reads a resource's part of one existing app's state (with the app's other resources, in one wave of requests). */
export type StageReader = (input: {clients: Clients; app: App; withGithub: boolean}) => Promise<Partial<CurrentStage>>

/** Reads what needs the stage's resources first (backups need the stage's database): one more wave. */
export type FollowUpReader = (clients: Clients, stage: CurrentStage) => Promise<Partial<CurrentStage>>

/** What a resource that bills costs per month on one stage's app as it runs now, with notes (eco dynos' pooled price). */
export type StageCoster = (cur: CurrentStage, prices: PriceBook) => {cost: Cost; notes: string[]}

/** A stage resource's fields of heroku-kit.yml, from the live state. */
export type StageExporter = (input: ExportStageInput) => StageExport

export interface Resource<Op extends OperationShape> {
  /** the module's name under resources/ */
  name: string
  /**
   * How it reads its part of the current state. `stage`: requests for an existing app, all the stage readers in one
   * wave; `followUp`: after that wave; `state`: a pipeline-wide reader, called by `readCurrentState` (current.ts) in
   * the wave it belongs to, or the resource's part of a record another read brings (ACM: the app's `acm` flag).
   */
  read: {stage?: StageReader; followUp?: FollowUpReader; state?: (...args: never[]) => unknown}
  /** desired vs current → steps: once for the pipeline (`pipeline`) or once per stage (`stage`) */
  plan: {pipeline: (input: PipelinePlanInput) => Array<Step<Op>>} | {stage: (input: StagePlanInput) => Array<Step<Op>>}
  apply: Appliers<Op>
  /** what the stage's part of it costs per month now, for a resource that bills (its steps carry their own price) */
  price?: StageCoster
  /** what an operation is expected to cost, in round trips, when more than one (apply.ts `expectedCost`) */
  cost?: Partial<Record<Op['kind'], number>>
  /**
   * How kit:import writes it back: `stage` for a stage's fields of heroku-kit.yml (registry.ts orders them), `file`
   * for what spans the stages (app.json's buildpacks and env, review_apps), called by import.ts.
   */
  export?: {stage: StageExporter} | {file: (...args: never[]) => unknown}
}

/** A plan step, `dependsOn` empty unless given. */
export function step<Op>(fields: Omit<Step<Op>, 'dependsOn'> & {dependsOn?: string[]}): Step<Op> {
  return {dependsOn: [], ...fields}
}
