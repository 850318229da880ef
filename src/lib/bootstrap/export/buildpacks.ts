import type {StageName} from '../../manifest/types.js'
import type {ExportStageInput, Unmanaged} from './types.js'

/**
 * app.json's buildpacks: one list for both stages (planBuildpacks compares each stage with it). Taken from
 * production (else staging); a stage that runs other buildpacks is listed.
 */
export function exportBuildpacks(stages: ExportStageInput[]): {buildpacks: string[]; unmanaged: Unmanaged[]} {
  const source = stages.find(s => s.name === 'production') ?? stages[0]
  if (!source) return {buildpacks: [], unmanaged: []}
  const buildpacks = source.current.buildpacks
  const unmanaged: Unmanaged[] = []
  for (const stage of stages.filter(s => s !== source)) {
    if (stage.current.buildpacks.join('\n') !== buildpacks.join('\n')) {
      unmanaged.push({scope: stage.name as StageName,
        what: `buildpacks ${stage.current.buildpacks.join(', ') || '(auto-detected)'}`,
        why: `app.json declares one list for both stages (${source.name}'s: ${buildpacks.join(', ') || 'auto-detected'}); kit:bootstrap would set it`})
    }
  }

  return {buildpacks, unmanaged}
}
