/**
 * When to look again at something Heroku makes asynchronously (an add-on provisioning, a release phase, an ACM
 * certificate, a backup): one schedule for every wait in heroku-kit.
 *
 * - The first look comes soon (about 1 s after the create): small add-ons, release phases and certificates are
 *   often ready within seconds, and a first poll at 5 s oversleeps all of them.
 * - The second comes half a second later (what is not ready at 1 s is often ready at 1.5 s), then the interval grows
 *   (× 1.5) up to a ceiling (5 s): 1, 1.5, 2.25, 3.4, 5.1, 7.6, 11.4, 16.4 s, … so a Postgres that takes minutes
 *   costs a request every 5 s.
 * - ±10 % jitter, so concurrent waits (four add-ons created at once) don't poll in lockstep.
 * - The rate-limit budget is shared with everything else the run sends: when `RateLimit-Remaining` (as last seen
 *   by the HTTP client) runs low, polls go straight to the ceiling — waiting is the one thing that can slow down
 *   without slowing the run, and the writes that still have to go out need the tokens.
 */

export interface PollSchedule {
  /** delay before the first poll */
  firstMs: number
  /** delay before the second; each later one is the previous × factor */
  secondMs: number
  /** the longest delay between two polls */
  maxMs: number
  factor: number
  /** fraction of the delay drawn at random, centred: 0.2 → ±10 % */
  jitter: number
  /** below this RateLimit-Remaining, every delay is `maxMs` */
  lowBudget: number
}

export const DEFAULT_POLL_SCHEDULE: PollSchedule = {firstMs: 1000, secondMs: 500, maxMs: 5000, factor: 1.5, jitter: 0.2, lowBudget: 500}

/**
 * The schedule for this run: HEROKU_KIT_POLL_INTERVAL_MS, when set (tests make it short), replaces the first delay
 * and the ceiling scales with it (5× the first, as 1 s → 5 s); otherwise `base`.
 */
export function pollScheduleFromEnv(env: NodeJS.ProcessEnv = process.env, base: PollSchedule = DEFAULT_POLL_SCHEDULE): PollSchedule {
  const value = Number(env.HEROKU_KIT_POLL_INTERVAL_MS)
  if (!env.HEROKU_KIT_POLL_INTERVAL_MS || !Number.isFinite(value) || value < 0) return base
  const scale = value / base.firstMs
  return {...base, firstMs: value, secondMs: base.secondMs * scale, maxMs: Math.max(value, base.maxMs * scale)}
}

/**
 * The delay before poll number `n` (0 = the first poll after the create): first, second, second × 1.5, … up to
 * the ceiling, with jitter; the ceiling at once when the rate-limit budget is low.
 */
export function pollDelay(n: number, schedule: PollSchedule, options: {random?: () => number; rateLimitRemaining?: number} = {}): number {
  const random = options.random ?? Math.random
  const low = options.rateLimitRemaining !== undefined && options.rateLimitRemaining < schedule.lowBudget
  const base = low ? schedule.maxMs : Math.min(schedule.maxMs, n === 0 ? schedule.firstMs : schedule.secondMs * schedule.factor ** (n - 1))
  return Math.max(0, Math.round(base * (1 - schedule.jitter / 2 + random() * schedule.jitter)))
}

export interface Poller {
  /** sleeps until poll number `n` is due (never past `deadline`, an absolute time on `now`'s clock) */
  wait(n: number, deadline?: number): Promise<void>
}

export interface PollerOptions {
  schedule: PollSchedule
  /** the sleep to use: the plan executor's, which gives the concurrency slot back while it sleeps */
  sleep: (ms: number) => Promise<void>
  now?: () => number
  random?: () => number
  /** RateLimit-Remaining as last seen (HttpClient.rateLimitRemaining) */
  rateLimitRemaining?: () => number | undefined
}

export function poller(options: PollerOptions): Poller {
  const now = options.now ?? Date.now
  return {
    async wait(n, deadline) {
      let delay = pollDelay(n, options.schedule, {random: options.random, rateLimitRemaining: options.rateLimitRemaining?.()})
      if (deadline !== undefined) delay = Math.max(0, Math.min(delay, deadline - now()))
      await options.sleep(delay)
    },
  }
}
