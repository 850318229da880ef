import type {GenerationName} from '../../generation.js'
import {FRAMEWORK_LABELS, type Detection, type EnvSpec} from '../types.js'
import {addonsFor, formationFor} from './addons.js'

export interface AppJsonContext {
  pipeline: string
  /** https URL of the GitHub repository, when the git remote names one */
  repository?: string
  /** 'fir': no buildpacks and no stack (project.toml names the Cloud Native Buildpacks), Fir dyno sizes */
  generation?: GenerationName
}

interface EnvEntry {
  description: string
  value?: string
  required?: boolean
  generator?: 'secret'
}

/** app.json `env` entries are always objects (the shared schema rejects the string shorthand). */
export function envEntry(spec: EnvSpec): EnvEntry {
  switch (spec.kind) {
    case 'generated': {
      return {description: spec.description, generator: 'secret'}
    }

    case 'secret': {
      return {description: spec.description, required: true}
    }

    case 'value': {
      return {description: spec.description, value: spec.value ?? '', required: false}
    }

    default: {
      return {description: spec.description, required: false}
    }
  }
}

/**
 * app.json: metadata, env declarations (secrets generated or required, never a secret value), formation, add-ons,
 * official buildpacks (curated releases: `heroku/<lang>`), review-app and CI environments, and scripts.
 */
export function appJson(detection: Detection, context: AppJsonContext): string {
  const env: Record<string, EnvEntry> = {}
  for (const spec of detection.env) env[spec.key] = envEntry(spec)
  const reviewEnv: Record<string, EnvEntry> = {}
  for (const spec of detection.env) {
    if (spec.kind === 'value' && spec.stageValues?.staging !== undefined) {
      reviewEnv[spec.key] = {description: spec.description, value: spec.stageValues.staging, required: false}
    }
  }

  const label = FRAMEWORK_LABELS[detection.framework].replace(/ \(.*\)$/, '')
  const doc: Record<string, unknown> = {
    name: context.pipeline,
    description: detection.description ?? `${label} app deployed to Heroku with heroku-kit`,
  }
  if (context.repository) doc.repository = context.repository
  doc.keywords = [...new Set([detection.stack, detection.framework, 'heroku-kit'])]
  const fir = context.generation === 'fir'
  // heroku.yml: review and CI apps must build the Docker images too, so stack container and no buildpacks; Fir apps
  // have neither a stack nor classic buildpacks (project.toml names their Cloud Native Buildpacks)
  if (!fir) doc.stack = detection.container ? 'container' : 'heroku-24'
  doc.env = env
  // Fir: the stages' formation is in heroku-kit.yml; app.json's schema knows only Cedar's dyno sizes (its `dynoSize`)
  if (!fir) doc.formation = formationFor(detection, 'app')
  doc.addons = addonsFor(detection, 'app')
  if (!detection.container && !fir) doc.buildpacks = detection.buildpacks.map(url => ({url}))
  const review: Record<string, unknown> = {}
  if (Object.keys(reviewEnv).length > 0) review.env = reviewEnv
  review.addons = addonsFor(detection, 'review').map(a => a.plan)
  if (detection.migrations) review.scripts = {postdeploy: detection.migrations.command}
  const test: Record<string, unknown> = {}
  const testAddons = addonsFor(detection, 'test').map(a => a.plan)
  if (testAddons.length > 0) test.addons = testAddons
  if (detection.testCommand) test.scripts = {test: detection.testCommand}
  doc.environments = {review, test}
  if (detection.migrations) doc.scripts = {postdeploy: detection.migrations.command}
  return `${JSON.stringify(doc, null, 2)}\n`
}
