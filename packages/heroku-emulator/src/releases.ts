/** Releases (list, info, rollback, release of a slug), slugs and the release-phase output stream. */
import {randomUUID} from 'node:crypto'

import {appFor} from './apps.js'
import {sortedVars} from './config-vars.js'
import {stackRef} from './catalog.js'
import {isFirApp} from './generations.js'
import {invalid, notFound, objectBody, UUID_PATTERN, type RequestContext, type Router} from './http.js'
import type {App, EmulatorState, Release, Slug, User} from './state.js'

/** Accept-Ranges of releases; the first is the default order (oldest first, as the API does). */
const RELEASE_RANGES = ['version', 'id']

/**
 * A release. On a Fir app the build artifact is an OCI image, not a slug (terraform-provider-heroku
 * resource_heroku_app_release.go; the CLI's `pipelines/diff.js` and `lib/buildpacks/buildpacks.js` read
 * `release.oci_image.id` with `3.sdk`): `slug` is null, `artifacts` names an `oci-image` ([schema] release artifact),
 * and the 3.sdk form carries `oci_image: {id}` (oci-images.ts). The emulator keeps one artifact entity (Slug) for both.
 * [unverified] whether plain v3 also carries `oci_image`: the schema's release has no such property, so it does not.
 */
export function releaseJson(state: EmulatorState, release: Release, variant = ''): Record<string, unknown> {
  const app = state.apps.get(release.appId)
  const current = app ? state.currentRelease(app) : undefined
  const user = state.users.get(release.userId)
  const ociImage = app !== undefined && isFirApp(state, app)
  const body: Record<string, unknown> = {
    addon_plan_names: release.addonPlanNames,
    app: {id: release.appId, name: app?.name ?? null},
    artifacts: release.slugId ? [{id: release.slugId, type: ociImage ? 'oci-image' : 'slug'}] : [],
    created_at: release.createdAt,
    current: current?.id === release.id,
    description: release.description,
    eligible_for_rollback: release.status === 'succeeded',
    id: release.id,
    output_stream_url: release.releasePhase ? `${state.baseUrl}/__streams/releases/${release.id}` : null,
    slug: release.slugId && !ociImage ? {id: release.slugId} : null,
    status: release.status,
    updated_at: release.updatedAt,
    user: {email: user?.email ?? null, id: release.userId},
    version: release.version,
  }
  if (variant === 'sdk') body.oci_image = release.slugId && ociImage ? {id: release.slugId} : null
  return body
}

export function slugJson(state: EmulatorState, slug: Slug): Record<string, unknown> {
  return {
    blob: {method: 'GET', url: `${state.baseUrl}/__slugs/${slug.id}.tgz`},
    buildpack_provided_description: 'Node.js',
    checksum: null,
    commit: slug.commit,
    commit_description: slug.commitDescription,
    created_at: slug.createdAt,
    id: slug.id,
    process_types: slug.processTypes,
    size: slug.size,
    stack: stackRef(slug.stack),
    updated_at: slug.updatedAt,
  }
}

function releaseFor(ctx: RequestContext, app: App): Release {
  const wanted = ctx.params.release
  const release = ctx.state.appReleases(app).find(r => r.id === wanted || String(r.version) === wanted)
  if (!release) throw notFound("Couldn't find that release.")
  return release
}

/** Rollback: a new release with the target's slug and config vars (attachment-owned vars stay as they are now). */
export function rollback(state: EmulatorState, app: App, target: Release, user?: User): Release {
  const owned = state.ownedConfigVars(app)
  const live = state.configVars.get(app.id)!
  const restored: Record<string, string> = {}
  for (const [key, value] of Object.entries(target.configVars)) if (!owned.has(key)) restored[key] = value
  for (const key of owned.keys()) if (key in live) restored[key] = live[key]
  for (const key of Object.keys(live)) delete live[key]
  Object.assign(live, restored)
  return state.createRelease(app, {description: `Rollback to v${target.version}`, runReleasePhase: true, slugId: target.slugId, user})
}

function releaseOutput(release: Release): string {
  const lines = ['Running release command...', '']
  if (release.status === 'pending') lines.push('Release command running...')
  else if (release.status === 'failed') lines.push('Error: release command exited with status 1', 'Release command failed')
  else lines.push('Migrations are up to date.', 'Release command completed successfully')
  return `${lines.join('\n')}\n`
}

