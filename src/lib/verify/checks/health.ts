/** Criterion 4: the health endpoint of each stage's app answers 200 (the probe is `health/check.ts`). */
import type {StageName} from '../../manifest/types.js'
import {deployFirstFix, INIT_FIX, NO_WEB_TYPE_FIX} from '../fixes.js'
import {isVerdict, liveApp, noProcessTypes} from '../live-app.js'
import type {Evidence, StageCheck, Verdict} from '../types.js'

/** Probe failures the app's own redirects cause. */
const REDIRECT_FAILURES: ReadonlySet<string> = new Set(['redirect-loop', 'too-many-redirects', 'insecure-redirect'])

function checkHealthEndpoint(evidence: Evidence, name: StageName): Verdict {
  const found = liveApp(evidence, name)
  if (isVerdict(found)) return found
  const {stage, app, evidence: stageEvidence} = found
  const health = stageEvidence.health
  const path = evidence.repository.project.pipelineFile.healthPath
  if (!health) return {status: 'unknown', evidence: [`${app.name} has no web URL to probe`], fix: `check heroku apps:info -a ${app.name}`}
  if (health.status === 'pass') return {status: 'pass', evidence: health.evidence}
  if (health.status === 'unknown') return {status: 'unknown', evidence: health.evidence, fix: `run kit:verify again from a network that reaches ${health.url}`}
  const web = stage.formation.find(f => f.type === 'web')
  let fix: string
  if (app.maintenance) fix = `heroku maintenance:off -a ${app.name}`
  else if (stage.formation.length === 0) fix = deployFirstFix(name)
  else if (!web) fix = NO_WEB_TYPE_FIX
  else if (web.quantity === 0) fix = `heroku ps:scale web=1 -a ${app.name} (or heroku kit:scale --stage ${name})`
  else if (health.reason === 'client-error' && health.httpStatus === 404)
    fix = `serve ${path} with a 200 (${INIT_FIX} generates a health endpoint), or set ` + `health_path: in heroku-kit.yml to the one the app has`
  else if (REDIRECT_FAILURES.has(health.reason)) fix = `exempt ${path} from the app's redirects (force-SSL / canonical host), so it answers 200 itself`
  else fix = `find the error with heroku logs -a ${app.name} --tail; to go back to the previous release: heroku releases:rollback -a ${app.name}`
  const extra: string[] = []
  if (app.maintenance) extra.push(`${app.name} is in maintenance mode`)
  if (stage.formation.length === 0) extra.push(noProcessTypes(app.name))
  else if (!web || web.quantity === 0) extra.push(`${app.name} runs no web dynos`)
  return {status: health.status, evidence: [...health.evidence, ...extra], fix}
}

export const healthEndpointCheck: StageCheck = {
  id: 'health',
  criterion: '4. The health endpoint returns 200',
  scope: 'stage',
  run: checkHealthEndpoint,
}
