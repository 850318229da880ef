/** The commands the checks point at, spelled the way the user runs them. */
import type {StageName} from '../manifest/types.js'
import type {Evidence} from './types.js'

/** `heroku kit:bootstrap --yes`, naming the pipeline when there is no heroku-kit.yml to name it. */
export function bootstrapFix(evidence: Evidence): string {
  const {pipelineFile} = evidence.repository.project
  return `heroku kit:bootstrap --yes${pipelineFile.file ? '' : ` --pipeline ${pipelineFile.pipeline}`}`
}

/** `heroku kit:config:sync FILE` for the stage's config file (with -a when the file alone doesn't name the app). */
export function configSyncFix(evidence: Evidence, stage: StageName): string {
  const declared = evidence.repository.project.pipelineFile.stages[stage]
  const file = declared.config ?? `.env.${stage}`
  return declared.config && evidence.repository.project.pipelineFile.file ? `heroku kit:config:sync ${file}` : `heroku kit:config:sync ${file} -a ${declared.app}`
}

export function appName(evidence: Evidence, stage: StageName): string {
  return evidence.repository.project.pipelineFile.stages[stage].app
}

export const INIT_FIX = 'heroku kit:init'
