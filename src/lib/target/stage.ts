/**
 * Which app the day-two commands (scale, acm, backups, deploy) work on: a stage of heroku-kit.yml, or an app given
 * with -a (promotion's apps are the pipeline's: ./pipeline.ts). Only reads; every "wrong target" is a KitError raised
 * before any write.
 */
import path from 'node:path'

import type {App, HerokuApi} from '../api/heroku-api.js'
import {KitError} from '../errors.js'
import {PIPELINE_FILE} from '../manifest/pipeline-file/index.js'
import type {PipelineFile, StageDecl, StageName} from '../manifest/types.js'
import {requireApp} from './pipeline.js'

export interface StageTarget {
  /** the stage of heroku-kit.yml, when the app is one (undefined: an app given with -a that no stage names) */
  stage?: StageDecl
  app: App
}

function fileName(pipelineFile: PipelineFile): string {
  return pipelineFile.file ?? `${PIPELINE_FILE} (absent: the defaults)`
}

/**
 * The stage and app a command targets: `--stage` names a stage of heroku-kit.yml, `-a` an app (which may be one of
 * the stages' apps), neither means `defaultStage` (when the command has one). Both: they must agree.
 */
export async function resolveStageTarget(
  heroku: HerokuApi,
  pipelineFile: PipelineFile,
  flags: {app?: string; stage?: string},
  options: {defaultStage?: StageName; appWithoutStage?: boolean} = {},
): Promise<StageTarget> {
  const stages = Object.values(pipelineFile.stages)
  let stage: StageDecl | undefined
  if (flags.stage !== undefined) {
    stage = pipelineFile.stages[flags.stage as StageName]
    if (!stage) throw new KitError(`Unknown stage ${flags.stage}.`, {code: 'invalid_flags', suggestion: 'Use --stage staging or --stage production.'})
    if (flags.app !== undefined && flags.app !== stage.app) {
      throw new KitError(`-a ${flags.app} is not the ${stage.name} app: ${fileName(pipelineFile)} names ${stage.app} for ${stage.name}.`, {
        code: 'target_mismatch',
        suggestion: `Drop -a, or drop --stage. Nothing was sent.`,
      })
    }
  } else if (flags.app !== undefined) {
    stage = stages.find(s => s.app === flags.app)
    if (!stage && !options.appWithoutStage) {
      const {staging, production} = pipelineFile.stages
      throw new KitError(`${flags.app} is not an app of ${fileName(pipelineFile)} (staging is ${staging.app}, production is ${production.app}).`, {
        code: 'app_not_in_pipeline_file',
        suggestion: 'Pass --stage staging|production, or run the command in the repository of that app (--dir). Nothing was sent.',
      })
    }
  } else if (options.defaultStage) {
    stage = pipelineFile.stages[options.defaultStage]
  } else {
    throw new KitError('Which app? Pass --stage staging|production (the apps of heroku-kit.yml) or -a APP.', {code: 'no_target'})
  }

  const app = await requireApp(heroku, stage?.app ?? flags.app!)
  return {stage, app}
}

/**
 * A problem found offline, so reported before the Heroku login is checked: the command's target comes from
 * heroku-kit.yml (no -a, no --pipeline), and the repository at `dir` has none. `need` says what the command reads
 * from it ("kit:promote promotes between the stages it declares").
 */
export function requirePipelineFile(pipelineFile: PipelineFile, dir: string, need: string, alternative?: string): void {
  if (pipelineFile.file) return
  throw new KitError(`No ${PIPELINE_FILE} in ${path.resolve(dir)}: ${need}.`, {
    code: 'no_pipeline_file',
    suggestion: `Run it in the repository (or pass --dir), or write the file with \`heroku kit:init\` (\`heroku kit:import\` for a pipeline that runs already)${alternative ? `; ${alternative}` : ''}.`,
  })
}
