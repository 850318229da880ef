/** The pipeline: found by name (or by --pipeline-id), created when missing; never a second one of the same name. */
import type {HerokuApi, Pipeline} from '../../api/heroku-api.js'
import {type Applier, type PipelinePlanInput, type Resource, step} from '../resource.js'
import {createOnce} from '../run-context.js'
import type {Step} from '../types.js'

export type PipelineOperation = {kind: 'create-pipeline'; name: string; owner: {id: string; type: 'team' | 'user'}}

/** The pipelines with the declared name (several: Heroku allows duplicates), or the one --pipeline-id names. */
export async function readPipelines(heroku: HerokuApi, name: string, pipelineId?: string): Promise<Pipeline[]> {
  return pipelineId ? heroku.findPipeline(pipelineId).then(p => (p ? [p] : [])) : heroku.findPipelinesByName(name)
}

export function planPipeline({desired, current, errors}: PipelinePlanInput): Array<Step<PipelineOperation>> {
  if (current.pipelines.length > 1) {
    errors.push(
      `${current.pipelines.length} pipelines are named ${desired.pipeline} (Heroku allows duplicate names): ` +
        `${current.pipelines.map(p => p.id).join(', ')}. Pass --pipeline-id ID to choose one; heroku-kit never creates another.`,
    )
  }

  if (current.pipeline) {
    return [
      step({
        id: 'pipeline',
        group: 'pipeline',
        resource: 'pipeline',
        action: 'unchanged',
        summary: `pipeline ${desired.pipeline} (${current.pipeline.id})`,
      }),
    ]
  }

  return [
    step({
      id: 'pipeline',
      group: 'pipeline',
      resource: 'pipeline',
      action: 'create',
      summary: `create pipeline ${desired.pipeline}${desired.team ? ` owned by team ${desired.team}` : ''}`,
      operation: {kind: 'create-pipeline', name: desired.pipeline, owner: current.owner},
    }),
  ]
}

const createPipeline: Applier<Extract<PipelineOperation, {kind: 'create-pipeline'}>> = async (op, {clients: {heroku}, ctx, sleep}) => {
  const pipeline = await createOnce(
    () => heroku.createPipeline({name: op.name, owner: op.owner}),
    async () => {
      const found = await heroku.findPipelinesByName(op.name)
      return found.length === 1 ? found[0] : undefined
    },
    sleep,
  )
  ctx.pipelineId = pipeline.id
}

export const pipeline: Resource<PipelineOperation> = {
  name: 'pipeline',
  read: {state: readPipelines},
  plan: {pipeline: planPipeline},
  apply: {'create-pipeline': createPipeline},
}
