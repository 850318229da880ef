/** Criterion 6: review apps are enabled for the pipeline, and created for every pull request. */
import {bootstrapFix, unknownFix} from '../fixes.js'
import type {Evidence, PipelineCheck, Verdict} from '../types.js'

function checkReviewApps(evidence: Evidence): Verdict {
  const state = evidence.remote?.state
  if (!state) return {status: 'unknown', evidence: ['the live pipeline was not read (--local)'], fix: 'run kit:verify without --local'}
  if (!state.ok) return {status: 'unknown', evidence: [`could not read the pipeline: ${state.error}`], fix: unknownFix(state.error)}
  if (!state.value.pipeline) {
    return {
      status: 'unknown',
      evidence: ['no single pipeline to read the review-app settings from (see the pipeline check)'],
      fix: 'see the pipeline check',
    }
  }

  const config = evidence.remote?.reviewAppConfig
  if (config && !config.ok) return {status: 'unknown', evidence: [`could not read the review-app settings: ${config.error}`], fix: unknownFix(config.error)}
  const value = config?.value
  const {repo, reviewApps} = evidence.desired
  if (!value) {
    let fix = bootstrapFix(evidence)
    if (!repo) fix = `set repo: owner/name (and review_apps:) in heroku-kit.yml, then ${fix}`
    else if (!reviewApps) fix = `declare review_apps: in heroku-kit.yml, then ${fix}`
    else if (!state.value.github.token) fix = `connect GitHub once in the Dashboard (https://dashboard.heroku.com/account/applications), then ${fix}`
    return {status: 'fail', evidence: [`review apps are not enabled for pipeline ${evidence.desired.pipeline}: pull requests get no app of their own`], fix}
  }

  const forRepo = value.repo?.name ? ` for ${value.repo.name}` : repo ? ` for ${repo}` : ''
  const destroyed = value.destroy_stale_apps ? `, destroyed after ${value.stale_days ?? '?'} days` : ''
  const lines = [`review apps enabled${forRepo}${destroyed}${value.wait_for_ci ? ', after CI passes' : ''}`]
  if (!value.automatic_review_apps) {
    return {
      status: 'warn',
      evidence: ['review apps are enabled but not created automatically for each pull request', ...lines],
      fix: reviewApps?.automatic ? bootstrapFix(evidence) : `set review_apps.automatic: true in heroku-kit.yml, then ${bootstrapFix(evidence)}`,
    }
  }

  return {status: 'pass', evidence: [`${lines[0]}; created for every pull request`]}
}

export const reviewAppsCheck: PipelineCheck = {
  id: 'review-apps',
  criterion: '6. Review apps are enabled for pull requests',
  scope: 'pipeline',
  run: checkReviewApps,
}
