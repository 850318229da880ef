/**
 * heroku-kit.yml, the pipeline file: the pipeline, its staging and production apps, and what app.json can't say
 * (per-stage formation and add-ons, domains, backups, drains, preboot, auto-deploy, review-app settings).
 *
 * Every problem is reported as `heroku-kit.yml:LINE: key.path ...` with what to write instead; all problems at once.
 */
import {LineCounter, parseDocument} from 'yaml'

import {type FileIssue, FileIssuesError, KitError} from '../../errors.js'
import {describe, formatPath, isPlainObject, type KeyPath, type Report, reportUnknownKeys} from '../common.js'
import {ENV_REFERENCES_KEY, runnerCredentialProblem} from '../drain-references.js'
import {assertManifestSize, MAX_MANIFEST_DEPTH, readManifestFile} from '../files.js'
import type {AppJson, PipelineFile} from '../types.js'
import {DEFAULT_HEALTH_PATH, defaultStage} from './defaults.js'
import {Fields} from './fields.js'
import {defaultAppName, MAX_APP_NAME_LENGTH, PIPELINE_FILE, pipelineNameProblem, STAGE_NAMES} from './names.js'
import {parseReviewApps} from './review-apps.js'
import {readAcrossStages, readStages} from './stage.js'
import {depthOf, tooDeep, yamlErrorMessage, yamlLineOf} from './yaml.js'

const TOP_LEVEL_KEYS = ['pipeline', 'team', 'region', 'repo', 'health_path', 'env_references', 'review_apps', 'stages'] as const

/** Reads `heroku-kit.yml` in `dir`; undefined when there is none. */
export async function loadPipelineFile(dir: string, appJson?: AppJson): Promise<PipelineFile | undefined> {
  const text = await readManifestFile(dir, PIPELINE_FILE, /^heroku[-_]?kit\.ya?ml$/i, 'heroku-kit')
  return text === undefined ? undefined : parsePipelineFile(text, PIPELINE_FILE, appJson)
}

/**
 * Parses heroku-kit.yml. Stage `formation` and `addons` default to app.json's; `formation` and `addons` given on
 * a stage replace app.json's entirely (they are not merged per process type or add-on).
 */
