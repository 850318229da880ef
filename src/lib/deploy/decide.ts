/**
 * The decisions of a deploy, as pure functions of the flags and what Heroku answered: whether the target may be
 * deployed to at all (production only by an explicit `--stage production --confirm APP`), and whether there is
 * anything to deploy (the app already runs the commit). No HTTP here.
 */
import {KitError} from '../errors.js'
import type {ReleaseInfo} from '../promote/decide.js'

export interface DeployTarget {
  app: string
  /** the stage heroku-kit.yml gives the app, if any */
  stage?: string
  /** the stage the app is coupled at in its Heroku pipeline, if any */
  coupledStage?: string
}

/**
 * Production changes by kit:promote; a deploy to it needs both `--stage production` and `--confirm APP`.
 * Throws before anything is sent.
 */
export function guardProduction(target: DeployTarget, flags: {stage?: string; confirm?: string}): void {
  const production = target.stage === 'production' || target.coupledStage === 'production'
  if (flags.confirm !== undefined && flags.confirm !== target.app) {
    throw new KitError(`--confirm ${flags.confirm} does not match ${target.app}. Nothing was sent.`, {code: 'confirmation_mismatch'})
  }

  if (!production) return
  if (flags.stage === 'production' && flags.confirm === target.app) return
  const where = target.stage === 'production' ? 'the production app of heroku-kit.yml' : 'coupled at production in its pipeline'
  throw new KitError(`${target.app} is ${where}: production changes by \`heroku kit:promote\`, which ships what staging runs.`, {
    code: 'production_refused',
    suggestion: `To deploy to it all the same: heroku kit:deploy --stage production --confirm ${target.app}. Nothing was sent.`,
  })
}

export type DeployDecision = {action: 'deploy'; before?: ReleaseInfo} | {action: 'nothing'; before: ReleaseInfo; reason: string}

/**
 * Deploy, or not: not while a release is in progress (it would race it); nothing when the current release's slug
 * was built from this commit, unless `force`.
 */
export function decideDeploy<R extends ReleaseInfo>(input: {
  app: string
  commit: string
  releases: R[]
  current?: R
  currentCommit?: string | null
  force: boolean
}): DeployDecision {
  const latest = [...input.releases].sort((a, b) => b.version - a.version)[0]
  if (latest?.status === 'pending') {
    throw new KitError(`${input.app} has a release in progress (v${latest.version}, ${latest.description ?? 'pending'}).`, {
      code: 'release_in_progress',
      suggestion: `Wait for it to finish (\`heroku releases -a ${input.app}\`), then deploy. Nothing was sent.`,
    })
  }

  const {current} = input
  if (current && input.currentCommit && input.currentCommit === input.commit && !input.force) {
    return {action: 'nothing', before: current, reason: `${input.app} v${current.version} already runs commit ${input.commit.slice(0, 7)}`}
  }

  return {action: 'deploy', before: current}
}
