/**
 * The bootstrap plan: every resource's planner (registry.ts), in plan order, over the declaration and the current
 * state.
 */
import type {StageName} from '../manifest/types.js'
import type {CurrentState} from './current.js'
import type {DesiredState} from './desired.js'
import {type Operation, RESOURCES} from './registry.js'
import type {PlanOptions} from './resource.js'
import type {Plan, Step} from './types.js'

export type BootstrapStep = Step<Operation>
export type BootstrapPlan = Plan<Operation>

/**
 * The bootstrap plan: pure — the declaration and the current state in, the steps out. Problems that would make
 * the run create things it can't finish (a name someone else owns, an app in another pipeline, duplicate
 * pipelines) are plan errors, reported before any request that writes.
 */
export function planBootstrap(desired: DesiredState, current: CurrentState, options: PlanOptions = {}): BootstrapPlan {
  const errors: string[] = []
  const firstStageResource = RESOURCES.findIndex(resource => 'stage' in resource.plan)
  const planPipelineWide = (resources: ReadonlyArray<(typeof RESOURCES)[number]>): BootstrapStep[] =>
    resources.flatMap((resource): BootstrapStep[] => ('pipeline' in resource.plan ? resource.plan.pipeline({desired, current, errors}) : []))
  const steps: BootstrapStep[] = planPipelineWide(RESOURCES.slice(0, firstStageResource))
  for (const stage of desired.stages) {
    const cur = current.stages[stage.name as StageName]
    const planned: BootstrapStep[] = []
    for (const resource of RESOURCES) {
      if ('stage' in resource.plan) planned.push(...resource.plan.stage({desired, current, errors, stage, cur, options, planned}))
    }

    steps.push(...planned)
  }

  steps.push(...planPipelineWide(RESOURCES.slice(firstStageResource)))
  return {steps, errors}
}
