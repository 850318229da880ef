/**
 * Pipeline promotions: copy the source app's release slug (not its config vars) to each target as a new
 * release; the release phase runs on each target if the slug has a `release` process type.
 */
import {randomUUID} from 'node:crypto'

import {forbidden, identity, invalid, notFound, objectBody, type RequestContext, type Router} from './http.js'
import {pipelineById} from './pipelines.js'
import type {App, EmulatorState, Pipeline, Promotion, PromotionTarget} from './state.js'

function targetsOf(state: EmulatorState, promotion: Promotion): PromotionTarget[] {
  return [...state.promotionTargets.values()].filter(t => t.promotionId === promotion.id)
}

/** Target status follows its release: pending → succeeded / failed. */
function targetStatus(state: EmulatorState, target: PromotionTarget): 'pending' | 'succeeded' | 'failed' {
  const release = target.releaseId ? state.releases.get(target.releaseId) : undefined
  if (!release) return target.errorMessage ? 'failed' : 'pending'
  if (release.status === 'pending') return 'pending'
  return release.status === 'succeeded' ? 'succeeded' : 'failed'
}

function pollTargets(state: EmulatorState, promotion: Promotion): void {
  for (const target of targetsOf(state, promotion)) {
    const release = target.releaseId ? state.releases.get(target.releaseId) : undefined
    if (release) state.pollRelease(release)
  }
}

function targetJson(state: EmulatorState, target: PromotionTarget): Record<string, unknown> {
  const status = targetStatus(state, target)
  return {
    app: {id: target.appId},
    error_message: status === 'failed' ? (target.errorMessage ?? 'Release command failed; the release was not deployed.') : null,
    id: target.id,
    pipeline_promotion: {id: target.promotionId},
    release: target.releaseId ? {id: target.releaseId} : null,
    status,
  }
}

function promotionJson(state: EmulatorState, promotion: Promotion, fresh = false): Record<string, unknown> {
  const done = targetsOf(state, promotion).every(t => targetStatus(state, t) !== 'pending')
  return {
    created_at: promotion.createdAt,
    id: promotion.id,
    pipeline: {id: promotion.pipelineId},
    source: {app: {id: promotion.sourceAppId}, release: {id: promotion.sourceReleaseId}},
    status: !fresh && done ? 'completed' : 'pending',
    updated_at: promotion.updatedAt,
  }
}

function pipelineApp(ctx: RequestContext, pipeline: Pipeline, value: unknown, role: string): App {
  const wanted = identity(value)
  if (!wanted) throw invalid(`Missing required params: ${role}.app.id.`)
  const app = ctx.state.findApp(wanted)
  if (!app) throw ctx.state.noSuchApp()
  if (!ctx.state.canAccessApp(ctx.user, app)) throw forbidden(`You do not have access to the app ${app.name}.`)
  if (ctx.state.appCoupling(app)?.pipelineId !== pipeline.id) throw invalid(`${app.name} is not part of this pipeline.`)
  return app
}

function promotionFor(ctx: RequestContext): Promotion {
  const promotion = ctx.state.promotions.get(ctx.params.promotion)
  const pipeline = promotion && ctx.state.pipelines.get(promotion.pipelineId)
  if (!promotion || !pipeline || !ctx.state.canAccessPipeline(ctx.user, pipeline)) throw notFound("Couldn't find that promotion.")
  return promotion
}

export function registerPromotions(router: Router): void {
  router
    .post('/pipeline-promotions', ctx => {
      const body = objectBody(ctx)
      const pipelineId = identity(body.pipeline)
      if (!pipelineId) throw invalid('Missing required params: pipeline.')
      const pipeline = pipelineById(ctx, pipelineId)
      const source = (body.source ?? {}) as {app?: unknown; release?: unknown}
      const sourceApp = pipelineApp(ctx, pipeline, source.app, 'source')
      if (!Array.isArray(body.targets) || body.targets.length === 0) throw invalid('Missing required params: targets.')
      const targets = body.targets.map(t => pipelineApp(ctx, pipeline, (t as {app?: unknown} | null)?.app, 'targets[]'))
      if (targets.some(t => t.id === sourceApp.id)) throw invalid('An app cannot be promoted to itself.')
      const releaseId = identity(source.release)
      const release = releaseId ? ctx.state.appReleases(sourceApp).find(r => r.id === releaseId) : ctx.state.currentRelease(sourceApp)
      if (releaseId && !release) throw notFound("Couldn't find that release.")
      if (!release || release.status !== 'succeeded' || !release.slugId) {
        throw invalid(`${sourceApp.name} has no successful release with a slug to promote.`)
      }

      const now = ctx.state.now()
      const promotion: Promotion = {
        createdAt: now,
        id: randomUUID(),
        pipelineId: pipeline.id,
        sourceAppId: sourceApp.id,
        sourceReleaseId: release.id,
        updatedAt: now,
      }
      ctx.state.promotions.set(promotion.id, promotion)
      for (const app of targets) {
        // The slug moves; the target keeps its own config vars and add-ons.
        const created = ctx.state.createRelease(app, {
          description: `Promote ${sourceApp.name} v${release.version}`,
          runReleasePhase: true,
          slugId: release.slugId,
          user: ctx.user,
        })
        const target: PromotionTarget = {appId: app.id, errorMessage: null, id: randomUUID(), promotionId: promotion.id, releaseId: created.id}
        ctx.state.promotionTargets.set(target.id, target)
      }

      return {body: promotionJson(ctx.state, promotion, true), status: 201}
    })
    .get('/pipeline-promotions/:promotion', ctx => {
      const promotion = promotionFor(ctx)
      pollTargets(ctx.state, promotion)
      return {body: promotionJson(ctx.state, promotion)}
    })
    .get('/pipeline-promotions/:promotion/promotion-targets', ctx => {
      const promotion = promotionFor(ctx)
      pollTargets(ctx.state, promotion)
      return {list: {fields: ['id'], items: targetsOf(ctx.state, promotion).map(t => targetJson(ctx.state, t))}}
    })
}
