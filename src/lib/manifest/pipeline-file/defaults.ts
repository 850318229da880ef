/** What heroku-kit.yml means when it says nothing: the health path, review-app settings and each stage's defaults. */
import {declaredStage} from '../../converge/registry.js'
import {KitError} from '../../errors.js'
import type {AppJson, PipelineFile, StageDecl, StageName} from '../types.js'
import {defaultAppName, MAX_APP_NAME_LENGTH, PIPELINE_FILE, pipelineNameProblem, sanitisePipelineName, STAGE_NAMES} from './names.js'

export const DEFAULT_HEALTH_PATH = '/health'
export const DEFAULT_REVIEW_APPS = {automatic: true, destroyStale: true, staleDays: 5, waitForCi: true} as const

/** The defaults used when there is no heroku-kit.yml. Throws KitError when the pipeline name can't be used. */
export function defaultPipelineFile(pipeline: string, appJson?: AppJson): PipelineFile {
  const problem = pipelineNameProblem(pipeline)
  if (problem) {
    const name = sanitisePipelineName(pipeline)
    throw new KitError(`The pipeline name ${problem}.`, {
      code: 'invalid_pipeline_name',
      suggestion: `Pass --pipeline ${name}, or create ${PIPELINE_FILE} with \`pipeline: ${name}\`.`,
    })
  }

  for (const stage of STAGE_NAMES) {
    const app = defaultAppName(pipeline, stage)
    if (app.length > MAX_APP_NAME_LENGTH) {
      const message =
        `The pipeline name "${pipeline}" makes the ${stage} app name "${app}" ${app.length} characters long; ` +
        `Heroku app names have at most ${MAX_APP_NAME_LENGTH}.`
      throw new KitError(message, {
        code: 'invalid_pipeline_name',
        suggestion:
          `Use a pipeline name of at most ${MAX_APP_NAME_LENGTH - '-staging'.length} characters (e.g. --pipeline ${sanitisePipelineName(pipeline)}), ` +
          `or name the apps in ${PIPELINE_FILE} (stages.staging.app, stages.production.app).`,
      })
    }
  }

  return {
    healthPath: DEFAULT_HEALTH_PATH,
    pipeline,
    stages: {production: defaultStage(pipeline, 'production', appJson), staging: defaultStage(pipeline, 'staging', appJson)},
  }
}

/** A stage as app.json alone declares it: its add-ons and formation, the default app name, preboot in production. */
export function defaultStage(pipeline: string, name: StageName, appJson?: AppJson): StageDecl {
  return declaredStage({name, pipeline, appJson})
}
