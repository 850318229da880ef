/**
 * App features (Heroku Labs, `heroku labs -a APP`; Platform API app-feature): each one a stage declares is enabled,
 * one PATCH each; one that is on but not declared is drift, left on (turning a feature off is never a bootstrap step).
 */
import type {AppFeature} from '../../api/heroku-api.js'
import {formatPath} from '../../manifest/common.js'
import type {ExportStageInput, StageExport} from '../export.js'
import {type Applier, type Resource, type StageFields, type StagePlanInput, type StageReader, step} from '../resource.js'
import type {Step} from '../types.js'

/**
 * The app features heroku-kit.yml declares, as Heroku names them, each documented in Dev Center: Dyno Metadata
 * (runtime-dyno-metadata), log-runtime-metrics, Session Affinity (http-session-affinity). Another name is a plan
 * error naming these; another feature that is on is left alone (kit:import lists it). preboot has its own key.
 */
export const KNOWN_FEATURES: readonly string[] = ['http-session-affinity', 'log-runtime-metrics', 'runtime-dyno-metadata']

/** `features: [runtime-dyno-metadata, …]` under a stage; the app's features as `GET /apps/{app}/features` lists them. */
export type FeaturesStage = {
  declared: {features: string[]}
  desired: {features: string[]}
  /** undefined until read (the app does not exist yet) */
  current: {features?: AppFeature[]}
  yaml: {features?: string[]}
}

export type FeaturesOperation = {kind: 'enable-feature'; app: string; feature: string}

const FEATURE_NAME = /^[a-z0-9][a-z0-9-]*$/

/** Every feature of the app with whether it is on: one request for all of them. */
export const readFeatures: StageReader = async ({clients, app}) => ({features: await clients.heroku.listAppFeatures(app.name)})

export function planFeatures({stage, cur, errors}: StagePlanInput): Array<Step<FeaturesOperation>> {
  const dependsOn = [`${stage.name}.app`]
  const on = new Set((cur.features ?? []).filter(f => f.enabled).map(f => f.name))
  const steps: Array<Step<FeaturesOperation>> = []
  for (const feature of stage.features) {
    if (!KNOWN_FEATURES.includes(feature)) {
      errors.push(`stages.${stage.name}.features: "${feature}" is not an app feature heroku-kit.yml knows; known: ${KNOWN_FEATURES.join(', ')}.`)
      continue
    }

    const id = `${stage.name}.feature.${feature}`
    steps.push(
      on.has(feature)
        ? step({id, group: stage.name, resource: 'feature', action: 'unchanged', summary: `app feature ${feature}`, dependsOn})
        : step({
            id,
            group: stage.name,
            resource: 'feature',
            action: 'create',
            summary: `enable app feature ${feature}`,
            dependsOn,
            operation: {kind: 'enable-feature', app: stage.app, feature},
          }),
    )
  }

  for (const feature of KNOWN_FEATURES.filter(f => on.has(f) && !stage.features.includes(f))) {
    steps.push(
      step({
        id: `${stage.name}.feature.${feature}`,
        group: stage.name,
        resource: 'feature',
        action: 'drift',
        summary: `app feature ${feature} is on, not declared (left on: turning it off is not a bootstrap step)`,
        details: [`Declare it (stages.${stage.name}.features in heroku-kit.yml), or turn it off: heroku labs:disable ${feature} -a ${stage.app}`],
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

/** The known features that are on, by name. */
export function exportFeatures({current}: ExportStageInput): StageExport {
  const on = (current.features ?? [])
    .filter(f => f.enabled && KNOWN_FEATURES.includes(f.name))
    .map(f => f.name)
    .sort()
  return {fields: {features: on.length > 0 ? on : undefined}, unmanaged: []}
}

const featuresStage: StageFields<FeaturesStage> = {
  keys: ['features'],
  defaults: () => ({features: []}),
  none: () => ({features: []}),
  parse({stage, value, at, fields, report}) {
    const listed = fields.stringList(value, 'features', at, 'app feature names such as runtime-dyno-metadata')
    for (const [index, feature] of (listed ?? []).entries()) {
      const keyPath = [...at, 'features', index]
      if (!FEATURE_NAME.test(feature))
        report(keyPath, `${formatPath(keyPath)}: "${feature}" is not an app feature name (lowercase, e.g. runtime-dyno-metadata)`)
      else if (stage.features.includes(feature)) report(keyPath, `${formatPath(keyPath)}: ${feature} is listed twice; remove one`)
      else stage.features.push(feature)
    }
  },
  desire: ({stage}) => ({features: stage.features}),
  unread: () => ({}),
  appFeatures: KNOWN_FEATURES,
}

export const features: Resource<FeaturesOperation, FeaturesStage> = {
  name: 'features',
  // kit:verify --team has no features check yet: it does not read them (within its budget of 25 requests a pipeline)
  read: {stage: readFeatures, requests: 1, fleet: false},
  stage: featuresStage,
  plan: {stage: planFeatures},
  apply: {'enable-feature': enableFeature},
  export: {stage: exportFeatures},
}
