/**
 * Evidence for the kit:verify unit tests: a repository parsed from text (app.json, Procfile, heroku-kit.yml) and a
 * live pipeline where every check passes. Each test breaks one thing and looks at one check.
 */
import type {Addon, App, AppFeature, Domain, FormationEntry, LogDrain} from '../../../src/lib/api/heroku-api.js'
import type {CurrentStage, CurrentState} from '../../../src/lib/converge/current.js'
import {buildDesiredState} from '../../../src/lib/converge/desired.js'
import type {HealthResult} from '../../../src/lib/health/check.js'
import type {Detection} from '../../../src/lib/init/types.js'
import {checkAppJson, parseAppJson} from '../../../src/lib/manifest/app-json.js'
import {parsePipelineFile} from '../../../src/lib/manifest/pipeline-file/index.js'
import {parseProcfile} from '../../../src/lib/manifest/procfile.js'
import type {Project, StageName} from '../../../src/lib/manifest/types.js'
import type {Evidence, RepositoryEvidence, StageEvidence} from '../../../src/lib/verify/types.js'
import {parseWorkflow} from '../../../src/lib/verify/workflows.js'

export const APP_JSON = {
  name: 'shop',
  env: {
    NODE_ENV: {value: 'production'},
    API_URL: {description: 'the partner API', required: true},
    SECRET_KEY: {generator: 'secret'},
    REDIS_URL: {required: false},
  },
  addons: [{plan: 'heroku-postgresql:essential-0', as: 'DATABASE'}, {plan: 'papertrail:choklad'}, {plan: 'scheduler:standard'}, {plan: 'newrelic:wayne'}],
  buildpacks: [{url: 'heroku/nodejs'}],
  formation: {web: {quantity: 1, size: 'basic'}, worker: {quantity: 1, size: 'basic'}},
}

export const PROCFILE = 'web: node server.js\nworker: node worker.js\nrelease: npm run migrate\n'

export const PIPELINE_YML = `pipeline: shop
repo: acme/shop
review_apps: true
stages:
  staging:
    app: shop-staging
  production:
    app: shop
    addons:
      - {plan: "heroku-postgresql:standard-0", as: DATABASE}
      - papertrail:choklad
      - scheduler:standard
      - newrelic:wayne
    formation:
      web: {quantity: 2, size: standard-1x}
      worker: {quantity: 1, size: standard-1x}
    domains: [www.shop.example]
    acm: true
    backups:
      at: "03:00 UTC"
`

/** The same without backups (for tests that take the database away). */
export const PIPELINE_YML_NO_BACKUPS = PIPELINE_YML.replace(/ {4}backups:\n.*\n/, '')

export const WORKFLOW = `name: Promote
on: workflow_dispatch
jobs:
  promote:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: heroku pipelines:promote -a shop-staging
`

export const DETECTION = {
  stack: 'node',
  framework: 'express',
  name: 'shop',
  signals: [],
  warnings: [],
  database: {via: 'package.json dependencies: pg'},
  worker: {via: 'package.json dependencies: bullmq', command: 'npm run worker'},
  migrations: {via: 'package.json scripts.migrate', command: 'npm run migrate'},
  web: {command: 'node server.js'},
  testCommand: 'npm test',
  buildpacks: ['heroku/nodejs'],
  healthPath: '/health',
  env: [],
} as unknown as Detection

export interface RepoOptions {
  appJson?: Record<string, unknown> | null
  procfile?: string | null
  pipelineYml?: string | null
  workflows?: Record<string, string>
  detection?: Detection | null
  repository?: Partial<RepositoryEvidence>
}

