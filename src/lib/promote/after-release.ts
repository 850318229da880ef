/**
 * What kit:promote and kit:deploy do once a release of theirs has settled: check the app's health (the shared check
 * of src/lib/health/check.ts, skipped when the app serves no HTTP) and roll back to the release that ran before.
 */
import type {App, HerokuApi, Release} from '../api/heroku-api.js'
import type {ApiClients} from '../command/kit-command.js'
import {checkHealth, type HealthOptions, healthUrl, type HealthResult} from '../health/check.js'
import {type ReleaseInfo, rollbackTarget} from './decide.js'
import type {HttpClient} from '../api/http.js'
import type {PollSchedule} from '../converge/poll.js'
import type {ReleaseWait, WaitOptions} from './release.js'

/** A release as kit:promote and kit:deploy read it. */
export type KitRelease = Release & ReleaseInfo & {created_at?: string}

/** The health of a release: the check's result, or why it was not checked (no web process, no web dynos, no URL). */
export type HealthReport = HealthResult | {status: 'skipped'; reason: string; url?: string}

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

/** What a health report says went wrong, in a few words. */
export function describeHealth(health: HealthReport | null): string {
  if (!health) return 'not checked'
  if (health.status === 'skipped') return health.reason
  return health.evidence[0] ?? health.reason
}

/** The end of "Nothing to deploy/promote: APP vN already runs …", once the live release's health is known again. */
export interface LiveRecheck {
  outcome: 'healthy' | 'health_unknown' | 'health_failed' | 'rolled_back' | 'rollback_failed'
  exitCode: 0 | 1
  /** the sentence that follows "APP vN already runs X" */
  message: string
  health: HealthReport
  rollback: {
    to: {id: string; version: number}
    release: {id: string; version: number; status: string} | null
    health: HealthReport | null
    error: string | null
  } | null
  /** the release the app runs at the end */
  liveRelease: {id: string; version: number}
}

export interface LiveRecheckOptions extends AppHealthOptions {
  /** roll an unhealthy live release back (the user's explicit flag) */
  rollbackUnhealthy: boolean
  /** that flag's name, for the message */
  flag: string
  releaseTimeoutMs: number
  wait: (releaseId: string) => Promise<ReleaseWait>
}

/**
 * A re-run that finds its work already live (the commit for kit:deploy, staging's slug for kit:promote) checks the
 * live release's health again before it says so: the run that made it may have been cut short during its own health
 * check (Ctrl-C, a cancelled CI job), leaving an unhealthy release in place. Healthy (or nothing to check) → exit 0;
 * unknown → exit 1, nothing rolled back; unhealthy → exit 1 naming the release and the exact rollback command, or,
 * when the user asked for it (`rollbackUnhealthy`), rolled back to the newest release before it eligible for rollback
 * and checked again (exit 1 all the same: what was asked for is not live and healthy).
 */
export async function recheckLiveRelease(
  clients: ApiClients,
  app: App,
  live: {id: string; version: number},
  options: LiveRecheckOptions,
  progress: (line: string) => void,
): Promise<LiveRecheck> {
  const liveRelease = {id: live.id, version: live.version}
  const health = await checkAppHealth(clients, app, `v${live.version} (already live)`, options, progress)
  const result = (outcome: LiveRecheck['outcome'], exitCode: 0 | 1, message: string): LiveRecheck => ({
    outcome,
    exitCode,
    message,
    health,
    rollback: null,
    liveRelease,
  })
  if (health.status === 'pass') return result('healthy', 0, 'and it is healthy')
  if (health.status === 'skipped') return result('healthy', 0, `(health not checked: ${health.reason})`)
  const failure = describeHealth(health)
  if (health.status === 'unknown') {
    return result(
      'health_unknown',
      1,
      `but its health is unknown: ${failure}. Not rolled back (nothing shows the app is at fault); check ${health.url} yourself`,
    )
  }

  const releases = (await clients.heroku.listReleases(app.name, 20)) as KitRelease[]
  const to = rollbackTarget(releases, live)
  if (!options.rollbackUnhealthy) {
    const how = to
      ? `to roll back: \`heroku releases:rollback v${to.version} -a ${app.name}\` (or run again with ${options.flag})`
      : 'no earlier release is eligible for rollback: fix forward'
    return result('health_failed', 1, `but it is unhealthy: ${failure}. It was left live (a run cut short during its health check can leave it so); ${how}`)
  }

  const why = `it is unhealthy (${failure})`
  const attempt = await rollBackRelease(clients.heroku, app.name, live, to, options.wait, progress, why)
  if (attempt.status === 'no-target') return result('rollback_failed', 1, `but ${why}, and no earlier release is eligible for rollback. Fix forward`)
  const {to: target, created, wait} = attempt
  const settled = wait.release as KitRelease
  const rollback: NonNullable<LiveRecheck['rollback']> = {
    to: {id: target.id, version: target.version},
    release: {id: settled.id, version: settled.version, status: settled.status ?? 'unknown'},
    health: null,
    error: null,
  }
  if (wait.status !== 'succeeded') {
    rollback.error =
      wait.status === 'timeout'
        ? `v${created.version} still pending after ${Math.round(options.releaseTimeoutMs / 1000)} s`
        : `the release phase of v${created.version} failed`
    return {
      ...result(
        'rollback_failed',
        1,
        `but ${why}, and the rollback to v${target.version} did not go through: ${rollback.error}. ${app.name} still runs v${live.version}: act now (\`heroku releases -a ${app.name}\`)`,
      ),
      rollback,
    }
  }

  rollback.health = await checkAppHealth(clients, app, `v${created.version} (rollback to v${target.version})`, options, progress)
  return {
    ...result(
      'rolled_back',
      1,
      `but ${why}; rolled back to v${target.version} as v${created.version} (${options.flag}), whose health: ${rollback.health.status}`,
    ),
    rollback,
    liveRelease: {id: created.id, version: created.version},
  }
}

