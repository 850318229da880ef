/**
 * App features (Heroku Labs, `heroku labs -a APP`; Platform API app-feature): each one a stage declares is enabled,
 * one PATCH each; one that is on but not declared is drift, left on (turning a feature off is never a bootstrap step).
 * Preboot is one of them: `preboot: true` (on by default in production) declares the `preboot` feature, so an app's
 * features cost one GET.
 */
import type {AppFeature} from '../../api/heroku-api.js'
import {formatPath} from '../../manifest/common.js'
import type {ExportStageInput, StageExport} from '../export.js'
import {type Applier, type Resource, type StageFields, type StagePlanInput, type StageReader, step} from '../resource.js'
import {stageGeneration, unsupported} from '../stage-generation.js'
import type {Step} from '../types.js'

/**
 * The app features heroku-kit.yml declares, as Heroku names them, each documented in Dev Center: Dyno Metadata
 * (runtime-dyno-metadata), log-runtime-metrics, Session Affinity (http-session-affinity), Preboot (preboot). Another
 * name is a plan error naming these; another feature that is on is left alone (kit:import lists it).
 */
export const KNOWN_FEATURES: readonly string[] = ['http-session-affinity', 'log-runtime-metrics', 'preboot', 'runtime-dyno-metadata']

export const PREBOOT = 'preboot'

/**
 * `features: [runtime-dyno-metadata, …]` under a stage, and `preboot: true|false` (the `preboot` feature; default:
 * on in production, off in staging); the app's features as `GET /apps/{app}/features` lists them.
 */
export type FeaturesStage = {
  /** `featuresByDefault`: those of `features` on only by default (preboot in production), not written in heroku-kit.yml */
  declared: {features: string[]; featuresByDefault?: string[]}
  desired: {features: string[]; featuresByDefault?: string[]}
  /** undefined until read (the app does not exist yet) */
  current: {features?: AppFeature[]}
  yaml: {features?: string[]; preboot?: boolean}
}

/** Whether the app's features, as read, have `name` on. */
export function featureOn(features: AppFeature[] | undefined, name: string): boolean {
  return (features ?? []).some(f => f.name === name && f.enabled)
}

/** A feature's plan step: preboot keeps the id and words it had as a resource of its own. */
function featureStep(stage: string, feature: string, action: 'create' | 'drift' | 'unchanged'): {id: string; resource: string; summary: string} {
  if (feature === PREBOOT) {
    const summary = {
      create: 'enable preboot (new dynos take traffic only after they boot)',
      drift: 'preboot is on, declared off (left on: turning it off is not a bootstrap step)',
      unchanged: 'preboot (zero-downtime deploys)',
    }[action]
    return {id: `${stage}.preboot`, resource: 'preboot', summary}
  }

  const summary = {
    create: `enable app feature ${feature}`,
    drift: `app feature ${feature} is on, not declared (left on: turning it off is not a bootstrap step)`,
    unchanged: `app feature ${feature}`,
  }[action]
  return {id: `${stage}.feature.${feature}`, resource: 'feature', summary}
}

export type FeaturesOperation = {kind: 'enable-feature'; app: string; feature: string}

const FEATURE_NAME = /^[a-z0-9][a-z0-9-]*$/

/** Every feature of the app with whether it is on: one request for all of them. */
export const readFeatures: StageReader = async ({clients, app}) => ({features: await clients.heroku.listAppFeatures(app.name)})

