/** Pitfall: eco/basic dynos, or a single web dyno, in production. */
import type {StageName} from '../../manifest/types.js'
import {bootstrapFix, deployFirstFix, NO_WEB_TYPE_FIX} from '../fixes.js'
import {isVerdict, liveApp, noProcessTypes} from '../live-app.js'
import type {Evidence, StageCheck, Verdict} from '../types.js'

const SINGLE_DYNO = new Set(['eco', 'basic', 'free', 'hobby'])

function checkDynos(evidence: Evidence, name: StageName): Verdict {
  const found = liveApp(evidence, name)
  if (isVerdict(found)) return found
  const {stage, app, evidence: stageEvidence} = found
  const formation = stage.formation.filter(f => f.type !== 'release')
  const sizeOf = (f: (typeof formation)[number]) => (f.dyno_size?.name ?? f.size ?? '').toLowerCase()
  const web = formation.find(f => f.type === 'web')
  const declared = stageEvidence.desired.formation.web
  const declaredOk = declared && declared.quantity >= 2 && (!declared.size || !SINGLE_DYNO.has(declared.size.toLowerCase()))
  const scaleFix = declaredOk
    ? `heroku kit:scale --stage ${name} (or ${bootstrapFix(evidence)})`
    : `declare web: {quantity: 2, size: standard-1x} under ` + `stages.${name}.formation in heroku-kit.yml, then heroku kit:scale --stage ${name}`
  const lines = formation.map(f => `${f.type}=${f.quantity}:${sizeOf(f) || '?'}`)
  if (formation.length === 0) return {status: 'fail', evidence: [noProcessTypes(app.name)], fix: deployFirstFix(name)}
  const summary = `formation ${lines.join(' ')}`
  if (!web) return {status: 'fail', evidence: [`no web process type on ${app.name}`, summary], fix: NO_WEB_TYPE_FIX}
  if (web.quantity === 0) return {status: 'fail', evidence: [`no web dyno runs on ${app.name}`, summary], fix: scaleFix}
  const cheap = formation.filter(f => f.quantity > 0 && SINGLE_DYNO.has(sizeOf(f)))
  if (cheap.length > 0) {
    return {
      status: 'fail',
      evidence: [
        `${cheap.map(f => `${f.type} runs on ${sizeOf(f)}`).join(', ')} in ${name}: one dyno per type at most, no preboot, ` +
          `${cheap.some(f => sizeOf(f) === 'eco') ? 'sleeps when idle, ' : ''}no ACM on eco`,
        summary,
      ],
      fix: scaleFix,
    }
  }

  if (web.quantity < 2) {
    return {
      status: 'warn',
      evidence: [`a single web dyno on ${app.name}: a dyno restart (daily, or on failure) is downtime`, summary],
      fix: scaleFix,
    }
  }

  return {status: 'pass', evidence: [summary]}
}

export const dynosCheck: StageCheck = {
  id: 'dynos',
  criterion: 'Pitfall: eco/basic dynos or a single web dyno in production',
  scope: 'stage',
  stages: () => ['production'],
  run: checkDynos,
}
