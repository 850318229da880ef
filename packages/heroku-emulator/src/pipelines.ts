/** Pipelines, pipeline couplings, stage config vars and latest releases. */
import {appFor, teamFor} from './apps.js'
import {stableId} from './catalog.js'
import {sortedVars, validateConfigBody} from './config-vars.js'
import {appGeneration, findGeneration} from './generations.js'
import {ApiError, identity, invalid, notFound, objectBody, requireString, type RequestContext, type Router, UUID_PATTERN} from './http.js'
import {releaseJson} from './releases.js'
import {type Coupling, type EmulatorState, type Pipeline, STAGES, type Stage, type Team, type User} from './state.js'

const PIPELINE_NAME = /^[a-z][a-z0-9-]{2,29}$/

export function pipelineJson(pipeline: Pipeline): Record<string, unknown> {
  return {
    created_at: pipeline.createdAt,
    generation: {id: stableId(`generation:${pipeline.generation}`), name: pipeline.generation},
    id: pipeline.id,
    name: pipeline.name,
    owner: {id: pipeline.ownerId, type: pipeline.ownerType},
    updated_at: pipeline.updatedAt,
  }
}

/** `pipeline.name` is not in the schema, but the API sends it (the CLI's apps:info prints it). */
export function couplingJson(state: EmulatorState, coupling: Coupling): Record<string, unknown> {
  return {
    app: {id: coupling.appId},
    created_at: coupling.createdAt,
    id: coupling.id,
    pipeline: {id: coupling.pipelineId, name: state.pipelines.get(coupling.pipelineId)?.name ?? null},
    stage: coupling.stage,
    updated_at: coupling.updatedAt,
  }
}

function visiblePipelines(state: EmulatorState, user: User): Pipeline[] {
  return [...state.pipelines.values()].filter(p => state.canAccessPipeline(user, p))
}

/** A pipeline by UUID (paths documented as `{pipeline_id}` take only the id). */
export function pipelineById(ctx: RequestContext, id: string): Pipeline {
  const pipeline = ctx.state.pipelines.get(id)
  if (!pipeline || !ctx.state.canAccessPipeline(ctx.user, pipeline)) throw notFound("Couldn't find that pipeline.")
  return pipeline
}

/**
 * `GET /pipelines/{id_or_name}`. By name it only finds pipelines that have at least one app (the reference: it
 * "fails for a pipeline with no apps"); [unverified] several pipelines with that name → 422 multiple_matches.
 */
function pipelineByIdOrName(ctx: RequestContext, value: string): Pipeline {
  if (UUID_PATTERN.test(value)) return pipelineById(ctx, value)
  const matches = visiblePipelines(ctx.state, ctx.user).filter(p => p.name === value && ctx.state.pipelineCouplings(p).length > 0)
  if (matches.length === 0) throw notFound("Couldn't find that pipeline.")
  if (matches.length > 1) throw new ApiError(422, 'multiple_matches', `Multiple pipelines are named ${value}; use its id.`)
  return matches[0]
}

function stageOf(value: unknown): Stage {
  if (typeof value !== 'string' || !(STAGES as readonly string[]).includes(value)) {
    throw invalid(`Stage must be one of ${STAGES.join(', ')}.`)
  }

  return value as Stage
}

function couplingFor(ctx: RequestContext): Coupling {
  const coupling = ctx.state.couplings.get(ctx.params.coupling)
  const pipeline = coupling && ctx.state.pipelines.get(coupling.pipelineId)
  if (!coupling || !pipeline || !ctx.state.canAccessPipeline(ctx.user, pipeline)) throw notFound("Couldn't find that pipeline coupling.")
  return coupling
}

