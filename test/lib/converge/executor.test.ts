import {expect} from 'chai'

import {executePlan} from '../../../src/lib/converge/executor.js'
import type {Plan, Step} from '../../../src/lib/converge/types.js'

function step(id: string, dependsOn: string[] = [], operation: string | null = id): Step<string> {
  return {id, group: 'pipeline', resource: 'x', action: operation ? 'create' : 'unchanged', summary: id, dependsOn, operation: operation ?? undefined}
}

describe('executePlan', () => {
  it('runs steps after their dependencies, and independent ones concurrently within the bound', async () => {
    const order: string[] = []
    let active = 0
    let peak = 0
    const plan: Plan<string> = {
      errors: [],
      steps: [step('a'), step('b', ['a']), step('c', ['a']), step('d', ['a']), step('e', ['b', 'c']), step('u', [], null)],
    }
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
    const plan: Plan<string> = {
      errors: [],
      steps: [step('app'), step('addon', ['app']), step('backup', ['addon']), step('pipeline'), step('review', ['pipeline'])],
    }
    const results = await executePlan(plan, {
      concurrency: 4,
      async apply(s) {
        if (s.id === 'addon') throw new Error('503 unavailable')
      },
    })
    expect(Object.fromEntries(results.map(r => [r.id, r.status]))).to.deep.equal({
      app: 'done',
      addon: 'failed',
      backup: 'skipped',
      pipeline: 'done',
      review: 'done',
    })
    expect(results.find(r => r.id === 'addon')?.message).to.equal('503 unavailable')
  })

  it('rejects a plan that names an unknown dependency', async () => {
    const plan: Plan<string> = {errors: [], steps: [step('a', ['missing'])]}
    const error = await executePlan(plan, {concurrency: 1, async apply() {}}).catch(error_ => error_)
    expect(error).to.be.instanceOf(Error)
  })
})

/** A virtual clock: sleeps resolve only when the test advances time; `now` is virtual milliseconds. */
class FakeClock {
  now = 0
  private timers: Array<{at: number; resolve: () => void}> = []

  sleep = (ms: number): Promise<void> =>
    new Promise(resolve => {
      this.timers.push({at: this.now + ms, resolve})
    })

  /** Runs `task` to completion, jumping from timer to timer whenever everything else is blocked. */
  async run<T>(task: Promise<T>): Promise<T> {
    let settled = false
    const done = task.finally(() => {
      settled = true
    })
    while (!settled) {
      // let every runnable promise chain proceed before moving time

      await new Promise<void>(resolve => {
        setImmediate(resolve)
      })
      if (settled) break
      this.timers.sort((a, b) => a.at - b.at)
      const next = this.timers.shift()
      if (!next) throw new Error('deadlock: nothing to wait for and the task is not done')
      this.now = next.at
      next.resolve()
    }

    return done
  }
}

describe('executePlan with waits (fake clock)', () => {
  // one slot: without the slot release, the domain step could only start once the add-on step is over
  const plan: Plan<string> = {errors: [], steps: [step('addon'), step('backups', ['addon']), step('domain')]}

  async function runPlan(holdSlotWhileWaiting: boolean): Promise<Record<string, number>> {
    const clock = new FakeClock()
    const finished: Record<string, number> = {}
    const request = () => clock.sleep(150) // a round trip holds the slot
    await clock.run(
      executePlan(plan, {
        concurrency: 1,
        sleep: clock.sleep,
        async apply(s, run) {
          await request()
          if (s.id === 'addon') {
            // waits for provisioning: 1.5 s, polled once at 1.5 s
            await (holdSlotWhileWaiting ? clock.sleep(1500) : run.sleep(1500))
            await request()
          }

          finished[s.id] = clock.now
        },
      }),
    )
    return finished
  }

  it('a step that waits does not delay an independent step', async () => {
    const finished = await runPlan(false)
    // the domain step's round trip runs while the add-on waits: done at 300 ms, not after the add-on (1.8 s)
    expect(finished.domain).to.equal(300)
    expect(finished.addon).to.equal(1800)
    expect(finished.backups).to.equal(1950)
  })

  it('(control) a wait that held the slot would have delayed it', async () => {
    const finished = await runPlan(true)
    expect(finished.domain).to.be.greaterThan(finished.addon)
  })

  it('a step waking from its wait goes before steps that have not started', async () => {
    const clock = new FakeClock()
    const started: Record<string, number> = {}
    const many: Plan<string> = {errors: [], steps: [step('addon'), ...['a', 'b', 'c', 'd'].map(id => step(id))]}
    await clock.run(
      executePlan(many, {
        concurrency: 1,
        sleep: clock.sleep,
        onStart: s => {
          started[s.id] = clock.now
        },
        async apply(s, run) {
          if (s.id === 'addon') {
            await run.sleep(100)
            started['addon-woke'] = clock.now
          }

          await clock.sleep(150)
        },
      }),
    )
    // addon sleeps at 0; a runs 0–150; addon wakes at 100 and gets the slot at 150, ahead of b
    expect(started['addon-woke']).to.equal(150)
    expect(started.b).to.equal(300)
  })
})

describe('executePlan ordering', () => {
  it('when slots are short, starts the step with the heaviest chain ahead of it first', async () => {
    const clock = new FakeClock()
    const started: string[] = []
    // all ready at once; 'addon' is heavy and 'config' waits for it, 'x' and 'y' are quick and alone
    // (in plan order it would be x, y, addon, config)
    const plan: Plan<string> = {errors: [], steps: [step('x'), step('y'), step('addon'), step('config', ['addon'])]}
    await clock.run(
      executePlan(plan, {
        concurrency: 1,
        sleep: clock.sleep,
        weight: s => (s.id === 'addon' ? 10 : 1),
        onStart: s => started.push(s.id),
        apply: () => clock.sleep(150),
      }),
    )
    // x had the free slot already; then addon goes before y, which was ready as early
    expect(started).to.deep.equal(['x', 'addon', 'y', 'config'])
  })
})
