import type {DataApi, TransferSchedule} from '../api/data-api.js'
import type {AppGithubLink, GithubIntegration, GithubRepo, PipelineRepository} from '../api/github-integration.js'
import type {Addon, App, ConfigVars, Domain, FormationEntry, HerokuApi, LogDrain, Pipeline, PipelineCoupling, ReviewAppConfig} from '../api/heroku-api.js'
import {HerokuApiError} from '../api/errors.js'
import {ownedConfigVars} from '../config/remote.js'
import type {StageName} from '../manifest/types.js'
import type {DesiredState} from './desired.js'

export interface CurrentStage {
  /** 'missing': no such app (it will be created); 'forbidden': the name belongs to someone else */
  access: 'forbidden' | 'missing' | 'ok'
  app?: App
  coupling?: PipelineCoupling
  buildpacks: string[]
  addons: Addon[]
  config: ConfigVars
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
  pipelines: Pipeline[]
  /** the pipeline bootstrap works on, when it exists and is unambiguous */
  pipeline?: Pipeline
  stages: Record<StageName, CurrentStage>
  reviewAppConfig?: ReviewAppConfig
  reviewConfig: ConfigVars
  github: {token?: string; repo?: GithubRepo; pipelineRepository?: PipelineRepository; checked: boolean}
}

export interface Clients {
  heroku: HerokuApi
  data: DataApi
  github: GithubIntegration
}

async function readApp(heroku: HerokuApi, name: string): Promise<{access: CurrentStage['access']; app?: App}> {
  try {
    const app = await heroku.findApp(name)
    return app ? {access: 'ok', app} : {access: 'missing'}
  } catch (error) {
    if (error instanceof HerokuApiError && error.status === 403) return {access: 'forbidden'}
    throw error
  }
}

/** The stage's primary Postgres: attached as DATABASE, else the first heroku-postgresql add-on. */
export function primaryDatabase(addons: Addon[]): Addon | undefined {
  const postgres = addons.filter(addon => addon.addon_service?.name === 'heroku-postgresql')
  return postgres.find(addon => addon.config_vars?.includes('DATABASE_URL')) ?? postgres[0]
}

/** One stage app's state, by name (kit:import reads apps it has not looked up yet). */
export async function readStageByName(clients: Clients, name: string, withGithub: boolean): Promise<CurrentStage> {
  return readStage(clients, await readApp(clients.heroku, name), withGithub)
}

async function readStage(clients: Clients, found: {access: CurrentStage['access']; app?: App}, withGithub: boolean): Promise<CurrentStage> {
  const {heroku} = clients
  const {access, app} = found
  const empty: CurrentStage = {access, app, buildpacks: [], addons: [], config: {}, owned: new Map(), formation: [], domains: [], drains: []}
  if (!app) return empty
  const [coupling, buildpacks, addons, attachments, config, formation, preboot, domains, drains, githubLink] = await Promise.all([
    heroku.findAppPipelineCoupling(app.name),
    heroku.listBuildpacks(app.name),
    heroku.listAddons(app.name),
    heroku.listAddonAttachments(app.name),
    heroku.getConfigVars(app.name),
    heroku.getFormation(app.name),
    heroku.findAppFeature(app.name, 'preboot'),
    heroku.listDomains(app.name),
    heroku.listLogDrains(app.name),
    withGithub ? clients.github.findAppLink(app.id) : Promise.resolve(undefined),
  ])
  const database = primaryDatabase(addons)
  const schedules = database && database.state === 'provisioned' ? await clients.data.listSchedules(database.id) : undefined
  return {
    access,
    app,
    coupling,
    buildpacks: buildpacks.sort((a, b) => a.ordinal - b.ordinal).map(b => (b.buildpack.name ?? b.buildpack.url).replace(/^urn:buildpack:/, '')),
    addons,
    config,
    owned: ownedConfigVars(attachments, config),
    formation,
    preboot: preboot?.enabled,
    domains,
    drains,
    schedules,
    githubLink,
  }
}

/**
 * Reads everything the plan compares against, with only GET requests, in at most three waves of parallel requests
 * (each wave waits for what the one before found): owner, pipelines, GitHub token and the two apps; then each
 * existing app's resources and the pipeline's settings; then backup schedules (only when a database exists).
 */
export async function readCurrentState(clients: Clients, desired: DesiredState, options: {pipelineId?: string; account?: ReturnType<HerokuApi['getAccount']>} = {}): Promise<CurrentState> {
  const {heroku, github} = clients
  const [account, team, pipelines, githubToken, stagingApp, productionApp] = await Promise.all([
    // a command may have asked for the account already, while it was reading the repository
    options.account ?? heroku.getAccount(),
    desired.team ? heroku.findTeam(desired.team) : Promise.resolve(undefined),
    options.pipelineId ? heroku.findPipeline(options.pipelineId).then(p => (p ? [p] : [])) : heroku.findPipelinesByName(desired.pipeline),
    desired.repo ? github.findGithubToken() : Promise.resolve(undefined),
    readApp(heroku, desired.stages[0].app),
    readApp(heroku, desired.stages[1].app),
  ])
  const owner = desired.team ? {id: team?.id ?? '', type: 'team' as const} : {id: account.id, type: 'user' as const}
  const pipeline = pipelines.length === 1 ? pipelines[0] : undefined
  const [staging, production, reviewAppConfig, reviewConfig, pipelineRepository, repo] = await Promise.all([
    readStage(clients, stagingApp, Boolean(githubToken)),
    readStage(clients, productionApp, Boolean(githubToken)),
    pipeline && desired.reviewApps ? heroku.findReviewAppConfig(pipeline.id) : Promise.resolve(undefined),
    pipeline && Object.keys(desired.reviewConfig).length > 0 ? heroku.getStageConfigVars(pipeline.id, 'review') : Promise.resolve({}),
    pipeline && githubToken ? github.findPipelineRepository(pipeline.id) : Promise.resolve(undefined),
    githubToken && desired.repo ? github.findRepo(desired.repo, githubToken) : Promise.resolve(undefined),
  ])
  if (desired.team && !team) {
    throw new HerokuApiError({status: 404, body: {id: 'not_found', message: `Couldn't find the team ${desired.team}.`}, method: 'GET', path: `/teams/${desired.team}`, service: 'platform'})
  }

  return {
    account,
    owner,
    pipelines,
    pipeline,
    stages: {staging, production},
    reviewAppConfig,
    reviewConfig,
    github: {token: githubToken, repo, pipelineRepository, checked: Boolean(desired.repo)},
  }
}
