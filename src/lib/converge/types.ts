/**
 * A plan is data: the steps that bring Heroku from its current state to the declared one, each with what it
 * will do, why, and what it depends on. `--dry-run` prints it; tests check it without HTTP; the executor
 * applies it. Nothing in a step holds a secret value (values are masked before they get here).
 */
export type StepAction =
  /** will be created */
  | 'create'
  /** exists and will be changed */
  | 'change'
  /** already as declared: nothing to send */
  | 'unchanged'
  /** differs from the declaration, but changing it needs an explicit flag (e.g. --upgrade-addons) */
  | 'drift'
  /** can't be done yet (e.g. a process type before the first deploy); not an error */
  | 'pending'
  /** needs the user (e.g. connecting GitHub in the Dashboard); the rest goes on */
  | 'manual'
  /** not done, and not an error: the stage's generation does not offer it (preboot by default on Fir); the reason in details */
  | 'skip'

/** The stage a step belongs to, for grouping the plan. */
export type StepGroup = 'pipeline' | 'staging' | 'production'

import type {PlanCosts, StepPrice} from './pricing.js'

export interface Step<Op = unknown> {
  /** unique and stable: 'staging.app', 'production.addon.DATABASE' */
  id: string
  group: StepGroup
  /** what kind of resource: 'app', 'addon', 'config', 'formation', … */
  resource: string
  action: StepAction
  /** one line a person reads, no secrets */
  summary: string
  /** further lines (masked diff lines, DNS targets, instructions) */
  details?: string[]
  /** ids of steps that must succeed first */
  dependsOn: string[]
  /** what the executor does; absent when there is nothing to send */
  operation?: Op
  /** its monthly price before → after, when it creates, resizes, rescales, upgrades or removes something billed (absent with --no-cost) */
  price?: StepPrice
}

export interface Plan<Op = unknown> {
  steps: Step<Op>[]
  /** problems that stop the whole plan before anything is sent (an app owned by someone else…) */
  errors: string[]
  /** monthly cost per stage and for the pipeline, now and after the plan (absent when prices were not asked for) */
  costs?: PlanCosts
}

export type StepStatus = 'done' | 'failed' | 'skipped' | 'unchanged' | 'not-run'

export interface StepResult {
  id: string
  status: StepStatus
  /** why it failed, or which failed dependency it waited for */
  message?: string
  /** lines to show in the summary (DNS targets, next steps) */
  notes?: string[]
}

export function writesIn(plan: Plan): Step[] {
  return plan.steps.filter(step => step.operation !== undefined)
}