function owner(ctx: RequestContext, value: unknown): User | Team {
  if (value === undefined || value === null) return ctx.user
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid('Invalid owner provided.')
  const {id, type} = value as {id?: unknown; type?: unknown}
  if (type === 'team') {
    if (typeof id !== 'string') throw invalid('Missing required params: owner.id.')
    return teamFor(ctx, id)
  }

  if (type !== 'user') throw invalid('Owner type must be user or team.')
  // The CLI sends {type: 'user'} without an id.
  if (id !== undefined && id !== ctx.user.id && id !== ctx.user.email && id !== '~')
    throw invalid('A pipeline can only be owned by you or by a team you belong to.')
  return ctx.user
}

function stageVars(ctx: RequestContext): Record<string, string> {
  const pipeline = pipelineById(ctx, ctx.params.pipeline)
  const stage = ctx.params.stage
  // Only the CI (test) and review-app stages have pipeline-level config vars.
  if (stage !== 'review' && stage !== 'test') throw notFound(`Couldn't find config vars for stage ${stage}.`)
  let vars = ctx.state.stageConfigVars.get(pipeline.id)
  if (!vars) {
    vars = {review: {}, test: {}}
    ctx.state.stageConfigVars.set(pipeline.id, vars)
  }

  return vars[stage]
}

