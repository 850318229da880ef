/**
 * Which pipeline, and which of its apps: a pipeline by name or id, an app by name, and the apps a pipeline couples at
 * staging and production (for promotion, checked against heroku-kit.yml so that a promotion never lands on an app the
 * repository does not declare). Only reads; every "wrong target" is a KitError raised before any write.
 */
import type {App, HerokuApi, Pipeline, PipelineCoupling} from '../api/heroku-api.js'
import {KitError} from '../errors.js'
import {PIPELINE_FILE} from '../manifest/pipeline-file/index.js'
import type {PipelineFile, StageName} from '../manifest/types.js'

const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i

/** A pipeline by name or id. Names are not unique on Heroku: several matches is an error listing their ids. */
export async function resolvePipeline(api: HerokuApi, nameOrId: string): Promise<Pipeline> {
  if (UUID.test(nameOrId)) {
    const pipeline = await api.findPipeline(nameOrId)
    if (!pipeline) throw new KitError(`No pipeline with id ${nameOrId}.`, {code: 'pipeline_not_found'})
    return pipeline
  }

  const matches = await api.findPipelinesByName(nameOrId)
  if (matches.length === 0) {
    throw new KitError(`No pipeline named ${nameOrId}.`, {
      code: 'pipeline_not_found',
      suggestion: 'Check the name with `heroku pipelines`, or create it with `heroku kit:bootstrap`.',
    })
  }

  if (matches.length > 1) {
    const ids = matches.map(p => `  ${p.id}  created ${p.created_at ?? '?'}`).join('\n')
    throw new KitError(`${matches.length} pipelines are named ${nameOrId} (Heroku allows duplicate names):\n${ids}`, {
      code: 'pipeline_ambiguous',
      suggestion: 'Pass the id of the one you mean instead of the name.',
    })
  }

  return matches[0]
}

/** The app by name, or a KitError saying it does not exist (403 stays the API's own error: it exists, not yours). */
export async function requireApp(heroku: HerokuApi, name: string): Promise<App> {
  const app = await heroku.findApp(name)
  if (!app) {
    throw new KitError(`Couldn't find the app ${name} on Heroku.`, {
      code: 'app_not_found',
      suggestion: 'Check the name with `heroku apps`, or create the pipeline with `heroku kit:bootstrap`. Nothing was sent.',
    })
  }

  return app
}

/** The couplings of `pipeline` at `stage`; none is a KitError whose suggestion (`whatToDo`) depends on the caller. */
function coupledAt(couplings: PipelineCoupling[], pipeline: Pipeline, stage: StageName, whatToDo: string): PipelineCoupling[] {
  const coupled = couplings.filter(c => c.stage === stage)
  if (coupled.length === 0) throw new KitError(`Pipeline ${pipeline.name} has no app at stage ${stage}.`, {code: 'stage_empty', suggestion: whatToDo})
  return coupled
}

/** The name of the one app a pipeline couples at `stage` (an app given with -a is the way out of none or several). */
export async function appAtStage(api: HerokuApi, pipeline: Pipeline, stage: StageName): Promise<string> {
  const couplings = await api.listPipelineCouplings(pipeline.id)
  const coupled = coupledAt(couplings, pipeline, stage, 'Run `heroku kit:bootstrap`, or pass the app with -a.')
  if (coupled.length > 1) {
    throw new KitError(`Pipeline ${pipeline.name} has ${coupled.length} apps at stage ${stage}.`, {
      code: 'stage_ambiguous',
      suggestion: 'Pass the one you mean with -a APP.',
    })
  }

  const {app} = coupled[0]
  return app.name ?? app.id
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
    const coupled = coupledAt(couplings, pipeline, stage, `Run \`heroku kit:bootstrap\` to add ${declared} there. Nothing was sent.`)
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
    if (!app) {
      throw new KitError(`The ${stage} app of pipeline ${pipeline.name} (${coupled[0].app.name ?? coupled[0].app.id}) can't be read.`, {code: 'app_not_found'})
    }

    if (pipelineFile.file && app.name !== declared) {
      throw new KitError(`Pipeline ${pipeline.name} has ${app.name} at stage ${stage}, but ${pipelineFile.file} declares ${declared}.`, {
        code: 'stage_mismatch',
        suggestion: `Fix stages.${stage}.app in ${pipelineFile.file}, or move the apps (heroku pipelines:update). Nothing was sent.`,
      })
    }

    return app
  }

  const [staging, production] = await Promise.all([at('staging'), at('production')])
  return {pipeline, staging, production}
}
