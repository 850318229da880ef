/**
 * heroku-kit.yml, the pipeline file: the pipeline, its staging and production apps, and what app.json can't say
 * (per-stage formation and add-ons, domains, backups, drains, preboot, auto-deploy, review-app settings).
 *
 * Every problem is reported as `heroku-kit.yml:LINE: key.path ...` with what to write instead; all problems at once.
 */
import path from 'node:path'

import {type Document, isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument} from 'yaml'

import {type FileIssue, FileIssuesError, KitError} from '../errors.js'
import {maskUrl} from '../output/mask-url.js'
import {drainReferenceName} from './drain-references.js'
import {assertManifestSize, MAX_MANIFEST_DEPTH, readManifestFile} from './files.js'
import {closest, describe, formatPath, isPlainObject, type KeyPath, readAddons, readFormation, reportUnknownKeys} from './common.js'
import type {AppJson, PipelineFile, StageDecl, StageName} from './types.js'

export const PIPELINE_FILE = 'heroku-kit.yml'

/** Pipeline names: the default app names `<pipeline>-staging` and `<pipeline>-prod` derive from it. */
export const PIPELINE_NAME = /^[a-z][a-z0-9-]{2,29}$/
/** Heroku app names: 3–30 characters, lowercase letters, digits and dashes, starting with a letter. */
export const APP_NAME = /^[a-z][a-z0-9-]{1,28}[a-z0-9]$/
export const MAX_APP_NAME_LENGTH = 30
export const DEFAULT_HEALTH_PATH = '/health'
export const STAGE_NAMES: readonly StageName[] = ['staging', 'production']
export const DEFAULT_REVIEW_APPS = {automatic: true, destroyStale: true, staleDays: 5, waitForCi: true} as const

const TOP_LEVEL_KEYS = ['pipeline', 'team', 'region', 'repo', 'health_path', 'review_apps', 'stages'] as const
const REVIEW_APPS_KEYS = ['automatic', 'destroy_stale', 'stale_days', 'wait_for_ci'] as const
const STAGE_KEYS = ['app', 'config', 'formation', 'addons', 'auto_deploy', 'domains', 'acm', 'backups', 'drains', 'preboot'] as const
const BACKUPS_KEYS = ['at', 'timezone'] as const
const STAGE_ALIASES: Record<string, StageName> = {live: 'production', prd: 'production', prod: 'production', stage: 'staging', stg: 'staging'}
const DRAIN_PROTOCOLS = ['syslog+tls:', 'syslog:', 'https:']

/** The default app name of a stage. */
export function defaultAppName(pipeline: string, stage: StageName): string {
  return `${pipeline}-${stage === 'staging' ? 'staging' : 'prod'}`
}

