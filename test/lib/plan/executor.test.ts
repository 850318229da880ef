import {expect} from 'chai'

import {executePlan} from '../../../src/lib/plan/executor.js'
import type {Plan, Step} from '../../../src/lib/plan/types.js'

function step(id: string, dependsOn: string[] = [], operation: string | null = id): Step<string> {
  return {id, group: 'pipeline', resource: 'x', action: operation ? 'create' : 'unchanged', summary: id, dependsOn, operation: operation ?? undefined}
}

describe('executePlan', () => {
  it('runs steps after their dependencies, and independent ones concurrently within the bound', async () => {
    const order: string[] = []
    let active = 0
    let peak = 0
    const plan: Plan<string> = {errors: [], steps: [step('a'), step('b', ['a']), step('c', ['a']), step('d', ['a']), step('e', ['b', 'c']), step('u', [], null)]}
    const results = await executePlan(plan, {
      concurrency: 2,
      async apply(s) {
        active++
        peak = Math.max(peak, active)
        await new Promise(resolve => {
          setTimeout(resolve, 5)
        })
        order.push(s.id)
        active--
      },
    })
    expect(order[0]).to.equal('a')
    expect(order.indexOf('e')).to.be.greaterThan(order.indexOf('b')).and.greaterThan(order.indexOf('c'))
    expect(peak).to.equal(2)
    expect(results.map(r => r.status)).to.deep.equal(['done', 'done', 'done', 'done', 'done', 'unchanged'])
  })

  it('skips what depends on a failed step and finishes the rest', async () => {
    const plan: Plan<string> = {errors: [], steps: [step('app'), step('addon', ['app']), step('backup', ['addon']), step('pipeline'), step('review', ['pipeline'])]}
    const results = await executePlan(plan, {
      concurrency: 4,
      async apply(s) {
        if (s.id === 'addon') throw new Error('503 unavailable')
      },
    })
    expect(Object.fromEntries(results.map(r => [r.id, r.status]))).to.deep.equal({app: 'done', addon: 'failed', backup: 'skipped', pipeline: 'done', review: 'done'})
    expect(results.find(r => r.id === 'addon')?.message).to.equal('503 unavailable')
  })

  it('rejects a plan that names an unknown dependency', async () => {
    const plan: Plan<string> = {errors: [], steps: [step('a', ['missing'])]}
    const error = await executePlan(plan, {concurrency: 1, async apply() {}}).catch(error_ => error_)
    expect(error).to.be.instanceOf(Error)
  })
})
