/**
 * Gathers the evidence kit:verify judges: the repository (read once, offline) and the pipeline's live state
 * (read once through `readCurrentState`, plus the latest release, the review-app config and a health probe per
 * stage), all reads in parallel. A read that fails with a permission or network error becomes a `ReadOutcome` with
 * the reason, so the checks that needed it say "unknown" instead of passing.
 */
import {readSource} from '../init/files.js'
import {exists} from '../fs.js'
import path from 'node:path'

import {HerokuApiError} from '../api/errors.js'
import {latestBackups} from '../backups/schedule.js'
import {type Clients, readCurrentState} from '../converge/current.js'
import {primaryDatabase} from '../converge/resources/addons.js'
import {buildDesiredStateToCompare, type DesiredState} from '../converge/desired.js'
import {FileIssuesError, formatIssue, KitError} from '../errors.js'
import {checkHealth, type HealthOptions, healthUrl, type Probe} from '../health/check.js'
import {readContainerSetup} from '../init/detect/container.js'
import {detect} from '../init/detect/index.js'
import {checkAppJson, loadAppJson} from '../manifest/app-json.js'
import {defaultPipelineFile, loadPipelineFile, PIPELINE_FILE, pipelineNameProblem, sanitisePipelineName} from '../manifest/pipeline-file/index.js'
import {loadProcfile} from '../manifest/procfile.js'
import {loadProject} from '../manifest/project.js'
import type {AppJson, Procfile, Project, StageName} from '../manifest/types.js'
import {isGitWorkTree, scanSources, trackedDotenvFiles} from './source-scan.js'
import type {Evidence, ReadOutcome, RemoteEvidence, RepositoryEvidence, StageEvidence} from './types.js'
import {readWorkflows} from './workflows.js'

/** Dependency manifests whose text the checks read (error-tracking SDKs). */
const MANIFESTS = ['package.json', 'requirements.txt', 'pyproject.toml', 'Pipfile', 'Gemfile', 'go.mod']

export function describeError(error: unknown): string {
  if (error instanceof FileIssuesError) return error.issues.map(issue => formatIssue(issue)).join('\n')
  if (error instanceof HerokuApiError) {
    const who = error.status === 403 ? 'no permission: ' : ''
    return `${who}${error.method} ${error.path} answered ${error.status} ${error.id} (${error.herokuMessage})`
  }

  if (error instanceof KitError) return error.message.split('\n')[0]
  return error instanceof Error ? error.message : String(error)
}

/** A read as a ReadOutcome; a 401 is not "unknown" but a login problem, so it is thrown. */
export async function readOutcome<T>(read: () => Promise<T>): Promise<ReadOutcome<T>> {
  try {
    return {ok: true, value: await read()}
  } catch (error) {
    if (error instanceof HerokuApiError && error.status === 401) throw error
    return {ok: false, error: describeError(error)}
  }
}

async function attempt<T>(read: () => Promise<T>): Promise<{value?: T; errors?: string[]}> {
  try {
    return {value: await read()}
  } catch (error) {
    if (error instanceof FileIssuesError) return {errors: error.issues.map(issue => formatIssue(issue))}
    if (error instanceof KitError) return {errors: [error.suggestion ? `${error.message} ${error.suggestion}` : error.message]}
    throw error
  }
}

/**
 * The project as kit commands see it (`loadProject`), except that an app.json or Procfile that doesn't parse is
 * reported (as the checks' evidence) instead of stopping the run. heroku-kit.yml errors still stop it: without it
 * there is nothing to verify the apps against.
 */
async function loadProjectForVerify(
  dir: string,
  pipeline: string | undefined,
): Promise<{project: Project; appJsonErrors?: string[]; procfileErrors?: string[]}> {
  const [appJson, procfile] = await Promise.all([attempt<AppJson | undefined>(() => loadAppJson(dir)), attempt<Procfile | undefined>(() => loadProcfile(dir))])
  if (!appJson.errors && !procfile.errors) return {project: await loadProject(dir, {pipeline})}
  // the same defaults as loadProject, without the file that doesn't parse
  let pipelineFile = await loadPipelineFile(dir, appJson.value)
  if (pipelineFile && pipeline !== undefined && pipeline !== pipelineFile.pipeline) {
    throw new KitError(`--pipeline is ${pipeline} but ${PIPELINE_FILE} names the pipeline ${pipelineFile.pipeline}.`, {code: 'pipeline_mismatch'})
  }

  if (!pipelineFile) {
    if (pipeline !== undefined && pipelineNameProblem(pipeline))
      throw new KitError(`--pipeline: ${pipelineNameProblem(pipeline)}.`, {code: 'invalid_pipeline_name'})
    pipelineFile = defaultPipelineFile(pipeline ?? sanitisePipelineName(appJson.value?.name ?? path.basename(path.resolve(dir))), appJson.value)
  }

  const project: Project = {dir, pipelineFile}
  if (appJson.value) project.appJson = appJson.value
  if (procfile.value) project.procfile = procfile.value
  return {project, appJsonErrors: appJson.errors, procfileErrors: procfile.errors}
}

