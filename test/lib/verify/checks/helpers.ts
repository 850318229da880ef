/** Running every check and picking results out, for the tests of single checks. */
import {expect} from 'chai'

import {runChecks} from '../../../../src/lib/verify/registry.js'
import type {CheckResult, CheckStatus, Evidence} from '../../../../src/lib/verify/types.js'

export function only(results: CheckResult[], id: string, stage: string | null = null): CheckResult {
  const found = results.filter(r => r.id === id && r.stage === stage)
  expect(found, `${id}@${stage}`).to.have.length(1)
  return found[0]
}

/** Runs every check; expects exactly the listed ones not to pass, with these statuses. */
export function expectOnly(e: Evidence, expected: Record<string, CheckStatus>): CheckResult[] {
  const results = runChecks(e, {local: false})
  const notPassing = Object.fromEntries(results.filter(r => r.status !== 'pass').map(r => [`${r.id}${r.stage ? `@${r.stage}` : ''}`, r.status]))
  expect(
    notPassing,
    JSON.stringify(
      results.filter(r => r.status !== 'pass'),
      null,
      2,
    ),
  ).to.deep.equal(expected)
  return results
}

export function check(e: Evidence, id: string, stage: string | null = null): CheckResult {
  return only(runChecks(e, {local: false}), id, stage)
}
