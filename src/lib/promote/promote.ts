/**
 * kit:promote's work, apart from the command's prompts and printing: read both stages, decide, promote through a
 * pipeline promotion, wait for the release (streaming its release-phase output), check health, roll back.
 * Every Heroku call goes through the API adapter; the decisions are the pure functions of decide.ts.
 */
import {isNotFound} from '../api/errors.js'
import type {BuildArtifact, HerokuApi} from '../api/heroku-api.js'
import type {ApiClients} from '../command/kit-command.js'
import type {HealthResult} from '../health/check.js'
import {type ReleaseArtifact, releaseArtifact, sameArtifact} from '../release-artifact.js'
import type {PipelineApps} from '../target/pipeline.js'
import {
  type AfterReleaseOptions,
  checkAppHealth,
  describeHealth,
  type HealthReport,
  type KitRelease,
  recheckLiveRelease,
  releaseWaitOptions,
  rollBackAndCheck,
} from './after-release.js'
import {afterRelease, configKeyDiff, decidePromotion, type PromotionDecision, type PromotionOutcome} from './decide.js'
import {waitForPromotionTarget, waitForRelease} from './release.js'

export interface SideInfo {
  app: string
  /** `slug`: the slug's id (null on Fir); `artifact`: what the release runs, a slug or a Fir OCI image */
  release: {id: string; version: number; description: string | null; commit: string | null; slug: string | null; artifact: ReleaseArtifact | null} | null
}

export interface PromotionPreview {
  pipeline: {id: string; name: string}
  staging: SideInfo
  production: SideInfo
  configDiff: {onlyInStaging: string[]; onlyInProduction: string[]}
  decision: PromotionDecision<KitRelease>
  /** the process types of the slug (or OCI image) to promote (undefined when it could not be read) */
  processTypes?: string[]
}

/**
 * A slug or OCI image by id, read through the app that has it (a promoted one may only be readable through its source
 * app).
 */
async function findArtifact(heroku: HerokuApi, artifact: ReleaseArtifact | undefined, apps: string[]): Promise<BuildArtifact | undefined> {
  if (!artifact) return undefined
  for (const app of apps) {
    try {
      // eslint-disable-next-line no-await-in-loop -- the second app only when the first does not know it
      return await heroku.getBuildArtifact(app, artifact)
    } catch (error) {
      if (!isNotFound(error)) throw error
    }
  }

  return undefined
}

function side(app: string, release: KitRelease | undefined, built: BuildArtifact | undefined): SideInfo {
  if (!release) return {app, release: null}
  const {id, version} = release
  const artifact = releaseArtifact(release) ?? null
  return {
    app,
    release: {id, version, description: release.description ?? null, commit: built?.commit ?? null, slug: release.slug?.id ?? null, artifact},
  }
}

/** Everything the preview shows, read with GET requests only; also the config vars, for the output redactor. */
export async function readPromotion(heroku: HerokuApi, apps: PipelineApps): Promise<{preview: PromotionPreview; config: Array<Record<string, string>>}> {
  const {staging, production} = apps
  const [stagingReleases, productionReleases, stagingConfig, productionConfig] = await Promise.all([
    heroku.listReleases(staging.name, 10) as Promise<KitRelease[]>,
    heroku.listReleases(production.name, 10) as Promise<KitRelease[]>,
    heroku.getConfigVars(staging.name),
    heroku.getConfigVars(production.name),
  ])
  const decision = decidePromotion({staging: staging.name, production: production.name, stagingReleases, productionReleases})
  const before = decision.before
  const [sourceBuilt, beforeBuilt] = await Promise.all([
    findArtifact(heroku, releaseArtifact(decision.source), [staging.name, production.name]),
    findArtifact(heroku, releaseArtifact(before), [production.name, staging.name]),
  ])
  const preview: PromotionPreview = {
    pipeline: {id: apps.pipeline.id, name: apps.pipeline.name},
    staging: side(staging.name, decision.source, sourceBuilt),
    production: side(production.name, before, beforeBuilt),
    configDiff: configKeyDiff(stagingConfig, productionConfig),
    decision,
    processTypes: sourceBuilt?.process_types ? Object.keys(sourceBuilt.process_types) : undefined,
  }
  return {preview, config: [stagingConfig, productionConfig]}
}

