/**
 * kit:import: from what runs (read.ts) to the repository's files — heroku-kit.yml, app.json, and with
 * `pullConfig` each stage's git-ignored dotenv file — planned like kit:init's files (create / unchanged /
 * conflict with a diff, overwrite only with force) and written all together.
 */
import path from 'node:path'

import {exportStage, type StageYaml, type Unmanaged} from '../converge/export.js'
import {exportBuildpacks} from '../converge/resources/buildpacks.js'
import {exportConfigKeys} from '../converge/resources/config.js'
import {exportReviewApps} from '../converge/resources/review-apps.js'
import {refuseTrackedSecretFile, renderPulledFile, selectPulledVars, writeSecretFile} from '../config/pull.js'
import {FileIssuesError, formatIssue, KitError} from '../errors.js'
import {readFileNoFollow} from '../fs.js'
import {applyPlan} from '../init/apply.js'
import {readOptional} from '../init/files.js'
import {type InitPlan, planFiles} from '../init/plan.js'
import {GITIGNORE_HEADER, GITIGNORE_LINES} from '../init/templates/env-files.js'
import type {GeneratedFile} from '../init/types.js'
import {APP_JSON, parseAppJson} from '../manifest/app-json.js'
import {defaultAppName, parsePipelineFile, PIPELINE_FILE, pipelineNameProblem, sanitisePipelineName, STAGE_NAMES} from '../manifest/pipeline-file/index.js'
import type {StageName} from '../manifest/types.js'
import {completeAppJson} from './app-json.js'
import {composePipelineFile, type PipelineYaml} from './pipeline-file.js'
import type {LivePipeline} from './read.js'

export interface StageDotenvFile {
  path: string
  stage: StageName
  app: string
  action: 'create' | 'merge' | 'unchanged' | 'conflict'
  keys: string[]
  addonVarsLeftOut: string[]
  /** keys written commented out (`#heroku-kit:held`): a program given them runs code */
  held: string[]
  /** keys no dotenv file can hold, recorded as `#heroku-kit:left-out` */
  leftOut: string[]
  /** never printed: it holds the values */
  text: string
}

export interface ImportPlan {
  pipeline: string
  apps: Partial<Record<StageName, string>>
  /** stages the pipeline lacks: kit:bootstrap creates their apps */
  missingStages: StageName[]
  files: InitPlan
  dotenv: StageDotenvFile[]
  unmanaged: Unmanaged[]
  notes: string[]
}

export interface ImportOptions {
  pullConfig: boolean
  /** write .env.<stage> even when git tracks it */
  allowTracked?: boolean
  /** write config vars that make programs run code as plain lines (kit:config:pull --allow-exec-vars) */
  allowExecVars?: boolean
  force: boolean
  /** the pipeline name to write when importing apps outside any pipeline */
  pipelineName?: string
}

/** The pipeline name for apps outside any pipeline: --pipeline, else the app name without its stage suffix. */
function pipelineNameFor(live: LivePipeline, options: ImportOptions): string {
  if (live.pipeline) return live.pipeline.name
  if (options.pipelineName) return options.pipelineName
  const app = live.stages[0]?.current.app?.name ?? 'app'
  return sanitisePipelineName(app.replace(/-(?:prod|production|prd|live|staging|stage|stg)$/, ''))
}

