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
  return declared.config && evidence.repository.project.pipelineFile.file
    ? `heroku kit:config:sync ${file}`
    : `heroku kit:config:sync ${file} -a ` + `${declared.app}`
}

export const INIT_FIX = 'heroku kit:init'

/** What makes a check that could not read its evidence runnable again. */
export function unknownFix(error: string, app?: string): string {
  if (/\b403\b|no permission/.test(error)) {
    return app
      ? `get access to ${app} (heroku access -a ${app} lists who has it), then run kit:verify ` + `again`
      : 'use a Heroku account with access to the pipeline, then run kit:verify again'
  }

  return 'run kit:verify again once Heroku answers (the reason is above)'
}

/** An app with no process types yet gets a release, not a scale: a deploy to staging, a promotion to production. */
export function deployFirstFix(name: StageName): string {
  return name === 'production'
    ? 'promote a release from staging (heroku kit:promote), then run kit:verify again'
    : 'deploy: push to main (or run the deploy workflow), then run kit:verify again'
}

export const NO_WEB_TYPE_FIX = 'declare web in the Procfile and deploy it: the current release has no web process type'
