/**
 * The human report: one block per group (repository, pipeline, each stage's app), failing checks first, each
 * with its evidence and fix; then the totals. Plain aligned text, the same on a terminal and in a CI log.
 */
import {formatChange, formatTotals} from '../converge/pricing.js'
import type {StageName} from '../manifest/types.js'
import {capMarkdown, cell, details, table} from '../output/markdown.js'
import type {CheckResult, CheckStatus, VerifyReport} from './types.js'

const ORDER: Record<CheckStatus, number> = {fail: 0, unknown: 1, warn: 2, pass: 3}
const LABEL: Record<CheckStatus, string> = {fail: 'FAIL', unknown: 'UNKNOWN', warn: 'WARN', pass: 'pass'}

export interface Group {
  title: string
  checks: CheckResult[]
}

/** Checks by group, in report order, failing ones first within each group (stable otherwise). */
export function groupChecks(report: VerifyReport, apps: Record<StageName, string>): Group[] {
  const groups: Group[] = [
    {title: 'Repository', checks: report.checks.filter(c => c.scope === 'repository')},
    {title: `Pipeline ${report.pipeline}`, checks: report.checks.filter(c => c.scope === 'pipeline')},
    {title: `Staging · ${apps.staging}`, checks: report.checks.filter(c => c.stage === 'staging')},
    {title: `Production · ${apps.production}`, checks: report.checks.filter(c => c.stage === 'production')},
  ]
  for (const group of groups)
    group.checks = group.checks
      .map((check, index) => ({check, index}))
      .sort((a, b) => ORDER[a.check.status] - ORDER[b.check.status] || a.index - b.index)
      .map(entry => entry.check)
  return groups.filter(group => group.checks.length > 0)
}

export function renderReport(report: VerifyReport, apps: Record<StageName, string>, options: {local?: boolean; strict?: boolean} = {}): string[] {
  const lines: string[] = []
  const idWidth = Math.max(...report.checks.map(c => c.id.length), 6)
  const statusWidth = 7
  const indent = ' '.repeat(2 + statusWidth + 2 + idWidth + 2)
  for (const group of groupChecks(report, apps)) {
    lines.push(group.title)
    for (const check of group.checks) {
      lines.push(`  ${LABEL[check.status].padEnd(statusWidth)}  ${check.id.padEnd(idWidth)}  ${check.criterion}`)
      for (const line of check.evidence) lines.push(`${indent}${line}`)
      if (check.fix) lines.push(`${indent}fix: ${check.fix}`)
    }

    lines.push('')
  }

  lines.push(...costLines(report, apps))
  const {pass, warn, fail, unknown} = report.summary
  lines.push(
    `${report.checks.length} check${report.checks.length === 1 ? '' : 's'}${options.local ? ' (repository only, --local)' : ''}: ${pass} pass, ${warn} warn, ${fail} fail, ${unknown} unknown`,
  )
  if (fail > 0 || unknown > 0 || (options.strict && warn > 0)) {
    const what = [
      fail > 0 ? `${fail} failed` : '',
      unknown > 0 ? `${unknown} could not run` : '',
      options.strict && warn > 0 ? `${warn} warned (--strict)` : '',
    ]
      .filter(Boolean)
      .join(', ')
    lines.push(`Verification failed: ${what}.`)
  } else if (warn > 0) {
    lines.push('Verified, with warnings (--strict makes them fail).')
  } else {
    lines.push('Verified: everything passes.')
  }

  return lines
}

/** The informational cost lines: per stage checked, now and after kit:bootstrap (never a check, never a failure). */
export function costLines(report: VerifyReport, apps: Record<StageName, string>): string[] {
  if (!report.cost) return []
  const stages = Object.entries(report.cost.stages) as Array<[StageName, NonNullable<NonNullable<VerifyReport['cost']>['stages'][StageName]>]>
  if (stages.length === 0) return []
  return [
    'Cost per month (informational: kit:verify never fails on it; "after" is after kit:bootstrap)',
    ...stages.map(([stage, totals]) => `  ${stage} · ${apps[stage]}: ${formatTotals(totals)}`),
    ...report.cost.notes.map(note => `  Note: ${note}`),
    '',
  ]
}

/**
 * The report as GitHub Markdown for a pull request: the counts line (with the cost change), then each group's checks
 * in a table inside a `<details>` (open when something failed), capped at 64 KB. Masked by the caller.
 */
export function renderReportMarkdown(report: VerifyReport, apps: Record<StageName, string>, options: {local?: boolean; strict?: boolean} = {}): string {
  const {pass, warn, fail, unknown} = report.summary
  const cost = report.cost ? ` · cost ${formatChange(report.cost.pipeline)} after kit:bootstrap` : ''
  const lines = [
    `### heroku-kit verify: pipeline ${cell(report.pipeline)}${options.local ? ' (repository only)' : ''}`,
    '',
    `**${fail} fail, ${unknown} unknown, ${warn} warn**, ${pass} pass${cost}`,
    '',
  ]
  for (const group of groupChecks(report, apps)) {
    const failing = group.checks.filter(c => c.status === 'fail' || c.status === 'unknown' || (options.strict && c.status === 'warn')).length
    const rows = group.checks.map(c => [LABEL[c.status], c.id, [c.criterion, ...c.evidence, ...(c.fix ? [`fix: ${c.fix}`] : [])].join('\n')])
    lines.push(...details(`${group.title}: ${group.checks.length} check(s), ${failing} failing`, table(['status', 'check', 'evidence'], rows), failing > 0))
  }

  if (report.cost) {
    for (const [stage, totals] of Object.entries(report.cost.stages)) lines.push(`- Cost of ${cell(stage)}: ${cell(formatTotals(totals))}`)
    for (const note of report.cost.notes) lines.push(`- ${cell(note)}`)
  }

  return capMarkdown(lines)
}