export async function planImport(dir: string, live: LivePipeline, options: ImportOptions): Promise<ImportPlan> {
  const pipeline = pipelineNameFor(live, options)
  const problem = pipelineNameProblem(pipeline)
  if (problem) {
    throw new KitError(`The pipeline name ${problem}; heroku-kit.yml can't name it.`, {
      code: 'invalid_pipeline_name',
      suggestion: live.pipeline
        ? `Rename the pipeline (heroku pipelines:rename ${pipeline} ${sanitisePipelineName(pipeline)}), then import again.`
        : `Pass --pipeline ${sanitisePipelineName(pipeline)}.`,
    })
  }

  const unmanaged: Unmanaged[] = [...live.unmanaged]
  const notes: string[] = []
  const stages: Partial<Record<StageName, StageYaml>> = {}
  const secrets: Partial<Record<StageName, Record<string, string>>> = {}
  for (const input of live.stages) {
    const exported = exportStage(input)
    stages[input.name] = exported.fields
    unmanaged.push(...exported.unmanaged)
    if (exported.secrets && Object.keys(exported.secrets).length > 0) secrets[input.name] = exported.secrets
    if (options.pullConfig) stages[input.name]!.config = `.env.${input.name}`
  }

  const missingStages = STAGE_NAMES.filter(name => !stages[name])
  for (const name of missingStages) {
    stages[name] = {app: defaultAppName(pipeline, name)}
    notes.push(`${name}: no app in the pipeline; heroku-kit.yml names ${stages[name]!.app}, which kit:bootstrap creates (formation and add-ons from app.json)`)
  }

  const buildpacks = exportBuildpacks(live.stages)
  unmanaged.push(...buildpacks.unmanaged)
  const review = exportReviewApps(live.reviewAppConfig, live.reviewConfigKeys)
  unmanaged.push(...review.unmanaged)

  // app.json: the defaults of the stage that runs in production (else staging)
  const source = live.stages.find(s => s.name === 'production') ?? live.stages[0]
  const sourceFields = source ? stages[source.name]! : {}
  const [appJsonText, pipelineText, gitignore] = await Promise.all([
    readOptional(dir, APP_JSON),
    readOptional(dir, PIPELINE_FILE),
    readOptional(dir, '.gitignore'),
  ])
  const appJson = completeAppJson(
    {
      name: pipeline,
      buildpacks: buildpacks.buildpacks,
      formation: sourceFields.formation ?? {},
      addons: sourceFields.addons ?? [],
      envKeys: exportConfigKeys(live.stages),
      source: live.stages.map(s => s.current.app!.name).join(' and ') || pipeline,
    },
    appJsonText,
  )
  notes.push(...appJson.notes)

  const spec: PipelineYaml = {pipeline, team: live.team, region: live.region, repo: live.repo, review_apps: review.reviewApps, stages}
  const pipelineFile = composePipelineFile(spec, pipelineText)
  try {
    parsePipelineFile(pipelineFile, PIPELINE_FILE, parseAppJson(appJson.text, APP_JSON)) // what is written must read back
  } catch (error) {
    if (!(error instanceof FileIssuesError)) throw error
    throw new KitError(
      `What runs can't be written as a valid ${PIPELINE_FILE}; nothing was written:\n${error.issues.map(i => `  ${formatIssue(i)}`).join('\n')}`,
      {code: 'import_invalid', suggestion: 'Change the live value named above (or declare it by hand), then run kit:import again.'},
    )
  }

  const generated: GeneratedFile[] = [
    {path: PIPELINE_FILE, content: pipelineFile, purpose: 'the pipeline and its stages, as they run'},
    {path: APP_JSON, content: appJson.text, purpose: 'buildpacks, add-ons, formation and config keys (no values)'},
  ]
  if (options.pullConfig || gitignore !== undefined) {
    generated.push({
      path: '.gitignore',
      content: `${GITIGNORE_HEADER}\n${GITIGNORE_LINES.join('\n')}\n`,
      mode: 'append',
      purpose: 'keep the .env files out of git',
    })
  }

  const files = await planFiles(dir, generated, {force: options.force})
  for (const file of files.files) if (file.diff) file.diff = file.diff.replace('(kit:init)', '(kit:import)')

  const dotenv: StageDotenvFile[] = []
  for (const input of live.stages) {
    const extra = secrets[input.name] ?? {}
    if (!options.pullConfig) {
      for (const key of Object.keys(extra)) {
        const app = input.current.app!.name
        // a drain's reference is its URL; a telemetry exporter's (Fir) is one of its header values
        const what = stages[input.name]!.drains?.includes(`\${${key}}`)
          ? `a log drain URL holds credentials, so heroku-kit.yml names it \${${key}}; put the URL (heroku drains -a ${app})`
          : `a telemetry header may hold a credential, so heroku-kit.yml names its value \${${key}}; put the value (heroku telemetry -a ${app}, then heroku telemetry:info ID)`
        notes.push(
          `${input.name}: ${what} in .env.${input.name} as ${key}=… and set stages.${input.name}.config: .env.${input.name} (or run kit:import --pull-config)`,
        )
      }

      continue
    }

    const rel = `.env.${input.name}`
    const file = path.join(dir, rel)
    // eslint-disable-next-line no-await-in-loop -- two files
    const existing = await readFileNoFollow(file, rel) // a symlinked .env file is refused, never followed
    // eslint-disable-next-line no-await-in-loop -- two files
    await refuseTrackedSecretFile(file, {allowTracked: options.allowTracked, display: rel, flag: '--allow-tracked'})
    const pulled = selectPulledVars({vars: input.current.config, owned: input.current.owned}, {extra, allowExecVars: options.allowExecVars})
    // an existing file is updated in place (comments and order kept), as `kit:config:pull --merge` does
    const {text} = renderPulledFile(pulled, {
      header: `config vars of ${input.current.app!.name}, written by heroku kit:import (kit:config:pull)`,
      existing,
      display: rel,
    })
    dotenv.push({
      path: rel,
      stage: input.name,
      app: input.current.app!.name,
      action: existing === undefined ? 'create' : existing === text ? 'unchanged' : options.force ? 'merge' : 'conflict',
      keys: Object.keys(pulled.vars),
      addonVarsLeftOut: pulled.addonVarsLeftOut,
      held: Object.keys(pulled.held),
      leftOut: Object.keys(pulled.leftOut),
      text,
    })
  }

  const apps = Object.fromEntries(live.stages.map(s => [s.name, s.current.app!.name])) as Partial<Record<StageName, string>>
  return {pipeline, apps, missingStages, files, dotenv, unmanaged, notes}
}

/** Writes the plan: the dotenv files (0600) and the other files all or nothing. Refuses while there are conflicts. */
export async function applyImport(dir: string, plan: ImportPlan): Promise<string[]> {
  const conflicts = [...plan.files.conflicts.map(f => f.path), ...plan.dotenv.filter(d => d.action === 'conflict').map(d => d.path)]
  if (conflicts.length > 0) {
    throw new KitError(`${conflicts.length} file(s) exist with other content: ${conflicts.join(', ')}. Nothing was written.`, {
      code: 'import_conflicts',
      suggestion: 'Review the diffs above, then run again with --force (dotenv files are then updated in place, keeping their comments).',
    })
  }

  const written = await applyPlan(dir, plan.files)
  for (const file of plan.dotenv.filter(d => d.action !== 'unchanged')) {
    await writeSecretFile(path.join(dir, file.path), file.text) // eslint-disable-line no-await-in-loop -- one file after another, in order
    written.push(file.path)
  }

  return written
}
