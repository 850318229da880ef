/**
 * Which apps the day-two commands (promote, scale, acm, backups) work on: a stage of heroku-kit.yml, an app given
 * with -a, or — for promotion — the apps the Heroku pipeline couples at staging and production, checked against
 * heroku-kit.yml so that a promotion never lands on an app the repository does not declare.
 * Only reads; every "wrong target" is a KitError raised before any write.
 */
import type {App, HerokuApi, Pipeline} from '../api/heroku-api.js'
import {resolvePipeline} from '../config/target.js'
import {KitError} from '../errors.js'
import {PIPELINE_FILE} from '../manifest/pipeline-file/index.js'
import type {PipelineFile, StageDecl, StageName} from '../manifest/types.js'

export interface StageTarget {
  /** the stage of heroku-kit.yml, when the app is one (undefined: an app given with -a that no stage names) */
  stage?: StageDecl
  app: App
}

/** The app by name, or a KitError saying it does not exist (403 stays the API's own error: it exists, not yours). */
export async function requireApp(heroku: HerokuApi, name: string): Promise<App> {
  const app = await heroku.findApp(name)
  if (!app) {
    throw new KitError(`Couldn't find the app ${name} on Heroku.`, {code: 'app_not_found', suggestion: 'Check the name with `heroku apps`, or create the pipeline with `heroku kit:bootstrap`. Nothing was sent.'})
  }

  return app
}

function fileName(pipelineFile: PipelineFile): string {
  return pipelineFile.file ?? `${PIPELINE_FILE} (absent: the defaults)`
}

/**
 * The stage and app a command targets: `--stage` names a stage of heroku-kit.yml, `-a` an app (which may be one of
 * the stages' apps), neither means `defaultStage` (when the command has one). Both: they must agree.
 */
export async function resolveStageTarget(heroku: HerokuApi, pipelineFile: PipelineFile, flags: {app?: string; stage?: string}, options: {defaultStage?: StageName; appWithoutStage?: boolean} = {}): Promise<StageTarget> {
  const stages = Object.values(pipelineFile.stages)
  let stage: StageDecl | undefined
  if (flags.stage !== undefined) {
    stage = pipelineFile.stages[flags.stage as StageName]
    if (!stage) throw new KitError(`Unknown stage ${flags.stage}.`, {code: 'invalid_flags', suggestion: 'Use --stage staging or --stage production.'})
    if (flags.app !== undefined && flags.app !== stage.app) {
      throw new KitError(`-a ${flags.app} is not the ${stage.name} app: ${fileName(pipelineFile)} names ${stage.app} for ${stage.name}.`, {code: 'target_mismatch', suggestion: `Drop -a, or drop --stage. Nothing was sent.`})
    }
  } else if (flags.app !== undefined) {
    stage = stages.find(s => s.app === flags.app)
    if (!stage && !options.appWithoutStage) {
      throw new KitError(`${flags.app} is not an app of ${fileName(pipelineFile)} (staging is ${pipelineFile.stages.staging.app}, production is ${pipelineFile.stages.production.app}).`, {
        code: 'app_not_in_pipeline_file', suggestion: 'Pass --stage staging|production, or run the command in the repository of that app (--dir). Nothing was sent.',
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

export interface PipelineApps {
  pipeline: Pipeline
  staging: App
  production: App
}

/**
 * The pipeline of heroku-kit.yml (or `pipelineId` when several share its name) and the apps it couples at staging and
 * production, which must be the ones heroku-kit.yml declares (when there is a heroku-kit.yml).
 */
export async function resolvePipelineApps(heroku: HerokuApi, pipelineFile: PipelineFile, options: {pipelineId?: string} = {}): Promise<PipelineApps> {
  const pipeline = await resolvePipeline(heroku, options.pipelineId ?? pipelineFile.pipeline)
  if (options.pipelineId && pipeline.name !== pipelineFile.pipeline && pipelineFile.file) {
    throw new KitError(`Pipeline ${options.pipelineId} is named ${pipeline.name}, but ${pipelineFile.file} names ${pipelineFile.pipeline}.`, {
      code: 'pipeline_mismatch',
      suggestion: 'Pass the id of a pipeline with the declared name. Nothing was sent.',
    })
  }

  const couplings = await heroku.listPipelineCouplings(pipeline.id)
  const at = async (stage: StageName): Promise<App> => {
    const declared = pipelineFile.stages[stage].app
    const coupled = couplings.filter(c => c.stage === stage)
    if (coupled.length === 0) {
      throw new KitError(`Pipeline ${pipeline.name} has no app at stage ${stage}.`, {code: 'stage_empty', suggestion: `Run \`heroku kit:bootstrap\` to add ${declared} there. Nothing was sent.`})
    }

    if (coupled.length > 1) {
      const names = await Promise.all(coupled.map(async c => c.app.name ?? (await heroku.findApp(c.app.id))?.name ?? c.app.id))
      const match = pipelineFile.file ? coupled[names.indexOf(declared)] : undefined
      if (!match)
        throw new KitError(`Pipeline ${pipeline.name} has ${coupled.length} apps at stage ${stage} (${names.join(', ')}).`, {
          code: 'stage_ambiguous',
          suggestion: `Name the one to use in ${PIPELINE_FILE} (stages.${stage}.app). Nothing was sent.`,
        })
      return requireApp(heroku, declared)
    }

    const app = await heroku.findApp(coupled[0].app.id)
    if (!app) throw new KitError(`The ${stage} app of pipeline ${pipeline.name} (${coupled[0].app.name ?? coupled[0].app.id}) can't be read.`, {code: 'app_not_found'})
    if (pipelineFile.file && app.name !== declared) {
      throw new KitError(`Pipeline ${pipeline.name} has ${app.name} at stage ${stage}, but ${pipelineFile.file} declares ${declared}.`, {
        code: 'stage_mismatch', suggestion: `Fix stages.${stage}.app in ${pipelineFile.file}, or move the apps (heroku pipelines:update). Nothing was sent.`,
      })
    }

    return app
  }

  const [staging, production] = await Promise.all([at('staging'), at('production')])
  return {pipeline, staging, production}
}
