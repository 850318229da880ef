/**
 * Generations of the Heroku platform: Cedar (the Common Runtime and Cedar Private Spaces) and Fir (Fir Private Spaces).
 *
 * - [schema] `generation`: `GET /generations`, `GET /generations/{name_or_id}`, `GET /teams/{team}/available-generations`;
 *   `generation` is an object `{id, name}` on app, pipeline, space and dyno-size.
 * - [cli] with `Accept: application/vnd.heroku+json; version=3.sdk` the CLI types `generation` on apps and spaces as a
 *   plain string, and a generation as carrying `unsupported_features: string[]` (heroku/cli `src/lib/types/fir.d.ts`,
 *   `App`, `Space`, `Generation`; a source file, not shipped in node_modules/heroku/dist). The CLI reads both forms
 *   (`lib/apps/generation.js`, `getGeneration`); `apps:info`, `buildpacks`, `spaces` and `ps:autoscale:enable` ask
 *   for `3.sdk`.
 * - An app's generation is its space's; apps outside a space run on the Common Runtime, which is Cedar
 *   ([doc] "Heroku Generations").
 */
import {stableId} from './catalog.js'
import {notFound, type Router} from './http.js'
import {teamFor} from './apps.js'
import type {App, EmulatorState, GenerationName} from './state.js'

export const GENERATION_NAMES: readonly GenerationName[] = ['cedar', 'fir']

/**
 * What `unsupported_features` lists per generation unless a test sets `state.unsupportedFeatures`.
 * [unverified] No source gives Heroku's values or their spelling. Fir's default names what sources show Fir refusing:
 * classic buildpacks ([doc] "Managing Buildpacks": Fir uses Cloud Native Buildpacks from project.toml; the CLI's
 * `buildpacks` reads a Fir app's OCI image instead of `/buildpack-installations`), classic log drains ([doc] Heroku
 * Telemetry; terraform-provider-heroku refuses `heroku_drain` on Fir) and autoscaling ([cli] `ps/autoscale/enable.js`).
 * Preboot, ACM, release phase, Heroku CI: no source either way, so not listed; a test adds them to model Heroku
 * refusing them.
 */
export const DEFAULT_UNSUPPORTED_FEATURES: Record<GenerationName, string[]> = {
  cedar: [],
  fir: ['classic-buildpacks', 'log-drains', 'autoscaling'],
}

/** When the generations were introduced (fixed, like the rest of the catalog). */
const CREATED_AT = '2024-12-01T12:00:00Z'

export function generationRef(name: GenerationName): {id: string; name: GenerationName} {
  return {id: stableId(`generation:${name}`), name}
}

/** `generation` as an app or a space carries it: an object, or with `3.sdk` the plain name (as the CLI types it). */
export function generationField(name: GenerationName, variant: string): string | {id: string; name: GenerationName} {
  return variant === 'sdk' ? name : generationRef(name)
}

/** A generation by name or id (bodies send `{name}`, `{id}` or a plain string). */
export function findGeneration(nameOrId: string): GenerationName | undefined {
  return GENERATION_NAMES.find(name => name === nameOrId || stableId(`generation:${name}`) === nameOrId)
}

/** The app's generation: its space's, or Cedar on the Common Runtime. */
export function appGeneration(state: EmulatorState, app: App): GenerationName {
  const space = app.spaceId ? state.spaces.get(app.spaceId) : undefined
  return space?.generation ?? 'cedar'
}

export function isFirApp(state: EmulatorState, app: App): boolean {
  return appGeneration(state, app) === 'fir'
}

function generationJson(state: EmulatorState, name: GenerationName, variant: string): Record<string, unknown> {
  const body: Record<string, unknown> = {created_at: CREATED_AT, ...generationRef(name), updated_at: CREATED_AT}
  // `unsupported_features` is not in the v3 schema (strictProperties); the CLI's types give it to the 3.sdk form.
  if (variant === 'sdk') body.unsupported_features = [...state.unsupportedFeatures[name]]
  return body
}

export function registerGenerations(router: Router): void {
  router
    .get('/generations', ctx => ({list: {fields: ['id', 'name'], items: GENERATION_NAMES.map(name => generationJson(ctx.state, name, ctx.variant))}}))
    .get('/generations/:generation', ctx => {
      const name = findGeneration(ctx.params.generation)
      if (!name) throw notFound("Couldn't find that generation.")
      return {body: generationJson(ctx.state, name, ctx.variant)}
    })
    // [unverified] every team may use both generations (Heroku may limit Fir to entitled teams).
    .get('/teams/:team/available-generations', ctx => {
      teamFor(ctx, ctx.params.team)
      return {list: {fields: ['id', 'name'], items: GENERATION_NAMES.map(name => generationJson(ctx.state, name, ctx.variant))}}
    })
}
