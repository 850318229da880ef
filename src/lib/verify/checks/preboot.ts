/** Pitfall: preboot off in production, so deploys and restarts drop requests. */
import {featureOn, PREBOOT} from '../../converge/resources/features.js'
import {stageGeneration, unsupported} from '../../converge/stage-generation.js'
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
  // a generation that does not offer preboot (its `unsupported_features`, read at run time): nothing to turn on
  const state = evidence.remote?.state
  const generation = stageGeneration({stage: stageEvidence.desired, cur: stage, current: state?.ok ? state.value : {}})
  const lacking = unsupported(generation, PREBOOT)
  if (lacking !== undefined)
    return {status: 'pass', evidence: [`${app.name} runs on ${generation.name}, which does not offer preboot (unsupported_features: ${lacking})`]}
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
