/**
 * App features: the ones heroku-kit.yml declares are on, and no feature it knows is on without being declared
 * (kit:bootstrap leaves such a feature on and reports it as drift). Preboot has its own check (preboot.ts).
 */
import {KNOWN_FEATURES, PREBOOT} from '../../converge/resources/features.js'
import type {StageName} from '../../manifest/types.js'
import {bootstrapFix} from '../fixes.js'
import {isVerdict, liveApp} from '../live-app.js'
import type {Evidence, StageCheck, Verdict} from '../types.js'

function checkFeatures(evidence: Evidence, name: StageName): Verdict {
  const found = liveApp(evidence, name)
  if (isVerdict(found)) return found
  const {stage, app, evidence: stageEvidence} = found
  const on = (stage.features ?? []).filter(f => f.enabled && f.name !== PREBOOT).map(f => f.name)
  const declared = stageEvidence.desired.features.filter(f => f !== PREBOOT)
  const off = declared.filter(f => !on.includes(f))
  const undeclared = on.filter(f => KNOWN_FEATURES.includes(f) && !declared.includes(f))
  if (off.length > 0) {
    return {status: 'warn', evidence: [`declared in heroku-kit.yml but off on ${app.name}: ${off.join(', ')}`], fix: bootstrapFix(evidence)}
  }

  if (undeclared.length > 0) {
    return {
      status: 'warn',
      evidence: [`on on ${app.name} but not declared in heroku-kit.yml: ${undeclared.join(', ')}`],
      fix: `declare them under stages.${name}.features in heroku-kit.yml, or turn them off: heroku features:disable ${undeclared[0]} -a ${app.name}`,
    }
  }

  return {status: 'pass', evidence: [on.length > 0 ? `app features on, as declared: ${on.join(', ')}` : 'no app features declared, none on']}
}

export const featuresCheck: StageCheck = {
  id: 'features',
  criterion: 'App features declared in heroku-kit.yml are on, and only those',
  scope: 'stage',
  run: checkFeatures,
}
