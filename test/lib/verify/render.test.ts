import {expect} from 'chai'

import {buildReport} from '../../../src/lib/verify/registry.js'
import {groupChecks, renderReport, renderReportMarkdown} from '../../../src/lib/verify/render.js'
import {costOf, planCostsJson, ZERO} from '../../../src/lib/converge/pricing.js'
import {marked, type Tokens} from 'marked'
import type {CheckResult} from '../../../src/lib/verify/types.js'

const apps = {staging: 'shop-staging', production: 'shop'}

function result(
  id: string,
  status: CheckResult['status'],
  stage: CheckResult['stage'] = null,
  scope: CheckResult['scope'] = stage ? 'stage' : 'repository',
): CheckResult {
  return {id, criterion: `criterion of ${id}`, scope, stage, status, evidence: [`evidence of ${id}`], fix: status === 'pass' ? null : `fix ${id}`}
}

describe('kit:verify report', () => {
  const report = buildReport('shop', [
    result('procfile', 'pass'),
    result('app-json', 'warn'),
    result('pipeline', 'pass', null, 'pipeline'),
    result('config', 'pass', 'staging'),
    result('health', 'pass', 'production'),
    result('backups', 'fail', 'production'),
    result('ssl', 'unknown', 'production'),
  ])

  it('groups by repository, pipeline and stage, failing first (then unknown, warn, pass), order kept otherwise', () => {
    expect(groupChecks(report, apps).map(g => [g.title, g.checks.map(c => c.id)])).to.deep.equal([
      ['Repository', ['app-json', 'procfile']],
      ['Pipeline shop', ['pipeline']],
      ['Staging · shop-staging', ['config']],
      ['Production · shop', ['backups', 'ssl', 'health']],
    ])
  })

  it('prints each check with its evidence and fix, aligned, then the totals and the verdict', () => {
    const lines = renderReport(report, apps)
    expect(lines.slice(0, 3)).to.deep.equal(['Repository', '  WARN     app-json  criterion of app-json', '                     evidence of app-json'])
    expect(lines).to.include('                     fix: fix backups')
    expect(lines.at(-2)).to.equal('7 checks: 4 pass, 1 warn, 1 fail, 1 unknown')
    expect(lines.at(-1)).to.equal('Verification failed: 1 failed, 1 could not run.')
  })

  it('says when only warnings remain, and that --strict would fail them', () => {
    const warned = buildReport('shop', [result('procfile', 'pass'), result('app-json', 'warn')])
    expect(renderReport(warned, apps).at(-1)).to.equal('Verified, with warnings (--strict makes them fail).')
    expect(renderReport(warned, apps, {strict: true}).at(-1)).to.equal('Verification failed: 1 warned (--strict).')
    expect(renderReport(buildReport('shop', [result('procfile', 'pass')]), apps, {local: true}).slice(-2)).to.deep.equal([
      '1 check (repository only, --local): 1 pass, 0 warn, 0 fail, 0 unknown',
      'Verified: everything passes.',
    ])
  })

  const cost = planCostsJson({
    stages: {production: {now: costOf({kind: 'fixed', cents: 19_700}), after: costOf({kind: 'fixed', cents: 24_700})}},
    pipeline: {now: costOf({kind: 'fixed', cents: 19_700}), after: costOf({kind: 'fixed', cents: 24_700})},
    notes: [],
  })

  it('adds one informational cost line per stage checked, which changes neither the counts nor the verdict', () => {
    const withCost = {...report, cost}
    const lines = renderReport(withCost, apps)
    expect(lines).to.include('  production · shop: now $197.00/month, after $247.00/month, change +$50.00/month')
    expect(lines.at(-2)).to.equal(renderReport(report, apps).at(-2))
    expect(lines.at(-1)).to.equal(renderReport(report, apps).at(-1))
    expect(renderReport({...report, cost: planCostsJson({stages: {}, pipeline: {now: ZERO, after: ZERO}, notes: []})}, apps).join('\n')).to.not.include('Cost')
  })

  it('--format markdown: a counts line with the cost change, a table per group in <details> (open where something fails)', () => {
    const markdown = renderReportMarkdown({...report, cost}, apps)
    expect(markdown).to.include('**1 fail, 1 unknown, 1 warn**, 4 pass · cost +$50.00/month after kit:bootstrap')
    const tokens = marked.lexer(markdown)
    const tables = tokens.filter((t): t is Tokens.Table => t.type === 'table')
    expect(tables).to.have.length(4)
    expect(tables[3].rows.map(r => r[0].text)).to.deep.equal(['FAIL', 'UNKNOWN', 'pass'])
    expect(markdown).to.include('<details open><summary>Production · shop: 3 check(s), 2 failing</summary>')
    expect(markdown).to.include('<details><summary>Staging · shop-staging: 1 check(s), 0 failing</summary>')
  })
})
