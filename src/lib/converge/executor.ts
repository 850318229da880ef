import type {Plan, Step, StepResult} from './types.js'

/** What the executor hands each step while it runs. */
export interface StepRun {
  /**
   * Sleeps without holding a concurrency slot: a step waiting for Heroku (an add-on provisioning, a certificate)
   * gives its slot to the steps that do not depend on it, and takes one back when it wakes.
   */
  sleep(ms: number): Promise<void>
}

/**
 * Hears what the executor does with each step that writes, for a report of a run cut short (a signal): which steps it
 * will run, which started, which finished. `command/interrupt.ts` keeps one per command.
 */
export interface StepJournal {
  begin(steps: ReadonlyArray<Step<unknown>>): void
  started(step: Step<unknown>): void
  finished(step: Step<unknown>, result: StepResult): void
}

export interface ExecutorOptions<Op> {
  /** how many steps send requests at once (steps asleep in `run.sleep` do not count) */
  concurrency: number
  /** applies one step; returns notes for the summary */
  apply: (step: Step<Op>, run: StepRun) => Promise<string[] | void>
  /** the clock steps sleep on (tests give a fake one); default setTimeout */
  sleep?: (ms: number) => Promise<void>
  /**
   * How long a step is expected to take, in any unit (default 1): when more steps are ready than there are slots,
   * the one with the longest expected chain still ahead of it (itself plus its longest line of dependents) goes
   * first, so the work that everything waits for — an add-on that provisions for seconds — starts first.
   */
  weight?: (step: Step<Op>) => number
  onStart?: (step: Step<Op>) => void
  onFinish?: (step: Step<Op>, result: StepResult) => void
  /** turns an error into the one line shown for the failed step */
  describeError?: (error: unknown) => string
  /** told of every step that writes: when the run begins, as each starts and as each finishes */
  journal?: StepJournal
}

/** Counting semaphore whose waiters go by priority (highest first, then in arrival order). */
class Slots {
  private readonly queue: Array<{priority: number; resolve: () => void}> = []

  constructor(private free: number) {}

  acquire(priority: number): Promise<void> {
    if (this.free > 0) {
      this.free--
      return Promise.resolve()
    }

    return new Promise(resolve => {
      const at = this.queue.findIndex(waiter => waiter.priority < priority)
      this.queue.splice(at === -1 ? this.queue.length : at, 0, {priority, resolve})
    })
  }

  release(): void {
    const next = this.queue.shift()
    if (next) next.resolve()
    else this.free++
  }
}

/** Per step: its weight plus the heaviest chain of steps that depend on it (memoised; a cycle counts once). */
function chainAhead<Op>(steps: Step<Op>[], weight: (step: Step<Op>) => number): Map<string, number> {
  const dependents = new Map<string, Step<Op>[]>()
  for (const step of steps) for (const dep of step.dependsOn) dependents.set(dep, [...(dependents.get(dep) ?? []), step])
  const memo = new Map<string, number>()
  const visit = (step: Step<Op>): number => {
    const known = memo.get(step.id)
    if (known !== undefined) return known
    memo.set(step.id, 0) // cycle guard
    const own = step.operation === undefined ? 0 : weight(step)
    const value = own + Math.max(0, ...(dependents.get(step.id) ?? []).map(visit))
    memo.set(step.id, value)
    return value
  }

  for (const step of steps) visit(step)
  return memo
}

const timerSleep = (ms: number): Promise<void> =>
  new Promise(resolve => {
    setTimeout(resolve, ms)
  })

/**
 * Runs the steps that have an operation, each as soon as its dependencies are done, at most `concurrency` at a
 * time — where a step that sleeps (polling) does not count, so waiting never delays independent work. A failed step
 * stops the steps that depend on it (transitively, reported as skipped) and nothing else:
 * independent steps finish, so a re-run only has what is left to do.
 */
export async function executePlan<Op>(plan: Plan<Op>, options: ExecutorOptions<Op>): Promise<StepResult[]> {
  const byId = new Map(plan.steps.map(step => [step.id, step]))
  const results = new Map<string, StepResult>()
  for (const step of plan.steps) {
    if (!step.operation) results.set(step.id, {id: step.id, status: 'unchanged'})
    for (const dependency of step.dependsOn) {
      if (!byId.has(dependency)) throw new Error(`step ${step.id} depends on unknown step ${dependency}`)
    }
  }

  const waiting = plan.steps.filter(step => step.operation !== undefined)
  options.journal?.begin(waiting)
  const finish = (step: Step<Op>, result: StepResult): void => {
    results.set(step.id, result)
    options.journal?.finished(step, result)
    options.onFinish?.(step, result)
  }

  const running = new Set<Promise<void>>()
  const describe = options.describeError ?? ((error: unknown) => (error instanceof Error ? error.message : String(error)))

  const blockedBy = (step: Step<Op>): string | undefined =>
    step.dependsOn.find(dep => {
      const status = results.get(dep)?.status
      return status === 'failed' || status === 'skipped'
    })
  const ready = (step: Step<Op>): boolean =>
    step.dependsOn.every(dep => {
      const status = results.get(dep)?.status
      return status === 'done' || status === 'unchanged'
    })

  const slots = new Slots(Math.max(1, options.concurrency))
  const clockSleep = options.sleep ?? timerSleep
  const run: StepRun = {
    async sleep(ms) {
      slots.release()
      try {
        await clockSleep(ms)
      } finally {
        // a step waking from its wait has already started: it goes before those that have not
        await slots.acquire(Infinity)
      }
    },
  }

  const ahead = chainAhead(plan.steps, options.weight ?? (() => 1))
  const start = (step: Step<Op>): void => {
    const task = (async () => {
      await slots.acquire(ahead.get(step.id) ?? 0)
      options.journal?.started(step)
      options.onStart?.(step)
      let result: StepResult
      try {
        const notes = await options.apply(step, run)
        result = {id: step.id, status: 'done', ...(notes && notes.length > 0 ? {notes} : {})}
      } catch (error) {
        result = {id: step.id, status: 'failed', message: describe(error)}
      } finally {
        slots.release()
      }

      finish(step, result)
    })()
    const tracked = task.finally(() => running.delete(tracked))
    running.add(tracked)
  }

  while (waiting.length > 0 || running.size > 0) {
    let progressed = false
    for (let i = 0; i < waiting.length;) {
      const step = waiting[i]
      const blocker = blockedBy(step)
      if (blocker) {
        finish(step, {id: step.id, status: 'skipped', message: `waits for ${blocker}, which did not finish`})
        waiting.splice(i, 1)
        progressed = true
      } else if (ready(step)) {
        waiting.splice(i, 1)
        start(step)
        progressed = true
      } else {
        i++
      }
    }

    if (running.size > 0) {
      // eslint-disable-next-line no-await-in-loop -- waits for one running step before starting the next ones
      await Promise.race(running)
    } else if (!progressed && waiting.length > 0) {
      // only steps whose dependencies can never finish (a cycle): report instead of hanging
      for (const step of waiting.splice(0)) results.set(step.id, {id: step.id, status: 'not-run', message: 'dependency cycle'})
    }
  }

  return plan.steps.map(step => results.get(step.id) ?? {id: step.id, status: 'not-run'})
}