export async function repository(options: RepoOptions = {}): Promise<{repository: RepositoryEvidence; project: Project}> {
  const appJsonValue = options.appJson === undefined ? APP_JSON : options.appJson
  const appJson = appJsonValue === null ? undefined : parseAppJson(JSON.stringify(appJsonValue, null, 2), 'app.json')
  const procfileText = options.procfile === undefined ? PROCFILE : options.procfile
  const procfile = procfileText === null ? undefined : parseProcfile(procfileText, 'Procfile')
  const yml = options.pipelineYml === undefined ? PIPELINE_YML : options.pipelineYml
  const pipelineFile = parsePipelineFile(yml ?? 'pipeline: shop\n', 'heroku-kit.yml', appJson)
  if (yml === null) delete pipelineFile.file
  const project: Project = {dir: '/repo', pipelineFile}
  if (appJson) project.appJson = appJson
  if (procfile) project.procfile = procfile
  const workflows = Object.entries(options.workflows ?? {'promote.yml': WORKFLOW}).map(([name, text]) => parseWorkflow(text, `.github/workflows/${name}`))
  const detection = options.detection === undefined ? DETECTION : options.detection
  const repo: RepositoryEvidence = {
    dir: '/repo',
    project,
    appJsonChecks: appJson ? checkAppJson(appJson) : [],
    packageScripts: {start: 'node server.js', migrate: 'node-pg-migrate up', worker: 'node worker.js'},
    manifests: {'package.json': JSON.stringify({dependencies: {express: '4', pg: '8', '@sentry/node': '8'}})},
    workflows,
    workflowErrors: [],
    trackedEnvFiles: [],
    gitRepository: true,
    urlFindings: [],
    fileLogging: [],
    sourceFilesScanned: 12,
    ...options.repository,
  }
  if (detection) repo.detection = detection
  return {repository: repo, project}
}

const MB = 1024 * 1024

export function app(name: string, overrides: Partial<App> = {}): App {
  return {
    id: `${name}-id`,
    name,
    owner: {id: 'user-1', email: 'dev@example.com'},
    web_url: `https://${name}-0123456789ab.herokuapp.com/`,
    acm: name === 'shop',
    maintenance: false,
    stack: {id: 's', name: 'heroku-24'},
    build_stack: {id: 's', name: 'heroku-24'},
    slug_size: 40 * MB,
    ...overrides,
  } as App
}

export function addon(app: string, plan: string, configVars: string[] = [], overrides: Partial<Addon> = {}): Addon {
  const [service] = plan.split(':')
  return {
    id: `${app}-${service}`,
    name: `${service}-shiny-12345`,
    state: 'provisioned',
    addon_service: {name: service},
    plan: {name: plan},
    app: {name: app},
    config_vars: configVars,
    ...overrides,
  } as Addon
}

export function liveStage(name: StageName, overrides: Partial<CurrentStage> = {}): CurrentStage {
  const appName = name === 'staging' ? 'shop-staging' : 'shop'
  const production = name === 'production'
  const addons = [
    addon(appName, production ? 'heroku-postgresql:standard-0' : 'heroku-postgresql:essential-0', ['DATABASE_URL']),
    addon(appName, 'papertrail:choklad', ['PAPERTRAIL_API_TOKEN']),
    addon(appName, 'scheduler:standard'),
    addon(appName, 'newrelic:wayne', ['NEW_RELIC_LICENSE_KEY']),
    ...(production ? [addon(appName, 'sentry:f1', ['SENTRY_DSN'])] : []),
  ]
  const size = production ? 'standard-1x' : 'basic'
  return {
    access: 'ok',
    app: app(appName),
    coupling: {id: `${name}-coupling`, stage: name, app: {id: `${appName}-id`}, pipeline: {id: 'pipeline-id', name: 'shop'}} as CurrentStage['coupling'],
    buildpacks: ['heroku/nodejs'],
    addons,
    config: {
      NODE_ENV: 'production',
      API_URL: 'https://api.partner.example',
      SECRET_KEY: 'generated-secret-value',
      DATABASE_URL: 'postgres://u:p@h/db',
      PAPERTRAIL_API_TOKEN: 't',
      NEW_RELIC_LICENSE_KEY: 'k',
    },
    owned: new Map([
      ['DATABASE_URL', 'postgres'],
      ['PAPERTRAIL_API_TOKEN', 'papertrail'],
      ['NEW_RELIC_LICENSE_KEY', 'newrelic'],
    ]),
    formation: [
      {type: 'web', quantity: production ? 2 : 1, size, dyno_size: {name: size}} as FormationEntry,
      {type: 'worker', quantity: 1, size, dyno_size: {name: size}} as FormationEntry,
    ],
    features: production ? [{name: 'preboot', enabled: true} as AppFeature] : [],
    domains: [
      {id: 'd1', hostname: `${appName}-0123456789ab.herokuapp.com`, kind: 'heroku', cname: null} as Domain,
      ...(production
        ? [
            {
              id: 'd2',
              hostname: 'www.shop.example',
              kind: 'custom',
              cname: 'sushi-123.herokudns.com',
              acm_status: 'cert issued',
              acm_status_reason: null,
              sni_endpoint: null,
            } as unknown as Domain,
          ]
        : []),
    ],
    drains: [{id: 'drain-1', url: 'syslog+tls://logs.papertrailapp.com:12345', addon: {id: addons[1].id, name: addons[1].name}} as LogDrain],
    schedules: production ? [{uuid: 'sched', name: 'DATABASE_URL', hour: 3, timezone: 'UTC'}] : [],
    githubLink: production ? {auto_deploy: false, branch: 'main'} : {auto_deploy: true, branch: 'main', wait_for_ci: true},
    ...overrides,
  }
}

