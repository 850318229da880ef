/** Criterion 11: a monitoring add-on or agent on the production app (and staging's when heroku-kit.yml asks). */
import type {StageName} from '../../manifest/types.js'
import {MONITORING_KEYS, monitoringBuildpack} from '../catalog.js'
import {addonFix, addonLine, addonsOf, declaresAddon, isVerdict, liveApp} from '../live-app.js'
import type {Evidence, StageCheck, Verdict} from '../types.js'

function checkMonitoring(evidence: Evidence, name: StageName): Verdict {
  const found = liveApp(evidence, name)
  if (isVerdict(found)) return found
  const {stage, app} = found
  const addons = addonsOf(stage, 'monitoring')
  const lines = addons.map(addon => `monitoring add-on ${addonLine(addon)}`)
  const buildpack = stage.buildpacks.find(b => monitoringBuildpack(b))
  if (buildpack) lines.push(`monitoring agent buildpack ${buildpack}`)
  const keys = MONITORING_KEYS.filter(key => Object.hasOwn(stage.config, key) && !stage.owned.has(key))
  if (keys.length > 0 && addons.length === 0) lines.push(`agent configured by ${keys.join(', ')}`)
  if (lines.length > 0) return {status: 'pass', evidence: lines}
  return {
    status: 'fail',
    evidence: [`${app.name} has no monitoring add-on (e.g. New Relic) or agent (e.g. the Datadog buildpack)`],
    fix: addonFix(evidence, name, 'monitoring'),
  }
}

/** Monitoring is required in production, and in staging when heroku-kit.yml asks for it there. */
export function monitoringStages(evidence: Evidence): StageName[] {
  return ['staging', 'production'].filter(name => name === 'production' || declaresAddon(evidence, name as StageName, 'monitoring')) as StageName[]
}

export const monitoringCheck: StageCheck = {
  id: 'monitoring',
  criterion: '11. Monitoring is set up',
  scope: 'stage',
  stages: monitoringStages,
  run: checkMonitoring,
}
