/**
 * kit:import's read of a live pipeline (or of single apps outside any pipeline): GET requests only. Each stage
 * app is read by the converge engine's own `readStageByName`, so the import sees exactly what the bootstrap plan compares.
 */
import type {App, Pipeline, PipelineCoupling, ReviewAppConfig} from '../api/heroku-api.js'
import {type Clients, readStageByName} from '../converge/current.js'
import type {ExportStageInput, Unmanaged} from '../converge/export.js'
import {DECLARED_APP_FEATURES} from '../converge/registry.js'
import {KitError} from '../errors.js'
import {STAGE_NAMES} from '../manifest/pipeline-file/index.js'
import type {StageName} from '../manifest/types.js'
import {resolvePipeline} from '../target/pipeline.js'

export interface LivePipeline {
  /** undefined when importing an app that is in no pipeline */
  pipeline?: Pipeline
  team?: string
  region?: string
  repo?: string
  reviewAppConfig?: ReviewAppConfig
  reviewConfigKeys: string[]
  /** the declared stage apps (a partial pipeline has fewer than two) */
  stages: ExportStageInput[]
  unmanaged: Unmanaged[]
}

export interface ImportTarget {
  /** pipeline name or id */
  pipeline?: string
  /** a single app (its pipeline when it has one) */
  app?: string
}

async function readApp(clients: Clients, name: StageName, app: string, githubToken: string | undefined): Promise<ExportStageInput & {unmanaged: Unmanaged[]}> {
  const [current, attachments, features, endpoints] = await Promise.all([
    readStageByName(clients, app, Boolean(githubToken)),
    clients.heroku.listAddonAttachments(app),
    clients.heroku.listAppFeatures(app).catch((error: unknown) => error as Error),
    clients.heroku.listSniEndpoints(app).catch((error: unknown) => error as Error),
  ])
  if (current.access === 'forbidden')
    throw new KitError(`No access to the app ${app}.`, {
      code: 'app_forbidden',
      suggestion: 'Ask its owner for access (heroku access:add), or import with an account that has it.',
    })
  if (!current.app) throw new KitError(`The app ${app} does not exist.`, {code: 'app_not_found'})
  // resources heroku-kit does not manage, listed so that nothing is dropped silently
  const unmanaged: Unmanaged[] = []
  if (features instanceof Error) unmanaged.push({scope: name, what: 'app features (could not be read)', why: features.message.split('\n')[0]})
  else
    unmanaged.push(
      ...features
        .filter(f => f.enabled && !DECLARED_APP_FEATURES.has(f.name))
        .map(f => ({
          scope: name,
          what: `app feature ${f.name} enabled`,
          why: `heroku-kit.yml declares only ${[...DECLARED_APP_FEATURES].join(', ')}; the feature stays on`,
        })),
    )
  if (endpoints instanceof Error) unmanaged.push({scope: name, what: 'certificates of your own (could not be read)', why: endpoints.message.split('\n')[0]})
  else if (!current.app.acm && endpoints.length > 0)
    unmanaged.push({
      scope: name,
      what: `${endpoints.length} certificate(s) of your own (SNI endpoints)`,
      why: 'heroku-kit.yml declares ACM only; your certificates stay (heroku certs)',
    })
  if (current.app.maintenance) unmanaged.push({scope: name, what: 'maintenance mode on', why: 'not declared in heroku-kit.yml'})
  return {name, current, attachments, unmanaged}
}

function appLabel(coupling: PipelineCoupling): string {
  return coupling.app.name ?? coupling.app.id
}