export function registerPipelines(router: Router): void {
  router
    .post('/pipelines', ctx => {
      const body = objectBody(ctx)
      const name = requireString(body, 'name')
      if (!PIPELINE_NAME.test(name))
        throw invalid('Name must start with a letter and can only contain lowercase letters, digits, and dashes (3 to 30 characters).')
      // `generation` ({name} as the CLI's `lib/api.js` createPipeline sends it, or {id}): not in the v6 request schema.
      const wanted = identity(body.generation)
      const generation = wanted === undefined ? 'cedar' : findGeneration(wanted)
      if (!generation) throw invalid('Generation must be cedar or fir.')
      // Pipeline names are not unique: every POST creates a new pipeline.
      const pipeline = ctx.state.createPipeline({generation, name, owner: owner(ctx, body.owner)})
      return {body: pipelineJson(pipeline), status: 201}
    })
    .get('/pipelines', ctx => {
      const name = ctx.query['eq[name]']
      const pipelines = visiblePipelines(ctx.state, ctx.user).filter(p => name === undefined || p.name === name)
      return {list: {fields: ['id', 'name'], items: pipelines.map(p => pipelineJson(p))}}
    })
    .get('/pipelines/:pipeline', ctx => ({body: pipelineJson(pipelineByIdOrName(ctx, ctx.params.pipeline))}))
    .patch('/pipelines/:pipeline', ctx => {
      const pipeline = pipelineById(ctx, ctx.params.pipeline)
      const body = objectBody(ctx)
      if (body.name !== undefined) {
        if (typeof body.name !== 'string' || !PIPELINE_NAME.test(body.name))
          throw invalid('Name must start with a letter and can only contain lowercase letters, digits, and dashes (3 to 30 characters).')
        if (body.name !== pipeline.name) Object.assign(pipeline, {name: body.name, updatedAt: ctx.state.now()})
      }

      return {body: pipelineJson(pipeline)}
    })
    .delete('/pipelines/:pipeline', ctx => {
      const pipeline = pipelineById(ctx, ctx.params.pipeline)
      ctx.state.deletePipeline(pipeline)
      return {body: pipelineJson(pipeline)}
    })
    .post('/pipeline-couplings', ctx => {
      const body = objectBody(ctx)
      const appName = requireString(body, 'app')
      const pipelineId = requireString(body, 'pipeline')
      const stage = stageOf(body.stage)
      const app = appFor({...ctx, params: {app: appName}})
      const pipeline = pipelineById(ctx, pipelineId)
      // Every app of a pipeline has the pipeline's generation (terraform-provider-heroku docs/resources/pipeline.md);
      // [unverified] status and wording of Heroku's refusal.
      const generation = appGeneration(ctx.state, app)
      if (generation !== pipeline.generation) {
        throw invalid(`${app.name} is a ${generation} app and ${pipeline.name} is a ${pipeline.generation} pipeline: a pipeline's apps share its generation.`)
      }

      // [unverified] an app already in a pipeline: 422 invalid_params (state.couple throws it).
      return {body: couplingJson(ctx.state, ctx.state.couple(app, pipeline, stage)), status: 201}
    })
    .get('/pipeline-couplings', ctx => {
      const pipelines = new Set(visiblePipelines(ctx.state, ctx.user).map(p => p.id))
      return {list: {fields: ['id'], items: [...ctx.state.couplings.values()].filter(c => pipelines.has(c.pipelineId)).map(c => couplingJson(ctx.state, c))}}
    })
    .get('/users/:user/pipeline-couplings', ctx => {
      if (ctx.params.user !== '~' && ctx.params.user !== ctx.user.id && ctx.params.user !== ctx.user.email) throw notFound("Couldn't find that user.")
      const pipelines = new Set(
        visiblePipelines(ctx.state, ctx.user)
          .filter(p => p.ownerType === 'user')
          .map(p => p.id),
      )
      return {list: {fields: ['id'], items: [...ctx.state.couplings.values()].filter(c => pipelines.has(c.pipelineId)).map(c => couplingJson(ctx.state, c))}}
    })
    .get('/teams/:team/pipeline-couplings', ctx => {
      const team = teamFor(ctx, ctx.params.team)
      const pipelines = new Set([...ctx.state.pipelines.values()].filter(p => p.ownerId === team.id).map(p => p.id))
      return {list: {fields: ['id'], items: [...ctx.state.couplings.values()].filter(c => pipelines.has(c.pipelineId)).map(c => couplingJson(ctx.state, c))}}
    })
    .get('/pipelines/:pipeline/pipeline-couplings', ctx => {
      const pipeline = pipelineById(ctx, ctx.params.pipeline)
      return {list: {fields: ['id'], items: ctx.state.pipelineCouplings(pipeline).map(c => couplingJson(ctx.state, c))}}
    })
    .get('/apps/:app/pipeline-couplings', ctx => {
      const coupling = ctx.state.appCoupling(appFor(ctx))
      if (!coupling) throw notFound("Couldn't find that pipeline coupling.")
      return {body: couplingJson(ctx.state, coupling)}
    })
    .get('/pipeline-couplings/:coupling', ctx => ({body: couplingJson(ctx.state, couplingFor(ctx))}))
    .patch('/pipeline-couplings/:coupling', ctx => {
      const coupling = couplingFor(ctx)
      const body = objectBody(ctx)
      if (body.stage !== undefined) {
        const stage = stageOf(body.stage)
        if (stage !== coupling.stage) Object.assign(coupling, {stage, updatedAt: ctx.state.now()})
      }

      return {body: couplingJson(ctx.state, coupling)}
    })
    .delete('/pipeline-couplings/:coupling', ctx => {
      const coupling = couplingFor(ctx)
      ctx.state.couplings.delete(coupling.id)
      ctx.state.appLinks.delete(coupling.appId)
      return {body: couplingJson(ctx.state, coupling)}
    })
    .get('/pipelines/:pipeline/stage/:stage/config-vars', ctx => ({body: sortedVars(stageVars(ctx))}))
    .patch('/pipelines/:pipeline/stage/:stage/config-vars', ctx => {
      const vars = stageVars(ctx)
      for (const [key, value] of Object.entries(validateConfigBody(ctx.body))) {
        if (value === null) delete vars[key]
        else vars[key] = value
      }

      return {body: sortedVars(vars)}
    })
    .get('/pipelines/:pipeline/latest-releases', ctx => {
      const pipeline = pipelineById(ctx, ctx.params.pipeline)
      // The latest release of each app by version, whatever its status (not necessarily the current one).
      const releases = ctx.state.pipelineCouplings(pipeline).flatMap(coupling => {
        const app = ctx.state.apps.get(coupling.appId)
        const latest = app && ctx.state.appReleases(app).at(-1)
        if (!latest) return []
        ctx.state.pollRelease(latest)
        return [releaseJson(ctx.state, latest)]
      })
      return {list: {fields: ['id'], items: releases}}
    })
}
