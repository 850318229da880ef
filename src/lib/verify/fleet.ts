/**
 * kit:verify --team / --all: the live checks of kit:verify over every pipeline an account can see, without a
 * repository checkout, within the account's API rate limit.
 *
 * Heroku gives an account a pool of 4,500 requests that refills at 75 a minute, shared by every tool using the
 * account (the Dashboard, the CLI, CI, other scripts). A fleet run reads the pool first (GET /account/rate-limits),
 * says how many requests it will use, leaves at least 10% of what remains untouched, and before each pipeline
 * checks the RateLimit-Remaining Heroku last answered: when the next pipeline would dig into the reserve, it stops
 * and lists what it did not check, instead of running into 429s.
 */
import type {HerokuApiError} from '../api/errors.js'
import {DataApi} from '../api/data-api.js'
import {GithubIntegration} from '../api/github-integration.js'
import {HerokuApi, type Pipeline, type PipelineCoupling, type Release} from '../api/heroku-api.js'
import type {HttpClient} from '../api/http.js'
import {type Clients, type CurrentState, readAppResources, requestsPerApp} from '../converge/current.js'
import type {DesiredState} from '../converge/desired.js'
import {type CurrentStage, emptyCurrentStage, emptyDeclaredStage, emptyDesiredStage} from '../converge/registry.js'
import {KitError} from '../errors.js'
import {checkHealth, type HealthOptions, healthUrl, type HealthResult} from '../health/check.js'
import type {PipelineFile, StageName} from '../manifest/types.js'
import {readOutcome} from './gather.js'
import {CHECKS, runChecks, summarize} from './registry.js'
import type {CheckResult, CheckStatus, Evidence, ReadOutcome, RepositoryEvidence, StageEvidence} from './types.js'

/** Checks that compare the live apps with the repository: without a checkout they can't be judged, so fleet mode skips them. */
export const FLEET_SKIPPED: Record<string, string> = {
  config: 'compares the apps with the .env files and app.json of the repository',
  'auto-deploy': "needs the repository's workflows (and the GitHub connection)",
  'manual-approval': "needs the repository's workflows (and the GitHub connection)",
  'error-tracking': "needs the repository's dependency manifests",
  drift: 'compares the live pipeline with heroku-kit.yml',
  features: "compares the apps' features with heroku-kit.yml",
}

/** The checks of a fleet run: every live check except FLEET_SKIPPED (repository checks are skipped as a whole). */
export const FLEET_CHECKS = CHECKS.filter(check => check.scope !== 'repository' && !(check.id in FLEET_SKIPPED))

/**
 * Platform and Data API requests one pipeline costs at most: its couplings and review-app settings (2), and per
 * stage app (2 apps) what the resources' readers send in fleet mode (converge/current.ts `requestsPerApp`: the app,
 * its buildpacks, add-ons, attachments, config vars, formation, features, domains, drains and the database's backup
 * schedules) plus its latest release (1). Lists longer than a page (1,000 entries) cost one more each; pipelines
 * with more than one app in a stage are checked on the first (by name) and cost the same.
 */
export const REQUESTS_PER_PIPELINE = 2 + 2 * (requestsPerApp({fleet: true}) + 1)

/** Share of the remaining rate-limit pool a fleet run never touches (other tools need it too). */
export const RESERVE_SHARE = 0.1

export interface FleetBudget {
  /** RateLimit-Remaining at the start */
  remaining: number
  /** requests left untouched: 10% of `remaining`, rounded up */
  reserve: number
  perPipeline: number
  pipelines: number
  /** requests the whole fleet needs at most */
  estimate: number
  /** how many pipelines the budget allows (≤ pipelines) */
  affordable: number
}

/** The budget of a run over `pipelines` pipelines with `remaining` requests left in the pool. Pure. */
export function planBudget(remaining: number, pipelines: number, perPipeline = REQUESTS_PER_PIPELINE): FleetBudget {
  const reserve = Math.ceil(remaining * RESERVE_SHARE)
  const usable = Math.max(0, remaining - reserve)
  return {remaining, reserve, perPipeline, pipelines, estimate: pipelines * perPipeline, affordable: Math.min(pipelines, Math.floor(usable / perPipeline))}
}

