/**
 * The names heroku-kit.yml deals in: its own file name, the pipeline name, Heroku app names and the two stages, and
 * the default app name of each stage derived from the pipeline name.
 */
import type {StageName} from '../types.js'

/** The pipeline file's one name: every command looks for exactly this file. */
export const PIPELINE_FILE = 'heroku-kit.yml'

/** Pipeline names: the default app names `<pipeline>-staging` and `<pipeline>-prod` derive from it. */
export const PIPELINE_NAME = /^[a-z][a-z0-9-]{2,29}$/
/** Heroku app names: 3–30 characters, lowercase letters, digits and dashes, starting with a letter. */
export const APP_NAME = /^[a-z][a-z0-9-]{1,28}[a-z0-9]$/
export const MAX_APP_NAME_LENGTH = 30
export const STAGE_NAMES: readonly StageName[] = ['staging', 'production']

/** The default app name of a stage. */
export function defaultAppName(pipeline: string, stage: StageName): string {
  return `${pipeline}-${stage === 'staging' ? 'staging' : 'prod'}`
}

/** Turns any name (a directory, app.json's "name") into a valid pipeline name whose default app names fit 30 characters. */
export function sanitisePipelineName(name: string): string {
  let result = name
    .normalize('NFKD')
    .replaceAll(/[\u0300-\u036F]/g, '')
    .toLowerCase()
    .replaceAll(/[^a-z0-9-]+/g, '-')
    .replaceAll(/-+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
  const max = MAX_APP_NAME_LENGTH - '-staging'.length
  if (result.length > max) result = result.slice(0, max).replace(/-+$/, '')
  if (result.length < 3) result = result === '' ? 'app' : `${result}-app`
  return result
}

/** Why a pipeline name is not valid, or undefined. */
export function pipelineNameProblem(name: string): string | undefined {
  if (PIPELINE_NAME.test(name)) return undefined
  const example = sanitisePipelineName(name)
  return `"${name}" is not a valid pipeline name: use 3 to 30 lowercase letters, digits and dashes, starting with a letter (e.g. "${example}")`
}

/** Why an app name is not a valid Heroku app name, or undefined. */
export function appNameProblem(name: string): string | undefined {
  if (APP_NAME.test(name)) return undefined
  if (name.length > MAX_APP_NAME_LENGTH) return `"${name}" is ${name.length} characters; Heroku app names have at most ${MAX_APP_NAME_LENGTH}`
  return `"${name}" is not a valid Heroku app name: use 3 to 30 lowercase letters, digits and dashes, starting with a letter and not ending with a dash`
}