export function healthy(url: string): HealthResult {
  return {url, status: 'pass', reason: 'ok', httpStatus: 200, attempts: 1, elapsedMs: 12, evidence: [`GET ${url} → 200 in 12 ms`]}
}

export function currentState(stages: Record<StageName, CurrentStage>, overrides: Partial<CurrentState> = {}): CurrentState {
  return {
    account: {id: 'user-1', email: 'dev@example.com'},
    owner: {id: 'user-1', type: 'user'},
    pipelines: [{id: 'pipeline-id', name: 'shop'} as CurrentState['pipelines'][number]],
    pipeline: {id: 'pipeline-id', name: 'shop'} as CurrentState['pipeline'],
    stages,
    reviewAppConfig: {repo: {id: 4242, name: 'acme/shop'}, automatic_review_apps: true, destroy_stale_apps: true, stale_days: 5, wait_for_ci: true},
    reviewConfig: {},
    github: {
      token: 'gh-token',
      repo: {id: 4242, full_name: 'acme/shop', default_branch: 'main'},
      pipelineRepository: {repository: {id: 4242, name: 'acme/shop'}},
      checked: true,
    },
    ...overrides,
  }
}

export interface EvidenceOptions extends RepoOptions {
  /** undefined: both stages live; per-stage overrides of the live state */
  live?: Partial<Record<StageName, Partial<CurrentStage>>>
  state?: Partial<CurrentState>
  stageEvidence?: Partial<Record<StageName, Partial<StageEvidence>>>
  local?: boolean
  stages?: StageName[]
}

/** Evidence on which every check passes, with the given changes. */
export async function evidence(options: EvidenceOptions = {}): Promise<Evidence> {
  const {repository: repo, project} = await repository(options)
  const desired = await buildDesiredState(project)
  const live = {staging: liveStage('staging', options.live?.staging), production: liveStage('production', options.live?.production)}
  const state = currentState(live, options.state)
  const stages: Evidence['stages'] = {}
  for (const name of options.stages ?? (['staging', 'production'] as StageName[])) {
    const stageDesired = desired.stages.find(s => s.name === name)!
    const current = state.stages[name]
    const base: StageEvidence = {name, desired: stageDesired}
    if (!options.local) {
      base.current = {ok: true, value: current}
      base.latestRelease = {ok: true, value: {id: 'r', version: 12, status: 'succeeded', description: 'Deploy 1a2b3c4d'} as never}
      if (current.app?.web_url) base.health = healthy(`${current.app.web_url.replace(/\/$/, '')}/health`)
    }

    stages[name] = {...base, ...options.stageEvidence?.[name]}
  }

  const result: Evidence = {repository: repo, desired, stages}
  if (!options.local) result.remote = {state: {ok: true, value: state}, reviewAppConfig: {ok: true, value: state.reviewAppConfig}}
  return result
}
