/**
 * Plans that go stale: a question may wait up to ten minutes, and Heroku may change meanwhile (another deploy,
 * someone scaling by hand). Before writing, the commands re-read the state and plan again; when the new plan
 * differs from the one the user approved, they show it and ask again (without a terminal: stop, nothing sent).
 */
import type {Plan, Step} from './types.js'

/** What a person approved of a step: what it does and to what (never a generated value: those differ per plan). */
function approved(step: Step): string {
  return JSON.stringify([step.id, step.action, step.summary, step.details ?? []])
}

/** Whether two plans do the same things, as shown to the user. */
export function samePlan(a: Plan, b: Plan): boolean {
  if (a.steps.length !== b.steps.length || a.errors.join('\n') !== b.errors.join('\n')) return false
  return a.steps.every((step, index) => approved(step) === approved(b.steps[index]))
}

/** Ask, re-read, and ask again for as long as the plan changed while the question waited. */
export async function confirmFresh<T>(options: {
  /** the plan the user is asked about */
  initial: T
  ask: (plan: T) => Promise<boolean>
  reread: () => Promise<T>
  same: (approved: T, fresh: T) => boolean
  /** the plan changed: show it (then `ask` runs again) */
  changed: (fresh: T) => void
  /** the fresh plan needs no question at all (nothing to write any more) */
  settled?: (fresh: T) => boolean
}): Promise<{plan: T; confirmed: boolean}> {
  let plan = options.initial
  for (;;) {
    // eslint-disable-next-line no-await-in-loop -- one question at a time
    if (!(await options.ask(plan))) return {plan, confirmed: false}
    // eslint-disable-next-line no-await-in-loop -- each question waits for the previous answer
    const fresh = await options.reread()
    if (options.same(plan, fresh)) return {plan: fresh, confirmed: true}
    plan = fresh
    if (options.settled?.(fresh)) return {plan: fresh, confirmed: true}
    options.changed(fresh)
  }
}