/** What a rollback did, for a command's report: where to, the release it made, that release's health, what went wrong. */
export interface RollbackReport {
  to: {id: string; version: number}
  release: {id: string; version: number; status: string} | null
  health: HealthReport | null
  error: string | null
}

export interface RollbackOutcome {
  outcome: 'rolled_back' | 'rollback_failed'
  /** the sentence the command ends with */
  message: string
  /** null when no earlier release was eligible (nothing was sent) */
  rollback: RollbackReport | null
  /** the rollback release, when it went through: the app runs it now */
  live?: {id: string; version: number}
}

/**
 * What kit:promote and kit:deploy do when their release `failed` went wrong (`why`): roll `app` back (rollBackRelease),
 * wait for the rollback release, check its health, and say what happened — or that it did not go through and the
 * app still runs the failed release.
 */
export async function rollBackAndCheck(input: {
  heroku: HerokuApi
  app: string
  failed: {id: string; version: number}
  before: {id: string} | undefined
  why: string
  /** how long a release may take (for the message) */
  releaseTimeoutMs: number
  wait: (releaseId: string) => Promise<ReleaseWait>
  health: (label: string) => Promise<HealthReport>
  progress: (line: string) => void
}): Promise<RollbackOutcome> {
  const {app, failed, why} = input
  const attempt = await rollBackRelease(input.heroku, app, failed, input.before, input.wait, input.progress, why)
  if (attempt.status === 'no-target') {
    const message = `${app} v${failed.version} is live but ${why}, and no earlier release is eligible for rollback. Fix forward, or roll back by hand in the Dashboard.`
    return {outcome: 'rollback_failed', message, rollback: null}
  }

  const {to, created, wait: rolled} = attempt
  const settled = rolled.release as KitRelease
  const rollback: RollbackReport = {
    to: {id: to.id, version: to.version},
    release: {id: settled.id, version: settled.version, status: settled.status ?? 'unknown'},
    health: null,
    error: null,
  }
  if (rolled.status !== 'succeeded') {
    const seconds = Math.round(input.releaseTimeoutMs / 1000)
    rollback.error = rolled.status === 'timeout' ? `v${created.version} still pending after ${seconds} s` : `the release phase of v${created.version} failed`
    const message =
      `${app} v${failed.version}: ${why}, and the rollback to v${to.version} did not go through: ${rollback.error}. ` +
      `${app} still runs v${failed.version}: act now (\`heroku releases -a ${app}\`).`
    return {outcome: 'rollback_failed', message, rollback}
  }

  rollback.health = await input.health(`v${created.version} (rollback to v${to.version})`)
  return {
    outcome: 'rolled_back',
    message: `${app} v${failed.version}: ${why}; rolled back to v${to.version} as v${created.version}, whose health: ${rollback.health.status}.`,
    rollback,
    live: {id: created.id, version: created.version},
  }
}
