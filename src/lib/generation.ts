/**
 * The generation of the Heroku platform a resource runs on: Cedar (the Common Runtime, Cedar Private Spaces) or Fir
 * (Fir Private Spaces). Heroku writes `generation` on apps, pipelines, spaces and dyno sizes as an object `{id, name}`
 * (Platform API schema); with `Accept: …version=3.sdk` apps and spaces carry the plain name (the Heroku CLI's types,
 * `src/lib/types/fir.d.ts`, and its `lib/apps/generation.js`, which reads both). This reads either form.
 */
export type GenerationName = 'cedar' | 'fir'

const NAMES: readonly GenerationName[] = ['cedar', 'fir']

/** A generation as Heroku writes it: the name, or `{id, name}`. */
export type GenerationLike = string | {id?: string; name?: string} | null | undefined

/**
 * A generation itself, in either form (`'fir'`, `{id, name: 'fir'}`): 'cedar', 'fir', or undefined when absent or a
 * name heroku-kit does not know — the caller decides what unknown means; nothing here guesses Cedar.
 */
export function generationName(generation: unknown): GenerationName | undefined {
  const text = typeof generation === 'string' ? generation : generation && typeof generation === 'object' ? (generation as {name?: unknown}).name : undefined
  if (typeof text !== 'string') return undefined
  const name = text.trim().toLowerCase()
  return NAMES.find(known => known === name)
}

/** The generation of an app, pipeline, space or dyno size, read from its `generation` (either form); see generationName. */
export function generationOf(resource: {generation?: unknown} | null | undefined): GenerationName | undefined {
  return generationName(resource?.generation)
}