function describeSide(label: string, info: SideInfo): string {
  if (!info.release) return `  ${label.padEnd(11)} ${info.app.padEnd(24)} no release with code yet`
  if (!info.release.artifact) return `  ${label.padEnd(11)} ${info.app.padEnd(24)} v${String(info.release.version).padEnd(5)} no code deployed yet`
  const commit = info.release.commit ? `commit ${info.release.commit.slice(0, 7)}` : 'commit unknown'
  return `  ${label.padEnd(11)} ${info.app.padEnd(24)} v${String(info.release.version).padEnd(5)} ${commit.padEnd(15)} ${info.release.description ?? ''}`.trimEnd()
}

/** What the promotion changes: the release and commit on each side, and the config var names only one side has. */
/**
 * Whether two previews promote the same release over the same production release (so the approval still holds
 * and a rollback would go to the release the user saw).
 */
export function samePromotion(a: PromotionPreview, b: PromotionPreview): boolean {
  const key = (p: PromotionPreview) => JSON.stringify([p.decision.action, p.decision.source.id, p.decision.before?.id ?? null, p.configDiff])
  return key(a) === key(b)
}

export function renderPreview(preview: PromotionPreview): string[] {
  const lines = [
    `Promote ${preview.staging.app} → ${preview.production.app} (pipeline ${preview.pipeline.name})`,
    describeSide('staging', preview.staging),
    describeSide('production', preview.production),
  ]
  const {onlyInStaging, onlyInProduction} = preview.configDiff
  lines.push(
    `  config vars only on staging:    ${onlyInStaging.length > 0 ? onlyInStaging.join(', ') : '(none)'}`,
    `  config vars only on production: ${onlyInProduction.length > 0 ? onlyInProduction.join(', ') : '(none)'}`,
  )
  if (onlyInStaging.length > 0) lines.push('  (a promotion copies the code, not config vars: set those on production first if the new code needs them)')
  return lines
}

export interface ReleaseSummary {
  id: string
  version: number
  status: string
}

export interface PromotionReport {
  pipeline: {id: string; name: string}
  staging: SideInfo
  production: SideInfo
  configDiff: {onlyInStaging: string[]; onlyInProduction: string[]}
  outcome: PromotionOutcome
  exitCode: 0 | 1
  /** one line: what happened */
  message: string
  promotion: {id: string; release: ReleaseSummary | null; error: string | null} | null
  releaseOutput: string[]
  /** the health of the promoted release (or, when its release phase failed, of the release production still runs) */
  health: HealthReport | null
  rollback: {
    to: {id: string; version: number}
    release: ReleaseSummary | null
    releaseOutput: string[]
    health: HealthReport | null
    error: string | null
  } | null
  /** the release production runs at the end, as far as the command knows */
  productionRelease: {id: string; version: number} | null
}

export type PromoteOptions = AfterReleaseOptions

export interface PromoteIO {
  /** progress lines (stderr) */
  progress: (line: string) => void
  /** release-phase output lines, as they come */
  output: (line: string) => void
}

function summary(release: {id: string; version: number; status?: string}): ReleaseSummary {
  return {id: release.id, version: release.version, status: release.status ?? 'unknown'}
}

/** The report of a run that stopped before promoting (nothing to promote). */
export function nothingToPromote(preview: PromotionPreview, reason: string): PromotionReport {
  return {
    ...base(preview),
    outcome: 'nothing_to_promote',
    exitCode: 0,
    message: `Nothing to promote: ${reason}.`,
    productionRelease: preview.production.release ? {id: preview.production.release.id, version: preview.production.release.version} : null,
  }
}

/**
 * Production already runs staging's slug: its health is checked again before that is reported (recheckLiveRelease),
 * since the promotion that released it may have been interrupted during its own health check.
 */