/** The declared state, as kit:bootstrap --dry-run builds it (buildDesiredStateToCompare), and per stage why its config file was left out. */
async function desiredForVerify(project: Project): Promise<{desired: DesiredState; configNotes: Partial<Record<StageName, string>>}> {
  const desired = await buildDesiredStateToCompare(project, {linksOut: 'leave-out'})
  const configNotes: Partial<Record<StageName, string>> = {}
  for (const stage of desired.stages) if (stage.configUncompared) configNotes[stage.name] = stage.configUncompared
  return {desired, configNotes}
}

async function readManifests(dir: string): Promise<Record<string, string>> {
  const texts = await Promise.all(
    MANIFESTS.map(async name => {
      const text = await readSource(dir, name) // never through a link out of the repository
      return text === undefined ? undefined : ([name, text] as const)
    }),
  )
  return Object.fromEntries(texts.filter((entry): entry is readonly [string, string] => entry !== undefined))
}

function packageScripts(manifests: Record<string, string>): Record<string, string> {
  try {
    const scripts = (JSON.parse(manifests['package.json'] ?? '{}') as {scripts?: unknown}).scripts
    if (!scripts || typeof scripts !== 'object') return {}
    return Object.fromEntries(Object.entries(scripts).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
  } catch {
    return {}
  }
}

/** The script file a command runs: the first argument that is a source file in the repository. */
async function entryFile(dir: string, command: string): Promise<string | undefined> {
  for (const token of command.split(/\s+/)) {
    const file = token.replace(/^['"]|['"]$/g, '')
    // eslint-disable-next-line no-await-in-loop -- a few tokens
    if (/\.(?:[cm]?js|ts|py|rb)$/.test(file) && !file.startsWith('-') && (await exists(path.join(dir, file)))) return file
  }

  return undefined
}

/** Which file the web process runs (following `npm start` one level), and whether it reads PORT. */
async function webEntry(dir: string, project: Project, scripts: Record<string, string>): Promise<RepositoryEvidence['webEntry']> {
  const web = project.procfile?.entries.find(e => e.type === 'web')
  if (!web) return undefined
  const script = /^(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?([\w:.-]+)/.exec(web.command.trim())?.[1]
  const file = (await entryFile(dir, web.command)) ?? (script && scripts[script] ? await entryFile(dir, scripts[script]) : undefined)
  if (!file) return undefined
  const text = await readSource(dir, file) // never through a link out of the repository
  return text === undefined ? undefined : {file, readsPort: /\bPORT\b/.test(text)}
}

/** Everything the repository checks need; reads files and runs `git ls-files` only. */
export async function gatherRepository(
  dir: string,
  options: {pipeline?: string} = {},
): Promise<{repository: RepositoryEvidence; desired: DesiredState; configNotes: Partial<Record<StageName, string>>}> {
  const {project, appJsonErrors, procfileErrors} = await loadProjectForVerify(dir, options.pipeline)
  const domains = [...project.pipelineFile.stages.staging.domains, ...project.pipelineFile.stages.production.domains]
  const [{desired, configNotes}, detection, container, manifests, workflows, tracked, git, scan] = await Promise.all([
    desiredForVerify(project),
    detect(dir).then(
      value => ({value}),
      (error: unknown) => ({error: describeError(error)}),
    ),
    readContainerSetup(dir).then(
      value => ({value}),
      (error: unknown) => ({error: describeError(error)}),
    ),
    readManifests(dir),
    readWorkflows(dir),
    trackedDotenvFiles(dir),
    isGitWorkTree(dir),
    scanSources(dir, domains),
  ])
  const repository: RepositoryEvidence = {
    dir,
    project,
    appJsonChecks: project.appJson ? checkAppJson(project.appJson) : [],
    packageScripts: packageScripts(manifests),
    manifests,
    workflows: workflows.workflows,
    workflowErrors: workflows.errors,
    trackedEnvFiles: tracked,
    gitRepository: git,
    urlFindings: scan.urls,
    fileLogging: scan.fileLogging,
    sourceFilesScanned: scan.scanned,
  }
  const entry = await webEntry(dir, project, repository.packageScripts)
  if (entry) repository.webEntry = entry
  if (appJsonErrors) repository.appJsonErrors = appJsonErrors
  if (procfileErrors) repository.procfileErrors = procfileErrors
  if ('value' in detection) repository.detection = detection.value
  else repository.detectionError = detection.error
  if (!('value' in container)) repository.containerError = container.error
  else if (container.value) repository.container = container.value
  return {repository, desired, configNotes}
}

export interface RemoteOptions {
  pipelineId?: string
  stages: StageName[]
  health: HealthOptions
  probe: Probe
}

/** The pipeline's live state: one `readCurrentState`, then per stage the latest release and a health probe. */
export async function gatherRemote(
  clients: Clients,
  desired: DesiredState,
  healthPath: string,
  options: RemoteOptions,
): Promise<{remote: RemoteEvidence; stages: Partial<Record<StageName, Omit<StageEvidence, 'name' | 'desired'>>>}> {
  const state = await readOutcome(() => readCurrentState(clients, desired, {pipelineId: options.pipelineId}))
  const remote: RemoteEvidence = {state}
  const stages: Partial<Record<StageName, Omit<StageEvidence, 'name' | 'desired'>>> = {}
  if (!state.ok) {
    for (const name of options.stages) stages[name] = {current: {ok: false, error: state.error}}
    return {remote, stages}
  }

  const current = state.value
  const pipeline = current.pipeline
  const reviewAppConfig =
    pipeline && !desired.reviewApps
      ? readOutcome(() => clients.heroku.findReviewAppConfig(pipeline.id))
      : Promise.resolve({ok: true as const, value: current.reviewAppConfig})
  const perStage = options.stages.map(async name => {
    const stage = current.stages[name]
    const app = stage.app
    if (!app) return [name, {current: {ok: true, value: stage}}] as const
    const url = app.web_url ? healthUrl(app.web_url, healthPath) : undefined
    const database = primaryDatabase(stage.addons)
    const [latestRelease, health, latestBackup] = await Promise.all([
      readOutcome(() => clients.heroku.latestRelease(app.name)),
      url ? checkHealth(options.probe, url, options.health) : Promise.resolve(undefined),
      database?.state === 'provisioned'
        ? readOutcome(async () => ({backup: latestBackups(await clients.data.listTransfers(app.name), 1)[0], readAt: Date.now()}))
        : Promise.resolve(undefined),
    ])
    const evidence: Omit<StageEvidence, 'name' | 'desired'> = {current: {ok: true, value: stage}, latestRelease}
    if (health) evidence.health = health
    if (latestBackup) evidence.latestBackup = latestBackup
    return [name, evidence] as const
  })
  const [config, ...entries] = await Promise.all([reviewAppConfig, ...perStage])
  remote.reviewAppConfig = config
  for (const [name, evidence] of entries) stages[name] = evidence
  return {remote, stages}
}

/** Assembles the evidence of the selected stages. */
export function assembleEvidence(input: {
  repository: RepositoryEvidence
  desired: DesiredState
  configNotes: Partial<Record<StageName, string>>
  remote?: RemoteEvidence
  remoteStages?: Partial<Record<StageName, Omit<StageEvidence, 'name' | 'desired'>>>
  stages: StageName[]
}): Evidence {
  const stages: Evidence['stages'] = {}
  for (const name of input.stages) {
    const desired = input.desired.stages.find(s => s.name === name)!
    const stage: StageEvidence = {name, desired, ...input.remoteStages?.[name]}
    if (input.configNotes[name]) stage.configFileMissing = input.configNotes[name]
    stages[name] = stage
  }

  const evidence: Evidence = {repository: input.repository, desired: input.desired, stages}
  if (input.remote) evidence.remote = input.remote
  return evidence
}