/** Which couplings become stages: per stage the first app by name; the rest are listed. */
export function chooseStageApps(couplings: PipelineCoupling[]): {apps: Partial<Record<StageName, string>>; unmanaged: Unmanaged[]} {
  const apps: Partial<Record<StageName, string>> = {}
  const unmanaged: Unmanaged[] = []
  const sorted = [...couplings].sort((a, b) => appLabel(a).localeCompare(appLabel(b)))
  for (const coupling of sorted) {
    const stage = coupling.stage as StageName
    if (!(STAGE_NAMES as readonly string[]).includes(stage)) {
      unmanaged.push({
        scope: 'pipeline',
        what: `app ${appLabel(coupling)} at stage ${coupling.stage}`,
        why: `heroku-kit.yml declares one staging and one production app${coupling.stage === 'review' ? '; review apps come and go with pull requests' : ''}`,
      })
    } else if (apps[stage] === undefined) {
      apps[stage] = coupling.app.name ?? coupling.app.id
    } else {
      unmanaged.push({
        scope: stage,
        what: `second ${stage} app ${appLabel(coupling)} (${apps[stage]} is the one declared)`,
        why: `heroku-kit.yml declares one app per stage; ${appLabel(coupling)} stays in the pipeline as it is`,
      })
    }
  }

  return {apps, unmanaged}
}

/** Reads what runs. Throws KitError when the pipeline or app can't be found or read. */
export async function readLivePipeline(clients: Clients, target: ImportTarget): Promise<LivePipeline> {
  const {heroku, github} = clients
  let pipeline: Pipeline | undefined
  let single: App | undefined
  if (target.pipeline) {
    pipeline = await resolvePipeline(heroku, target.pipeline)
  } else if (target.app) {
    single = await heroku.findApp(target.app)
    if (!single)
      throw new KitError(`The app ${target.app} does not exist, or this account can't see it.`, {
        code: 'app_not_found',
        suggestion: 'Check the name with `heroku apps`.',
      })
    const coupling = await heroku.findAppPipelineCoupling(single.name)
    if (coupling) pipeline = await heroku.findPipeline(coupling.pipeline.id)
  } else {
    throw new KitError('Name what to import: --pipeline NAME, or -a APP for a single app.', {code: 'missing_target'})
  }

  const [couplings, githubToken] = await Promise.all([pipeline ? heroku.listPipelineCouplings(pipeline.id) : Promise.resolve([]), github.findGithubToken()])
  // a coupling names its app by id only (the schema's pipeline-coupling.app): look the names up, to list and sort them
  const named = await Promise.all(
    couplings.map(async coupling =>
      coupling.app.name ? coupling : {...coupling, app: {...coupling.app, name: (await heroku.findApp(coupling.app.id))?.name}},
    ),
  )
  const {apps, unmanaged} = pipeline ? chooseStageApps(named) : {apps: {production: single!.name} as Partial<Record<StageName, string>>, unmanaged: []}
  const [read, reviewAppConfig, reviewConfig, repository] = await Promise.all([
    Promise.all(STAGE_NAMES.filter(name => apps[name] !== undefined).map(name => readApp(clients, name, apps[name]!, githubToken))),
    pipeline ? heroku.findReviewAppConfig(pipeline.id) : Promise.resolve(undefined),
    pipeline ? heroku.getStageConfigVars(pipeline.id, 'review') : Promise.resolve({}),
    pipeline && githubToken ? github.findPipelineRepository(pipeline.id) : Promise.resolve(undefined),
  ])
  const stages: ExportStageInput[] = read.map(({unmanaged: appUnmanaged, ...stage}) => {
    unmanaged.push(...appUnmanaged)
    return stage
  })
  const teams = [...new Set(stages.map(s => s.current.app?.team?.name).filter((t): t is string => Boolean(t)))]
  const regions = [...new Set(stages.map(s => s.current.app?.region?.name).filter((r): r is string => Boolean(r)))]
  if (teams.length > 1)
    unmanaged.push({
      scope: 'pipeline',
      what: `apps owned by several teams (${teams.join(', ')})`,
      why: `heroku-kit.yml names one team; ${teams[0]} is declared`,
    })
  if (regions.length > 1)
    unmanaged.push({
      scope: 'pipeline',
      what: `apps in several regions (${regions.join(', ')})`,
      why: `heroku-kit.yml names one region; ${regions[0]} is declared (it only matters for apps kit:bootstrap creates)`,
    })
  return {
    pipeline,
    team: teams[0],
    region: regions[0],
    repo: repository?.repository?.name,
    reviewAppConfig,
    reviewConfigKeys: Object.keys(reviewConfig).sort(),
    stages,
    unmanaged,
  }
}
