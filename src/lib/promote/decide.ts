/**
 * The decisions of a promotion, as pure functions of what Heroku answered: whether there is anything to promote,
 * what to do once the release on production has settled and its health is known, and which release a rollback
 * goes back to. No HTTP here: the command reads, these decide, the command acts.
 */
import type {HealthStatus} from '../health/check.js'
import {KitError} from '../errors.js'
import {releaseArtifact, type ReleaseArtifactFields, sameArtifact} from '../release-artifact.js'

/**
 * The fields of a release these decisions read (the Platform API's release, as listed with `3.sdk` or v3); what it
 * runs (a slug on Cedar, an OCI image on Fir) is compared with release-artifact.ts.
 */
export interface ReleaseInfo extends ReleaseArtifactFields {
  id: string
  version: number
  status?: string
  current?: boolean
  eligible_for_rollback?: boolean
  description?: string
}

/** The release an app runs: the one Heroku marks current, else the newest that succeeded. */
export function currentRelease<R extends ReleaseInfo>(releases: R[]): R | undefined {
  const byVersion = [...releases].sort((a, b) => b.version - a.version)
  return byVersion.find(r => r.current === true) ?? byVersion.find(r => r.status === 'succeeded')
}

export type PromotionDecision<R extends ReleaseInfo> = {action: 'promote'; source: R; before?: R} | {action: 'nothing'; source: R; before: R; reason: string}

/**
 * Promote, or not: staging needs a release with code; production must not be in the middle of a release; when
 * production already runs staging's slug (its OCI image on Fir) there is nothing to promote (a promotion would only
 * add a release).
 */
export function decidePromotion<R extends ReleaseInfo>(input: {
  staging: string
  production: string
  stagingReleases: R[]
  productionReleases: R[]
}): PromotionDecision<R> {
  const source = currentRelease(input.stagingReleases)
  const artifact = releaseArtifact(source)
  if (!source || !artifact) {
    throw new KitError(`${input.staging} has no release with code to promote${source ? ` (v${source.version} has no slug or image)` : ''}.`, {
      code: 'nothing_deployed',
      suggestion: `Deploy staging first (push to the branch it deploys from), then promote. Nothing was sent.`,
    })
  }

  const latest = [...input.productionReleases].sort((a, b) => b.version - a.version)[0]
  if (latest?.status === 'pending') {
    throw new KitError(`${input.production} has a release in progress (v${latest.version}, ${latest.description ?? 'pending'}).`, {
      code: 'release_in_progress',
      suggestion: `Wait for it to finish (\`heroku releases -a ${input.production}\`), then promote. Nothing was sent.`,
    })
  }

  const before = currentRelease(input.productionReleases)
  if (before && sameArtifact(before, source)) {
    const what = artifact.type === 'slug' ? 'slug' : 'image'
    return {action: 'nothing', source, before, reason: `${input.production} v${before.version} already runs the ${what} of ${input.staging} v${source.version}`}
  }

  return {action: 'promote', source, before}
}

/** How the promoted release ended: its release phase result, or no release at all. */
export type ReleaseOutcome = 'succeeded' | 'failed' | 'timeout' | 'no-release'

export type PromotionOutcome =
  'nothing_to_promote' | 'promoted' | 'rolled_back' | 'rollback_failed' | 'release_failed' | 'promotion_failed' | 'timeout' | 'health_failed' | 'health_unknown'

/** The one-line error of a run that ends with exit code 1. */
export const PROMOTION_HEADLINES: Record<PromotionOutcome, string> = {
  nothing_to_promote: 'Nothing to promote.',
  promoted: 'Promoted.',
  rolled_back: 'Promotion rolled back: the promoted release failed its health check.',
  rollback_failed: 'Rollback failed: production may be running an unhealthy release.',
  release_failed: 'Promotion failed: the release phase failed.',
  promotion_failed: 'Promotion failed.',
  timeout: 'Promotion not confirmed: timed out waiting for the release.',
  health_failed: 'The promoted release is unhealthy (not rolled back).',
  health_unknown: "The promoted release's health is unknown.",
}

export interface NextAction {
  /** 'rollback': roll production back, check health again; 'stop': report `outcome` */
  action: 'rollback' | 'stop'
  outcome: PromotionOutcome
  exitCode: 0 | 1
}

/**
 * After the release on production settled (and, when it succeeded, its health was checked):
 *
 * - succeeded + healthy (or no web process to check) → promoted, exit 0;
 * - succeeded + failing health → roll back (unless --no-rollback: health_failed);
 * - succeeded + health unknown (the app could not be reached from here) → exit 1 without rolling back: nothing shows
 *   the app is at fault, and a rollback is a release of its own;
 * - release phase failed → exit 1 without a rollback release: Heroku does not deploy a release whose release phase
 *   fails, so production still runs the release it ran before (the command confirms that and checks its health;
 *   should the failed release be current all the same, executePromotion rolls it back);
 * - no release (the promotion target failed) or still pending at the deadline → exit 1, nothing to roll back.
 */
export function afterRelease(input: {release: ReleaseOutcome; health?: HealthStatus | 'skipped'; rollback: boolean}): NextAction {
  switch (input.release) {
    case 'timeout': {
      return {action: 'stop', outcome: 'timeout', exitCode: 1}
    }

    case 'no-release': {
      return {action: 'stop', outcome: 'promotion_failed', exitCode: 1}
    }

    case 'failed': {
      return {action: 'stop', outcome: 'release_failed', exitCode: 1}
    }

    case 'succeeded': {
      if (input.health === undefined || input.health === 'pass' || input.health === 'skipped') return {action: 'stop', outcome: 'promoted', exitCode: 0}
      if (input.health === 'unknown') return {action: 'stop', outcome: 'health_unknown', exitCode: 1}
      return input.rollback ? {action: 'rollback', outcome: 'rolled_back', exitCode: 1} : {action: 'stop', outcome: 'health_failed', exitCode: 1}
    }
  }
}

/**
 * The release to roll back to (api-reference §17): the newest release eligible for rollback that is older than the
 * promoted one — the release production ran before the promotion when it is still eligible.
 */
export function rollbackTarget<R extends ReleaseInfo>(releases: R[], promoted: {id: string; version: number}, before?: {id: string}): R | undefined {
  const candidates = releases
    .filter(r => r.eligible_for_rollback === true && r.id !== promoted.id && r.version < promoted.version)
    .sort((a, b) => b.version - a.version)
  return candidates.find(r => r.id === before?.id) ?? candidates[0]
}

/** Config var names that exist on only one side (values are never compared or shown: they differ by design). */
export function configKeyDiff(staging: Record<string, string>, production: Record<string, string>): {onlyInStaging: string[]; onlyInProduction: string[]} {
  const s = new Set(Object.keys(staging))
  const p = new Set(Object.keys(production))
  return {
    onlyInStaging: [...s].filter(k => !p.has(k)).sort(),
    onlyInProduction: [...p].filter(k => !s.has(k)).sort(),
  }
}
