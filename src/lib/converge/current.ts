/**
 * The current state: what Heroku runs, read with GET requests only, each resource by its own reader (resources/,
 * listed in registry.ts), in at most three waves of parallel requests.
 */
import type {DataApi} from '../api/data-api.js'
import {HerokuApiError} from '../api/errors.js'
import type {GithubIntegration, GithubRepo, PipelineRepository} from '../api/github-integration.js'
import type {App, ConfigVars, Generation, HerokuApi, Pipeline, ReviewAppConfig, Space} from '../api/heroku-api.js'
import type {GenerationName} from '../generation.js'
import type {StageName} from '../manifest/types.js'
import type {DesiredState} from './desired.js'
import {type CurrentStage, emptyCurrentStage, RESOURCES} from './registry.js'
import {readApp} from './resources/app.js'
import {readGithub, readGithubToken} from './resources/github.js'
import {keptPipeline, type NamedPipeline, readPipelines} from './resources/pipeline.js'
import {readReviewApps} from './resources/review-apps.js'
import {readGenerations, readSpaces} from './resources/space.js'

/** An app's state, each resource's part (registry.ts joins them): `access`, the app, its add-ons, config vars, … */
export type {CurrentStage} from './registry.js'

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
  /** the Private Spaces the stages declare, by name (undefined: none of that name this account can see); absent when none is declared */
  spaces?: Record<string, Space | undefined>
  /** the generations of the declared spaces and of the apps off Cedar, with `unsupported_features` (stage-generation.ts) */
  generations?: Partial<Record<GenerationName, Generation>>
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
  return found.app ? readAppResources(clients, found.app, {withGithub}) : emptyCurrentStage(found.access)
}

/**
 * The resources of an app that exists: every stage reader in one wave, then the follow-up readers. `fleet`: kit:verify
 * --team/--all, which reads only the resources that read per app there (`read.fleet`), and reads them as they choose.
 */
export async function readAppResources(clients: Clients, app: App, options: {withGithub: boolean; fleet?: boolean}): Promise<CurrentStage> {
  const resources = fleetReadable(options.fleet)
  const stage = emptyCurrentStage('ok', app)
  const parts = await Promise.all(resources.flatMap(resource => (resource.read.stage ? [resource.read.stage({clients, app, ...options})] : [])))
  Object.assign(stage, ...parts)
  const followUps = await Promise.all(resources.flatMap(resource => (resource.read.followUp ? [resource.read.followUp(clients, stage)] : [])))
  return Object.assign(stage, ...followUps)
}

function fleetReadable(fleet: boolean | undefined): ReadonlyArray<(typeof RESOURCES)[number]> {
  return fleet ? RESOURCES.filter(resource => resource.read.fleet !== false) : RESOURCES
}

/**
 * GET requests reading one existing app costs at most, the app itself included: each resource's `read.requests`
 * (`fleet`: only the resources kit:verify --team reads). Lists longer than a page (1,000 entries) cost one more each.
 */
export function requestsPerApp(options: {fleet?: boolean} = {}): number {
  return fleetReadable(options.fleet).reduce((sum, resource) => sum + (resource.read.requests ?? 0), 0)
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
  const [account, team, pipelines, githubToken, stagingApp, productionApp, spaces] = await Promise.all([
    // a command may have asked for the account already, while it was reading the repository
    options.account ?? heroku.getAccount(),
    desired.team ? heroku.findTeam(desired.team) : Promise.resolve(undefined),
    readPipelines(heroku, desired.pipeline, options.pipelineId),
    readGithubToken(clients, desired),
    readApp(heroku, desired.stages[0].app),
    readApp(heroku, desired.stages[1].app),
    readSpaces(heroku, desired),
  ])
  const owner = desired.team ? {id: team?.id ?? '', type: 'team' as const} : {id: account.id, type: 'user' as const}
  const pipeline = keptPipeline(pipelines)
  const [staging, production, {reviewAppConfig, reviewConfig, reviewConfigUnread}, {repo, pipelineRepository}, generations] = await Promise.all([
    readStage(clients, stagingApp, Boolean(githubToken)),
    readStage(clients, productionApp, Boolean(githubToken)),
    readReviewApps(clients, desired, pipeline),
    readGithub(clients, desired, githubToken, pipeline),
    readGenerations(heroku, desired, {spaces, apps: [stagingApp.app, productionApp.app]}),
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
    ...(Object.keys(spaces).length > 0 ? {spaces} : {}),
    ...(Object.keys(generations).length > 0 ? {generations} : {}),
  }
}
