/**
 * Review-app configuration (`/pipelines/{id}/review-app-config`) and the newer `GET /pipelines/{id}/repo`
 * (Accept 3.repositories-api). Both need the pipeline to be linked to a repository through kolkrabbi.
 */
import {ApiError, invalid, notFound, objectBody, type RequestContext, type Router} from './http.js'
import {pipelineById} from './pipelines.js'
import type {EmulatorState, Pipeline, RepoLink, ReviewAppConfig} from './state.js'

function configJson(config: ReviewAppConfig): Record<string, unknown> {
  return {
    automatic_review_apps: config.automaticReviewApps,
    base_name: config.baseName,
    deploy_target: config.deployTarget,
    destroy_stale_apps: config.destroyStaleApps,
    pipeline_id: config.pipelineId,
    repo: {id: String(config.repoId)},
    stale_days: config.staleDays,
    wait_for_ci: config.waitForCi,
  }
}

/** The pipeline and its repository link; a pipeline without one answers 404 on every verb. */
function linked(ctx: RequestContext): {pipeline: Pipeline; link: RepoLink} {
  const pipeline = pipelineById(ctx, ctx.params.pipeline)
  const link = ctx.state.repoLinks.get(pipeline.id)
  if (!link) throw notFound('Not found. The pipeline is not connected to a GitHub repository.')
  return {link, pipeline}
}

/** Apply the settable fields of a POST/PATCH body to a config, validating types. */
function applySettings(config: ReviewAppConfig, body: Record<string, unknown>, state: EmulatorState): void {
  for (const [key, field] of [
    ['automatic_review_apps', 'automaticReviewApps'],
    ['destroy_stale_apps', 'destroyStaleApps'],
    ['wait_for_ci', 'waitForCi'],
  ] as const) {
    if (body[key] === undefined) continue
    if (typeof body[key] !== 'boolean') throw invalid(`${key} must be a boolean.`)
    config[field] = body[key] as boolean
  }

  if (body.stale_days !== undefined) {
    const days = body.stale_days
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 30) throw invalid('stale_days must be an integer from 1 to 30.')
    config.staleDays = days
  }

  if (body.deploy_target !== undefined) {
    const target = body.deploy_target as {id?: unknown; type?: unknown} | null
    if (target !== null) {
      if (!target || typeof target !== 'object' || typeof target.id !== 'string' || (target.type !== 'region' && target.type !== 'space')) {
        throw invalid('deploy_target must be {id, type: "region" | "space"}.')
      }

      if (target.type === 'region' && !['us', 'eu'].includes(target.id)) throw invalid(`Unknown region ${target.id}.`)
    }

    config.deployTarget = target ? {id: target.id as string, type: target.type as string} : null
  }

  if (body.base_name !== undefined) {
    if (body.base_name !== null && typeof body.base_name !== 'string') throw invalid('base_name must be a string or null.')
    config.baseName = body.base_name as string | null
  }

  config.updatedAt = state.now()
}

function checkRepo(ctx: RequestContext, link: RepoLink, repo: unknown): void {
  if (typeof repo !== 'string' || repo === '') throw invalid('Missing required params: repo.')
  const linkedRepo = ctx.state.githubRepoById(link.repoId)
  if (!linkedRepo || linkedRepo.full_name.toLowerCase() !== repo.toLowerCase()) {
    throw invalid(`repo ${repo} is not the repository this pipeline is connected to.`)
  }
}

function create(ctx: RequestContext, pipeline: Pipeline, link: RepoLink, body: Record<string, unknown>): ReviewAppConfig {
  checkRepo(ctx, link, body.repo)
  const now = ctx.state.now()
  const config: ReviewAppConfig = {
    automaticReviewApps: false,
    baseName: null,
    createdAt: now,
    deployTarget: null,
    destroyStaleApps: false,
    pipelineId: pipeline.id,
    repoId: link.repoId,
    staleDays: 5,
    updatedAt: now,
    waitForCi: false,
  }
  applySettings(config, body, ctx.state)
  ctx.state.reviewAppConfigs.set(pipeline.id, config)
  return config
}

export function registerReviewApps(router: Router): void {
  router
    .get('/pipelines/:pipeline/review-app-config', ctx => {
      const {pipeline} = linked(ctx)
      const config = ctx.state.reviewAppConfigs.get(pipeline.id)
      if (!config) throw notFound('Review apps are not enabled for this pipeline.')
      return {body: configJson(config)}
    })
    .post('/pipelines/:pipeline/review-app-config', ctx => {
      const {link, pipeline} = linked(ctx)
      // [unverified] enabling twice: 409 conflict (the reference allows 409 or 422).
      if (ctx.state.reviewAppConfigs.has(pipeline.id)) throw new ApiError(409, 'conflict', 'Review apps are already enabled for this pipeline.')
      return {body: configJson(create(ctx, pipeline, link, objectBody(ctx))), status: 201}
    })
    .patch('/pipelines/:pipeline/review-app-config', ctx => {
      const {link, pipeline} = linked(ctx)
      const body = objectBody(ctx)
      const config = ctx.state.reviewAppConfigs.get(pipeline.id)
      // The CLI's `reviewapps:enable --autodeploy` PATCHes (with repo) without a prior POST, so PATCH with a repo creates.
      if (!config) {
        if (body.repo === undefined) throw notFound('Review apps are not enabled for this pipeline.')
        return {body: configJson(create(ctx, pipeline, link, body))}
      }

      if (body.repo !== undefined) checkRepo(ctx, link, body.repo)
      applySettings(config, body, ctx.state)
      return {body: configJson(config)}
    })
    .delete('/pipelines/:pipeline/review-app-config', ctx => {
      const {pipeline} = linked(ctx)
      const config = ctx.state.reviewAppConfigs.get(pipeline.id)
      if (!config) throw notFound('Review apps are not enabled for this pipeline.')
      ctx.state.reviewAppConfigs.delete(pipeline.id)
      return {body: configJson(config)}
    })
    // outside the schema: `heroku reviewapps:enable` reads it (node_modules/heroku/dist/commands/reviewapps/enable.js)
    .get(
      '/pipelines/:pipeline/repo',
      ctx => {
        const {link} = linked(ctx)
        const repo = ctx.state.githubRepoById(link.repoId)
        return {body: {full_name: repo?.full_name ?? null, id: link.repoId, type: 'github'}}
      },
      {requireVariant: 'repositories-api', cli: 'commands/reviewapps/enable.js'},
    )
}
