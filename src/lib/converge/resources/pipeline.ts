/**
 * The pipeline: found by name (or by --pipeline-id), created when missing; never a second one of the same name kept.
 * Heroku does not refuse a second pipeline of one name, so two runs at once may each create one: both then agree on
 * the one to keep (keptPipeline) and the other run removes its own, empty, pipeline.
 */
import type {HerokuApi, Pipeline} from '../../api/heroku-api.js'
import type {GenerationName} from '../../generation.js'
import type {StageName} from '../../manifest/types.js'
import {type Applier, type PipelinePlanInput, type Resource, step} from '../resource.js'
import {createOnce, oldest} from '../run-context.js'
import {stageGeneration} from '../stage-generation.js'
import type {Step} from '../types.js'

/** `generation`: the generation of its apps, sent for a Fir pipeline only (absent, Heroku creates a Cedar one). */
export type PipelineOperation = {kind: 'create-pipeline'; name: string; owner: {id: string; type: 'team' | 'user'}; generation?: GenerationName}

/** A pipeline of the declared name, with how many apps it couples when several share the name (else not read). */
export type NamedPipeline = Pipeline & {coupledApps?: number}

/** The pipelines of one name; when there are several, each with the number of apps it couples (one GET each). */
async function readNamed(heroku: HerokuApi, name: string): Promise<NamedPipeline[]> {
  const pipelines = await heroku.findPipelinesByName(name)
  if (pipelines.length < 2) return pipelines
  return Promise.all(pipelines.map(async pipeline => ({...pipeline, coupledApps: (await heroku.listPipelineCouplings(pipeline.id)).length})))
}

/** The pipelines with the declared name (several: Heroku allows duplicates), or the one --pipeline-id names. */
export async function readPipelines(heroku: HerokuApi, name: string, pipelineId?: string): Promise<NamedPipeline[]> {
  return pipelineId ? heroku.findPipeline(pipelineId).then(p => (p ? [p] : [])) : readNamed(heroku, name)
}

/**
 * Which of the pipelines of one name every run keeps — a rule each run applies alone and all reach the same answer
 * (Heroku has no lock): the one pipeline that couples apps, else, when none does, the oldest (created_at, then id).
 * Undefined when several couple apps: those are real duplicates, for the user to choose (--pipeline-id).
 * Runs that start together all see empty pipelines and keep the oldest; the first to couple an app to it makes it
 * the only one with apps, so a run reading later agrees.
 */
export function keptPipeline(pipelines: readonly NamedPipeline[]): NamedPipeline | undefined {
  if (pipelines.length < 2) return pipelines[0]
  const coupled = pipelines.filter(p => (p.coupledApps ?? 0) > 0)
  if (coupled.length > 1) return undefined
  return coupled[0] ?? oldest(pipelines)
}

export function planPipeline({desired, current, errors}: PipelinePlanInput): Array<Step<PipelineOperation>> {
  if (current.pipelines.length > 1 && !current.pipeline) {
    errors.push(
      `${current.pipelines.length} pipelines are named ${desired.pipeline} (Heroku allows duplicate names): ` +
        `${current.pipelines.map(p => p.id).join(', ')}. Pass --pipeline-id ID to choose one; heroku-kit never creates another.`,
    )
  }

  if (current.pipeline) {
    const kept = current.pipeline
    return [
      step({
        id: 'pipeline',
        group: 'pipeline',
        resource: 'pipeline',
        action: 'unchanged',
        summary: `pipeline ${desired.pipeline} (${kept.id})`,
      }),
      // an empty pipeline of the same name: another run's, which that run removes in a moment, or one an interrupted run left
      ...current.pipelines
        .filter(p => p.id !== kept.id)
        .map(p =>
          step<PipelineOperation>({
            id: `pipeline.duplicate.${p.id}`,
            group: 'pipeline',
            resource: 'pipeline',
            action: 'manual',
            summary: `another pipeline named ${desired.pipeline}, ${p.id}, couples no app; unless a run is creating it now: heroku pipelines:destroy ${p.id}`,
          }),
        ),
    ]
  }

  // The generation of its apps, as `heroku pipelines:create` takes its first app's (lib/api.js createPipeline); apps
  // of two generations are a plan error (space.ts). A Cedar pipeline's request stays as it was: Cedar is the default.
  const generation =
    desired.stages[0] && stageGeneration({stage: desired.stages[0], cur: current.stages[desired.stages[0].name as StageName] ?? {}, current}).name
  return [
    step({
      id: 'pipeline',
      group: 'pipeline',
      resource: 'pipeline',
      action: 'create',
      summary: `create ${generation === 'fir' ? 'Fir ' : ''}pipeline ${desired.pipeline}${desired.team ? ` owned by team ${desired.team}` : ''}`,
      operation: {kind: 'create-pipeline', name: desired.pipeline, owner: current.owner, ...(generation === 'fir' ? {generation} : {})},
    }),
  ]
}

/** How long after its create this run re-reads the pipelines of its name (see createPipeline): just over a second. */
export const SAME_SECOND_SETTLE_MS = 1100

/**
 * Creates the pipeline, then reads the pipelines of its name again: when another run created one at the same moment
 * and keptPipeline keeps that one, this run removes its own (only while no app is coupled to it) and goes on with the
 * kept one.
 */
const createPipeline: Applier<Extract<PipelineOperation, {kind: 'create-pipeline'}>> = async (op, {clients: {heroku}, ctx, sleep}) => {
  const created = await createOnce(
    () => heroku.createPipeline({name: op.name, owner: op.owner, ...(op.generation ? {generation: {name: op.generation}} : {})}),
    async () => {
      const found = await heroku.findPipelinesByName(op.name)
      return found.length === 1 ? found[0] : undefined
    },
    sleep,
  )
  ctx.pipelineId = created.id
  // created_at has whole seconds, so two runs' pipelines may tie and the tie goes to the lower id: a run that re-read
  // at once might not list a pipeline another run created in the same second and would keep its own while the other
  // run keeps that one. A second after the create answered, Heroku's clock has left that second, so every pipeline
  // that could tie with this one is listed. The sleep frees the step's slot; only the steps that need the pipeline wait.
  await sleep(SAME_SECOND_SETTLE_MS)
  const named = await readNamed(heroku, op.name)
  const kept = keptPipeline(named.some(p => p.id === created.id) ? named : [...named, created])
  if (!kept || kept.id === created.id) return
  // removed only when it is listed and couples no app; else it stays, and the next run reports the duplicates
  if (named.find(p => p.id === created.id)?.coupledApps !== 0) return
  await heroku.deletePipeline(created.id)
  ctx.pipelineId = kept.id
  return [`pipeline ${op.name}: another run created ${kept.id} at the same moment; this run uses it and removed its own (${created.id})`]
}

export const pipeline: Resource<PipelineOperation> = {
  name: 'pipeline',
  read: {state: readPipelines},
  plan: {pipeline: planPipeline},
  apply: {'create-pipeline': createPipeline},
}
