/**
 * The generation a stage's app runs on (Cedar or Fir) and what Heroku says that generation does not offer, for the
 * planners: a Fir stage plans no classic buildpacks, no log drains, no autoscaling, and none of the features its
 * generation lists in `unsupported_features`.
 *
 * Where it comes from: the declared space's generation (an app's generation is its space's, and apps cannot move
 * between spaces), else the existing app's, else Cedar (a new app outside a space runs on the Common Runtime, which
 * is Cedar). `unsupported_features` is what `GET /generations/{id}` (Accept 3.sdk) answered in this run
 * (`current.generations`), never a list kept here: which features Fir lacks is [unverified] beyond buildpacks, drains
 * and autoscaling (../shared api-reference §22.4), and Heroku's answer is the authority.
 */
import {type GenerationName, generationOf} from '../generation.js'
import type {CurrentState} from './current.js'
import type {CurrentStage, DesiredStage} from './registry.js'

export interface StageGeneration {
  name: GenerationName
  /** `unsupported_features` of the generation as Heroku answered it in this run; empty when it was not read */
  unsupportedFeatures: readonly string[]
}

export interface StageGenerationInput {
  stage: Pick<DesiredStage, 'space'>
  cur: Pick<CurrentStage, 'app'>
  current: Pick<CurrentState, 'spaces' | 'generations'>
}

/** The stage's generation: its declared space's, else its app's, else Cedar; with the features Heroku said it lacks. */
export function stageGeneration({stage, cur, current}: StageGenerationInput): StageGeneration {
  const space = stage.space ? current.spaces?.[stage.space] : undefined
  const name = generationOf(space) ?? generationOf(cur.app) ?? 'cedar'
  return {name, unsupportedFeatures: current.generations?.[name]?.unsupported_features ?? []}
}

/** The generation lists the feature as unsupported (its name compared case-insensitively, any of its spellings). */
export function unsupported(generation: StageGeneration, ...names: string[]): string | undefined {
  const wanted = new Set(names.map(name => name.toLowerCase()))
  return generation.unsupportedFeatures.find(feature => wanted.has(feature.toLowerCase()))
}
