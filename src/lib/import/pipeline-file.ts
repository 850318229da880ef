/**
 * heroku-kit.yml as kit:import writes it. A new file is written whole; an existing one is edited in place through
 * the YAML document (its comments, key order and the keys import does not manage — health_path, a stage's
 * config — are kept): only the keys that describe what runs are set.
 */
import {Document, isMap, parseDocument} from 'yaml'

import type {StageYaml} from '../bootstrap/export/index.js'
import {KitError} from '../errors.js'
import {PIPELINE_FILE} from '../manifest/pipeline-file.js'
import type {StageName} from '../manifest/types.js'

export interface PipelineYaml {
  pipeline: string
  team?: string
  region?: string
  repo?: string
  review_apps?: {automatic: boolean; destroy_stale: boolean; stale_days: number; wait_for_ci: boolean}
  stages: Partial<Record<StageName, StageYaml>>
}

/** Top-level keys import owns: set when live has them, removed when it doesn't. */
const OWNED_TOP = ['team', 'region', 'repo', 'review_apps'] as const

const HEADER = [
  ' heroku-kit.yml: the pipeline this repository deploys to (heroku kit:bootstrap reads it).',
  ' Written by heroku kit:import from what runs on Heroku; `heroku kit:bootstrap --dry-run` shows no change.',
].join('\n')

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}

export function composePipelineFile(spec: PipelineYaml, existing?: string): string {
  if (existing === undefined || existing.trim() === '') {
    const stages: Record<string, StageYaml> = {}
    for (const name of ['staging', 'production'] as const) if (spec.stages[name]) stages[name] = withoutUndefined(spec.stages[name]!)
    const doc = new Document(withoutUndefined({...spec, stages}))
    doc.commentBefore = HEADER
    return doc.toString({lineWidth: 0})
  }

  const doc = parseDocument(existing)
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    throw new KitError(`${PIPELINE_FILE} exists but is not a YAML mapping kit:import can update${doc.errors[0] ? ` (${doc.errors[0].message.split('\n')[0]})` : ''}. Nothing was written.`, {code: 'invalid_pipeline_file', suggestion: `Fix or move ${PIPELINE_FILE}, then run kit:import again.`})
  }

  doc.set('pipeline', spec.pipeline)
  for (const key of OWNED_TOP) {
    if (spec[key] === undefined) doc.delete(key)
    else doc.set(key, spec[key])
  }

  for (const name of ['staging', 'production'] as const) {
    const stage = spec.stages[name]
    if (!stage) continue
    if (!isMap(doc.getIn(['stages', name]))) doc.setIn(['stages', name], {})
    for (const [key, value] of Object.entries(stage)) {
      if (value === undefined) doc.deleteIn(['stages', name, key])
      else doc.setIn(['stages', name, key], value)
    }
  }

  return doc.toString({lineWidth: 0})
}
