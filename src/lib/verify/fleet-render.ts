/**
 * The human fleet report: the budget line before the run, then one row per pipeline (pass / warn / fail counts
 * and the failing criteria), what was not checked and why, and the totals.
 */
import {formatTable} from '../output/table.js'
import type {FleetBudget, FleetReport} from './fleet.js'

export function budgetLine(budget: FleetBudget): string {
  return `Rate limit: ${budget.remaining} requests left; this run uses at most ${budget.affordable * budget.perPipeline} (up to ${budget.perPipeline} per pipeline × ${budget.affordable}) and keeps ${budget.reserve} (10%) untouched.`
}

/** 1 when a pipeline failed, could not be checked or was not reached (or, with strict, warned); else 0. */
export function fleetExitCode(report: FleetReport, strict: boolean): number {
  return report.rows.some(row => row.status === 'not-checked' || row.failing.length > 0 || (strict && row.warnings.length > 0)) ? 1 : 0
}

export function renderFleet(report: FleetReport, options: {strict?: boolean} = {}): string[] {
  const lines: string[] = []
  const checked = report.rows.filter(row => row.status === 'checked')
  const rows = report.rows.map(row => ({
    pipeline: row.pipeline,
    staging: row.apps.staging ?? '-',
    production: row.apps.production ?? '-',
    pass: row.status === 'checked' ? String(row.summary.pass) : '',
    warn: row.status === 'checked' ? String(row.summary.warn) : '',
    fail: row.status === 'checked' ? String(row.summary.fail + row.summary.unknown) : '',
    failing: row.status === 'checked' ? row.failing.join(', ') || '-' : 'not checked',
    requests: String(row.requests),
  }))
  lines.push(
    ...formatTable(rows, {
      pipeline: {header: 'Pipeline'},
      staging: {header: 'Staging'},
      production: {header: 'Production'},
      pass: {header: 'Pass'},
      warn: {header: 'Warn'},
      fail: {header: 'Fail'},
      failing: {header: 'Failing'},
      requests: {header: 'Requests'},
    }),
  )
  lines.push('')
  const extra = report.rows.filter(row => row.extraApps.length > 0)
  for (const row of extra) lines.push(`${row.pipeline}: also has ${row.extraApps.join(', ')} (listed, not checked: the first app of each stage is)`)
  if (report.stopped) {
    const missed = report.rows.filter(row => row.status === 'not-checked' && row.reason === report.stopped).map(row => row.pipeline)
    lines.push(
      `Stopped before ${missed.length} pipeline(s): ${report.stopped}.`,
      `Not checked: ${missed.join(', ')}. Run again later (the pool refills 75 requests a minute), or with --team for fewer pipelines.`,
    )
  }

  for (const row of report.rows.filter(r => r.status === 'not-checked' && r.reason !== report.stopped))
    lines.push(`${row.pipeline}: not checked, ${row.reason}`)
  lines.push(`Skipped: ${report.skipped.repository}; ${Object.keys(report.skipped.checks).join(', ')} (they compare with the repository).`)
  const per = checked.length > 0 ? Math.max(...checked.map(row => row.requests)) : 0
  lines.push(`${checked.length} of ${report.rows.length} pipeline(s) checked in ${report.requests} API requests (at most ${per} for one pipeline).`)
  const failing = checked.filter(row => row.failing.length > 0).length
  const warning = checked.filter(row => row.failing.length === 0 && row.warnings.length > 0).length
  if (fleetExitCode(report, Boolean(options.strict)) === 0)
    lines.push(warning > 0 ? `Verified, ${warning} pipeline(s) with warnings (--strict makes them fail).` : 'Verified: every pipeline passes.')
  else
    lines.push(
      `Verification failed: ${failing} pipeline(s) failing${warning > 0 && options.strict ? `, ${warning} warning (--strict)` : ''}${report.rows.length > checked.length ? `, ${report.rows.length - checked.length} not checked` : ''}.`,
    )
  return lines
}