export interface FleetRow {
  pipeline: string
  id: string
  apps: Partial<Record<StageName, string>>
  /** apps beyond the first in a stage: listed, not checked */
  extraApps: string[]
  status: 'checked' | 'not-checked'
  summary: Record<CheckStatus, number>
  /** failing and unknown checks, `id` or `id (stage)` */
  failing: string[]
  /** warning checks, same form */
  warnings: string[]
  /** Platform and Data API requests this pipeline cost */
  requests: number
  checks: CheckResult[]
  /** why it was not checked */
  reason?: string
}

export interface FleetReport {
  scope: string
  budget: FleetBudget
  rows: FleetRow[]
  /** set when the run stopped before the last pipeline */
  stopped?: string
  skipped: {repository: string; checks: Record<string, string>}
  /** every API request of the run, listing and rate-limit reads included */
  requests: number
}

export interface FleetScope {
  team?: string
}

export interface Fleet {
  /** by name */
  pipelines: Pipeline[]
  /** app id → name (pipeline couplings name apps by id only) */
  appNames: Map<string, string>
}

/**
 * The pipelines of the scope, by name: a team's (GET /teams/{team}, GET /pipelines filtered by owner) or every one
 * the account can see, and the names of the apps (GET /teams/{team}/apps or GET /apps: one request for the fleet
 * instead of one per app).
 */
export async function listFleet(heroku: HerokuApi, scope: FleetScope): Promise<Fleet> {
  const [pipelines, team, apps] = await Promise.all([
    heroku.listPipelines(),
    scope.team ? heroku.findTeam(scope.team) : Promise.resolve(undefined),
    scope.team ? heroku.listTeamApps(scope.team).catch(() => []) : heroku.listApps(),
  ])
  if (scope.team && !team) {
    throw new KitError(`Couldn't find the team ${scope.team} (or this account is not a member).`, {
      code: 'team_not_found',
      suggestion: 'heroku teams lists the teams of this account.',
    })
  }

  const selected = team ? pipelines.filter(p => (p as {owner?: {id?: string}}).owner?.id === team.id) : pipelines
  return {
    pipelines: selected.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1)),
    appNames: new Map(apps.map(app => [app.id, app.name])),
  }
}

const EMPTY_SUMMARY = (): Record<CheckStatus, number> => ({pass: 0, warn: 0, fail: 0, unknown: 0})

/** What the checks know of "the repository" in fleet mode: nothing but the pipeline's name and the default health path. */
function noRepository(pipeline: string, apps: Record<StageName, string>, healthPath: string): RepositoryEvidence {
  const pipelineFile: PipelineFile = {
    pipeline,
    healthPath,
    stages: {staging: emptyDeclaredStage('staging', apps.staging), production: emptyDeclaredStage('production', apps.production)},
  }
  return {
    dir: '',
    project: {dir: '', pipelineFile},
    appJsonChecks: [],
    packageScripts: {},
    manifests: {},
    workflows: [],
    workflowErrors: [],
    trackedEnvFiles: [],
    gitRepository: false,
    urlFindings: [],
    fileLogging: [],
    sourceFilesScanned: 0,
  }
}

/**
 * One stage app, read as kit:bootstrap reads it (same CurrentStage, by the resources' own readers), minus what fleet
 * mode doesn't need (each resource's `read.fleet`): the app's coupling comes from the pipeline's coupling list,
 * GitHub is not asked, and config values are dropped right after reading (the checks only look at key names).
 */
async function readStageApp(clients: Clients, coupling: PipelineCoupling): Promise<{stage: CurrentStage; latestRelease: ReadOutcome<Release | undefined>}> {
  const app = await clients.heroku.findApp(coupling.app.id)
  if (!app) return {stage: emptyCurrentStage('missing'), latestRelease: {ok: true, value: undefined}}
  const [stage, latestRelease] = await Promise.all([
    readAppResources(clients, app, {withGithub: false, fleet: true}),
    readOutcome(() => clients.heroku.latestRelease(app.id)),
  ])
  return {stage: {...stage, coupling}, latestRelease}
}

export interface PipelineCheckOptions {
  /** app id → name, from listFleet */
  appNames: Map<string, string>
  health: HealthOptions
  healthPath: string
  /** probe an app's URL (the health check); not a Heroku API request */
  probe: (http: HttpClient, url: string, options: {timeoutMs: number}) => Promise<{status: number; headers: Headers; text: string; ms: number}>
}