/** Turns any name (a directory, app.json's "name") into a valid pipeline name whose default app names fit 30 characters. */
export function sanitisePipelineName(name: string): string {
  let result = name.normalize('NFKD').replaceAll(/[\u0300-\u036F]/g, '').toLowerCase()
    .replaceAll(/[^a-z0-9-]+/g, '-').replaceAll(/-+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '')
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

function appNameProblem(name: string): string | undefined {
  if (APP_NAME.test(name)) return undefined
  if (name.length > MAX_APP_NAME_LENGTH) return `"${name}" is ${name.length} characters; Heroku app names have at most ${MAX_APP_NAME_LENGTH}`
  return `"${name}" is not a valid Heroku app name: use 3 to 30 lowercase letters, digits and dashes, starting with a letter and not ending with a dash`
}

/** The defaults used when there is no heroku-kit.yml. Throws KitError when the pipeline name can't be used. */
export function defaultPipelineFile(pipeline: string, appJson?: AppJson): PipelineFile {
  const problem = pipelineNameProblem(pipeline)
  if (problem) throw new KitError(`The pipeline name ${problem}.`, {code: 'invalid_pipeline_name', suggestion: `Pass --pipeline ${sanitisePipelineName(pipeline)}, or create ${PIPELINE_FILE} with \`pipeline: ${sanitisePipelineName(pipeline)}\`.`})
  for (const stage of STAGE_NAMES) {
    const app = defaultAppName(pipeline, stage)
    if (app.length > MAX_APP_NAME_LENGTH) {
      throw new KitError(`The pipeline name "${pipeline}" makes the ${stage} app name "${app}" ${app.length} characters long; Heroku app names have at most ${MAX_APP_NAME_LENGTH}.`, {
        code: 'invalid_pipeline_name',
        suggestion: `Use a pipeline name of at most ${MAX_APP_NAME_LENGTH - '-staging'.length} characters (e.g. --pipeline ${sanitisePipelineName(pipeline)}), or name the apps in ${PIPELINE_FILE} (stages.staging.app, stages.production.app).`,
      })
    }
  }

  return {
    healthPath: DEFAULT_HEALTH_PATH,
    pipeline,
    stages: {production: defaultStage(pipeline, 'production', appJson), staging: defaultStage(pipeline, 'staging', appJson)},
  }
}

function defaultStage(pipeline: string, name: StageName, appJson?: AppJson): StageDecl {
  const stage: StageDecl = {
    acm: false,
    addons: structuredClone(appJson?.addons ?? []),
    app: defaultAppName(pipeline, name),
    domains: [],
    drains: [],
    formation: structuredClone(appJson?.formation ?? {}),
    name,
    preboot: name === 'production',
  }
  if (name === 'staging') stage.autoDeploy = 'main'
  return stage
}

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
    report([], `${file} must be a mapping of keys (pipeline:, stages:, ...), not ${describe(value)}`)
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

  readReviewApps(top.review_apps, result, fields, report)

  const explicitApps = new Set<StageName>()
  if (top.stages !== undefined && top.stages !== null) {
    if (isPlainObject(top.stages)) {
      for (const [name, stageValue] of Object.entries(top.stages)) {
        if (!(STAGE_NAMES as readonly string[]).includes(name)) {
          const near = STAGE_ALIASES[name.toLowerCase()] ?? closest(name, STAGE_NAMES)
          report(
            ['stages', name],
            `stages.${name} is not a stage: a pipeline file declares staging and production${near ? ` (did you mean ${near}?)` : ''}${name.toLowerCase().startsWith('review') ? '; review apps are set with review_apps: here and environments.review in app.json' : ''}`,
          )
          continue
        }

        const stageName = name as StageName
        if (stageValue === null) continue // `production:` with nothing under it: the defaults
        if (!isPlainObject(stageValue)) {
          report(['stages', name], `stages.${name} must be a mapping (app:, formation:, domains:, ...), not ${describe(stageValue)}`)
          continue
        }

        if (stageValue.app !== undefined) explicitApps.add(stageName)
        readStage(result.stages[stageName], stageValue, fields, report)
      }
    } else {
      report(['stages'], `stages must be a mapping with staging: and production:, not ${describe(top.stages)}`)
    }
  }

  // app names: defaults must fit, and the two stages need two apps
  if (pipeline === top.pipeline) {
    for (const stage of STAGE_NAMES) {
      const app = defaultAppName(pipeline, stage)
      if (!explicitApps.has(stage) && app.length > MAX_APP_NAME_LENGTH) {
        report(
          ['pipeline'],
          `pipeline "${pipeline}" makes the default ${stage} app name "${app}" ${app.length} characters long, over Heroku's ${MAX_APP_NAME_LENGTH}; shorten the pipeline name to at most ${MAX_APP_NAME_LENGTH - '-staging'.length} characters, or set stages.${stage}.app`,
        )
      }
    }
  }

  if (result.stages.staging.app === result.stages.production.app) {
    report(['stages', 'production', 'app'], `stages.production.app is ${result.stages.production.app}, the same app as staging; production and staging must be two apps`)
  }

  for (const domain of result.stages.production.domains) {
    const index = result.stages.staging.domains.indexOf(domain)
    if (index !== -1) report(['stages', 'staging', 'domains', index], `stages.staging.domains[${index}]: ${domain} is also a production domain; a hostname can belong to only one Heroku app`)
  }

  if (issues.length > 0) fail()
  return result
}

