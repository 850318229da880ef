import {exportAddons} from './addons.js'
import {exportApp} from './app.js'
import {exportAutoDeploy} from './auto-deploy.js'
import {exportBackups} from './backups.js'
import {exportDomains} from './domains.js'
import {exportDrains} from './drains.js'
import {exportFormation} from './formation.js'
import {exportPreboot} from './preboot.js'
import type {ExportStageInput, StageExport} from './types.js'

export {exportBuildpacks} from './buildpacks.js'
export {exportConfigKeys} from './config.js'
export {exportReviewApps} from './review-apps.js'
export type {ExportStageInput, StageExport, StageYaml, Unmanaged} from './types.js'

/** Every stage resource, in heroku-kit.yml's key order. */
const STAGE_EXPORTS = [exportApp, exportFormation, exportAddons, exportAutoDeploy, exportDomains, exportBackups, exportDrains, exportPreboot]

/** A stage app's declaration in heroku-kit.yml: the fields of every resource, what can't be declared, and the secrets. */
export function exportStage(input: ExportStageInput): StageExport {
  const result: StageExport = {fields: {}, unmanaged: [], secrets: {}}
  for (const exporter of STAGE_EXPORTS) {
    const part = exporter(input)
    Object.assign(result.fields, part.fields)
    result.unmanaged.push(...part.unmanaged)
    Object.assign(result.secrets!, part.secrets ?? {})
  }

  return result
}
