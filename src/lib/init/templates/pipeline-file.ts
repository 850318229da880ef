import type {GenerationName} from '../../generation.js'
import {FRAMEWORK_LABELS, type Detection} from '../types.js'
import {addonsFor, formationFor} from './addons.js'
import {block, render} from './render.js'

export interface PipelineContext {
  pipeline: string
  stagingApp: string
  productionApp: string
  /** GitHub owner/name, when the git remote names one */
  repo?: string
  /** 'fir': the stages run in a Fir Private Space (named by the user: kit:init works offline), Fir dyno sizes */
  generation?: GenerationName
}

function flowFormation(formation: Record<string, {quantity: number; size: string}>, indent: string): string[] {
  return Object.entries(formation).map(([type, {quantity, size}]) => `${indent}${type}: {quantity: ${quantity}, size: ${size}}`)
}

function flowAddons(addons: Array<{plan: string; as?: string}>, indent: string): string[] {
  return addons.map(a => `${indent}- {plan: ${JSON.stringify(a.plan)}${a.as ? `, as: ${a.as}` : ''}}`)
}

/** heroku-kit.yml: the pipeline, both stages (app, config file, formation, add-ons), production backups and preboot, review apps. */
export function pipelineFile(detection: Detection, context: PipelineContext): string {
  const fir = context.generation === 'fir'
  return render('pipeline/heroku-kit.yml', {
    // Fir apps live in a Fir Private Space of a team: both are the user's to name (kit:init reads nothing from Heroku)
    TEAM: fir ? block(['# team: my-team   # Fir: required, the team that owns the Fir Private Space']) : block(['# team: my-team']),
    SPACE: fir ? block(['    # space: my-fir-space   # Fir: required, the Private Space the app runs in (heroku spaces lists them)']) : '',
    // on Fir, preboot stays at its default (on in production): skipped with the reason where Fir does not offer it
    PRODUCTION_PREBOOT: fir ? '' : block(['    preboot: true']),
    FRAMEWORK: FRAMEWORK_LABELS[detection.framework],
    PIPELINE: context.pipeline,
    REPO: context.repo ? block([`repo: ${context.repo}`]) : render('pipeline/repo-unknown.yml'),
    HEALTH_PATH: detection.healthPath,
    STAGING_APP: context.stagingApp,
    STAGING_FORMATION: block(flowFormation(formationFor(detection, 'staging', context.generation), '      ')),
    STAGING_ADDONS: block(flowAddons(addonsFor(detection, 'staging'), '      ')),
    PRODUCTION_APP: context.productionApp,
    PRODUCTION_FORMATION: block(flowFormation(formationFor(detection, 'production', context.generation), '      ')),
    PRODUCTION_ADDONS: block(flowAddons(addonsFor(detection, 'production'), '      ')),
    BACKUPS: detection.database ? render('pipeline/backups.yml') : '',
  })
}
