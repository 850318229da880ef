/**
 * How long Heroku's asynchronous resources take in the emulator. Real add-ons (Postgres, Redis, most Elements
 * add-ons) answer 202 and provision for seconds to minutes, release phases run for as long as the command does,
 * and ACM certificates take a while to be issued: a client that oversleeps, or holds everything else while it
 * waits, looks fine against an emulator that settles on the next GET. So by default (`timings: 'realistic'`) a
 * pending add-on, release phase or certificate settles only once its time has passed (and it is observed):
 *
 *   add-on provisioning 1.5 s · release phase 1 s · ACM certificate 1 s
 *
 * `timings: 'instant'` is the old model, for tests that do not care how long things take: no time, pending
 * for one GET each. Explicit `addonProvisionPolls` / `releasePhasePolls` / `domainPolls` / `*Ms` options override either.
 */

export interface Timings {
  /** from the create until an async add-on can be `provisioned` */
  addonProvisionMs: number
  /** from the release until its release phase can be over */
  releasePhaseMs: number
  /** from ACM being switched on until a custom domain's certificate can be issued */
  acmIssueMs: number
}

export type TimingModel = 'instant' | 'realistic'

export const REALISTIC_TIMINGS: Timings = {acmIssueMs: 1000, addonProvisionMs: 1500, releasePhaseMs: 1000}
export const INSTANT_TIMINGS: Timings = {acmIssueMs: 0, addonProvisionMs: 0, releasePhaseMs: 0}

/** GETs that still answer pending, per model: realistic things settle by time alone (DNS status keeps its one poll). */
export const POLLS: Record<TimingModel, {addon: number; release: number; domain: number; acm: number}> = {
  instant: {acm: 1, addon: 1, domain: 1, release: 1},
  realistic: {acm: 0, addon: 0, domain: 1, release: 0},
}

/** `readyAt` (epoch ms) has passed, or there is none. */
export function due(readyAt: number | undefined): boolean {
  return readyAt === undefined || Date.now() >= readyAt
}
