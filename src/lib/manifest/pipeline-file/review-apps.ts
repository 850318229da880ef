/** heroku-kit.yml `review_apps:`: true, false, or the settings of the pipeline's review apps. */
import {describe, isPlainObject, type Report, reportUnknownKeys} from '../common.js'
import type {PipelineFile} from '../types.js'
import {DEFAULT_REVIEW_APPS} from './defaults.js'
import type {Fields} from './fields.js'

const REVIEW_APPS_KEYS = ['automatic', 'destroy_stale', 'stale_days', 'wait_for_ci'] as const

/** Reads `review_apps:` into `result.reviewApps` (absent, null or false: no review apps). */
export function parseReviewApps(value: unknown, result: PipelineFile, fields: Fields, report: Report): void {
  if (value === undefined || value === null || value === false) return
  if (value === true) {
    result.reviewApps = {...DEFAULT_REVIEW_APPS}
    return
  }

  if (!isPlainObject(value)) {
    report(['review_apps'], `review_apps must be true, false, or a mapping (automatic:, destroy_stale:, stale_days:, wait_for_ci:), not ${describe(value)}`)
    return
  }

  reportUnknownKeys(value, REVIEW_APPS_KEYS, ['review_apps'], report, 'review_apps')
  const at = ['review_apps']
  const reviewApps = {
    automatic: fields.boolean(value, 'automatic', at) ?? DEFAULT_REVIEW_APPS.automatic,
    destroyStale: fields.boolean(value, 'destroy_stale', at) ?? DEFAULT_REVIEW_APPS.destroyStale,
    staleDays: DEFAULT_REVIEW_APPS.staleDays as number,
    waitForCi: fields.boolean(value, 'wait_for_ci', at) ?? DEFAULT_REVIEW_APPS.waitForCi,
  }
  if (value.stale_days !== undefined) {
    const days = value.stale_days
    if (typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= 30) reviewApps.staleDays = days
    else report([...at, 'stale_days'], `review_apps.stale_days must be a whole number of days from 1 to 30 (Heroku's range), not ${describe(value.stale_days)}`)
  }

  result.reviewApps = reviewApps
}
