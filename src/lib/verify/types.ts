/**
 * kit:verify: the seed's twelve Verification Criteria and its Common Pitfalls, each a small pure function from
 * evidence (the repository, the pipeline's state read once, a few extra reads) to a result.
 */
import type {Release} from '../api/heroku-api.js'
import type {BackupInfo} from '../backups/schedule.js'
import type {CurrentStage, CurrentState} from '../converge/current.js'
import type {DesiredStage, DesiredState} from '../converge/desired.js'
import type {PlanCostsJson} from '../converge/pricing.js'
import type {ContainerSetup} from '../init/detect/container.js'
import type {Detection} from '../init/types.js'
import type {HealthResult} from '../health/check.js'
import type {AppJsonCheck} from '../manifest/app-json.js'
import type {Project, StageName} from '../manifest/types.js'
import type {SourceFinding} from './source-scan.js'
import type {WorkflowSummary} from './workflows.js'

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unknown'

/** Where a check looks: the repository only, the pipeline as a whole, or one stage's app. */
export type CheckScope = 'repository' | 'pipeline' | 'stage'

/** One line of the report (and one entry of `--json`'s `checks`). */
export interface CheckResult {
  /** stable machine id, e.g. `procfile`, `health`, `slug-size` */
  id: string
  /** what is verified, in words */
  criterion: string
  scope: CheckScope
  /** the stage for stage checks, else null */
  stage: StageName | null
  status: CheckStatus
  /** what was seen: file lines, API facts, key names (never config values) */
  evidence: string[]
  /** the command (or edit) that makes a failing/warning check pass, else null */
  fix: string | null
}

/** What a check function returns; the registry adds id, criterion, scope and stage. */
export interface Verdict {
  status: CheckStatus
  evidence: string[]
  fix?: string
}

/** A value read from somewhere that may have failed (permission, network): the reason becomes an `unknown`. */
export type ReadOutcome<T> = {ok: true; value: T} | {ok: false; error: string}

export interface RepositoryEvidence {
  dir: string
  /** pipeline file (or its defaults); appJson / procfile only when they parsed */
  project: Project
  /** why app.json could not be read, one line per problem (absent: it parsed, or there is none) */
  appJsonErrors?: string[]
  procfileErrors?: string[]
  /** the plugin's own advice about app.json (checkAppJson) */
  appJsonChecks: AppJsonCheck[]
  /** kit:init's detection of the app (stack, database, Redis, worker); undefined when it can't tell */
  detection?: Detection
  detectionError?: string
  /**
   * heroku.yml: the app deploys Docker images (container stack), its processes and release phase come from there
   * and a Procfile is ignored; undefined without heroku.yml
   */
  container?: ContainerSetup
  /** why heroku.yml could not be read */
  containerError?: string
  /** the source file the web command runs (`node server.js`, `python app.py`, or through `npm start`), and whether it reads PORT */
  webEntry?: {file: string; readsPort: boolean}
  /** package.json `scripts` (to follow `npm start` to what it runs) */
  packageScripts: Record<string, string>
  /** dependency manifests' text by file name (package.json, requirements.txt, Gemfile, go.mod, …) */
  manifests: Record<string, string>
  workflows: WorkflowSummary[]
  /** workflow files that are not valid YAML */
  workflowErrors: string[]
  /** dotenv files git tracks (relative paths) */
  trackedEnvFiles: string[]
  /** whether the directory is a git work tree (else "tracked" can't be judged) */
  gitRepository: boolean
  /** URLs of `*.herokuapp.com` hosts and of the declared custom domains found in source files */
  urlFindings: SourceFinding[]
  /** writes of log output to files */
  fileLogging: SourceFinding[]
  sourceFilesScanned: number
}

export interface StageEvidence {
  name: StageName
  desired: DesiredStage
  /** the stage's config file is declared in heroku-kit.yml but not present (CI checkouts don't have it) */
  configFileMissing?: string
  /** undefined in --local mode */
  current?: ReadOutcome<CurrentStage>
  latestRelease?: ReadOutcome<Release | undefined>
  /**
   * The newest backup of the app (GET /client/v11/apps/{app}/transfers, as `heroku pg:backups` reads them), and when
   * it was read; only when the stage has a provisioned Postgres database
   */
  latestBackup?: ReadOutcome<{backup: BackupInfo | undefined; readAt: number}>
  health?: HealthResult
}

export interface RemoteEvidence {
  state: ReadOutcome<CurrentState>
  /** review-app config (read even when heroku-kit.yml does not declare review apps) */
  reviewAppConfig?: ReadOutcome<CurrentState['reviewAppConfig']>
}

export interface Evidence {
  repository: RepositoryEvidence
  desired: DesiredState
  /** undefined in --local mode */
  remote?: RemoteEvidence
  stages: Partial<Record<StageName, StageEvidence>>
}

interface CheckIdentity {
  /** stable machine id, e.g. `procfile`, `health`, `slug-size` */
  id: string
  /** what is verified, in words (the seed's criteria are numbered) */
  criterion: string
}

/** A check of the repository's files alone: it runs offline, with --local too. */
export interface RepositoryCheck extends CheckIdentity {
  scope: 'repository'
  run(evidence: Evidence): Verdict
}

/** A check of the live pipeline as a whole. */
export interface PipelineCheck extends CheckIdentity {
  scope: 'pipeline'
  run(evidence: Evidence): Verdict
}

/** A check of one stage's live app: run once per selected stage it applies to, and given that stage. */
export interface StageCheck extends CheckIdentity {
  scope: 'stage'
  /** the stages it applies to, given the evidence (default both) */
  stages?: (evidence: Evidence) => StageName[]
  run(evidence: Evidence, stage: StageName): Verdict
}

/** One check kit:verify runs (`checks/<id>.ts`), by where it looks. */
export type CheckDefinition = RepositoryCheck | PipelineCheck | StageCheck

export interface VerifyReport {
  pipeline: string
  summary: Record<CheckStatus, number>
  checks: CheckResult[]
  /** informational, never a check: each checked stage's monthly cost now and after kit:bootstrap, in cents (absent with --local or --no-cost) */
  cost?: PlanCostsJson
}
