/** Pitfall: preboot off in production, so deploys and restarts drop requests. */
import {featureOn, PREBOOT} from '../../converge/resources/features.js'
import type {StageName} from '../../manifest/types.js'
import {bootstrapFix} from '../fixes.js'
import {isVerdict, liveApp} from '../live-app.js'
import type {Evidence, StageCheck, Verdict} from '../types.js'

function checkPreboot(evidence: Evidence, name: StageName): Verdict {
  const found = liveApp(evidence, name)
  if (isVerdict(found)) return found
  const {stage, app, evidence: stageEvidence} = found
  if (featureOn(stage.features, PREBOOT))
    return {status: 'pass', evidence: [`preboot on: new dynos take traffic only once they have booted (zero-downtime deploys)`]}
  return {
    status: 'warn',
    evidence: [`preboot off on ${app.name}: every deploy and restart drops requests while dynos boot`],
    fix: stageEvidence.desired.features.includes(PREBOOT)
      ? bootstrapFix(evidence)
      : `set preboot: true under stages.${name} in heroku-kit.yml, then ${bootstrapFix(evidence)}`,
  }
}

export const prebootCheck: StageCheck = {
  id: 'preboot',
  criterion: 'Pitfall: preboot off in production (no zero-downtime deploys)',
  scope: 'stage',
  stages: () => ['production'],
  run: checkPreboot,
}
