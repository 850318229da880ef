import {FRAMEWORK_LABELS, type Detection} from '../types.js'
import {addonsFor, formationFor} from './addons.js'
import {block, render} from './render.js'

export interface PipelineContext {
  pipeline: string
  stagingApp: string
  productionApp: string
  /** GitHub owner/name, when the git remote names one */
  repo?: string
}

function flowFormation(formation: Record<string, {quantity: number; size: string}>, indent: string): string[] {
  return Object.entries(formation).map(([type, {quantity, size}]) => `${indent}${type}: {quantity: ${quantity}, size: ${size}}`)
}

function flowAddons(addons: Array<{plan: string; as?: string}>, indent: string): string[] {
  return addons.map(a => `${indent}- {plan: ${JSON.stringify(a.plan)}${a.as ? `, as: ${a.as}` : ''}}`)
}

/** heroku-kit.yml: the pipeline, both stages (app, config file, formation, add-ons), production backups and preboot, review apps. */
export function pipelineFile(detection: Detection, context: PipelineContext): string {
  return render('pipeline/heroku-kit.yml', {
    FRAMEWORK: FRAMEWORK_LABELS[detection.framework],
    PIPELINE: context.pipeline,
    REPO: context.repo ? block([`repo: ${context.repo}`]) : render('pipeline/repo-unknown.yml'),
    HEALTH_PATH: detection.healthPath,
    STAGING_APP: context.stagingApp,
    STAGING_FORMATION: block(flowFormation(formationFor(detection, 'staging'), '      ')),
    STAGING_ADDONS: block(flowAddons(addonsFor(detection, 'staging'), '      ')),
    PRODUCTION_APP: context.productionApp,
    PRODUCTION_FORMATION: block(flowFormation(formationFor(detection, 'production'), '      ')),
    PRODUCTION_ADDONS: block(flowAddons(addonsFor(detection, 'production'), '      ')),
    BACKUPS: detection.database ? render('pipeline/backups.yml') : '',
  })
}
