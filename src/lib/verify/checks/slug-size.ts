/** Pitfall: a slug near or over Heroku's 500 MB limit. */
import {generationOf} from '../../generation.js'
import type {StageName} from '../../manifest/types.js'
import {isVerdict, liveApp} from '../live-app.js'
import type {Evidence, StageCheck, Verdict} from '../types.js'

const MB = 1024 * 1024
export const SLUG_WARN_BYTES = 300 * MB
export const SLUG_FAIL_BYTES = 500 * MB

function checkSlugSize(evidence: Evidence, name: StageName): Verdict {
  const found = liveApp(evidence, name)
  if (isVerdict(found)) return found
  const {app} = found
  // A Fir app's releases run OCI images, not slugs: no slug_size to judge ([unverified] what Heroku answers for it;
  // the 500 MB slug limit is the Cedar build's)
  if (generationOf(app) === 'fir') return {status: 'pass', evidence: [`${app.name} runs on Fir: its releases run OCI images, not slugs`]}
  const size = app.slug_size
  if (size === null || size === undefined) {
    return {
      status: 'unknown',
      evidence: [`${app.name} has no slug yet (nothing deployed)`],
      fix: 'deploy: push to main (or run the deploy workflow), then run kit:verify again',
    }
  }

  const shown = `${Math.round(size / MB)} MB`
  const fix = 'shrink the slug: list build-only files in .slugignore, prune dev dependencies, keep assets out of git (max 500 MB)'
  if (size > SLUG_FAIL_BYTES) {
    return {
      status: 'fail',
      evidence: [`slug of ${app.name} is ${shown}: over Heroku's 500 MB limit, the next build will be rejected`],
      fix,
    }
  }

  if (size > SLUG_WARN_BYTES) return {status: 'warn', evidence: [`slug of ${app.name} is ${shown}: over 300 MB, deploys and dyno starts get slow`], fix}
  return {status: 'pass', evidence: [`slug of ${app.name} is ${shown}`]}
}

export const slugSizeCheck: StageCheck = {
  id: 'slug-size',
  criterion: 'Pitfall: slug size (warn over 300 MB, fail over 500 MB)',
  scope: 'stage',
  run: checkSlugSize,
}
