/** Daily Postgres backups of a stage's primary database (Data API schedules): created or moved in place. */
import type {TransferSchedule} from '../../api/data-api.js'
import {KitError} from '../../errors.js'
import {describe, formatPath, isPlainObject, type KeyPath, type Report, reportUnknownKeys} from '../../manifest/common.js'
import type {Fields} from '../../manifest/pipeline-file/fields.js'
import {timezoneProblem} from '../../manifest/pipeline-file/values.js'
import type {StageName} from '../../manifest/types.js'
import type {CurrentStage} from '../current.js'
import {addonKey, type DesiredStage} from '../desired.js'
import type {ExportStageInput, StageExport} from '../export.js'
import {type Applier, type FollowUpReader, type OperationShape, type Resource, type StageFields, step} from '../resource.js'
import {createOnce} from '../run-context.js'
import type {Step} from '../types.js'
import {primaryDatabase, waitForAddon} from './addons.js'

/** `backups: {at: "HH:00", timezone}`: the daily schedule of the stage's primary database (Data API). */
export type BackupsStage = {
  declared: {backups?: {hour: number; timezone: string}}
  desired: {backups?: {hour: number; timezone: string}}
  /** backup schedules of the stage's primary database, when it exists and is provisioned */
  current: {schedules?: TransferSchedule[]}
  yaml: {backups?: {at: string; timezone: string}}
}

const BACKUPS_KEYS = ['at', 'timezone'] as const

export type BackupsOperation = {kind: 'schedule-backups'; stage: StageName; app: string; hour: number; timezone: string; scheduleName: string}

/** The schedules of the stage's primary database, once the add-ons are read and only when it is provisioned. */
export const readBackups: FollowUpReader = async (clients, stage) => {
  const database = primaryDatabase(stage.addons)
  return {schedules: database && database.state === 'provisioned' ? await clients.data.listSchedules(database.id) : undefined}
}

/** Waits for the step that creates the declared database, when it is one of `addonSteps`. */
export function planBackups(stage: DesiredStage, cur: CurrentStage, addonSteps: Array<Step<OperationShape>>): Array<Step<BackupsOperation>> {
  if (!stage.backups) return []
  const id = `${stage.name}.backups`
  const {hour, timezone} = stage.backups
  const when = `${String(hour).padStart(2, '0')}:00 ${timezone}`
  const declared =
    stage.addons.find(a => a.service === 'heroku-postgresql' && (a.as ?? 'DATABASE') === 'DATABASE') ??
    stage.addons.find(a => a.service === 'heroku-postgresql')
  const dbStepId = declared ? `${stage.name}.addon.${addonKey(declared)}` : undefined
  const dependsOn = [`${stage.name}.app`, ...addonSteps.filter(s => s.id === dbStepId).map(s => s.id)]
  const database = primaryDatabase(cur.addons)
  if (!database && !stage.addons.some(a => a.service === 'heroku-postgresql')) {
    return [
      step({
        id,
        group: stage.name,
        resource: 'backups',
        action: 'manual',
        summary: `backups at ${when} need a heroku-postgresql add-on, and ${stage.name} declares none`,
        dependsOn,
      }),
    ]
  }

  const existing = cur.schedules?.find(s => s.name === 'DATABASE_URL') ?? cur.schedules?.[0]
  if (existing && Number(existing.hour) === hour && existing.timezone === timezone) {
    return [step({id, group: stage.name, resource: 'backups', action: 'unchanged', summary: `Postgres backups daily at ${when}`, dependsOn})]
  }

  // One POST under the existing schedule's name changes it in place (the Data API keeps one schedule per name):
  // never a delete and a create, so there is no moment without a schedule.
  return [
    step({
      id,
      group: stage.name,
      resource: 'backups',
      action: existing ? 'change' : 'create',
      summary: existing
        ? `move Postgres backups from ${String(existing.hour).padStart(2, '0')}:00 ${existing.timezone} to ${when}`
        : `schedule Postgres backups daily at ${when}`,
      dependsOn,
      operation: {kind: 'schedule-backups', stage: stage.name, app: stage.app, hour, timezone, scheduleName: existing?.name ?? 'DATABASE_URL'},
    }),
  ]
}

const scheduleBackups: Applier<BackupsOperation> = async (op, {clients, ctx, run, sleep}) => {
  const {heroku, data} = clients
  const addons = await heroku.listAddons(op.app)
  const database = primaryDatabase(addons)
  if (!database) throw new KitError(`${op.app} has no heroku-postgresql add-on to back up.`, {code: 'no_database'})
  const ready = await waitForAddon(clients, op.app, database, ctx, run)
  // one POST creates the schedule or changes the one of that name (see DataApi.putSchedule); never a delete first
  await createOnce(
    () => data.putSchedule(ready.id, {hour: op.hour, timezone: op.timezone, scheduleName: op.scheduleName}),
    async () => (await data.listSchedules(ready.id)).find(s => s.name === op.scheduleName && Number(s.hour) === op.hour && s.timezone === op.timezone),
    sleep,
  )
}

/** The primary database's daily backup schedule (the one planBackups compares); other schedules are listed. */
export function exportBackups({name, current}: ExportStageInput): StageExport {
  const schedules = current.schedules ?? []
  const primary = schedules.find(s => s.name === 'DATABASE_URL') ?? schedules[0]
  if (!primary) return {fields: {}, unmanaged: []}
  const unmanaged = schedules
    .filter(s => s !== primary)
    .map(s => ({
      scope: name,
      what: `backup schedule ${s.name} at ${s.hour}:00 ${s.timezone}`,
      why: 'heroku-kit.yml declares one schedule, for the primary database',
    }))
  return {fields: {backups: {at: `${String(Number(primary.hour)).padStart(2, '0')}:00`, timezone: primary.timezone}}, unmanaged}
}

function parseBackups(value: unknown, at: KeyPath, fields: Fields, report: Report): BackupsStage['declared']['backups'] {
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

const backupsStage: StageFields<BackupsStage> = {
  keys: ['backups'],
  defaults: () => ({}),
  none: () => ({}),
  parse({stage, value, at, fields, report}) {
    if (value.backups === undefined || value.backups === null) return
    const declared = parseBackups(value.backups, [...at, 'backups'], fields, report)
    if (!declared) return
    stage.backups = declared
    // after addons (registry order): the stage's add-ons, declared or app.json's
    if (!stage.addons.some(addon => addon.service === 'heroku-postgresql')) {
      const addons = value.addons === undefined ? "app.json's addons" : formatPath([...at, 'addons'])
      const message = `${formatPath([...at, 'backups'])}: the ${stage.name} stage has no heroku-postgresql add-on to back up; add one to ${addons} or remove backups`
      report([...at, 'backups'], message)
    }
  },
  desire: ({stage}) => ({backups: stage.backups}),
  unread: () => ({}),
}

export const backups: Resource<BackupsOperation, BackupsStage> = {
  name: 'backups',
  // the database's schedules (Data API), once the add-ons are read
  read: {followUp: readBackups, requests: 1},
  stage: backupsStage,
  plan: {
    stage: ({stage, cur, planned}) =>
      planBackups(
        stage,
        cur,
        planned.filter(s => s.resource === 'addon'),
      ),
  },
  apply: {'schedule-backups': scheduleBackups},
  cost: {'schedule-backups': 2},
  export: {stage: exportBackups},
}
