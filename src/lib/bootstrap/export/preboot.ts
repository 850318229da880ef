import type {ExportStageInput, StageExport} from './types.js'

export function exportPreboot({current}: ExportStageInput): StageExport {
  return {fields: {preboot: current.preboot === true}, unmanaged: []}
}
