/**
 * kit:import's export: each resource kit:bootstrap manages written back as the heroku-kit.yml / app.json
 * declaration that makes its plan step `unchanged`. Each resource exports itself in its module (resources/), next to
 * how it is read, planned and applied; registry.ts orders the stage exporters.
 */
import type {AddonAttachment} from '../api/heroku-api.js'
import type {StageName} from '../manifest/types.js'
import type {CurrentStage} from './current.js'
import {STAGE_EXPORTERS, type StageYaml} from './registry.js'

/** Something that runs but that heroku-kit.yml can't declare: listed by kit:import, never dropped silently. */
export interface Unmanaged {
  scope: StageName | 'pipeline'
  what: string
  why: string
}

/** One stage app as read live (GET only). */
export interface ExportStageInput {
  name: StageName
  current: CurrentStage
  attachments: AddonAttachment[]
}

/** A stage of heroku-kit.yml, with the file's own key names: each resource's exporter writes its keys (registry.ts joins them). */
export type {StageYaml} from './registry.js'

export interface StageExport {
  fields: StageYaml
  unmanaged: Unmanaged[]
  /** values that belong in the stage's git-ignored dotenv file, not in a committed file (drain credentials) */
  secrets?: Record<string, string>
}

/** A stage app's declaration in heroku-kit.yml: the fields of every resource, what can't be declared, and the secrets. */
export function exportStage(input: ExportStageInput): StageExport {
  const result: StageExport = {fields: {}, unmanaged: [], secrets: {}}
  for (const exporter of STAGE_EXPORTERS) {
    const part = exporter(input)
    Object.assign(result.fields, part.fields)
    result.unmanaged.push(...part.unmanaged)
    Object.assign(result.secrets!, part.secrets ?? {})
  }

  return result
}