function readReviewApps(value: unknown, result: PipelineFile, fields: Fields, report: (keyPath: KeyPath, message: string) => void): void {
  if (value === undefined || value === null || value === false) return
  if (value === true) {
    result.reviewApps = {...DEFAULT_REVIEW_APPS}
    return
  }

  if (!isPlainObject(value)) {
    report(['review_apps'], `review_apps must be true, false, or a mapping (automatic:, destroy_stale:, stale_days:, wait_for_ci:), not ${describe(value)}`)
    return
  }

  reportUnknownKeys(value, REVIEW_APPS_KEYS, ['review_apps'], report, 'review_apps')
  const at = ['review_apps']
  const reviewApps = {
    automatic: fields.boolean(value, 'automatic', at) ?? DEFAULT_REVIEW_APPS.automatic,
    destroyStale: fields.boolean(value, 'destroy_stale', at) ?? DEFAULT_REVIEW_APPS.destroyStale,
    staleDays: DEFAULT_REVIEW_APPS.staleDays as number,
    waitForCi: fields.boolean(value, 'wait_for_ci', at) ?? DEFAULT_REVIEW_APPS.waitForCi,
  }
  if (value.stale_days !== undefined) {
    if (typeof value.stale_days === 'number' && Number.isInteger(value.stale_days) && value.stale_days >= 1 && value.stale_days <= 30) reviewApps.staleDays = value.stale_days
    else report([...at, 'stale_days'], `review_apps.stale_days must be a whole number of days from 1 to 30 (Heroku's range), not ${describe(value.stale_days)}`)
  }

  result.reviewApps = reviewApps
}

function readStage(stage: StageDecl, value: Record<string, unknown>, fields: Fields, report: (keyPath: KeyPath, message: string) => void): void {
  const at = ['stages', stage.name]
  const name = (key: string): string => formatPath([...at, key])
  reportUnknownKeys(value, STAGE_KEYS, at, report, 'stage')

  const app = fields.string(value, 'app', at)
  if (app !== undefined) {
    const problem = appNameProblem(app)
    if (problem) report([...at, 'app'], `${name('app')}: ${problem}`)
    else stage.app = app
  }

  const config = fields.string(value, 'config', at)
  if (config !== undefined) {
    const normalised = path.posix.normalize(config.replaceAll('\\', '/'))
    if (path.isAbsolute(config) || path.posix.isAbsolute(normalised) || normalised === '..' || normalised.startsWith('../')) {
      report([...at, 'config'], `${name('config')}: "${config}" must be a dotenv file inside the repository, relative to it (e.g. .env.${stage.name})`)
    } else if (config.trim() === '') {
      report([...at, 'config'], `${name('config')} is empty; write the dotenv file, e.g. .env.${stage.name}`)
    } else {
      stage.config = config
    }
  }

  if (value.formation !== undefined) stage.formation = value.formation === null ? {} : readFormation(value.formation, [...at, 'formation'], report, true)
  if (value.addons !== undefined) stage.addons = value.addons === null ? [] : readAddons(value.addons, [...at, 'addons'], report, true)

  if (value.auto_deploy !== undefined && value.auto_deploy !== null) {
    if (stage.name === 'production') {
      if (value.auto_deploy !== false) {
        report([...at, 'auto_deploy'], `${name('auto_deploy')}: production never auto-deploys, it changes only by promotion from staging (heroku pipelines:promote); remove this key`)
      }
    } else if (value.auto_deploy === false) {
      delete stage.autoDeploy
    } else if (value.auto_deploy === true) {
      stage.autoDeploy = 'main'
    } else if (typeof value.auto_deploy === 'string' && isBranchName(value.auto_deploy)) {
      stage.autoDeploy = value.auto_deploy
    } else {
      report([...at, 'auto_deploy'], `${name('auto_deploy')} must be a branch name such as main (or false for no automatic deploys), not ${describe(value.auto_deploy)}`)
    }
  }

  const domains = fields.stringList(value, 'domains', at, 'hostnames such as www.example.com')
  if (domains) {
    for (const [index, domain] of domains.entries()) {
      const keyPath = [...at, 'domains', index]
      const problem = hostnameProblem(domain)
      if (problem) {
        report(keyPath, `${formatPath(keyPath)}: ${problem}`)
        continue
      }

      const hostname = domain.toLowerCase().replace(/\.$/, '')
      const first = stage.domains.indexOf(hostname)
      if (first === -1) stage.domains.push(hostname)
      else report(keyPath, `${formatPath(keyPath)}: ${hostname} is listed twice; remove one`)
    }
  }

  stage.acm = fields.boolean(value, 'acm', at) ?? stage.domains.length > 0

  if (value.backups !== undefined && value.backups !== null) {
    const backups = readBackups(value.backups, [...at, 'backups'], fields, report)
    if (backups) {
      stage.backups = backups
      if (!stage.addons.some(addon => addon.service === 'heroku-postgresql')) {
        report([...at, 'backups'], `${name('backups')}: the ${stage.name} stage has no heroku-postgresql add-on to back up; add one to ${value.addons === undefined ? "app.json's addons" : name('addons')} or remove backups`)
      }
    }
  }

  const drains = fields.stringList(value, 'drains', at, 'drain URLs such as syslog+tls://logs.example.com:6514, or ${NAME} to read the URL from the stage\'s config file or the environment')
  if (drains) {
    for (const [index, drain] of drains.entries()) {
      const keyPath = [...at, 'drains', index]
      // `${NAME}`: the URL is in the stage's config file or the environment (drain-references.ts)
      const problem = drainReferenceName(drain) === undefined ? drainProblem(drain) : undefined
      if (problem) report(keyPath, `${formatPath(keyPath)}: ${problem}`)
      else if (stage.drains.includes(drain)) report(keyPath, `${formatPath(keyPath)}: this drain is listed twice; remove one`)
      else stage.drains.push(drain)
    }
  }

  const preboot = fields.boolean(value, 'preboot', at)
  if (preboot !== undefined) stage.preboot = preboot
}

