/**
 * What kit:promote and kit:deploy do once a release of theirs has settled: check the app's health (the shared check
 * of src/lib/health/check.ts, skipped when the app serves no HTTP) and roll back to the release that ran before.
 */
import type {App, HerokuApi} from '../api/heroku-api.js'
import type {ApiClients} from '../command/kit-command.js'
import {checkHealth, type HealthOptions, healthUrl} from '../health/check.js'
import {rollbackTarget} from './decide.js'
import type {HealthReport, KitRelease} from './promote.js'
import type {HttpClient} from '../api/http.js'
import type {PollSchedule} from '../converge/poll.js'
import type {ReleaseWait, WaitOptions} from './release.js'

/** What kit:promote and kit:deploy share once they have made a release: its wait, the health check, the rollback. */
export interface AfterReleaseOptions {
  rollback: boolean
  releaseTimeoutMs: number
  /** when to look again (converge/poll.ts) */
  poll: PollSchedule
  health: HealthOptions
  healthPath: string
  sleep: (ms: number) => Promise<void>
  now: () => number
}

/** How to wait for a release (waitForRelease), from now until the release timeout, its output to `onOutput`. */
export function releaseWaitOptions(options: AfterReleaseOptions, http: HttpClient, onOutput: (line: string) => void): WaitOptions {
  return {
    deadline: options.now() + options.releaseTimeoutMs,
    poll: options.poll,
    sleep: options.sleep,
    rateLimitRemaining: () => http.rateLimitRemaining,
    now: options.now,
    probe: (url, probeOptions) => http.probe(url, probeOptions),
    onOutput,
  }
}

export interface AppHealthOptions {
  health: HealthOptions
  healthPath: string
  /** the process types of the released slug (undefined: unknown, check anyway) */
  processTypes?: string[]
}

/** The app's health: skipped without a web process, web dynos or web URL; else GET web URL + health path. */
export async function checkAppHealth(
  clients: ApiClients,
  app: App,
  label: string,
  options: AppHealthOptions,
  progress: (line: string) => void,
): Promise<HealthReport> {
  if (options.processTypes && !options.processTypes.includes('web'))
    return {status: 'skipped', reason: `the slug has no web process type, so ${app.name} serves no HTTP`}
  const web = (await clients.heroku.getFormation(app.name)).find(f => f.type === 'web')
  if (web && web.quantity === 0) return {status: 'skipped', reason: `${app.name} runs no web dynos (web=0)`}
  if (!app.web_url) return {status: 'skipped', reason: `${app.name} has no web URL`}
  const url = healthUrl(app.web_url, options.healthPath)
  progress(`Checking the health of ${app.name} ${label}: GET ${url} (up to ${Math.round(options.health.deadlineMs / 1000)} s)…`)
  const result = await checkHealth(clients.http.probe.bind(clients.http), url, options.health)
  progress(`  ${result.status}: ${result.evidence.join('; ')}`)
  return result
}

export type RollbackAttempt = {status: 'no-target'} | {status: 'done'; to: KitRelease; created: KitRelease; wait: ReleaseWait}

/**
 * Rolls `app` back from `failed` to the release it ran before (`before`, when still eligible; else the newest
 * eligible release older than `failed`), and waits for the rollback release (its release phase runs again).
 */
export async function rollBackRelease(
  heroku: HerokuApi,
  app: string,
  failed: {id: string; version: number},
  before: {id: string} | undefined,
  wait: (releaseId: string) => Promise<ReleaseWait>,
  progress: (line: string) => void,
  why: string,
): Promise<RollbackAttempt> {
  const releases = (await heroku.listReleases(app, 20)) as KitRelease[]
  const to = rollbackTarget(releases, failed, before)
  if (!to) return {status: 'no-target'}
  progress(`${app} v${failed.version}: ${why}; rolling back to v${to.version}…`)
  const created = (await heroku.rollback(app, to.id)) as KitRelease
  return {status: 'done', to, created, wait: await wait(created.id)}
}
