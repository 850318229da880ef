import type {Plan, Step, StepAction, StepGroup, StepResult} from './types.js'

const SIGN: Record<StepAction, string> = {create: '+', change: '~', unchanged: '=', drift: '!', pending: '…', manual: '?'}
const GROUP_TITLE: Record<StepGroup, string> = {pipeline: 'Pipeline', staging: 'Staging', production: 'Production'}

export function countActions(plan: Plan): Record<StepAction, number> {
  const counts: Record<StepAction, number> = {create: 0, change: 0, unchanged: 0, drift: 0, pending: 0, manual: 0}
  for (const step of plan.steps) counts[step.action]++
  return counts
}

/** The plan grouped by stage, one line a step (+ create, ~ change, = unchanged, ! drift, … pending, ? manual). */
export function renderPlan(plan: Plan, titles: Partial<Record<StepGroup, string>> = {}): string[] {
  const lines: string[] = []
  for (const group of ['pipeline', 'staging', 'production'] as StepGroup[]) {
    const steps = plan.steps.filter(s => s.group === group)
    if (steps.length === 0) continue
    lines.push(`${GROUP_TITLE[group]}${titles[group] ? ` (${titles[group]})` : ''}`)
    for (const step of steps) {
      lines.push(`  ${SIGN[step.action]} ${step.summary}`)
      if (step.action !== 'unchanged' || step.resource === 'domain') for (const detail of step.details ?? []) lines.push(`      ${detail}`)
    }
  }

  const counts = countActions(plan)
  lines.push(
    `Plan: ${counts.create} to create, ${counts.change} to change, ${counts.unchanged} unchanged, ` +
      `${counts.drift} drift, ${counts.pending} pending, ${counts.manual} manual.`,
  )
  return lines
}

export function progressLine(step: Step, result?: StepResult): string {
  if (!result) return `  → ${step.group}: ${step.summary}`
  if (result.status === 'done') return `  ✓ ${step.group}: ${step.summary}`
  if (result.status === 'failed') return `  ✗ ${step.group}: ${step.summary}\n      ${(result.message ?? '').split('\n').join('\n      ')}`
  return `  - ${step.group}: ${step.summary} (${result.status}${result.message ? `: ${result.message}` : ''})`
}

export interface SummaryRow extends Record<string, unknown> {
  stage: string
  step: string
  result: string
}

const RESULT_TEXT: Record<StepResult['status'], string> = {done: 'done', failed: 'failed', skipped: 'not run', 'not-run': 'not run', unchanged: 'unchanged'}

/** The end-of-run table: one row per step that had something to do, in plan order, with what became of it. */
export function summaryRows(plan: Plan, results: StepResult[]): SummaryRow[] {
  const byId = new Map(results.map(r => [r.id, r]))
  return plan.steps
    .filter(step => step.operation !== undefined)
    .map(step => {
      const result = byId.get(step.id)
      const why = result && result.status !== 'done' && result.message ? `: ${result.message.split('\n')[0]}` : ''
      return {stage: step.group, step: step.summary, result: result ? `${RESULT_TEXT[result.status]}${why}` : 'not run'}
    })
}

/** What the user does next: DNS records, Dashboard actions, the first deploy. */
export function nextSteps(plan: Plan, results: StepResult[]): string[] {
  const lines: string[] = []
  const notes = results.flatMap(r => r.notes ?? []).filter(n => n.startsWith('DNS:'))
  const knownDns = plan.steps.filter(s => s.resource === 'domain' && s.action === 'unchanged').flatMap(s => s.details ?? [])
  for (const line of new Set([...notes, ...knownDns])) lines.push(`Set ${line.replace(/^DNS: /, 'DNS record: ')}`)
  for (const step of plan.steps.filter(s => s.action === 'manual')) {
    lines.push(`${step.summary}`)
    for (const detail of step.details ?? []) lines.push(`  ${detail}`)
  }

  if (plan.steps.some(s => s.action === 'pending' && s.resource === 'formation')) {
    lines.push('Deploy once (push to main, or run the deploy workflow), then run kit:bootstrap again to apply the formation.')
  }

  return lines
}