/** The live checks of one pipeline, with its own HTTP client (so its requests are counted apart). */
export async function checkFleetPipeline(http: HttpClient, pipeline: Pipeline, options: PipelineCheckOptions, probes = {count: 0}): Promise<FleetRow> {
  const heroku = new HerokuApi(http)
  const clients = {heroku, data: new DataApi(http), github: new GithubIntegration(http)}
  const couplings = await readOutcome(() => heroku.listPipelineCouplings(pipeline.id))
  const byStage: Partial<Record<StageName, PipelineCoupling[]>> = {}
  if (couplings.ok) {
    for (const coupling of couplings.value) {
      if (coupling.stage === 'staging' || coupling.stage === 'production') (byStage[coupling.stage] ??= []).push(coupling)
    }
  }

  const appName = (coupling?: PipelineCoupling): string => (coupling ? (coupling.app.name ?? options.appNames.get(coupling.app.id) ?? coupling.app.id) : '')
  for (const list of Object.values(byStage)) list.sort((a, b) => (appName(a) < appName(b) ? -1 : appName(a) > appName(b) ? 1 : 0))
  const first = {staging: byStage.staging?.[0], production: byStage.production?.[0]}
  const apps = {staging: appName(first.staging), production: appName(first.production)}
  const extraApps = Object.values(byStage).flatMap(list => list.slice(1).map(c => `${appName(c)} (${c.stage})`))
  const present = (['staging', 'production'] as const).filter(name => first[name])

  const [reviewAppConfig, ...reads] = await Promise.all([
    readOutcome(() => heroku.findReviewAppConfig(pipeline.id)),
    ...present.map(async name => {
      const read = await readOutcome(() => readStageApp(clients, first[name]!))
      let health: HealthResult | undefined
      if (read.ok && read.value.stage.app?.web_url) {
        const url = healthUrl(read.value.stage.app.web_url, options.healthPath)
        health = await checkHealth(
          (target, probeOptions) => {
            probes.count++
            return options.probe(http, target, probeOptions)
          },
          url,
          options.health,
        )
      }

      return [name, read, health] as const
    }),
  ])

  // the couplings list names apps by id only: the names come from the apps read
  for (const [name, read] of reads) if (read.ok && read.value.stage.app) apps[name] = read.value.stage.app.name
  const empty = (): CurrentStage => emptyCurrentStage('missing')
  const desired: DesiredState = {
    pipeline: pipeline.name,
    reviewConfig: {},
    stages: [emptyDesiredStage('staging', apps.staging), emptyDesiredStage('production', apps.production)],
  }
  const stages: Evidence['stages'] = {}
  const currentStages: Record<StageName, CurrentStage> = {staging: empty(), production: empty()}
  let readError: string | undefined = couplings.ok ? undefined : couplings.error
  for (const [name, read, health] of reads) {
    const stage: StageEvidence = {name, desired: desired.stages.find(s => s.name === name)!}
    if (read.ok) {
      currentStages[name] = read.value.stage
      stage.current = {ok: true, value: read.value.stage}
      stage.latestRelease = read.value.latestRelease
      if (health) stage.health = health
    } else {
      stage.current = read
      readError ??= read.error
    }

    stages[name] = stage
  }

  const owner = (pipeline as {owner?: {id?: string; type?: string}}).owner
  const state: CurrentState = {
    account: {id: '', email: ''},
    owner: {id: owner?.id ?? '', type: owner?.type === 'team' ? 'team' : 'user'},
    pipelines: [pipeline],
    pipeline,
    stages: currentStages,
    reviewAppConfig: reviewAppConfig.ok ? reviewAppConfig.value : undefined,
    reviewConfig: {},
    github: {checked: false},
  }
  const evidence: Evidence = {
    repository: noRepository(pipeline.name, apps, options.healthPath),
    desired,
    remote: {state: couplings.ok ? {ok: true, value: state} : {ok: false, error: readError!}, reviewAppConfig},
    stages,
  }
  const checks = runChecks(evidence, {local: false, checks: FLEET_CHECKS})
  for (const name of (['staging', 'production'] as const).filter(s => !first[s])) {
    checks.unshift({
      id: 'stages',
      criterion: 'The pipeline has a staging and a production app',
      scope: 'pipeline',
      stage: name,
      status: 'fail',
      evidence: [`pipeline ${pipeline.name} has no ${name} app`],
      fix: `heroku pipelines:add ${pipeline.name} --stage ${name} -a APP`,
    })
  }

  const label = (check: CheckResult): string => (check.stage ? `${check.id} (${check.stage})` : check.id)
  return {
    pipeline: pipeline.name,
    id: pipeline.id,
    apps: Object.fromEntries(present.map(name => [name, apps[name]])),
    extraApps,
    status: 'checked',
    summary: summarize(checks),
    failing: checks.filter(c => c.status === 'fail' || c.status === 'unknown').map(c => label(c)),
    warnings: checks.filter(c => c.status === 'warn').map(c => label(c)),
    requests: http.stats.requests - probes.count,
    checks,
  }
}

