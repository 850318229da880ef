/**
 * kolkrabbi.heroku.com, Heroku's (undocumented) GitHub integration: the user's GitHub token, pipeline ↔
 * repository links, per-app auto-deploy settings and repository tarball links. Same bearer token as the
 * Platform API, no vnd.heroku Accept header.
 */
import {randomUUID} from 'node:crypto'

import {ApiError, forbidden, invalid, notFound, objectBody, type RequestContext, type Router, UUID_PATTERN} from './http.js'
import type {App, AppLink, EmulatorState, GithubRepo, Pipeline, RepoLink} from './state.js'

const kolkrabbi = {host: 'kolkrabbi' as const}

export function repoLinkJson(state: EmulatorState, link: RepoLink): Record<string, unknown> {
  const repo = state.githubRepoById(link.repoId)
  const pipeline = state.pipelines.get(link.pipelineId)
  return {
    automatic_review_apps: false,
    ci: link.ci,
    created_at: link.createdAt,
    creator: {id: link.creatorId},
    id: link.id,
    organization: link.organization ? {name: link.organization} : null,
    owner: pipeline ? {id: pipeline.ownerId, type: pipeline.ownerType} : null,
    pipeline: {id: link.pipelineId},
    repository: {id: link.repoId, name: repo?.full_name ?? null, type: 'github'},
    review_apps: state.reviewAppConfigs.has(link.pipelineId),
    statuses: [],
    updated_at: link.updatedAt,
  }
}

function appLinkJson(app: App, link: AppLink, repo: GithubRepo | undefined): Record<string, unknown> {
  return {
    app: {id: app.id, name: app.name},
    auto_deploy: link.autoDeploy,
    branch: link.branch,
    created_at: link.createdAt,
    id: link.id,
    pull_requests: link.pullRequests,
    repo: repo?.full_name ?? null,
    repo_id: repo?.id ?? null,
    updated_at: link.updatedAt,
    wait_for_ci: link.waitForCi,
  }
}

function pipelineFor(ctx: RequestContext): Pipeline {
  const pipeline = ctx.state.pipelines.get(ctx.params.pipeline)
  if (!pipeline || !ctx.state.canAccessPipeline(ctx.user, pipeline)) throw notFound('Pipeline not found.')
  return pipeline
}

function linkFor(ctx: RequestContext, pipeline: Pipeline): RepoLink {
  const link = ctx.state.repoLinks.get(pipeline.id)
  if (!link) throw notFound('This pipeline is not connected to a GitHub repository.')
  return link
}

function repoIdOf(value: unknown): number {
  const id = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isInteger(id)) throw invalid('repository must be the numeric id of a GitHub repository.')
  return id
}

/**
 * The app link of `/apps/{app_uuid}/github`: it exists once the app is coupled to a pipeline that is linked to
 * a repository (settings default until PATCHed). Only the app's UUID works in the path.
 */
function appLinkFor(ctx: RequestContext): {app: App; link: AppLink; repo: GithubRepo | undefined} {
  const app = UUID_PATTERN.test(ctx.params.app) ? ctx.state.apps.get(ctx.params.app) : undefined
  if (!app || !ctx.state.canAccessApp(ctx.user, app)) throw notFound('App not found.')
  const coupling = ctx.state.appCoupling(app)
  const repoLink = coupling && ctx.state.repoLinks.get(coupling.pipelineId)
  if (!repoLink) throw notFound('This app is not connected to GitHub.')
  const link = ctx.state.appLinks.get(app.id) ?? {
    // [unverified] branch stays null until set: the stricter reading of "defaults to the repo's default branch".
    appId: app.id,
    autoDeploy: false,
    branch: null,
    createdAt: repoLink.createdAt,
    id: randomUUID(),
    pullRequests: {auto_deploy: false, auto_destroy: false, enabled: false},
    updatedAt: repoLink.createdAt,
    waitForCi: false,
  }
  return {app, link, repo: ctx.state.githubRepoById(repoLink.repoId)}
}

function booleanField(body: Record<string, unknown>, key: string): boolean | undefined {
  if (body[key] === undefined) return undefined
  if (typeof body[key] !== 'boolean') throw invalid(`${key} must be a boolean.`)
  return body[key] as boolean
}

