import {expect} from 'chai'

import {buildReport} from '../../../src/lib/verify/registry.js'
import {groupChecks, renderReport} from '../../../src/lib/verify/render.js'
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
})
