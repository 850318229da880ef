/** Daily Postgres backups of a stage's primary database (Data API schedules): created or moved in place. */
import {KitError} from '../../errors.js'
import type {StageName} from '../../manifest/types.js'
import type {CurrentStage} from '../current.js'
import {addonKey, type DesiredStage} from '../desired.js'
import type {ExportStageInput, StageExport} from '../export.js'
import {type Applier, type FollowUpReader, type OperationShape, type Resource, step} from '../resource.js'
import {createOnce} from '../run-context.js'
import type {Step} from '../types.js'
import {primaryDatabase, waitForAddon} from './addons.js'

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

export const backups: Resource<BackupsOperation> = {
  name: 'backups',
  read: {followUp: readBackups},
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
