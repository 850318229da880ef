/** Applying a plan step: its operation's applier (registry.ts: every kind has one), and what each step costs. */
import type {Clients} from './current.js'
import type {DesiredState} from './desired.js'
import type {StepRun} from './executor.js'
import {APPLIERS, COSTS, type Operation} from './registry.js'
import type {Applier} from './resource.js'
import {type RunContext, sleeper} from './run-context.js'

/** Applies one step's operation through the API adapters; returns lines for the summary. */
export async function applyOperation(op: Operation, clients: Clients, ctx: RunContext, desired: DesiredState, run?: StepRun): Promise<string[] | void> {
  const apply = APPLIERS[op.kind] as Applier<Operation>
  return apply(op, {clients, ctx, desired, run, sleep: sleeper(ctx, run)})
}

/**
 * What a step is expected to cost, in round trips, for the executor's ordering (`weight`): an add-on provisions for
 * seconds to minutes (about ten round trips at the least), so add-on creates go before the quick steps when slots
 * are short; the steps that wait for a database or a certificate come next.
 */
export function expectedCost(op: Operation | undefined): number {
  return (op && COSTS[op.kind]) ?? 1
}
