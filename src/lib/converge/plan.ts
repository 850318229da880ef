/**
 * The bootstrap plan: every resource's planner (registry.ts), in plan order, over the declaration and the current
 * state.
 */
import type {StageName} from '../manifest/types.js'
import type {CurrentStage, CurrentState} from './current.js'
import type {DesiredState} from './desired.js'
import {type Operation, RESOURCES} from './registry.js'
import {addCosts, type Cost, type CostTotals, ECO_NOTE, type PlanCosts, type PriceBook, sumTotals, totalsAfter, ZERO} from './pricing.js'
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
  const costs: PlanCosts = {stages: {}, pipeline: {now: ZERO, after: ZERO}, notes: []}
  for (const stage of desired.stages) {
    const cur = current.stages[stage.name as StageName]
    const planned: BootstrapStep[] = []
    for (const resource of RESOURCES) {
      if ('stage' in resource.plan) planned.push(...resource.plan.stage({desired, current, errors, stage, cur, options, planned}))
    }

    steps.push(...planned)
    if (options.prices) costs.stages[stage.name as StageName] = stageTotals(cur, planned, options.prices, costs.notes)
  }

  steps.push(...planPipelineWide(RESOURCES.slice(firstStageResource)))
  if (!options.prices) return {steps, errors}
  costs.pipeline = sumTotals(Object.values(costs.stages))
  const declaresEco = desired.stages.some(stage => Object.values(stage.formation).some(f => f.size?.toLowerCase() === 'eco'))
  if (declaresEco && !costs.notes.includes(ECO_NOTE)) costs.notes.push(ECO_NOTE)
  if (steps.some(step => step.action === 'pending' && step.price)) {
    costs.notes.push('"after" includes the formation pending until the first deploy (kit:bootstrap applies it once the process types exist)')
  }

  return {steps, errors, costs}
}

/**
 * A stage's monthly cost: now, what every resource that bills costs as the app runs (`price` of each resource; nothing
 * for an app to be created), and after, now plus each priced step's difference.
 */
export function stageTotals(cur: CurrentStage, planned: Array<Step<unknown>>, prices: PriceBook, notes: string[]): CostTotals {
  let now = ZERO
  if (cur.app) {
    for (const resource of RESOURCES) {
      if (!resource.price) continue
      const part = resource.price(cur, prices)
      now = addCosts(now, part.cost)
      for (const note of part.notes) if (!notes.includes(note)) notes.push(note)
    }
  }

  const stepPrices = planned.flatMap(step => (step.price ? [step.price] : []))
  return totalsAfter(now, stepPrices)
}

/** What stages cost per month as they run (kit:import): each stage, their sum, and the notes (eco dynos). */
export function runningCost(
  stages: Array<{name: StageName; current: CurrentStage}>,
  prices: PriceBook,
): {stages: Partial<Record<StageName, Cost>>; pipeline: Cost; notes: string[]} {
  const notes: string[] = []
  const byStage: Partial<Record<StageName, Cost>> = {}
  for (const stage of stages) byStage[stage.name] = stageTotals(stage.current, [], prices, notes).now
  return {stages: byStage, pipeline: addCosts(ZERO, ...Object.values(byStage)), notes}
}
