import type {Plan, Step, StepResult} from './types.js'

export interface ExecutorOptions<Op> {
  /** how many steps run at once */
  concurrency: number
  /** applies one step; returns notes for the summary */
  apply: (step: Step<Op>) => Promise<string[] | void>
  onStart?: (step: Step<Op>) => void
  onFinish?: (step: Step<Op>, result: StepResult) => void
  /** turns an error into the one line shown for the failed step */
  describeError?: (error: unknown) => string
}

/**
 * Runs the steps that have an operation, each as soon as its dependencies are done, at most `concurrency` at a
 * time. A failed step stops the steps that depend on it (transitively, reported as skipped) and nothing else:
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
  const running = new Set<Promise<void>>()
  const describe = options.describeError ?? ((error: unknown) => (error instanceof Error ? error.message : String(error)))

  const blockedBy = (step: Step<Op>): string | undefined => step.dependsOn.find(dep => {
    const status = results.get(dep)?.status
    return status === 'failed' || status === 'skipped'
  })
  const ready = (step: Step<Op>): boolean => step.dependsOn.every(dep => {
    const status = results.get(dep)?.status
    return status === 'done' || status === 'unchanged'
  })

  const start = (step: Step<Op>): void => {
    options.onStart?.(step)
    const task = (async () => {
      let result: StepResult
      try {
        const notes = await options.apply(step)
        result = {id: step.id, status: 'done', ...(notes && notes.length > 0 ? {notes} : {})}
      } catch (error) {
        result = {id: step.id, status: 'failed', message: describe(error)}
      }

      results.set(step.id, result)
      options.onFinish?.(step, result)
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
        const result: StepResult = {id: step.id, status: 'skipped', message: `waits for ${blocker}, which did not finish`}
        results.set(step.id, result)
        options.onFinish?.(step, result)
        waiting.splice(i, 1)
        progressed = true
      } else if (ready(step) && running.size < options.concurrency) {
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
