import {capMarkdown, cell, details, table} from '../output/markdown.js'
import {formatChange, formatStepPrice, formatTotals} from './pricing.js'
import type {Plan, Step, StepAction, StepGroup, StepResult} from './types.js'

const SIGN: Record<StepAction, string> = {create: '+', change: '~', unchanged: '=', drift: '!', pending: '…', manual: '?', skip: '-'}
const GROUP_TITLE: Record<StepGroup, string> = {pipeline: 'Pipeline', staging: 'Staging', production: 'Production'}

export function countActions(plan: Plan): Record<StepAction, number> {
  const counts: Record<StepAction, number> = {create: 0, change: 0, unchanged: 0, drift: 0, pending: 0, manual: 0, skip: 0}
  for (const step of plan.steps) counts[step.action]++
  return counts
}

/** The plan grouped by stage, one line a step (+ create, ~ change, = unchanged, ! drift, … pending, ? manual, - skip). */
export function renderPlan(plan: Plan, titles: Partial<Record<StepGroup, string>> = {}): string[] {
  const lines: string[] = []
  for (const group of ['pipeline', 'staging', 'production'] as StepGroup[]) {
    const steps = plan.steps.filter(s => s.group === group)
    if (steps.length === 0) continue
    lines.push(`${GROUP_TITLE[group]}${titles[group] ? ` (${titles[group]})` : ''}`)
    for (const step of steps) {
      lines.push(`  ${SIGN[step.action]} ${step.summary}${step.price ? `  (${formatStepPrice(step.price)})` : ''}`)
      if (step.action !== 'unchanged' || step.resource === 'domain') for (const detail of step.details ?? []) lines.push(`      ${detail}`)
    }

    const totals = group === 'pipeline' ? undefined : plan.costs?.stages[group]
    if (totals) lines.push(`  Cost: ${formatTotals(totals)}`)
  }

  if (plan.costs) {
    lines.push(`Pipeline cost: ${formatTotals(plan.costs.pipeline)}`)
    for (const note of plan.costs.notes) lines.push(`  Note: ${note}`)
  }

  const counts = countActions(plan)
  lines.push(
    `Plan: ${counts.create} to create, ${counts.change} to change, ${counts.unchanged} unchanged, ` +
      `${counts.drift} drift, ${counts.pending} pending, ${counts.manual} manual${counts.skip > 0 ? `, ${counts.skip} skipped` : ''}.`,
  )
  return lines
}

const WORD: Record<StepAction, string> = {
  create: 'create',
  change: 'change',
  unchanged: 'unchanged',
  drift: 'drift',
  pending: 'pending',
  manual: 'manual',
  skip: 'skip',
}

/**
 * The plan as GitHub Markdown for a pull request: a title, the counts line (with the cost change), then per group a
 * table of the steps that do or need something inside a collapsed `<details>` (unchanged ones only counted), capped
 * at 64 KB. Masked by the caller like every other output.
 */
export function renderPlanMarkdown(plan: Plan, pipeline: string, titles: Partial<Record<StepGroup, string>> = {}): string {
  const counts = countActions(plan)
  const costLine = plan.costs ? ` · cost ${formatChange(plan.costs.pipeline)}` : ''
  const lines = [
    `### heroku-kit plan: pipeline ${cell(pipeline)}`,
    '',
    `**${counts.create} to create, ${counts.change} to change, ${counts.drift} drift**, ${counts.pending} pending, ${counts.manual} manual, ` +
      (counts.skip > 0 ? `${counts.skip} skipped, ` : '') +
      `${counts.unchanged} unchanged${costLine}`,
    '',
  ]
  if (plan.errors.length > 0) lines.push("**The plan can't be applied:**", '', ...plan.errors.map(e => `- ${cell(e)}`), '')
  for (const group of ['pipeline', 'staging', 'production'] as StepGroup[]) {
    const steps = plan.steps.filter(s => s.group === group)
    if (steps.length === 0) continue
    const shown = steps.filter(s => s.action !== 'unchanged')
    const totals = group === 'pipeline' ? undefined : plan.costs?.stages[group]
    const title = `${GROUP_TITLE[group]}${titles[group] ? ` (${titles[group]})` : ''}: ${shown.length} to look at, ${steps.length - shown.length} unchanged${
      totals ? ` · ${formatChange(totals)}` : ''
    }`
    const rows = shown.map(s => [SIGN[s.action], WORD[s.action], [s.summary, ...(s.details ?? [])].join('\n'), s.price ? formatStepPrice(s.price) : ''])
    const body = shown.length > 0 ? table(['', 'action', 'step', 'price per month'], rows) : ['Nothing to do.']
    if (totals) body.push('', `Cost: ${cell(formatTotals(totals))}`)
    lines.push(...details(title, body))
  }

  if (plan.costs) {
    lines.push(`**Pipeline cost:** ${cell(formatTotals(plan.costs.pipeline))}`, '')
    for (const note of plan.costs.notes) lines.push(`- ${cell(note)}`)
  }

  return capMarkdown(lines)
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