function readBackups(value: unknown, at: KeyPath, fields: Fields, report: (keyPath: KeyPath, message: string) => void): StageDecl['backups'] {
  const name = formatPath(at)
  if (!isPlainObject(value)) {
    report(at, `${name} must be a mapping like {at: "02:00", timezone: Europe/Berlin}, not ${describe(value)}`)
    return undefined
  }

  reportUnknownKeys(value, BACKUPS_KEYS, at, report, 'backups')
  if (value.at === undefined || value.at === null) {
    report(at, `${name}.at is required: the hour of the daily backup, e.g. at: "02:00"`)
    return undefined
  }

  if (typeof value.at === 'number') {
    report([...at, 'at'], `${name}.at must be a time of day "HH:00" in quotes, e.g. at: "${String(value.at).padStart(2, '0')}:00"`)
    return undefined
  }

  if (typeof value.at !== 'string') {
    report([...at, 'at'], `${name}.at must be a time of day "HH:00", not ${describe(value.at)}`)
    return undefined
  }

  const match = /^(\d{1,2}):(\d{2})(?:\s+(\S+))?$/.exec(value.at.trim())
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) {
    report([...at, 'at'], `${name}.at: "${value.at}" is not a time of day; write "HH:00" with HH from 00 to 23, e.g. "02:00"`)
    return undefined
  }

  const hour = Number(match[1])
  if (match[2] !== '00') {
    report([...at, 'at'], `${name}.at: "${value.at}" is not on the hour; Heroku schedules backups on the hour only, so write "${String(hour).padStart(2, '0')}:00"`)
    return undefined
  }

  const timezoneKey = fields.string(value, 'timezone', at)
  if (match[3] !== undefined && timezoneKey !== undefined) {
    report([...at, 'at'], `${name}.at names the time zone ${match[3]} and ${name}.timezone names ${timezoneKey}; keep only timezone`)
    return undefined
  }

  const timezone = timezoneKey ?? match[3] ?? 'UTC'
  const problem = timezoneProblem(timezone)
  if (problem) {
    report(timezoneKey === undefined ? [...at, 'at'] : [...at, 'timezone'], `${name}.timezone: ${problem}`)
    return undefined
  }

  return {hour, timezone}
}

