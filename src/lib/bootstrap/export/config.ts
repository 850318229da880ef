import type {ExportStageInput} from './types.js'

/** The config var keys the apps themselves set (not add-on owned): app.json declares them, without values. */
export function exportConfigKeys(stages: ExportStageInput[]): string[] {
  const keys = new Set<string>()
  for (const {current} of stages) {
    for (const key of Object.keys(current.config)) if (!current.owned.has(key)) keys.add(key)
  }

  return [...keys].sort()
}
