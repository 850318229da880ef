import type {ReviewAppConfig} from '../../api/heroku-api.js'
import type {Unmanaged} from './types.js'

/** review_apps: from the pipeline's review-app config; review-stage config vars are listed (their values are secrets). */
export function exportReviewApps(config: ReviewAppConfig | undefined, reviewConfigKeys: string[]): {reviewApps?: {automatic: boolean; destroy_stale: boolean; stale_days: number; wait_for_ci: boolean}; unmanaged: Unmanaged[]} {
  const unmanaged: Unmanaged[] = reviewConfigKeys.length > 0
    ? [{scope: 'pipeline', what: `review-app config vars ${reviewConfigKeys.join(', ')}`, why: 'their values would go into app.json (committed); they stay on the pipeline (heroku pipelines:info, Dashboard)'}]
    : []
  if (!config) return {unmanaged}
  return {
    reviewApps: {automatic: config.automatic_review_apps === true, destroy_stale: config.destroy_stale_apps === true, stale_days: config.stale_days ?? 5, wait_for_ci: config.wait_for_ci === true},
    unmanaged,
  }
}