// ---------------------------------------------------------------- values

let timeZones: Set<string> | undefined

/** Why a time zone is not an IANA name Heroku accepts, or undefined. */
export function timezoneProblem(timezone: string): string | undefined {
  timeZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC'])
  if (timeZones.has(timezone)) return undefined
  // aliases Intl resolves (US/Pacific, Europe/Kiev) are IANA names too
  if (/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+$/.test(timezone)) {
    try {
      new Intl.DateTimeFormat('en-US', {timeZone: timezone}) // eslint-disable-line no-new -- constructed only to see whether it throws for this time zone
      return undefined
    } catch {}
  }

  const near = closest(timezone, [...timeZones])
  return `"${timezone}" is not an IANA time zone name; write one such as UTC, Europe/Berlin or America/New_York${near ? ` (did you mean ${near}?)` : ''}`
}

function isBranchName(branch: string): boolean {
  return branch !== '' && !/[\s~^:?*[\\]|\.\.|@\{|^[-/]|\/$|\.lock$|^@$|\/\//.test(branch) && !branch.endsWith('.')
}

/** Why a custom domain is not a hostname Heroku can serve, or undefined. */
export function hostnameProblem(domain: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(domain)) {
    const host = domain.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/:?#]/)[0]
    return `"${domain}" is a URL; write only the hostname: ${host}`
  }

  if (/[/:?#@\s]/.test(domain)) return `"${domain}" must be a bare hostname such as www.example.com (no path, port or spaces)`
  const hostname = domain.toLowerCase().replace(/\.$/, '')
  if (hostname.length > 253) return `"${domain}" is longer than 253 characters`
  if (/\.herokuapp\.com$|\.herokudns\.com$/.test(hostname)) return `${hostname} is a Heroku domain; every app already has its herokuapp.com domain, so list only your own domains`
  const labels = hostname.split('.')
  if (labels.length < 2) return `"${domain}" is not a fully qualified hostname; write it with its domain, e.g. www.example.com`
  if (labels.every(label => /^\d+$/.test(label))) return `"${domain}" is an IP address; custom domains must be hostnames that point (CNAME) to Heroku`
  for (const [index, label] of labels.entries()) {
    if (index === 0 && label === '*') continue
    if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label)) {
      return `"${domain}" is not a valid hostname: each part between dots must be 1 to 63 letters, digits or dashes, not starting or ending with a dash`
    }
  }

  if (!/^[a-z][a-z0-9-]*[a-z0-9]$|^xn--[a-z0-9-]+$/.test(labels.at(-1)!)) return `"${domain}" does not end in a valid top-level domain`
  return undefined
}

function tooDeep(file: string): KitError {
  return new KitError(`${file} is nested deeper than ${MAX_MANIFEST_DEPTH} levels; a real one is a few levels deep. Nothing was sent.`, {code: 'manifest_too_deep', suggestion: `Check ${file}.`})
}

/** How deeply a parsed value nests (iterative: a hostile value can't overflow the stack here). */
function depthOf(value: unknown): number {
  let deepest = 0
  const stack: Array<[unknown, number]> = [[value, 0]]
  const seen = new Set<unknown>()
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!
    if (!item || typeof item !== 'object' || seen.has(item)) continue
    seen.add(item)
    deepest = Math.max(deepest, depth + 1)
    if (deepest > MAX_MANIFEST_DEPTH) return deepest
    for (const child of Object.values(item)) stack.push([child, depth + 1])
  }

  return deepest
}

