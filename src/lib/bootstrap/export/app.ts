import type {ExportStageInput, StageExport} from './types.js'

export function exportApp({current}: ExportStageInput): StageExport {
  return {fields: {app: current.app!.name}, unmanaged: []}
}