export function registerKolkrabbi(router: Router): void {
  router
    .get(
      '/account/github/token',
      ctx => {
        if (!ctx.user.githubConnected) throw notFound('Account not connected to GitHub.')
        return {body: {github: {token: ctx.user.githubToken}}}
      },
      {...kolkrabbi, cli: 'lib/pipelines/kolkrabbi-api.js'},
    )
    .post(
      '/pipelines/:pipeline/repository',
      ctx => {
        const pipeline = pipelineFor(ctx)
        if (!ctx.user.githubConnected) throw forbidden('Account not connected to GitHub.')
        const repoId = repoIdOf(objectBody(ctx).repository)
        if (!ctx.state.githubRepoById(repoId)) throw notFound('Repository not found on GitHub.')
        // [unverified] linking a pipeline that already has a repository: 409 conflict.
        if (ctx.state.repoLinks.has(pipeline.id)) throw new ApiError(409, 'conflict', 'This pipeline is already connected to a repository.')
        const now = ctx.state.now()
        const link: RepoLink = {
          ci: false,
          createdAt: now,
          creatorId: ctx.user.id,
          id: randomUUID(),
          organization: null,
          pipelineId: pipeline.id,
          repoId,
          updatedAt: now,
        }
        ctx.state.repoLinks.set(pipeline.id, link)
        return {body: repoLinkJson(ctx.state, link), status: 201}
      },
      {...kolkrabbi, cli: 'lib/pipelines/kolkrabbi-api.js'},
    )
    .get('/pipelines/:pipeline/repository', ctx => ({body: repoLinkJson(ctx.state, linkFor(ctx, pipelineFor(ctx)))}), {
      ...kolkrabbi,
      cli: 'lib/pipelines/kolkrabbi-api.js',
    })
    .get('/pipelines/:pipeline/github', ctx => ({body: repoLinkJson(ctx.state, linkFor(ctx, pipelineFor(ctx)))}), {
      ...kolkrabbi,
      cli: 'lib/pipelines/kolkrabbi-api.js',
    })
    .patch(
      '/pipelines/:pipeline/repository',
      ctx => {
        const link = linkFor(ctx, pipelineFor(ctx))
        const body = objectBody(ctx)
        const ci = booleanField(body, 'ci')
        if (ci !== undefined) link.ci = ci
        if (body.organization !== undefined) link.organization = body.organization === null ? null : String(body.organization)
        if (body.repository !== undefined) {
          const repoId = repoIdOf(body.repository)
          if (!ctx.state.githubRepoById(repoId)) throw notFound('Repository not found on GitHub.')
          link.repoId = repoId
        }

        link.updatedAt = ctx.state.now()
        return {body: repoLinkJson(ctx.state, link)}
      },
      {...kolkrabbi, cli: 'lib/pipelines/kolkrabbi-api.js'},
    )
    .get(
      '/apps/:app/github',
      ctx => {
        const {app, link, repo} = appLinkFor(ctx)
        return {body: appLinkJson(app, link, repo)}
      },
      {...kolkrabbi, cli: 'lib/pipelines/kolkrabbi-api.js'},
    )
    .patch(
      '/apps/:app/github',
      ctx => {
        const {app, link, repo} = appLinkFor(ctx)
        const body = objectBody(ctx)
        const autoDeploy = booleanField(body, 'auto_deploy')
        const waitForCi = booleanField(body, 'wait_for_ci')
        if (body.branch !== undefined && body.branch !== null && (typeof body.branch !== 'string' || body.branch === ''))
          throw invalid('branch must be a branch name.')
        let pullRequests = link.pullRequests
        if (body.pull_requests !== undefined) {
          if (!body.pull_requests || typeof body.pull_requests !== 'object') throw invalid('pull_requests must be an object.')
          const pr = body.pull_requests as Record<string, unknown>
          pullRequests = {
            auto_deploy: booleanField(pr, 'auto_deploy') ?? link.pullRequests.auto_deploy,
            auto_destroy: booleanField(pr, 'auto_destroy') ?? link.pullRequests.auto_destroy,
            enabled: booleanField(pr, 'enabled') ?? link.pullRequests.enabled,
          }
        }

        const updated: AppLink = {
          ...link,
          autoDeploy: autoDeploy ?? link.autoDeploy,
          branch: body.branch === undefined ? link.branch : (body.branch as string | null),
          pullRequests,
          updatedAt: ctx.state.now(),
          waitForCi: waitForCi ?? link.waitForCi,
        }
        ctx.state.appLinks.set(app.id, updated)
        return {body: appLinkJson(app, updated, repo)}
      },
      {...kolkrabbi, cli: 'lib/pipelines/kolkrabbi-api.js'},
    )
    .get(
      '/github/repos/:owner/:repo/tarball/*',
      ctx => {
        const fullName = `${ctx.params.owner}/${ctx.params.repo}`
        const repo = ctx.state.githubRepos.get(fullName.toLowerCase())
        if (!ctx.user.githubConnected || !repo) throw notFound('Repository not found.')
        const ref = ctx.params.rest ?? repo.default_branch
        return {body: {archive_link: `${ctx.state.baseUrl}/__archives/${repo.full_name}/${encodeURIComponent(ref)}.tar.gz?token=${randomUUID()}`}}
      },
      {...kolkrabbi, cli: 'lib/ci/source.js'},
    )
    .get('/__archives/*', () => ({headers: {'Content-Type': 'application/gzip'}, text: ''}), {host: 'app', public: true})
}