export async function recheckNothingToPromote(
  clients: ApiClients,
  apps: PipelineApps,
  preview: PromotionPreview,
  options: PromoteOptions & {rollbackUnhealthy: boolean},
  io: PromoteIO,
): Promise<PromotionReport> {
  const {decision} = preview
  const report = nothingToPromote(preview, decision.action === 'nothing' ? decision.reason : '')
  if (decision.action !== 'nothing') return report
  const recheck = await recheckLiveRelease(
    clients,
    apps.production,
    decision.before,
    {
      health: options.health,
      healthPath: options.healthPath,
      processTypes: preview.processTypes,
      rollbackUnhealthy: options.rollbackUnhealthy,
      flag: '--rollback-unhealthy',
      releaseTimeoutMs: options.releaseTimeoutMs,
      wait: releaseId => waitForRelease(clients.heroku, apps.production.name, releaseId, releaseWaitOptions(options, clients.http, io.output)),
    },
    io.progress,
  )
  report.health = recheck.health
  report.productionRelease = recheck.liveRelease
  if (recheck.rollback) report.rollback = {...recheck.rollback, releaseOutput: []}
  if (recheck.outcome === 'healthy') return Object.assign(report, {message: `Nothing to promote: ${decision.reason}, ${recheck.message}.`})
  return Object.assign(report, {outcome: recheck.outcome, exitCode: recheck.exitCode, message: `${decision.reason}, ${recheck.message}.`})
}

function base(preview: PromotionPreview): Omit<PromotionReport, 'exitCode' | 'message' | 'outcome' | 'productionRelease'> {
  return {
    pipeline: preview.pipeline,
    staging: preview.staging,
    production: preview.production,
    configDiff: preview.configDiff,
    promotion: null,
    releaseOutput: [],
    health: null,
    rollback: null,
  }
}

/**
 * Promotes staging's release (pinned by id: what the preview showed is what goes out), waits, checks health and
 * rolls back when the decision says so. Never throws for an outcome: failures are reported with exit code 1.
 */
