/**
 * Which app or pipeline stage kit:config:sync and kit:config:pull read and write: from -a, -r, --pipeline/--stage,
 * or the dotenv file's name. Only reads; every "wrong target" is a KitError raised before any write.
 */
import path from 'node:path'

import type {HerokuApi, PipelineConfigStage} from '../api/heroku-api.js'
import {KitError} from '../errors.js'
import type {PipelineFile, StageName} from '../manifest/types.js'
import {appAtStage, resolvePipeline} from './pipeline.js'
import {appFromRemote} from './remote.js'

export type StageFlag = PipelineConfigStage | StageName
export const STAGES: readonly StageFlag[] = ['staging', 'production', 'review', 'test']

/** Where config vars are read from and written to: an app, or a pipeline stage (review apps, CI). */
export type ConfigTarget =
  {kind: 'app'; app: string; label: string} | {kind: 'pipeline-stage'; pipelineId: string; pipelineName: string; stage: PipelineConfigStage; label: string}

export interface TargetFlags {
  app?: string
  remote?: string
  pipeline?: string
  stage?: string
}

/** `.env.staging` → staging, `.env.prod` → production, `.env.review` → review… (undefined for `.env`). */
export function stageFromFileName(file: string): StageFlag | undefined {
  const base = path.basename(file).toLowerCase()
  const match = /^\.env\.([a-z]+)$/.exec(base) ?? /^([a-z]+)\.env$/.exec(base)
  const word = match?.[1]
  if (!word) return undefined
  if (word === 'staging' || word === 'stage' || word === 'stg') return 'staging'
  if (word === 'production' || word === 'prod' || word === 'prd') return 'production'
  if (word === 'review') return 'review'
  if (word === 'test' || word === 'ci') return 'test'
  return undefined
}

/**
 * Which target the user means. Explicit flags win (-a, -r, then --pipeline/--stage); without flags the stage
 * comes from the file name (.env.staging → staging) or the stage whose `config` is this file in heroku-kit.yml.
 * Never guessed from git remotes: sending a staging file to production by accident is the failure to avoid.
 */
export async function resolveConfigTarget(options: {
  flags: TargetFlags
  file: string
  cwd: string
  pipelineFile?: PipelineFile
  api: () => Promise<HerokuApi>
}): Promise<ConfigTarget> {
  const {flags, file, cwd, pipelineFile} = options
  const explicit = [flags.app && '-a/--app', flags.remote && '-r/--remote', (flags.pipeline || flags.stage) && '--pipeline/--stage'].filter(Boolean)
  if (explicit.length > 1) {
    throw new KitError(`Use only one of ${explicit.join(', ')} to choose the target.`, {code: 'invalid_flags'})
  }

  if (flags.app) return {kind: 'app', app: flags.app, label: flags.app}
  if (flags.remote) {
    const app = await appFromRemote(cwd, flags.remote)
    return {kind: 'app', app, label: app}
  }

  let stage: StageFlag | undefined
  if (flags.stage) {
    if (!STAGES.includes(flags.stage as StageFlag)) {
      throw new KitError(`Unknown stage ${flags.stage}.`, {code: 'invalid_flags', suggestion: `Use one of: ${STAGES.join(', ')}.`})
    }

    stage = flags.stage as StageFlag
  } else {
    const relative = path.relative(cwd, path.resolve(cwd, file))
    const declared = pipelineFile && Object.values(pipelineFile.stages).find(s => s.config && path.normalize(s.config) === path.normalize(relative))?.name
    stage = declared ?? stageFromFileName(file)
  }

  const pipelineName = flags.pipeline ?? pipelineFile?.pipeline
  if (!stage) {
    throw new KitError(`Can't tell which app ${file} is for.`, {
      code: 'no_target',
      suggestion: 'Pass -a APP, -r REMOTE, or --pipeline NAME --stage staging|production|review|test (or name the file .env.staging / .env.production).',
    })
  }

  if (stage === 'staging' || stage === 'production') {
    if (!flags.pipeline && pipelineFile) {
      const app = pipelineFile.stages[stage].app
      return {kind: 'app', app, label: app}
    }

    if (!pipelineName) {
      throw new KitError(`${file} is for the ${stage} stage, but there is no heroku-kit.yml to say which app that is.`, {
        code: 'no_target',
        suggestion: `Pass -a APP, or --pipeline NAME --stage ${stage}.`,
      })
    }

    const pipeline = await resolvePipeline(await options.api(), pipelineName)
    const app = await appAtStage(await options.api(), pipeline, stage)
    return {kind: 'app', app, label: app}
  }

  if (!pipelineName) {
    throw new KitError(`The ${stage} stage's config vars belong to a pipeline; pass --pipeline NAME (or add heroku-kit.yml).`, {code: 'no_target'})
  }

  const pipeline = await resolvePipeline(await options.api(), pipelineName)
  return {kind: 'pipeline-stage', pipelineId: pipeline.id, pipelineName: pipeline.name, stage, label: `${pipeline.name} (${stage} stage)`}
}