/** A drain declared as `${NAME}`: its URL comes from the stage's config file or the environment, not from this file. */
/** Why a drain URL is not one Heroku can send logs to, or undefined. */
export function drainProblem(drain: string): string | undefined {
  let url: URL
  try {
    url = new URL(drain)
  } catch {
    return `"${maskUrl(drain)}" is not a URL; write syslog+tls://host:port, syslog://host:port or https://host/path`
  }

  if (url.protocol === 'http:') return `${maskUrl(drain)} sends logs unencrypted; use https:// (or syslog+tls://)`
  if (!DRAIN_PROTOCOLS.includes(url.protocol)) return `${maskUrl(drain)}: Heroku drains use syslog+tls://, syslog:// or https://, not ${url.protocol}//`
  if (url.hostname === '') return `${maskUrl(drain)} has no host`
  if (url.protocol !== 'https:' && url.port === '') return `${maskUrl(drain)} has no port; syslog drains need host:port (e.g. logs.example.com:6514)`
  return undefined
}

function yamlErrorMessage(code: string, message: string, rest: string, column: number): string {
  switch (code) {
    case 'DUPLICATE_KEY': {
      const key = /^[^:\n]*/.exec(rest)![0].trim()
      return `the key ${key} appears twice in the same mapping; keep one`
    }

    case 'TAB_AS_INDENT': {
      return 'YAML indentation must use spaces, not tabs'
    }

    default: {
      return `invalid YAML at column ${column}: ${message}`
    }
  }
}

/** Line of a key path in the YAML document: a key's line for mapping members, the item's line for list items. */
function yamlLineOf(doc: Document, lineCounter: LineCounter, keyPath: KeyPath): number {
  let node: unknown = doc.contents
  let line = isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : 1
  for (const segment of keyPath) {
    if (isAlias(node)) node = node.resolve(doc)
    if (isMap(node)) {
      const pair = node.items.find(item => (isScalar(item.key) ? String(item.key.value) : String(item.key)) === String(segment))
      if (!pair) break
      if (isNode(pair.key) && pair.key.range) line = lineCounter.linePos(pair.key.range[0]).line
      node = pair.value
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment]
      if (!isNode(item) || !item.range) break
      line = lineCounter.linePos(item.range[0]).line
      node = item
    } else {
      break
    }
  }

  return line
}

/** Typed field readers that report `key must be ..., not ...`. */
class Fields {
  constructor(private readonly report: (keyPath: KeyPath, message: string) => void) {}

  boolean(object: Record<string, unknown>, key: string, at: KeyPath): boolean | undefined {
    const value = object[key]
    if (value === undefined || value === null) return undefined
    if (typeof value === 'boolean') return value
    let hint = ''
    if (typeof value === 'string' && /^(?:true|false)$/i.test(value)) hint = ` (remove the quotes: ${value.toLowerCase()})`
    else if (typeof value === 'string' && /^(?:yes|no|on|off|y|n)$/i.test(value)) hint = ` (YAML 1.2 reads ${value} as text; write ${/^(?:yes|on|y)$/i.test(value) ? 'true' : 'false'})`
    this.report([...at, key], `${formatPath([...at, key])} must be true or false, not ${describe(value)}${hint}`)
    return undefined
  }

  string(object: Record<string, unknown>, key: string, at: KeyPath): string | undefined {
    const value = object[key]
    if (value === undefined || value === null) return undefined
    if (typeof value === 'string') return value
    this.report([...at, key], `${formatPath([...at, key])} must be text, not ${describe(value)}${typeof value === 'number' ? ` (quote it: "${value}")` : ''}`)
    return undefined
  }

  stringList(object: Record<string, unknown>, key: string, at: KeyPath, what: string): string[] | undefined {
    const value = object[key]
    if (value === undefined || value === null) return undefined
    if (typeof value === 'string') {
      this.report([...at, key], `${formatPath([...at, key])} must be a list of ${what}; write it as a list: [${value}]`)
      return undefined
    }

    if (!Array.isArray(value)) {
      this.report([...at, key], `${formatPath([...at, key])} must be a list of ${what}, not ${describe(value)}`)
      return undefined
    }

    const strings: string[] = []
    for (const [index, item] of value.entries()) {
      if (typeof item === 'string') strings.push(item)
      else this.report([...at, key, index], `${formatPath([...at, key, index])} must be text, not ${describe(item)}`)
    }

    return strings.length === value.length ? strings : undefined
  }
}