export async function executePromotion(
  clients: ApiClients,
  apps: PipelineApps,
  preview: PromotionPreview,
  options: PromoteOptions,
  io: PromoteIO,
): Promise<PromotionReport> {
  const {heroku} = clients
  const {staging, production} = apps
  const decision = preview.decision
  const source = decision.source
  const before = decision.before
  const report: PromotionReport = {
    ...base(preview),
    outcome: 'promoted',
    exitCode: 0,
    message: '',
    productionRelease: before ? {id: before.id, version: before.version} : null,
  }
  const waitOptions = (onOutput: (line: string) => void) => releaseWaitOptions(options, clients.http, onOutput)
  const seconds = Math.round(options.releaseTimeoutMs / 1000)
  const finish = (outcome: PromotionOutcome, exitCode: 0 | 1, message: string): PromotionReport => Object.assign(report, {outcome, exitCode, message})
  const beforeText = before ? `v${before.version}` : 'its previous release'

  const promotion = await heroku.createPromotion({
    pipelineId: apps.pipeline.id,
    sourceAppId: staging.id,
    sourceReleaseId: source.id,
    targetAppIds: [production.id],
  })
  report.promotion = {id: promotion.id, release: null, error: null}
  io.progress(`Promoting ${staging.name} v${source.version} to ${production.name} (promotion ${promotion.id})…`)

  const outputOptions = waitOptions(line => {
    report.releaseOutput.push(line)
    io.output(line)
  })
  const target = await waitForPromotionTarget(heroku, promotion.id, production.id, outputOptions)
  if (target.status === 'timeout') {
    return finish(
      'timeout',
      1,
      `Gave up after ${seconds} s: the promotion to ${production.name} has not made a release yet. It may still go through; check \`heroku releases -a ${production.name}\`.`,
    )
  }

  let releaseId = target.target?.release?.id
  if (!releaseId && target.target?.status === 'succeeded') {
    // a target that succeeded without naming its release: production's newest release, if it runs the promoted slug (image)
    const latest = (await heroku.latestRelease(production.name)) as KitRelease | undefined
    if (sameArtifact(latest, source)) releaseId = latest?.id
  }

  if (!releaseId) {
    const error = target.target?.error_message ?? `the promotion target is ${target.target?.status ?? 'unknown'} without a release`
    report.promotion.error = error
    return finish('promotion_failed', 1, `The promotion to ${production.name} failed: ${error}. ${production.name} still runs ${beforeText}.`)
  }

  io.progress(`Waiting for the release on ${production.name} (release phase, up to ${seconds} s)…`)
  const wait = await waitForRelease(heroku, production.name, releaseId, outputOptions)
  const promoted = wait.release as KitRelease
  report.promotion.release = summary(promoted)

  const health = (label: string): Promise<HealthReport> =>
    checkAppHealth(clients, production, label, {health: options.health, healthPath: options.healthPath, processTypes: preview.processTypes}, io.progress)

  if (wait.status === 'succeeded') {
    report.productionRelease = {id: promoted.id, version: promoted.version}
    report.health = await health(`v${promoted.version}`)
  }

  const outcome = afterRelease({release: wait.status, rollback: options.rollback, health: report.health?.status})
  if (wait.status === 'timeout') {
    return finish(
      'timeout',
      1,
      `Gave up after ${seconds} s: ${production.name} v${promoted.version} is still pending (its release phase is running). It may still finish; check \`heroku releases -a ${production.name}\`, and roll back with \`heroku releases:rollback ${beforeText} -a ${production.name}\` if it misbehaves.`,
    )
  }

  if (wait.status === 'failed') {
    // Heroku keeps the previous release when a release phase fails (api-reference §16/§18): confirm it, and check
    // that it is healthy. Only if the failed release is current all the same ([unverified]: not documented to
    // happen) is production rolled back; a release someone else made meanwhile is never undone.
    const now = (await heroku.listReleases(production.name, 10)) as KitRelease[]
    const running = now.find(r => r.current) ?? now.filter(r => r.status === 'succeeded').sort((a, b) => b.version - a.version)[0]
    const phaseFailure = `its release phase failed, yet Heroku made it current`
    if (running?.id === promoted.id && options.rollback) return rollBack(phaseFailure)
    report.productionRelease = running ? {id: running.id, version: running.version} : null
    report.health = await health(running ? `v${running.version}` : '')
    const still =
      running && before && running.id === before.id
        ? `${production.name} stays on v${before.version}: Heroku did not deploy v${promoted.version}, which leaves production as a rollback would, so no rollback release was made`
        : `${production.name} runs ${running ? `v${running.version}` : 'no release'}`
    return finish(outcome.outcome, 1, `The release phase of ${production.name} v${promoted.version} failed: ${still}; its health: ${report.health.status}.`)
  }

  const failure = describeHealth(report.health)
  if (outcome.action === 'stop') {
    if (outcome.outcome === 'promoted') {
      return finish(
        'promoted',
        0,
        `Promoted ${staging.name} v${source.version} to ${production.name}: v${promoted.version} is live${report.health?.status === 'pass' ? ' and healthy' : ` (health not checked: ${(report.health as {reason?: string})?.reason ?? 'skipped'})`}.`,
      )
    }

    if (outcome.outcome === 'health_unknown') {
      return finish(
        'health_unknown',
        1,
        `${production.name} v${promoted.version} is live, but its health is unknown: ${failure}. Not rolled back (nothing shows the app is at fault); check ${(report.health as HealthResult).url} yourself.`,
      )
    }

    return finish(
      'health_failed',
      1,
      `${production.name} v${promoted.version} is live but unhealthy: ${failure}. Not rolled back (--no-rollback); to roll back: \`heroku releases:rollback ${beforeText} -a ${production.name}\`.`,
    )
  }

  return rollBack(`it failed its health check (${failure})`)

  /** Rolls production back to the release it ran before the promotion, waits for it and checks its health. */
  async function rollBack(why: string): Promise<PromotionReport> {
    const releaseOutput: string[] = []
    const wait = (releaseId: string) =>
      waitForRelease(
        heroku,
        production.name,
        releaseId,
        waitOptions(line => {
          releaseOutput.push(line)
          io.output(line)
        }),
      )
    const rolled = await rollBackAndCheck({
      heroku,
      app: production.name,
      failed: promoted,
      before,
      why,
      releaseTimeoutMs: options.releaseTimeoutMs,
      wait,
      health,
      progress: io.progress,
    })
    if (rolled.rollback) {
      const {to, release, health: rollbackHealth, error} = rolled.rollback
      report.rollback = {to, release, releaseOutput, health: rollbackHealth, error}
    }

    if (rolled.live) report.productionRelease = rolled.live
    return finish(rolled.outcome, 1, rolled.message)
  }
}