export interface FleetRunOptions extends PipelineCheckOptions {
  scope: string
  pipelines: Pipeline[]
  budget: FleetBudget
  /** pipelines checked at the same time */
  concurrency: number
  /** a fresh client per pipeline (same login and policies) */
  fork: () => HttpClient
  /** the RateLimit-Remaining Heroku answered last, across the run */
  remaining: () => number | undefined
  /** requests the run made before the pipelines (listing, rate limit) */
  setupRequests: number
  onDone?: (row: FleetRow, done: number) => void
}

function notChecked(pipeline: Pipeline, reason: string): FleetRow {
  return {
    pipeline: pipeline.name,
    id: pipeline.id,
    apps: {},
    extraApps: [],
    status: 'not-checked',
    summary: EMPTY_SUMMARY(),
    failing: [],
    warnings: [],
    requests: 0,
    checks: [],
    reason,
  }
}

/**
 * Checks the pipelines, at most `concurrency` at a time, in name order. A pipeline starts only when the budget
 * (at the start) allows it and the last RateLimit-Remaining, minus what the pipelines in flight may still use,
 * keeps the reserve untouched; otherwise the run stops and the rest are "not checked" with the reason.
 */
export async function runFleet(options: FleetRunOptions): Promise<FleetReport> {
  const {pipelines, budget} = options
  const rows: FleetRow[] = Array.from({length: pipelines.length})
  let next = 0
  let done = 0
  /** the pipelines being checked: their clients and health probes, to know what they may still spend */
  const inFlight = new Set<{http: HttpClient; probes: {count: number}}>()
  let stopped: string | undefined

  const allowed = (index: number): string | undefined => {
    if (index >= budget.affordable) {
      return `the rate-limit budget allows ${budget.affordable} of ${budget.pipelines} pipelines (${budget.remaining} requests left, ${budget.reserve} kept in reserve, up to ${budget.perPipeline} per pipeline)`
    }

    const remaining = options.remaining()
    const outstanding = [...inFlight].reduce((sum, run) => sum + Math.max(0, budget.perPipeline - (run.http.stats.requests - run.probes.count)), 0)
    if (remaining !== undefined && remaining - outstanding - budget.perPipeline < budget.reserve) {
      return `RateLimit-Remaining fell to ${remaining} (other tools use the account too): the next pipeline could dig into the ${budget.reserve} requests kept in reserve`
    }

    return undefined
  }

  async function worker(): Promise<void> {
    while (next < pipelines.length && !stopped) {
      const index = next
      const reason = allowed(index)
      if (reason) {
        stopped = reason
        return
      }

      next++
      const run = {http: options.fork(), probes: {count: 0}}
      inFlight.add(run)
      try {
        // eslint-disable-next-line no-await-in-loop -- a worker checks its pipelines one after another
        rows[index] = await checkFleetPipeline(run.http, pipelines[index], options, run.probes)
      } catch (error) {
        if ((error as HerokuApiError).status === 401) throw error
        rows[index] = {
          ...notChecked(pipelines[index], `the check broke: ${error instanceof Error ? error.message : String(error)}`),
          requests: run.http.stats.requests - run.probes.count,
        }
      } finally {
        inFlight.delete(run)
      }

      done++
      options.onDone?.(rows[index], done)
    }
  }

  await Promise.all(Array.from({length: Math.max(1, Math.min(options.concurrency, pipelines.length))}, () => worker()))
  for (const [index, pipeline] of pipelines.entries()) rows[index] ??= notChecked(pipeline, stopped ?? 'not reached')
  return {
    scope: options.scope,
    budget,
    rows,
    ...(stopped ? {stopped} : {}),
    skipped: {
      repository: 'repository checks (Procfile, app.json, release phase, pitfalls in the code) need a checkout: run kit:verify in the repository',
      checks: FLEET_SKIPPED,
    },
    requests: options.setupRequests + rows.reduce((sum, row) => sum + row.requests, 0),
  }
}

export {DEFAULT_HEALTH_PATH} from '../manifest/pipeline-file/index.js'
