import type {ExportStageInput, StageExport} from './types.js'

/** The running formation, every process type with its quantity and size (compared case-insensitively by planFormation). */
export function exportFormation({current}: ExportStageInput): StageExport {
  const formation: NonNullable<StageExport['fields']['formation']> = {}
  for (const entry of [...current.formation].sort((a, b) => a.type.localeCompare(b.type))) {
    const size = (entry.dyno_size?.name ?? entry.size)?.toLowerCase()
    formation[entry.type] = size ? {quantity: entry.quantity, size} : {quantity: entry.quantity}
  }

  // `formation: {}` when nothing was deployed yet: an absent key would fall back to app.json's formation
  return {fields: {formation}, unmanaged: []}
}