export function planFeatures({stage, cur, current, errors}: StagePlanInput): Array<Step<FeaturesOperation>> {
  const dependsOn = [`${stage.name}.app`]
  const on = new Set((cur.features ?? []).filter(f => f.enabled).map(f => f.name))
  const generation = stageGeneration({stage, cur, current})
  const steps: Array<Step<FeaturesOperation>> = []
  for (const feature of stage.features) {
    if (!KNOWN_FEATURES.includes(feature)) {
      errors.push(`stages.${stage.name}.features: "${feature}" is not an app feature heroku-kit.yml knows; known: ${KNOWN_FEATURES.join(', ')}.`)
      continue
    }

    // A feature the stage's generation lists in `unsupported_features` is never requested: declared in heroku-kit.yml,
    // a plan error; on only by default (preboot in production), a step skipped with the reason.
    const lacking = unsupported(generation, feature)
    if (lacking !== undefined) {
      const reason = `${generation.name} does not offer ${feature} (unsupported_features of GET /generations/${generation.name}: ${lacking})`
      if (stage.featuresByDefault?.includes(feature)) {
        steps.push(
          step({
            ...featureStep(stage.name, feature, 'unchanged'),
            group: stage.name,
            action: 'skip',
            summary: `${feature}: skipped`,
            details: [reason],
            dependsOn,
          }),
        )
      } else {
        const key = feature === PREBOOT ? `stages.${stage.name}.preboot` : `stages.${stage.name}.features`
        errors.push(`${key}: ${reason}. Remove ${feature} from ${key}${feature === PREBOOT ? ' (or set it to false)' : ''}.`)
      }

      continue
    }

    steps.push(
      on.has(feature)
        ? step({...featureStep(stage.name, feature, 'unchanged'), group: stage.name, action: 'unchanged', dependsOn})
        : step({
            ...featureStep(stage.name, feature, 'create'),
            group: stage.name,
            action: 'create',
            dependsOn,
            operation: {kind: 'enable-feature', app: stage.app, feature},
          }),
    )
  }

  for (const feature of KNOWN_FEATURES.filter(f => on.has(f) && !stage.features.includes(f))) {
    const declare = feature === PREBOOT ? `stages.${stage.name}.preboot: true` : `stages.${stage.name}.features`
    steps.push(
      step({
        ...featureStep(stage.name, feature, 'drift'),
        group: stage.name,
        action: 'drift',
        details: [`Declare it (${declare} in heroku-kit.yml), or turn it off: heroku features:disable ${feature} -a ${stage.app}`],
        dependsOn,
      }),
    )
  }

  return steps
}

const enableFeature: Applier<FeaturesOperation> = async (op, {clients: {heroku}}) => {
  // a PATCH to the state wanted: sending it twice does no harm
  await heroku.setAppFeature(op.app, op.feature, true)
}

/** Preboot as `preboot:`, the other known features that are on by name (sorted). */
export function exportFeatures({current}: ExportStageInput): StageExport {
  const on = (current.features ?? [])
    .filter(f => f.enabled && f.name !== PREBOOT && KNOWN_FEATURES.includes(f.name))
    .map(f => f.name)
    .sort()
  return {fields: {features: on.length > 0 ? on : undefined, preboot: featureOn(current.features, PREBOOT)}, unmanaged: []}
}

const featuresStage: StageFields<FeaturesStage> = {
  keys: ['features', 'preboot'],
  // preboot: on by default in production (zero-downtime deploys), as before it was a feature here
  defaults: ({name}) => (name === 'production' ? {features: [PREBOOT], featuresByDefault: [PREBOOT]} : {features: []}),
  none: () => ({features: []}),
  parse({stage, value, at, fields, report}) {
    const listed: string[] = []
    for (const [index, feature] of (fields.stringList(value, 'features', at, 'app feature names such as runtime-dyno-metadata') ?? []).entries()) {
      const keyPath = [...at, 'features', index]
      if (!FEATURE_NAME.test(feature))
        report(keyPath, `${formatPath(keyPath)}: "${feature}" is not an app feature name (lowercase, e.g. runtime-dyno-metadata)`)
      else if (listed.includes(feature)) report(keyPath, `${formatPath(keyPath)}: ${feature} is listed twice; remove one`)
      else listed.push(feature)
    }

    // the features listed come on top of the default (preboot in production); `preboot:` says yes or no to it
    const preboot = fields.boolean(value, PREBOOT, at)
    if (preboot === false && listed.includes(PREBOOT)) {
      report([...at, PREBOOT], `${formatPath([...at, PREBOOT])} is false but ${formatPath([...at, 'features'])} lists preboot; keep one`)
    }

    const features = new Set([...stage.features, ...listed])
    if (preboot === true) features.add(PREBOOT)
    if (preboot === false) features.delete(PREBOOT)
    stage.features = [...features]
    const written = new Set([...listed, ...(preboot === undefined ? [] : [PREBOOT])])
    const byDefault = (stage.featuresByDefault ?? []).filter(feature => features.has(feature) && !written.has(feature))
    if (byDefault.length > 0) stage.featuresByDefault = byDefault
    else delete stage.featuresByDefault
  },
  desire: ({stage}) => ({features: stage.features, ...(stage.featuresByDefault ? {featuresByDefault: stage.featuresByDefault} : {})}),
  unread: () => ({}),
  appFeatures: KNOWN_FEATURES,
}

export const features: Resource<FeaturesOperation, FeaturesStage> = {
  name: 'features',
  read: {stage: readFeatures, requests: 1},
  stage: featuresStage,
  plan: {stage: planFeatures},
  apply: {'enable-feature': enableFeature},
  export: {stage: exportFeatures},
}
