/** Preboot (zero-downtime deploys): enabled when declared; one that is on but declared off is drift, left on. */
import type {ExportStageInput, StageExport} from '../export.js'
import {type Applier, type Resource, type StageFields, type StagePlanInput, type StageReader, step} from '../resource.js'
import type {Step} from '../types.js'

/** `preboot:` (default: on in production, off in staging); the app's `preboot` feature. */
export type PrebootStage = {declared: {preboot: boolean}; desired: {preboot: boolean}; current: {preboot?: boolean}; yaml: {preboot?: boolean}}

export type PrebootOperation = {kind: 'enable-preboot'; app: string}

export const readPreboot: StageReader = async ({clients, app}) => ({preboot: (await clients.heroku.findAppFeature(app.name, 'preboot'))?.enabled})

export function planPreboot({stage, cur}: StagePlanInput): Array<Step<PrebootOperation>> {
  const id = `${stage.name}.preboot`
  const dependsOn = [`${stage.name}.app`]
  if (!stage.preboot) {
    return cur.preboot
      ? [
          step({
            id,
            group: stage.name,
            resource: 'preboot',
            action: 'drift',
            summary: 'preboot is on, declared off (left on: turning it off is not a bootstrap step)',
            dependsOn,
          }),
        ]
      : []
  }

  if (cur.preboot) return [step({id, group: stage.name, resource: 'preboot', action: 'unchanged', summary: 'preboot (zero-downtime deploys)', dependsOn})]
  return [
    step({
      id,
      group: stage.name,
      resource: 'preboot',
      action: 'create',
      summary: 'enable preboot (new dynos take traffic only after they boot)',
      dependsOn,
      operation: {kind: 'enable-preboot', app: stage.app},
    }),
  ]
}

const enablePreboot: Applier<PrebootOperation> = async (op, {clients: {heroku}}) => {
  await heroku.setAppFeature(op.app, 'preboot', true)
}

export function exportPreboot({current}: ExportStageInput): StageExport {
  return {fields: {preboot: current.preboot === true}, unmanaged: []}
}

const prebootStage: StageFields<PrebootStage> = {
  keys: ['preboot'],
  defaults: ({name}) => ({preboot: name === 'production'}),
  none: () => ({preboot: false}),
  parse({stage, value, at, fields}) {
    const on = fields.boolean(value, 'preboot', at)
    if (on !== undefined) stage.preboot = on
  },
  desire: ({stage}) => ({preboot: stage.preboot}),
  unread: () => ({}),
  appFeatures: ['preboot'],
}

export const preboot: Resource<PrebootOperation, PrebootStage> = {
  name: 'preboot',
  read: {stage: readPreboot, requests: 1},
  stage: prebootStage,
  plan: {stage: planPreboot},
  apply: {'enable-preboot': enablePreboot},
  export: {stage: exportPreboot},
}
