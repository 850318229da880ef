/** Criterion 9: every custom domain of a stage is on its app and has a certificate (ACM or uploaded). */
import type {StageName} from '../../manifest/types.js'
import {bootstrapFix} from '../fixes.js'
import {isVerdict, liveApp} from '../live-app.js'
import type {Evidence, StageCheck, Verdict} from '../types.js'

const ISSUED = new Set(['cert issued', 'ok'])
const FAILED = new Set(['failing', 'failed'])

function checkSsl(evidence: Evidence, name: StageName): Verdict {
  const found = liveApp(evidence, name)
  if (isVerdict(found)) return found
  const {stage, app, evidence: stageEvidence} = found
  const custom = stage.domains.filter(d => d.kind === 'custom')
  const missing = stageEvidence.desired.domains.filter(host => !custom.some(d => d.hostname === host))
  const failures: string[] = []
  const warnings: string[] = []
  const lines: string[] = []
  const acmFix = `heroku kit:acm --stage ${name} --wait`
  const fixes = new Set<string>()
  if (missing.length > 0) {
    failures.push(`declared in heroku-kit.yml but not on ${app.name}: ${missing.join(', ')}`)
    fixes.add(bootstrapFix(evidence))
  }

  if (custom.length === 0 && missing.length === 0) {
    return {
      status: 'pass',
      evidence: [`no custom domains: ${app.name} is served on its herokuapp.com address, which has Heroku's certificate`],
    }
  }

  if (!app.acm) {
    const uncovered = custom.filter(d => !d.sni_endpoint)
    if (uncovered.length > 0) {
      failures.push(`ACM is off on ${app.name} and ${uncovered.map(d => d.hostname).join(', ')} ${uncovered.length === 1 ? 'has' : 'have'} no certificate`)
      fixes.add(stageEvidence.desired.acm ? bootstrapFix(evidence) : acmFix)
    }

    for (const domain of custom.filter(d => d.sni_endpoint)) {
      lines.push(`${domain.hostname}: certificate ${domain.sni_endpoint?.name ?? ''} (uploaded, not ACM)`.replace('  ', ' '))
    }
  } else {
    lines.push(`ACM enabled on ${app.name}`)
    for (const domain of custom) {
      const status = domain.acm_status ?? 'waiting'
      if (ISSUED.has(status)) {
        lines.push(`${domain.hostname}: ${status}`)
      } else if (FAILED.has(status)) {
        failures.push(
          `${domain.hostname}: ACM ${status}${domain.acm_status_reason ? ` (${domain.acm_status_reason})` : ''}; DNS must point at ` +
            `${domain.cname ?? 'the DNS target Heroku shows'}`,
        )
        fixes.add(`point ${domain.hostname} (CNAME/ALIAS) at ${domain.cname ?? 'its DNS target'}, then ${acmFix}`)
      } else {
        warnings.push(`${domain.hostname}: certificate not issued yet (ACM ${status})`)
        fixes.add(acmFix)
      }
    }
  }

  const fix = [...fixes].join('; ')
  if (failures.length > 0) return {status: 'fail', evidence: [...failures, ...warnings, ...lines], fix}
  if (warnings.length > 0) return {status: 'warn', evidence: [...warnings, ...lines], fix}
  return {status: 'pass', evidence: lines}
}

export const sslCheck: StageCheck = {
  id: 'ssl',
  criterion: '9. SSL certificates are configured for custom domains',
  scope: 'stage',
  run: checkSsl,
}
