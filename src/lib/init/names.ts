import {KitError} from '../errors.js'
import {pipelineNameProblem, sanitisePipelineName} from '../manifest/index.js'

/** The longest pipeline name whose staging app `NAME-staging` still fits Heroku's 30 characters. */
export const MAX_PIPELINE_LENGTH = 30 - '-staging'.length

/** A pipeline name from a project name (npm scope dropped), valid for Heroku and short enough for `NAME-staging`. */
export function pipelineNameFrom(projectName: string): string {
  return sanitisePipelineName(projectName.trim().replace(/^@[^/]+\//, ''))
}

/** Validates a `--pipeline` name; the error says why and what would fit. */
export function checkPipelineName(name: string): string {
  const problem = pipelineNameProblem(name)
  if (problem) throw new KitError(`--pipeline: ${problem}.`, {code: 'invalid_pipeline_name', suggestion: `For example --pipeline ${pipelineNameFrom(name)}`})
  if (name.length > MAX_PIPELINE_LENGTH || name.endsWith('-')) {
    const why = name.endsWith('-') ? 'ends with a dash' : `is ${name.length} characters`
    throw new KitError(`--pipeline: "${name}" ${why}: the staging app "${name}-staging" must be a valid Heroku app name of at most 30 characters.`, {
      code: 'invalid_pipeline_name',
      suggestion: `Use at most ${MAX_PIPELINE_LENGTH} characters, e.g. --pipeline ${pipelineNameFrom(name)}`,
    })
  }

  return name
}

/** `owner/name` and its https URL, from a GitHub remote URL (https, ssh or scp-like). */
export function githubRepoFromRemote(url: string | undefined): {slug: string; url: string} | undefined {
  if (!url) return undefined
  const match =
    /^(?:https?:\/\/(?:[^@/]+@)?github\.com\/|ssh:\/\/git@github\.com(?::\d+)?\/|git@github\.com:)([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(
      url.trim(),
    )
  if (!match) return undefined
  const slug = `${match[1]}/${match[2]}`
  return {slug, url: `https://github.com/${slug}`}
}
