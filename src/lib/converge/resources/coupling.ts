/** A stage app's place in the pipeline: coupled at its stage, moved when at another, refused when in another pipeline. */
import type {PipelineCoupling} from '../../api/heroku-api.js'
import type {StageName} from '../../manifest/types.js'
import {type Applier, type NoStageFields, type Resource, type StagePlanInput, type StageReader, step} from '../resource.js'
import {createOnce, requirePipeline} from '../run-context.js'
import type {Step} from '../types.js'

/** The app's coupling, read live (nothing to declare: the stage is the coupling's stage). */
export type CouplingStage = Omit<NoStageFields, 'current'> & {current: {coupling?: PipelineCoupling}}

export type CouplingOperation = {kind: 'couple-app'; stage: StageName; app: string} | {kind: 'change-coupling-stage'; stage: StageName; couplingId: string}

export const readCoupling: StageReader = async ({clients, app}) => ({coupling: await clients.heroku.findAppPipelineCoupling(app.name)})

export function planCoupling({stage, cur, desired, current, errors}: StagePlanInput): Array<Step<CouplingOperation>> {
  if (cur.coupling && current.pipeline && cur.coupling.pipeline.id !== current.pipeline.id) {
    errors.push(
      `The app ${stage.app} is already in another pipeline (${cur.coupling.pipeline.name ?? cur.coupling.pipeline.id}). ` +
        `Remove it there first (heroku pipelines:remove -a ${stage.app}) or choose another app name.`,
    )
  } else if (cur.coupling && !current.pipeline) {
    errors.push(
      `The app ${stage.app} is already in pipeline ${cur.coupling.pipeline.name ?? cur.coupling.pipeline.id}, not in ${desired.pipeline}. ` +
        `Remove it there first (heroku pipelines:remove -a ${stage.app}) or choose another app name.`,
    )
  }

  const id = `${stage.name}.coupling`
  const dependsOn = ['pipeline', `${stage.name}.app`]
  if (cur.coupling && current.pipeline && cur.coupling.pipeline.id === current.pipeline.id) {
    return [
      cur.coupling.stage === stage.name
        ? step({id, group: stage.name, resource: 'coupling', action: 'unchanged', summary: `${stage.app} at stage ${stage.name}`, dependsOn})
        : step({
            id,
            group: stage.name,
            resource: 'coupling',
            action: 'change',
            summary: `move ${stage.app} from stage ${cur.coupling.stage} to ${stage.name}`,
            dependsOn,
            operation: {kind: 'change-coupling-stage', stage: stage.name, couplingId: cur.coupling.id},
          }),
    ]
  }

  return [
    step({
      id,
      group: stage.name,
      resource: 'coupling',
      action: 'create',
      summary: `add ${stage.app} to the pipeline at stage ${stage.name}`,
      dependsOn,
      operation: {kind: 'couple-app', stage: stage.name, app: stage.app},
    }),
  ]
}

const coupleApp: Applier<Extract<CouplingOperation, {kind: 'couple-app'}>> = async (op, {clients: {heroku}, ctx, sleep}) => {
  const pipeline = requirePipeline(ctx)
  await createOnce(
    () => heroku.createPipelineCoupling({app: op.app, pipeline, stage: op.stage}),
    async () => {
      const coupling = await heroku.findAppPipelineCoupling(op.app)
      return coupling?.pipeline.id === pipeline ? coupling : undefined
    },
    sleep,
  )
}

const changeCouplingStage: Applier<Extract<CouplingOperation, {kind: 'change-coupling-stage'}>> = async (op, {clients: {heroku}}) => {
  await heroku.updatePipelineCoupling(op.couplingId, op.stage)
}

export const coupling: Resource<CouplingOperation, CouplingStage> = {
  name: 'coupling',
  // fleet mode has every app's coupling from the pipeline's coupling list
  read: {stage: readCoupling, requests: 1, fleet: false},
  stage: {keys: [], defaults: () => ({}), none: () => ({}), desire: () => ({}), unread: () => ({})},
  plan: {stage: planCoupling},
  apply: {'couple-app': coupleApp, 'change-coupling-stage': changeCouplingStage},
}