export function parsePipelineFile(text: string, file: string, appJson?: AppJson): PipelineFile {
  assertManifestSize(text, file)
  const lineCounter = new LineCounter()
  let doc: ReturnType<typeof parseDocument>
  try {
    doc = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: true})
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep(file)
    throw error
  }

  const issues: FileIssue[] = []
  const fail = (): never => {
    issues.sort((a, b) => a.line - b.line)
    throw new FileIssuesError(issues, {code: 'invalid_pipeline_file', suggestion: `Fix ${file}; each message names the key and what to write instead.`})
  }

  // the yaml package catches its own stack overflow on deep nesting and reports it as a parse error
  if (doc.errors.some(error => /call stack/i.test(error.message))) throw tooDeep(file)
  const seenLines = new Set<number>()
  for (const error of doc.errors) {
    const {line, col} = lineCounter.linePos(error.pos[0])
    if (seenLines.has(line)) continue
    seenLines.add(line)
    issues.push({file, line, message: yamlErrorMessage(error.code, error.message, text.slice(error.pos[0]), col)})
  }

  if (issues.length > 0) fail()

  let value: unknown
  try {
    value = doc.toJS({maxAliasCount: 100})
    if (depthOf(value) > MAX_MANIFEST_DEPTH) throw tooDeep(file)
  } catch (error) {
    if (error instanceof KitError) throw error
    if (error instanceof RangeError) throw tooDeep(file)
    issues.push({file, line: 1, message: `invalid YAML: ${(error as Error).message}`})
    fail()
  }

  const lineOf = (keyPath: KeyPath): number => yamlLineOf(doc, lineCounter, keyPath)
  const report = (keyPath: KeyPath, message: string): void => {
    issues.push({file, line: lineOf(keyPath), message})
  }

  if (value === null || value === undefined) {
    issues.push({file, line: 1, message: `${file} is empty; it needs at least \`pipeline: <name>\``})
    fail()
  }

  if (!isPlainObject(value)) {
    report([], `${file} must be a mapping of keys (pipeline:, stages:, ...), not ${describe(value, {quote: false})}`)
    fail()
  }

  const top = value as Record<string, unknown>
  const fields = new Fields(report)
  reportUnknownKeys(top, TOP_LEVEL_KEYS, [], report, file)

  let pipeline = 'pipeline'
  if (top.pipeline === undefined || top.pipeline === null) {
    report([], `pipeline is required: add \`pipeline: <name>\` (3 to 30 lowercase letters, digits and dashes)`)
  } else if (typeof top.pipeline === 'string') {
    const problem = pipelineNameProblem(top.pipeline)
    if (problem) report(['pipeline'], `pipeline: ${problem}`)
    else pipeline = top.pipeline
  } else {
    report(['pipeline'], `pipeline must be a name such as "my-app", not ${describe(top.pipeline)}`)
  }

  const result: PipelineFile = {
    file,
    healthPath: DEFAULT_HEALTH_PATH,
    pipeline,
    stages: {production: defaultStage(pipeline, 'production', appJson), staging: defaultStage(pipeline, 'staging', appJson)},
  }

  const team = fields.string(top, 'team', [])
  if (team !== undefined) {
    if (/^[a-z0-9][a-z0-9-]*$/.test(team)) result.team = team
    else report(['team'], `team: "${team}" is not a Heroku team name; use the team's name as \`heroku teams\` lists it (lowercase letters, digits and dashes)`)
  }

  const region = fields.string(top, 'region', [])
  if (region !== undefined) {
    if (/^[a-z][a-z0-9-]*$/.test(region)) result.region = region
    else report(['region'], `region: "${region}" is not a region name; use us or eu (or a region from \`heroku regions\`)`)
  }

  const repo = fields.string(top, 'repo', [])
  if (repo !== undefined) {
    const url = /^(?:https?:\/\/|git@)github\.com[/:]([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(repo)
    if (/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\/[A-Za-z0-9._-]+$/.test(repo) && !repo.endsWith('.git')) result.repo = repo
    else if (url) report(['repo'], `repo must be owner/name, not a URL: write \`repo: ${url[1]}/${url[2]}\``)
    else report(['repo'], `repo: "${repo}" is not a GitHub repository; write owner/name, e.g. \`repo: acme/shop\``)
  }

  const healthPath = fields.string(top, 'health_path', [])
  if (healthPath !== undefined) {
    if (/^\/\S*$/.test(healthPath)) result.healthPath = healthPath
    else report(['health_path'], `health_path: "${healthPath}" must be a path starting with "/", e.g. /health`)
  }

  const envReferences = readEnvReferences(top, fields, report)
  if (envReferences) result.envReferences = envReferences

  parseReviewApps(top.review_apps, result, fields, report)

  const explicitApps = readStages(top.stages, result, fields, report)

  // app names: defaults must fit, and the two stages need two apps
  if (pipeline === top.pipeline) {
    for (const stage of STAGE_NAMES) {
      const app = defaultAppName(pipeline, stage)
      if (!explicitApps.has(stage) && app.length > MAX_APP_NAME_LENGTH) {
        report(
          ['pipeline'],
          `pipeline "${pipeline}" makes the default ${stage} app name "${app}" ${app.length} characters long, over Heroku's ${MAX_APP_NAME_LENGTH}; ` +
            `shorten the pipeline name to at most ${MAX_APP_NAME_LENGTH - '-staging'.length} characters, or set stages.${stage}.app`,
        )
      }
    }
  }

  readAcrossStages(result.stages, report)

  if (issues.length > 0) fail()
  return result
}

/**
 * `env_references: [NAME, …]`: the names a `${NAME}` reference may read from the environment when the stage's config
 * file does not have them (CI, where the URL is a secret of the job's environment). Never a credential of the runner.
 */
export function readEnvReferences(top: Record<string, unknown>, fields: Fields, report: Report): string[] | undefined {
  const names = fields.stringList(top, ENV_REFERENCES_KEY, [], 'environment variable names, e.g. [LOG_DRAIN_URL]')
  if (!names) return undefined
  const valid: string[] = []
  for (const [index, name] of names.entries()) {
    const keyPath = [ENV_REFERENCES_KEY, index]
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) report(keyPath, `${formatPath(keyPath)}: "${name}" is not an environment variable name (letters, digits and _)`)
    else if (runnerCredentialProblem(name)) report(keyPath, `${formatPath(keyPath)}: ${runnerCredentialProblem(name)}`)
    else valid.push(name)
  }

  return valid
}
