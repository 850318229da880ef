/** heroku-kit.yml `stages:`: staging and production, each with its app, config file, formation, add-ons and settings. */
import path from 'node:path'

import {closest, describe, formatPath, isPlainObject, type KeyPath, parseAddonDecls, parseFormationDecl, type Report, reportUnknownKeys} from '../common.js'
import {drainReferenceName, runnerCredentialProblem} from '../drain-references.js'
import type {PipelineFile, StageDecl, StageName} from '../types.js'
import type {Fields} from './fields.js'
import {appNameProblem, STAGE_NAMES} from './names.js'
import {drainProblem, hostnameProblem, isBranchName, timezoneProblem} from './values.js'

const STAGE_KEYS = ['app', 'config', 'formation', 'addons', 'auto_deploy', 'domains', 'acm', 'backups', 'drains', 'preboot'] as const
const BACKUPS_KEYS = ['at', 'timezone'] as const
const STAGE_ALIASES: Record<string, StageName> = {live: 'production', prd: 'production', prod: 'production', stage: 'staging', stg: 'staging'}

/**
 * Reads `stages:` into `result.stages` (which hold the defaults); returns the stages that name their app
 * (`stages.<stage>.app`), whose default app name need not fit.
 */
export function readStages(value: unknown, result: PipelineFile, fields: Fields, report: Report): Set<StageName> {
  const explicitApps = new Set<StageName>()
  if (value !== undefined && value !== null) {
    if (isPlainObject(value)) {
      for (const [name, stageValue] of Object.entries(value)) {
        if (!(STAGE_NAMES as readonly string[]).includes(name)) {
          const near = STAGE_ALIASES[name.toLowerCase()] ?? closest(name, STAGE_NAMES)
          report(
            ['stages', name],
            `stages.${name} is not a stage: a pipeline file declares staging and production${near ? ` (did you mean ${near}?)` : ''}` +
              (name.toLowerCase().startsWith('review') ? '; review apps are set with review_apps: here and environments.review in app.json' : ''),
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
      report(['stages'], `stages must be a mapping with staging: and production:, not ${describe(value)}`)
    }
  }

  return explicitApps
}

function readStage(stage: StageDecl, value: Record<string, unknown>, fields: Fields, report: Report): void {
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

  if (value.formation !== undefined) stage.formation = value.formation === null ? {} : parseFormationDecl(value.formation, [...at, 'formation'], report, true)
  if (value.addons !== undefined) stage.addons = value.addons === null ? [] : parseAddonDecls(value.addons, [...at, 'addons'], report, true)

  if (value.auto_deploy !== undefined && value.auto_deploy !== null) {
    if (stage.name === 'production') {
      if (value.auto_deploy !== false) {
        const message =
          `${name('auto_deploy')}: production never auto-deploys, ` + 'it changes only by promotion from staging (heroku pipelines:promote); remove this key'
        report([...at, 'auto_deploy'], message)
      }
    } else if (value.auto_deploy === false) {
      delete stage.autoDeploy
    } else if (value.auto_deploy === true) {
      stage.autoDeploy = 'main'
    } else if (typeof value.auto_deploy === 'string' && isBranchName(value.auto_deploy)) {
      stage.autoDeploy = value.auto_deploy
    } else {
      const message = `${name('auto_deploy')} must be a branch name such as main (or false for no automatic deploys), not ${describe(value.auto_deploy)}`
      report([...at, 'auto_deploy'], message)
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
        const addons = value.addons === undefined ? "app.json's addons" : name('addons')
        const message = `${name('backups')}: the ${stage.name} stage has no heroku-postgresql add-on to back up; add one to ${addons} or remove backups`
        report([...at, 'backups'], message)
      }
    }
  }

  const drainsWhat = "drain URLs such as syslog+tls://logs.example.com:6514, or ${NAME} to read the URL from the stage's config file or the environment"
  const drains = fields.stringList(value, 'drains', at, drainsWhat)
  if (drains) {
    for (const [index, drain] of drains.entries()) {
      const keyPath = [...at, 'drains', index]
      // `${NAME}`: the URL is in the stage's config file or the environment (drain-references.ts)
      const reference = drainReferenceName(drain)
      const problem = reference === undefined ? drainProblem(drain) : runnerCredentialProblem(reference)
      if (problem) report(keyPath, `${formatPath(keyPath)}: ${problem}`)
      else if (stage.drains.includes(drain)) report(keyPath, `${formatPath(keyPath)}: this drain is listed twice; remove one`)
      else stage.drains.push(drain)
    }
  }

  const preboot = fields.boolean(value, 'preboot', at)
  if (preboot !== undefined) stage.preboot = preboot
}

function readBackups(value: unknown, at: KeyPath, fields: Fields, report: Report): StageDecl['backups'] {
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
    const onTheHour = `${String(hour).padStart(2, '0')}:00`
    report([...at, 'at'], `${name}.at: "${value.at}" is not on the hour; Heroku schedules backups on the hour only, so write "${onTheHour}"`)
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
