import {expect} from 'chai'

import {confirmFresh, samePlan} from '../../../src/lib/converge/stale.js'
import type {Plan} from '../../../src/lib/converge/types.js'

const plan = (summary: string, operation: unknown = {n: Math.random()}): Plan => ({
  errors: [],
  steps: [{id: 'production.formation', group: 'production', resource: 'formation', action: 'change', summary, dependsOn: [], operation}],
})

describe('plans that go stale (issue 9 item 10)', () => {
  it('samePlan compares what the user was shown, not generated values inside operations', () => {
    expect(samePlan(plan('scale web 2 → 1'), plan('scale web 2 → 1'))).to.equal(true)
    expect(samePlan(plan('scale web 2 → 1'), plan('scale web 3 → 1'))).to.equal(false)
    expect(samePlan(plan('x'), {...plan('x'), errors: ['app owned by someone else']})).to.equal(false)
  })

  it('re-reads after the answer, and asks again about a plan that changed meanwhile', async () => {
    const asked: string[] = []
    const shown: string[] = []
    const reads = ['scale web 3 → 1', 'scale web 3 → 1']
    const result = await confirmFresh({
      initial: 'scale web 2 → 1',
      async ask(p) {
        asked.push(p)
        return true
      },
      reread: async () => reads.shift()!,
      same: (a, b) => a === b,
      changed: p => shown.push(p),
    })
    expect(asked).to.deep.equal(['scale web 2 → 1', 'scale web 3 → 1'])
    expect(shown).to.deep.equal(['scale web 3 → 1'])
    expect(result).to.deep.equal({plan: 'scale web 3 → 1', confirmed: true})
  })

  it('a "no" to the changed plan sends nothing; a plan with nothing left to do needs no second question', async () => {
    let questions = 0
    const declined = await confirmFresh({initial: 'a', ask: async () => ++questions === 1, reread: async () => 'b', same: (x, y) => x === y, changed() {}})
    expect(declined).to.deep.equal({plan: 'b', confirmed: false})
    const settled = await confirmFresh({
      initial: 'a',
      ask: async () => true,
      reread: async () => 'nothing',
      same: (x, y) => x === y,
      settled: p => p === 'nothing',
      changed() {
        throw new Error('not shown')
      },
    })
    expect(settled).to.deep.equal({plan: 'nothing', confirmed: true})
  })
})
