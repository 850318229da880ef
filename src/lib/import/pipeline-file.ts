/**
 * heroku-kit.yml as kit:import writes it. A new file is written whole; an existing one is edited in place through
 * the YAML document (its comments, key order and the keys import does not manage — health_path, a stage's
 * config — are kept): only the keys that describe what runs are set.
 */
import {isDeepStrictEqual} from 'node:util'

import {Document, isMap, isNode, isPair, isScalar, parseDocument, Scalar, visit} from 'yaml'

import type {StageYaml} from '../converge/export.js'
import {KitError} from '../errors.js'
import {PIPELINE_FILE} from '../manifest/pipeline-file/index.js'
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

/** `at: "02:00"` in quotes: YAML 1.1 readers take an unquoted 02:00 for the number 120. */
function quoteTimes(doc: Document): void {
  visit(doc, {
    Pair(_, pair) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === 'at' && isScalar(pair.value) && typeof pair.value.value === 'string')
        pair.value.type = Scalar.QUOTE_DOUBLE
    },
  })
}

/** Sets a key only when its value changes, so a file that already says it keeps its style (flow or block, quotes). */
function setIfChanged(doc: Document, keyPath: string[], value: unknown): boolean {
  const node = doc.getIn(keyPath, true)
  const current = isNode(node) ? node.toJS(doc) : node
  if (isDeepStrictEqual(current, value)) return false
  doc.setIn(keyPath, doc.createNode(value))
  return true
}

function deleteIfPresent(doc: Document, keyPath: string[]): boolean {
  if (!doc.hasIn(keyPath)) return false
  doc.deleteIn(keyPath)
  return true
}

export function composePipelineFile(spec: PipelineYaml, existing?: string): string {
  if (existing === undefined || existing.trim() === '') {
    const stages: Record<string, StageYaml> = {}
    for (const name of ['staging', 'production'] as const) if (spec.stages[name]) stages[name] = withoutUndefined(spec.stages[name]!)
    const doc = new Document(withoutUndefined({...spec, stages}))
    doc.commentBefore = HEADER
    quoteTimes(doc)
    return doc.toString({lineWidth: 0})
  }

  const doc = parseDocument(existing)
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    throw new KitError(
      `${PIPELINE_FILE} exists but is not a YAML mapping kit:import can update${doc.errors[0] ? ` (${doc.errors[0].message.split('\n')[0]})` : ''}. Nothing was written.`,
      {code: 'invalid_pipeline_file', suggestion: `Fix or move ${PIPELINE_FILE}, then run kit:import again.`},
    )
  }

  // the text is re-rendered only when something changes (rendering normalises the user's spacing)
  let changed = setIfChanged(doc, ['pipeline'], spec.pipeline)
  for (const key of OWNED_TOP) {
    changed = (spec[key] === undefined ? deleteIfPresent(doc, [key]) : setIfChanged(doc, [key], spec[key])) || changed
  }

  for (const name of ['staging', 'production'] as const) {
    const stage = spec.stages[name]
    if (!stage) continue
    if (!isMap(doc.getIn(['stages', name]))) {
      doc.setIn(['stages', name], doc.createNode({}))
      changed = true
    }

    for (const [key, value] of Object.entries(stage)) {
      changed = (value === undefined ? deleteIfPresent(doc, ['stages', name, key]) : setIfChanged(doc, ['stages', name, key], value)) || changed
    }
  }

  if (!changed) return existing
  quoteTimes(doc)
  return doc.toString({lineWidth: 0})
}
