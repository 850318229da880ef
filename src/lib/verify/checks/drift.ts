/**
 * Drift: "the live pipeline matches heroku-kit.yml". The bootstrap planner run read-only on the state kit:verify
 * already read: every step that would create or change something, and every drift step, is a failure; steps
 * pending until the first deploy, and steps that need the user (connecting GitHub, a drain URL not in the stage's
 * .env file), are warnings.
 */
import {planBootstrap} from '../../converge/plan.js'
import type {StepAction} from '../../converge/types.js'
import {unknownFix} from '../fixes.js'
import type {Evidence, PipelineCheck, Verdict} from '../types.js'

const FAILING: ReadonlySet<StepAction> = new Set(['create', 'change', 'drift'])
const WARNING: ReadonlySet<StepAction> = new Set(['pending', 'manual'])
const WORD: Partial<Record<StepAction, string>> = {create: 'missing', change: 'differs', drift: 'drift', pending: 'pending', manual: 'needs you'}

function dryRunFix(evidence: Evidence): string {
  const {pipelineFile} = evidence.repository.project
  return (
    `heroku kit:bootstrap --dry-run${pipelineFile.file ? '' : ` --pipeline ${pipelineFile.pipeline}`} (shows each difference; kit:bootstrap applies the ` +
    `declaration, kit:import --force takes over what runs)`
  )
}

function checkDrift(evidence: Evidence): Verdict {
  const state = evidence.remote?.state
  if (!state) return {status: 'unknown', evidence: ['the live pipeline was not read (--local)'], fix: 'run kit:verify without --local'}
  if (!state.ok) return {status: 'unknown', evidence: [`could not read the pipeline: ${state.error}`], fix: unknownFix(state.error)}
  const plan = planBootstrap(evidence.desired, state.value)
  // with --stage, only that stage's steps (and the pipeline's)
  const selected = new Set<string>(['pipeline', ...Object.keys(evidence.stages)])
  const steps = plan.steps.filter(step => selected.has(step.group))
  const failing = steps.filter(step => FAILING.has(step.action))
  const warning = steps.filter(step => WARNING.has(step.action))
  const describe = (step: (typeof steps)[number]): string[] => [
    `${step.group}: ${WORD[step.action]}: ${step.summary}`,
    ...(step.details ?? []).filter(line => !line.startsWith('DNS:')).map(line => `    ${line}`),
  ]
  const unchanged = steps.filter(step => step.action === 'unchanged').length
  if (plan.errors.length > 0 || failing.length > 0) {
    return {
      status: 'fail',
      evidence: [...plan.errors, ...failing.flatMap(step => describe(step)), ...warning.flatMap(step => describe(step)), `${unchanged} resource(s) match`],
      fix: dryRunFix(evidence),
    }
  }

  if (warning.length > 0) {
    return {
      status: 'warn',
      evidence: [...warning.flatMap(step => describe(step)), `${unchanged} resource(s) match`],
      fix: dryRunFix(evidence),
    }
  }

  return {status: 'pass', evidence: [`all ${unchanged} resource(s) kit:bootstrap manages match heroku-kit.yml`]}
}

export const driftCheck: PipelineCheck = {
  id: 'drift',
  criterion: 'The live pipeline matches heroku-kit.yml (no drift)',
  scope: 'pipeline',
  run: checkDrift,
}
