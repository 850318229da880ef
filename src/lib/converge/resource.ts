/**
 * What one resource of the converge engine is — one Heroku thing (an app, its add-ons, its log drains…) in one
 * module of `resources/`: how it reads its part of the current state, how it plans (desired vs current → steps),
 * how it applies its operations, and how kit:import writes it back to heroku-kit.yml. `registry.ts` lists them.
 */
import type {App} from '../api/heroku-api.js'
import type {KeyPath, Report} from '../manifest/common.js'
import type {Fields} from '../manifest/pipeline-file/fields.js'
import type {AppJson, StageName} from '../manifest/types.js'
import type {StepRun} from './executor.js'
import type {Clients, CurrentState} from './current.js'
import type {DesiredState, UnresolvedReference} from './desired.js'
import type {ExportStageInput, StageExport} from './export.js'
import type {Cost, PriceBook} from './pricing.js'
import type {CurrentStage, DesiredStage, StageDecl} from './registry.js'
import type {RunContext} from './run-context.js'
import type {Step} from './types.js'

/** An operation: what one step sends, as data (`kind` names it), so a plan can be printed and tested without HTTP. */
export interface OperationShape {
  kind: string
}

export interface PlanOptions {
  upgradeAddons?: boolean
  scaleDown?: boolean
  /** remove telemetry drains heroku-kit.yml does not declare (kit:bootstrap --prune-telemetry); else they are drift */
  pruneTelemetry?: boolean
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

/**
 * Reads a resource's part of one existing app's state (with the app's other resources, in one wave of requests).
 * `fleet`: kit:verify --team/--all reads it, without a repository (a reader may then read less: config keys only).
 */
export type StageReader = (input: {clients: Clients; app: App; withGithub: boolean; fleet?: boolean}) => Promise<Partial<CurrentStage>>

/** Reads what needs the stage's resources first (backups need the stage's database): one more wave. */
export type FollowUpReader = (clients: Clients, stage: CurrentStage) => Promise<Partial<CurrentStage>>

/** What a resource that bills costs per month on one stage's app as it runs now, with notes (eco dynos' pooled price). */
export type StageCoster = (cur: CurrentStage, prices: PriceBook) => {cost: Cost; notes: string[]}

/** A stage resource's fields of heroku-kit.yml, from the live state. */
export type StageExporter = (input: ExportStageInput) => StageExport

/**
 * The fields a resource adds to a stage: to a stage of heroku-kit.yml as read (`declared`: `StageDecl`), to the
 * desired state (`DesiredStage`), to the current state (`CurrentStage`), and to what kit:import writes (`yaml`:
 * `StageYaml`, with heroku-kit.yml's own key names). registry.ts joins every resource's into those four types.
 */
export interface StageShape {
  declared: object
  desired: object
  current: object
  yaml: object
}

/** A resource that adds nothing to a stage (the pipeline, review apps). */
export interface NoStageFields {
  declared: Record<never, never>
  desired: Record<never, never>
  current: Record<never, never>
  yaml: Record<never, never>
}

/** What a resource's `defaults` get: the stage, the pipeline (app names derive from it) and app.json, when there is one. */
export interface StageDefaultsInput {
  name: StageName
  pipeline: string
  appJson?: AppJson
}

/** What a resource's `parse` gets: the stage's mapping in heroku-kit.yml, and the stage as read so far. */
export interface StageKeyInput {
  /** the stage: its defaults, with the keys of the resources before this one (registry order) already read */
  stage: StageDecl
  /** `stages.<stage>` of heroku-kit.yml */
  value: Record<string, unknown>
  /** `['stages', <stage>]` */
  at: KeyPath
  fields: Fields
  /** a problem at a key path (heroku-kit.yml:LINE: message) */
  report: Report
}

/** What a resource's `desire` gets: the declared stage, and what else the repository says. */
export interface DesireInput {
  stage: StageDecl
  appJson?: AppJson
  /** 'container' for a repository that deploys images (heroku.yml) */
  stack?: 'container'
  /** the stage's config file (`config:`), read: empty when it declares none */
  configVars: Record<string, string>
  /** heroku-kit.yml's `env_references`: the only names a `${NAME}` reference reads from `env` */
  envReferences: readonly string[]
  env: NodeJS.ProcessEnv
  /** the keys of the config file the stage's `${NAME}` references name (every resource's `references`): not config vars */
  referencedKeys: readonly string[]
}

/**
 * A resource's part of a stage (heroku-kit.yml's `stages.<stage>`, the desired and the current state): the keys it
 * owns in heroku-kit.yml, what they mean when absent, how they are read (with file:line errors) and what is desired
 * from them. The pipeline-file reader accepts exactly the keys the resources list (registry.ts `STAGE_KEYS`).
 */
export interface StageFields<S extends StageShape> {
  /** its keys under `stages.<stage>` in heroku-kit.yml (no other resource's) */
  keys: ReadonlyArray<keyof S['yaml'] & string>
  /** what heroku-kit.yml means when it says nothing: app.json's defaults, the stage's own */
  defaults: (input: StageDefaultsInput) => S['declared']
  /** nothing declared: its part of a stage that manages nothing of it (fleet mode, the day-two commands) */
  none: () => S['declared']
  /** reads its keys from the stage's mapping into `stage`; problems go to `report` */
  parse?: (input: StageKeyInput) => void
  /** problems between the two stages, once both are read (one hostname declared on both) */
  across?: (stages: Record<StageName, StageDecl>, report: Report) => void
  /** its part of the desired state. Throws KitError on what can't be planned (an add-on declared twice). */
  desire: (input: DesireInput) => S['desired']
  /** its part of an app's current state before anything is read (empty lists) */
  unread: () => S['current']
  /** the app features (Heroku Labs) it declares: kit:import lists the other enabled ones as not declared */
  appFeatures?: readonly string[]
  /**
   * Its entries that may be a `${NAME}` reference to the stage's config file (drain URLs, telemetry header values), and
   * what they are (`what`, for messages): a key they name is that entry's secret, never a config var
   * (manifest/drain-references.ts). registry.ts joins every resource's (`stageReferences`).
   */
  references?: {
    what: string
    entries: (stage: S['declared']) => string[]
    /** the references its `desire` could not resolve (bootstrap refuses them before any write) */
    unresolved: (stage: S['desired']) => UnresolvedReference[] | undefined
  }
}

export interface Resource<Op extends OperationShape, S extends StageShape = NoStageFields> {
  /** the module's name under resources/ */
  name: string
  /**
   * How it reads its part of the current state. `stage`: requests for an existing app, all the stage readers in one
   * wave; `followUp`: after that wave; `state`: a pipeline-wide reader, called by `readCurrentState` (current.ts) in
   * the wave it belongs to, or the resource's part of a record another read brings (ACM: the app's `acm` flag).
   * `requests`: GET requests `stage` and `followUp` send for one app, at most (kit:verify --team budgets with them);
   * `fleet: false`: kit:verify --team/--all does not read it per app (it has what it needs from elsewhere).
   */
  read: {
    stage?: StageReader
    followUp?: FollowUpReader
    state?: (...args: never[]) => unknown
    requests?: number
    fleet?: false
    /** the secrets its part of an app's current state holds (a drain URL's token, a telemetry header's key): commands register them with the redactor */
    secrets?: (cur: S['current']) => string[]
  }
  /** its part of a stage: heroku-kit.yml's keys, declared, desired and current fields (absent: it adds none) */
  stage?: StageFields<S>
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
