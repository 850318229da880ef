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

function nameOf(value: unknown): GenerationName | undefined {
  const text = typeof value === 'string' ? value : value && typeof value === 'object' ? (value as {name?: unknown}).name : undefined
  if (typeof text !== 'string') return undefined
  const name = text.trim().toLowerCase()
  return NAMES.find(known => known === name)
}

/**
 * The generation of a resource (`app.generation`, `pipeline.generation`, … in either form) or of a generation itself
 * (`'fir'`, `{id, name: 'fir'}`): 'cedar', 'fir', or undefined when absent or a name heroku-kit does not know — the
 * caller decides what unknown means; nothing here guesses Cedar.
 */
export function generationOf(source: GenerationLike | {generation?: GenerationLike}): GenerationName | undefined {
  if (source && typeof source === 'object' && 'generation' in source) return nameOf(source.generation)
  return nameOf(source)
}
