/** heroku-kit.yml `stages:`: staging and production, each with the keys of the resources (converge/resources/) under it. */
import {RESOURCES, STAGE_KEYS} from '../../converge/registry.js'
import {closest, describe, formatPath, isPlainObject, type Report, reportUnknownKeys} from '../common.js'
import type {PipelineFile, StageDecl, StageName} from '../types.js'
import type {Fields} from './fields.js'
import {STAGE_NAMES} from './names.js'

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

/**
 * Keys a user may write under a stage that heroku-kit reads elsewhere, and where: the message says so instead of
 * listing the known keys. Buildpacks: app.json on Cedar; on Fir, Cloud Native Buildpacks in project.toml
 * ([doc] devcenter "managing-buildpacks"; Fir refuses classic buildpacks).
 */
const READ_ELSEWHERE: Record<string, string> = {
  buildpacks:
    "buildpacks are not declared in heroku-kit.yml: a Cedar app's come from app.json (buildpacks); a Fir stage (space: of the Fir generation) builds with Cloud Native Buildpacks named in project.toml (kit:init --generation fir writes one)",
  stack: 'the stack is not declared in heroku-kit.yml: it comes from app.json (stack) or, for containers, heroku.yml; a Fir app has no stack',
}

/** Each resource reads its own keys (converge/registry.ts), in registry order: acm after domains, backups after addons. */
function readStage(stage: StageDecl, value: Record<string, unknown>, fields: Fields, report: Report): void {
  const at = ['stages', stage.name]
  const elsewhere = Object.keys(value).filter(key => Object.hasOwn(READ_ELSEWHERE, key))
  for (const key of elsewhere) report([...at, key], `${formatPath([...at, key])}: ${READ_ELSEWHERE[key]}`)
  const rest = Object.fromEntries(Object.entries(value).filter(([key]) => !elsewhere.includes(key)))
  reportUnknownKeys(rest, STAGE_KEYS, at, report, 'stage')
  for (const resource of RESOURCES) resource.stage?.parse?.({stage, value, at, fields, report})
}

/** Problems between the two stages, once both are read: each resource's own (`stage.across`). */
export function readAcrossStages(stages: Record<StageName, StageDecl>, report: Report): void {
  for (const resource of RESOURCES) resource.stage?.across?.(stages, report)
}
