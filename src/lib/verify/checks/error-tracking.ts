/** Pitfall: no error tracking in production (add-on, config var or SDK). */
import type {StageName} from '../../manifest/types.js'
import {ERROR_TRACKING_KEYS, errorTrackingSdk} from '../catalog.js'
import {addonFix, addonLine, addonsOf, isVerdict, liveApp} from '../live-app.js'
import type {Evidence, StageCheck, Verdict} from '../types.js'

function checkErrorTracking(evidence: Evidence, name: StageName): Verdict {
  const found = liveApp(evidence, name)
  if (isVerdict(found)) return found
  const {stage, app} = found
  const lines = addonsOf(stage, 'errors').map(addon => `error-tracking add-on ${addonLine(addon)}`)
  const keys = ERROR_TRACKING_KEYS.filter(key => Object.hasOwn(stage.config, key))
  if (lines.length === 0 && keys.length > 0) lines.push(`error tracking configured on ${app.name} by ${keys.join(', ')}`)
  const sdk = errorTrackingSdk(evidence.repository.manifests)
  if (sdk) lines.push(`SDK in ${sdk}`)
  if (lines.length > 0) return {status: 'pass', evidence: lines}
  return {
    status: 'warn',
    evidence: [
      `no error tracking: no Sentry-like add-on on ${app.name}, no SENTRY_DSN-like config var, no SDK in the dependencies; exceptions are seen only ` +
        `in the log stream`,
    ],
    fix: `${addonFix(evidence, name, 'errors')}, and add its SDK (e.g. @sentry/node, sentry-sdk, sentry-ruby)`,
  }
}

export const errorTrackingCheck: StageCheck = {
  id: 'error-tracking',
  criterion: 'Pitfall: no error tracking',
  scope: 'stage',
  stages: () => ['production'],
  run: checkErrorTracking,
}
