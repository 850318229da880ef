/**
 * The current state: what Heroku runs, read with GET requests only, each resource by its own reader (resources/,
 * listed in registry.ts), in at most three waves of parallel requests.
 */
import type {DataApi, TransferSchedule} from '../api/data-api.js'
import {HerokuApiError} from '../api/errors.js'
import type {AppGithubLink, GithubIntegration, GithubRepo, PipelineRepository} from '../api/github-integration.js'
import type {Addon, App, ConfigVars, Domain, FormationEntry, HerokuApi, LogDrain, Pipeline, PipelineCoupling, ReviewAppConfig} from '../api/heroku-api.js'
import type {StageName} from '../manifest/types.js'
import type {DesiredState} from './desired.js'
import {RESOURCES} from './registry.js'
import {readApp} from './resources/app.js'
import {readGithub, readGithubToken} from './resources/github.js'
import {keptPipeline, type NamedPipeline, readPipelines} from './resources/pipeline.js'
import {readReviewApps} from './resources/review-apps.js'

export interface CurrentStage {
  /** 'missing': no such app (it will be created); 'forbidden': the name belongs to someone else */
  access: 'forbidden' | 'missing' | 'ok'
  app?: App
  coupling?: PipelineCoupling
  buildpacks: string[]
  addons: Addon[]
  config: ConfigVars
  /** why the config vars could not be read (a token of scope `read`); `config` is then empty and not compared */
  configUnread?: string
  owned: Map<string, string>
  formation: FormationEntry[]
  preboot?: boolean
  domains: Domain[]
  drains: LogDrain[]
  /** backup schedules of the stage's primary database, when it exists and is provisioned */
  schedules?: TransferSchedule[]
  githubLink?: AppGithubLink
}

export interface CurrentState {
  account: {id: string; email: string}
  owner: {id: string; type: 'team' | 'user'}
  /** pipelines with the declared name (several: Heroku allows duplicates) */
  pipelines: NamedPipeline[]
  /** the pipeline bootstrap works on, when it exists and is unambiguous */
  pipeline?: Pipeline
  stages: Record<StageName, CurrentStage>
  reviewAppConfig?: ReviewAppConfig
  reviewConfig: ConfigVars
  /** why the review stage's config vars could not be read (a token of scope `read`) */
  reviewConfigUnread?: string
  github: {token?: string; repo?: GithubRepo; pipelineRepository?: PipelineRepository; checked: boolean}
}

export interface Clients {
  heroku: HerokuApi
  data: DataApi
  github: GithubIntegration
}

/** One stage app's state, by name (kit:import reads apps it has not looked up yet). */
export async function readStageByName(clients: Clients, name: string, withGithub: boolean): Promise<CurrentStage> {
  return readStage(clients, await readApp(clients.heroku, name), withGithub)
}

/** An existing app's resources: every stage reader in one wave, then the follow-up readers (backups: the database's schedules). */
async function readStage(clients: Clients, found: {access: CurrentStage['access']; app?: App}, withGithub: boolean): Promise<CurrentStage> {
  const {access, app} = found
  const stage: CurrentStage = {access, app, buildpacks: [], addons: [], config: {}, owned: new Map(), formation: [], domains: [], drains: []}
  if (!app) return stage
  const parts = await Promise.all(RESOURCES.flatMap(resource => (resource.read.stage ? [resource.read.stage({clients, app, withGithub})] : [])))
  Object.assign(stage, ...parts)
  const followUps = await Promise.all(RESOURCES.flatMap(resource => (resource.read.followUp ? [resource.read.followUp(clients, stage)] : [])))
  return Object.assign(stage, ...followUps)
}

/**
 * Reads everything the plan compares against, with only GET requests, in at most three waves of parallel requests
 * (each wave waits for what the one before found): owner, pipelines, GitHub token and the two apps; then each
 * existing app's resources and the pipeline's settings; then backup schedules (only when a database exists).
 */
export async function readCurrentState(
  clients: Clients,
  desired: DesiredState,
  options: {pipelineId?: string; account?: ReturnType<HerokuApi['getAccount']>} = {},
): Promise<CurrentState> {
  const {heroku} = clients
  const [account, team, pipelines, githubToken, stagingApp, productionApp] = await Promise.all([
    // a command may have asked for the account already, while it was reading the repository
    options.account ?? heroku.getAccount(),
    desired.team ? heroku.findTeam(desired.team) : Promise.resolve(undefined),
    readPipelines(heroku, desired.pipeline, options.pipelineId),
    readGithubToken(clients, desired),
    readApp(heroku, desired.stages[0].app),
    readApp(heroku, desired.stages[1].app),
  ])
  const owner = desired.team ? {id: team?.id ?? '', type: 'team' as const} : {id: account.id, type: 'user' as const}
  const pipeline = keptPipeline(pipelines)
  const [staging, production, {reviewAppConfig, reviewConfig, reviewConfigUnread}, {repo, pipelineRepository}] = await Promise.all([
    readStage(clients, stagingApp, Boolean(githubToken)),
    readStage(clients, productionApp, Boolean(githubToken)),
    readReviewApps(clients, desired, pipeline),
    readGithub(clients, desired, githubToken, pipeline),
  ])
  if (desired.team && !team) {
    throw new HerokuApiError({
      status: 404,
      body: {id: 'not_found', message: `Couldn't find the team ${desired.team}.`},
      method: 'GET',
      path: `/teams/${desired.team}`,
      service: 'platform',
    })
  }

  return {
    account,
    owner,
    pipelines,
    pipeline,
    stages: {staging, production},
    reviewAppConfig,
    reviewConfig,
    ...(reviewConfigUnread ? {reviewConfigUnread} : {}),
    github: {token: githubToken, repo, pipelineRepository, checked: Boolean(desired.repo)},
  }
}
