/** Entity types of the emulator's data model (see state.ts for the maps that hold them). */
import type {Timings} from './timings.js'

export interface User {
  id: string
  email: string
  name: string | null
  tokens: string[]
  /** token kolkrabbi hands out for the user's linked GitHub account */
  githubToken: string
  githubConnected: boolean
  createdAt: string
  updatedAt: string
}

export interface Team {
  id: string
  name: string
  memberIds: string[]
  createdAt: string
  updatedAt: string
}

export interface App {
  id: string
  name: string
  /** the Private Space the app runs in (spaces.ts); its generation is the space's. Absent: Common Runtime (Cedar) */
  spaceId?: string
  /** user id of the owner (for team apps: the creator) */
  ownerId: string
  teamId: string | null
  region: string
  stack: string
  buildStack: string
  maintenance: boolean
  acm: boolean
  locked: boolean
  createdAt: string
  updatedAt: string
  releasedAt: string | null
  /** Date.now() at creation, for the log-channel quirk */
  createdAtMs: number
  /** overrides the outcome of every later release phase on this app */
  releasePhaseOverride?: 'succeeds' | 'fails'
  health?: {statuses: number[]; index: number}
}

export interface Slug {
  id: string
  appId: string
  processTypes: Record<string, string>
  commit: string | null
  commitDescription: string | null
  /** outcome of the release phase whenever this slug is released */
  releasePhase: 'succeeds' | 'fails'
  stack: string
  size: number
  createdAt: string
  updatedAt: string
}

export type ReleaseStatus = 'pending' | 'succeeded' | 'failed' | 'expired'

export interface Release {
  id: string
  appId: string
  version: number
  description: string
  slugId: string | null
  /** config vars as of this release (rollback restores them) */
  configVars: Record<string, string>
  status: ReleaseStatus
  /** GETs that still answer 'pending' */
  pendingPolls: number
  /** epoch ms before which a release phase is still running (timings.ts) */
  readyAt?: number
  /** final status once the release phase ends */
  outcome: 'succeeded' | 'failed'
  /** the release phase ran (or runs) for this release */
  releasePhase: boolean
  userId: string
  addonPlanNames: string[]
  createdAt: string
  updatedAt: string
}

/** Generations of the Heroku platform ([schema] `generation`; values from the CLI's `lib/apps/generation.js`). */
export type GenerationName = 'cedar' | 'fir'

export interface Pipeline {
  id: string
  name: string
  ownerId: string
  ownerType: 'user' | 'team'
  generation: GenerationName
  createdAt: string
  updatedAt: string
}

export const STAGES = ['test', 'review', 'development', 'staging', 'production'] as const
export type Stage = (typeof STAGES)[number]

export interface Coupling {
  id: string
  appId: string
  pipelineId: string
  stage: Stage
  createdAt: string
  updatedAt: string
}

export type AddonState = 'provisioning' | 'provisioned' | 'deprovisioned'

export interface Addon {
  id: string
  name: string
  appId: string
  service: string
  /** plan name without the service, e.g. 'essential-0' */
  plan: string
  state: AddonState
  pendingPolls: number
  /** epoch ms before which an async add-on is still provisioning (timings.ts) */
  readyAt?: number
  /** provider options from the create request */
  config: Record<string, unknown>
  /** config var values by suffix, generated once */
  values: Record<string, string>
  providerId: string
  /** cents Heroku bills when they differ from the plan's price (a grandfathered price); tests set it */
  billedCents?: number
  createdAt: string
  updatedAt: string
}

export interface Attachment {
  id: string
  name: string
  addonId: string
  appId: string
  namespace: string | null
  createdAt: string
  updatedAt: string
}

export interface Formation {
  id: string
  appId: string
  type: string
  quantity: number
  /** canonical dyno size name, e.g. 'standard-1x' */
  size: string
  command: string
  createdAt: string
  updatedAt: string
}