export function registerReleases(router: Router): void {
  router
    .get('/apps/:app/releases', ctx => {
      const app = appFor(ctx)
      const releases = ctx.state.appReleases(app)
      for (const release of releases) ctx.state.pollRelease(release)
      return {list: {fields: RELEASE_RANGES, items: releases.map(r => releaseJson(ctx.state, r, ctx.variant))}}
    })
    .get('/apps/:app/releases/:release', ctx => {
      const release = releaseFor(ctx, appFor(ctx))
      ctx.state.pollRelease(release)
      return {body: releaseJson(ctx.state, release, ctx.variant)}
    })
    .get('/apps/:app/releases/:release/config-vars', ctx => ({body: sortedVars(releaseFor(ctx, appFor(ctx)).configVars)}))
    .post('/apps/:app/releases', ctx => {
      const app = appFor(ctx)
      const body = objectBody(ctx)
      if (body.release !== undefined) {
        // The body names a release by UUID only; resolve `vN` with GET /apps/{app}/releases/N first.
        const wanted = body.release
        if (typeof wanted !== 'string' || !UUID_PATTERN.test(wanted)) throw notFound("Couldn't find that release.")
        const target = ctx.state.appReleases(app).find(r => r.id === wanted)
        if (!target) throw notFound("Couldn't find that release.")
        // [unverified] wording/status for a release that is not eligible (failed or still pending).
        if (target.status !== 'succeeded') throw invalid(`Release v${target.version} is not eligible for rollback.`)
        return {body: releaseJson(ctx.state, rollback(ctx.state, app, target, ctx.user), ctx.variant), status: 201}
      }

      const slugId = typeof body.slug === 'string' ? body.slug : undefined
      if (!slugId) throw invalid('Missing required params: slug.')
      const slug = ctx.state.slugs.get(slugId)
      const owner = slug && ctx.state.apps.get(slug.appId)
      if (!slug || !owner || !ctx.state.canAccessApp(ctx.user, owner)) throw notFound("Couldn't find that slug.")
      const description = typeof body.description === 'string' ? body.description : `Deploy ${slug.commit?.slice(0, 8) ?? slug.id.slice(0, 8)}`
      const release = ctx.state.createRelease(app, {description, runReleasePhase: true, slugId: slug.id, user: ctx.user})
      return {body: releaseJson(ctx.state, release, ctx.variant), status: 201}
    })
    .get('/apps/:app/slugs/:slug', ctx => {
      const app = appFor(ctx)
      const slug = ctx.state.slugs.get(ctx.params.slug)
      // A Fir app's builds make OCI images (GET /apps/{app}/oci-images/{id}), never slugs.
      if (!slug || slug.appId !== app.id || isFirApp(ctx.state, app)) throw notFound("Couldn't find that slug.")
      return {body: slugJson(ctx.state, slug)}
    })
    .post('/apps/:app/slugs', ctx => {
      const app = appFor(ctx)
      const body = objectBody(ctx)
      const types = body.process_types
      if (!types || typeof types !== 'object' || Array.isArray(types)) throw invalid('Missing required params: process_types.')
      if (Object.values(types).some(v => typeof v !== 'string')) throw invalid('Invalid process_types: commands must be strings.')
      const now = ctx.state.now()
      const slug: Slug = {
        appId: app.id,
        commit: typeof body.commit === 'string' ? body.commit : null,
        commitDescription: typeof body.commit_description === 'string' ? body.commit_description : null,
        createdAt: now,
        id: randomUUID(),
        processTypes: {...(types as Record<string, string>)},
        releasePhase: 'succeeds',
        size: 1024 * 1024 * 40,
        stack: app.stack,
        updatedAt: now,
      }
      ctx.state.slugs.set(slug.id, slug)
      return {body: {...slugJson(ctx.state, slug), blob: {method: 'PUT', url: `${ctx.state.baseUrl}/__slugs/${slug.id}.tgz`}}, status: 201}
    })
    // Release-phase output (release-output.heroku.com): pre-signed, no auth.
    .get(
      '/__streams/releases/:release',
      ctx => {
        const release = ctx.state.releases.get(ctx.params.release)
        if (!release || !release.releasePhase) return {status: 404, text: 'Not Found\n'}
        return {text: releaseOutput(release)}
      },
      {host: 'app', public: true},
    )
    .put('/__slugs/*', () => ({status: 200, text: ''}), {host: 'app', public: true})
}
