import type {ExportStageInput, StageExport} from './types.js'

/** The primary database's daily backup schedule (the one planBackups compares); other schedules are listed. */
export function exportBackups({name, current}: ExportStageInput): StageExport {
  const schedules = current.schedules ?? []
  const primary = schedules.find(s => s.name === 'DATABASE_URL') ?? schedules[0]
  if (!primary) return {fields: {}, unmanaged: []}
  const unmanaged = schedules.filter(s => s !== primary).map(s => ({scope: name, what: `backup schedule ${s.name} at ${s.hour}:00 ${s.timezone}`, why: 'heroku-kit.yml declares one schedule, for the primary database'}))
  return {fields: {backups: {at: `${String(Number(primary.hour)).padStart(2, '0')}:00`, timezone: primary.timezone}}, unmanaged}
}
