/** Buildpack installations: `GET/PUT /apps/{app}/buildpack-installations` (PUT replaces the whole list). */
import {appFor} from './apps.js'
import {stableId} from './catalog.js'
import {isFirApp} from './generations.js'
import {invalid, type RequestContext, type Router} from './http.js'
import type {App} from './state.js'

const REGISTRY_NAME = /^[a-z0-9][\w-]*\/[\w.-]+$/i

/** Blob URLs the buildpack registry hands out (`buildpacks:add heroku/nodejs` PUTs one of these). */
const REGISTRY_BLOB = /^https:\/\/buildpack-registry\.s3\.[\w.-]*amazonaws\.com\/buildpacks\/([\w-]+\/[\w.-]+)\.tgz$/

/** Registry names (and registry blob URLs) come back as `urn:buildpack:<name>` URLs (the CLI strips the prefix). */
function installationJson(buildpack: string, ordinal: number): Record<string, unknown> {
  const registered = REGISTRY_BLOB.exec(buildpack)?.[1]
  const isUrl = /^https?:\/\//.test(buildpack) && !registered
  const name = registered ?? buildpack.replace(/^urn:buildpack:/, '')
  return {buildpack: {name: isUrl ? buildpack : name, url: isUrl ? buildpack : `urn:buildpack:${name}`}, ordinal}
}

/**
 * Classic buildpacks are Cedar's: a Fir app builds with Cloud Native Buildpacks chosen by its project.toml ([doc]
 * "Managing Buildpacks"); the CLI's `buildpacks` reads a Fir app's buildpacks from its release's OCI image and never
 * calls this endpoint for one (`commands/buildpacks/index.js`, `lib/buildpacks/buildpacks.js`).
 * [unverified] Heroku's status and wording for the refusal (no source shows them); the stricter reading refuses reads too.
 */
function classicBuildpacksApp(ctx: RequestContext): App {
  const app = appFor(ctx)
  if (isFirApp(ctx.state, app)) {
    throw invalid(`${app.name} is a Fir-generation app: classic buildpacks are not supported; declare Cloud Native Buildpacks in project.toml.`)
  }

  return app
}

export function registerBuildpacks(router: Router): void {
  router
    .get('/apps/:app/buildpack-installations', ctx => {
      const list = ctx.state.buildpacks.get(classicBuildpacksApp(ctx).id) ?? []
      return {list: {fields: ['ordinal'], items: list.map((b, i) => installationJson(b, i))}}
    })
    .put('/apps/:app/buildpack-installations', ctx => {
      const app = classicBuildpacksApp(ctx)
      const body = ctx.body as {updates?: unknown} | undefined
      if (!body || typeof body !== 'object' || !Array.isArray(body.updates)) throw invalid('Missing required params: updates.')
      const buildpacks = body.updates.map(update => {
        const value = update && typeof update === 'object' ? (update as {buildpack?: unknown}).buildpack : undefined
        if (typeof value !== 'string' || value.trim() === '') throw invalid('Each update needs a buildpack (a registry name or a URL).')
        const bare = value.replace(/^urn:buildpack:/, '')
        if (!/^https?:\/\//.test(value) && !REGISTRY_NAME.test(bare)) throw invalid(`Buildpack ${value} is not a valid URL or buildpack registry name.`)
        return value
      })
      ctx.state.buildpacks.set(app.id, buildpacks)
      return {body: buildpacks.map((b, i) => installationJson(b, i))}
    })
    // The buildpack registry (buildpack-registry.heroku.com; point HEROKU_BUILDPACK_REGISTRY_URL here): every
    // well-formed `namespace/name` exists.
    .get(
      '/buildpacks/:buildpack',
      ctx => {
        const name = ctx.params.buildpack
        if (!REGISTRY_NAME.test(name)) return {body: {id: 'not_found', message: 'Buildpack not found'}, status: 404}
        const [namespace, short] = name.split('/')
        return {
          body: {
            blob_url: `https://buildpack-registry.s3.us-east-1.amazonaws.com/buildpacks/${name}.tgz`,
            description: `${short} buildpack`,
            id: stableId(`buildpack:${name}`),
            name: short,
            namespace,
          },
        }
      },
      {host: 'app', public: true},
    )
}
