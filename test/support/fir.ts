/**
 * A pipeline declared in a Fir Private Space, for the planners' tests: the desired stages name the space, the current
 * state has it read (with its generation's `unsupported_features`), the apps missing unless a test gives them.
 */
import type {App, Space} from '../../src/lib/api/heroku-api.js'
import type {CurrentStage, CurrentState} from '../../src/lib/converge/current.js'
import type {DesiredStage, DesiredState} from '../../src/lib/converge/desired.js'
import {type BootstrapPlan, planBootstrap} from '../../src/lib/converge/plan.js'
import {emptyCurrentStage, emptyDesiredStage} from '../../src/lib/converge/registry.js'
import type {GenerationLike} from '../../src/lib/generation.js'

export const FIR_SPACE = {id: 'space-fir', name: 'acme-fir', generation: {id: 'gen-fir', name: 'fir'}, team: {name: 'acme'}, region: {name: 'us'}} as Space
export const CEDAR_SPACE = {
  id: 'space-cedar',
  name: 'acme-cedar',
  generation: {id: 'gen-cedar', name: 'cedar'},
  team: {name: 'acme'},
  region: {name: 'us'},
} as Space

/** An existing app in `space` (none: the Common Runtime), of `generation` in either of Heroku's forms. */
export function appIn(name: string, space: Space | undefined, generation: GenerationLike = space?.generation ?? {id: 'gen-cedar', name: 'cedar'}): App {
  return {id: `${name}-id`, name, generation, team: {name: 'acme'}, ...(space ? {space: {id: space.id, name: space.name, shared: false}} : {})} as App
}

export interface FirPlanInput {
  /** what each stage declares besides its app and the space (default: both in acme-fir) */
  staging?: Partial<DesiredStage>
  production?: Partial<DesiredStage>
  /** the apps as they run (default: missing) */
  current?: Partial<Record<'production' | 'staging', CurrentStage>>
  /** `unsupported_features` of Fir as read */
  unsupported?: string[]
  state?: Partial<CurrentState>
  desired?: Partial<DesiredState>
}

export function firDesired(input: FirPlanInput = {}): DesiredState {
  return {
    pipeline: 'shop',
    team: 'acme',
    reviewConfig: {},
    stages: [
      emptyDesiredStage('staging', 'shop-staging', {space: FIR_SPACE.name, ...input.staging}),
      emptyDesiredStage('production', 'shop', {space: FIR_SPACE.name, ...input.production}),
    ],
    ...input.desired,
  }
}

export function firState(input: FirPlanInput = {}): CurrentState {
  return {
    account: {id: 'user-1', email: 'dev@example.com'},
    owner: {id: 'team-1', type: 'team'},
    pipelines: [],
    stages: {staging: input.current?.staging ?? emptyCurrentStage('missing'), production: input.current?.production ?? emptyCurrentStage('missing')},
    reviewConfig: {},
    github: {checked: false},
    spaces: {[FIR_SPACE.name]: FIR_SPACE, [CEDAR_SPACE.name]: CEDAR_SPACE},
    generations: {
      fir: {id: 'gen-fir', name: 'fir', unsupported_features: input.unsupported ?? []},
      cedar: {id: 'gen-cedar', name: 'cedar', unsupported_features: []},
    },
    ...input.state,
  }
}

/** The bootstrap plan of the pipeline in the Fir space. */
export function firPlan(input: FirPlanInput = {}): BootstrapPlan {
  return planBootstrap(firDesired(input), firState(input))
}