export interface Domain {
  id: string
  appId: string
  hostname: string
  kind: 'heroku' | 'custom'
  cname: string | null
  status: 'pending' | 'succeeded' | 'none'
  pendingPolls: number
  acmStatus: string | null
  acmStatusReason: string | null
  acmPolls: number
  /** epoch ms before which the certificate is not issued yet (timings.ts) */
  acmReadyAt?: number
  sniEndpoint: string | null
  createdAt: string
  updatedAt: string
}

export interface Drain {
  id: string
  appId: string
  url: string
  token: string
  addonId: string | null
  createdAt: string
  updatedAt: string
}

/** A Private Space ([schema] `space`): a team's isolated runtime; the apps in it share its generation and region. */
export interface Space {
  id: string
  name: string
  teamId: string
  region: string
  shield: boolean
  generation: GenerationName
  state: 'allocating' | 'allocated' | 'deleting'
  cidr: string
  dataCidr: string
  createdAt: string
  updatedAt: string
}

export type TelemetrySignal = 'traces' | 'metrics' | 'logs'

/** An OpenTelemetry drain of a Fir app or space ([schema] `telemetry-drain`). */
export interface TelemetryDrain {
  id: string
  ownerId: string
  ownerType: 'app' | 'space'
  signals: TelemetrySignal[]
  exporter: {type: 'otlphttp' | 'otlp'; endpoint: string; headers: Record<string, string>}
  createdAt: string
  updatedAt: string
}

export interface TransferSchedule {
  uuid: string
  addonId: string
  name: string
  hour: number
  days: string[]
  timezone: string
  retainWeeks: number
  retainMonths: number
  createdAt: string
  updatedAt: string
}

export interface Transfer {
  uuid: string
  num: number
  addonId: string
  appId: string
  fromName: string
  toName: string
  pendingPolls: number
  succeeded: boolean
  scheduleUuid: string | null
  createdAt: string
  updatedAt: string
  finishedAt: string | null
}

export interface Promotion {
  id: string
  pipelineId: string
  sourceAppId: string
  sourceReleaseId: string
  createdAt: string
  updatedAt: string
}

export interface PromotionTarget {
  id: string
  promotionId: string
  appId: string
  releaseId: string | null
  errorMessage: string | null
}

export interface ReviewAppConfig {
  pipelineId: string
  repoId: number
  automaticReviewApps: boolean
  destroyStaleApps: boolean
  staleDays: number
  deployTarget: {id: string; type: string} | null
  waitForCi: boolean
  baseName: string | null
  createdAt: string
  updatedAt: string
}

export interface RepoLink {
  id: string
  pipelineId: string
  repoId: number
  ci: boolean
  organization: string | null
  creatorId: string
  createdAt: string
  updatedAt: string
}

export interface AppLink {
  id: string
  appId: string
  branch: string | null
  autoDeploy: boolean
  waitForCi: boolean
  pullRequests: {enabled: boolean; auto_deploy: boolean; auto_destroy: boolean}
  createdAt: string
  updatedAt: string
}

export interface GithubRepo {
  id: number
  full_name: string
  default_branch: string
  private: boolean
}

export interface StateOptions {
  seed: number
  email: string
  tokens: string[]
  githubConnected: boolean
  addonProvisionPolls: number
  releasePhasePolls: number
  domainPolls: number
  /** GETs of a custom domain's ACM status that still answer 'pending' (default: domainPolls) */
  acmPolls?: number
  /** how long async things take (timings.ts); default instant */
  timings?: Timings
  rateLimit: {capacity: number; refillPerMinute: number}
}

export interface DeployOptions {
  processTypes: Record<string, string>
  releasePhase?: 'succeeds' | 'fails'
  commit?: string
  description?: string
}

export interface NewReleaseOptions {
  description: string
  /** default: the current release's slug */
  slugId?: string | null
  /** default: the app's live config vars */
  configVars?: Record<string, string>
  /** run the release phase if the slug has a `release` process type */
  runReleasePhase: boolean
  user?: User
}
