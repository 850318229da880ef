/**
 * Criterion 10: logs outlive the dyno: a log drain or a logging add-on on each stage's app — on a Fir app, which has no
 * classic log drains, a telemetry drain that carries the `logs` signal (converge/resources/telemetry.ts).
 */
import {sameEndpoint} from '../../converge/resources/telemetry.js'
import {generationOf} from '../../generation.js'
import type {StageName} from '../../manifest/types.js'
import {bootstrapFix} from '../fixes.js'
import {addonFix, addonLine, addonsOf, declaresAddon, isVerdict, liveApp} from '../live-app.js'
import type {Evidence, StageCheck, Verdict} from '../types.js'

/** A drain URL without credentials or path: scheme and host. */
export function drainHost(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}`
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//').replace(/^([^:]+:\/\/[^/]+).*$/, '$1')
  }
}

function checkLogs(evidence: Evidence, name: StageName): Verdict {
  const found = liveApp(evidence, name)
  if (isVerdict(found)) return found
  const {stage, app, evidence: stageEvidence} = found
  const loggers = addonsOf(stage, 'logging')
  const addonIds = new Set(stage.addons.map(a => a.id))
  const userDrains = stage.drains.filter(d => !d.addon)
  const orphans = stage.drains.filter(d => d.addon?.id && !addonIds.has(d.addon.id))
  const fir = generationOf(app) === 'fir'
  // a telemetry drain without the logs signal sends traces or metrics only: no logs leave the app through it
  const telemetryLogs = (stage.telemetry ?? []).filter(drain => drain.signals.includes('logs'))
  // a drain of the app's space carries the logs of every app in it
  const spaceLogs = (stage.spaceTelemetry ?? []).filter(drain => drain.signals.includes('logs'))
  const lines: string[] = []
  for (const addon of loggers) lines.push(`logging add-on ${addonLine(addon)}`)
  for (const drain of userDrains) lines.push(`log drain to ${drainHost(drain.url)}`)
  for (const drain of telemetryLogs) lines.push(`telemetry drain to ${drainHost(drain.exporter.endpoint)} (${drain.signals.join(', ')})`)
  for (const drain of spaceLogs) {
    lines.push(`telemetry drain of the space ${app.space?.name ?? drain.owner.id} to ${drainHost(drain.exporter.endpoint)} (${drain.signals.join(', ')})`)
  }

  const missingDrains = stageEvidence.desired.drains.filter(url => !stage.drains.some(d => d.url === url))
  const missingTelemetry = (stageEvidence.desired.telemetry ?? []).filter(
    want => want.signals.includes('logs') && !telemetryLogs.some(drain => sameEndpoint(drain.exporter.endpoint, want.endpoint)),
  )
  if (loggers.length === 0 && userDrains.length === 0 && fir && stage.telemetry === undefined) {
    return {
      status: 'unknown',
      evidence: [`${app.name} runs on Fir, and its telemetry drains were not read (kit:verify --team/--all leaves them out of its request budget)`],
      fix: `heroku telemetry -a ${app.name}, or kit:verify in the repository`,
    }
  }

  if (loggers.length === 0 && userDrains.length === 0 && telemetryLogs.length === 0 && spaceLogs.length === 0) {
    const declared =
      stageEvidence.desired.drains.length > 0 ||
      (stageEvidence.desired.telemetry ?? []).some(want => want.signals.includes('logs')) ||
      declaresAddon(evidence, name, 'logging')
    const fix = declared
      ? bootstrapFix(evidence)
      : fir
        ? `declare an exporter with the logs signal under stages.${name}.telemetry in heroku-kit.yml, then ${bootstrapFix(evidence)}`
        : addonFix(evidence, name, 'logging')
    return {
      status: 'fail',
      evidence: [
        fir
          ? `${app.name} (Fir) has no telemetry drain carrying logs and no logging add-on: its logs are sent nowhere they are kept`
          : `${app.name} has no log drain and no logging add-on: its logs are kept only as the last 1500 ` + `lines`,
        ...orphans.map(d => `drain ${drainHost(d.url)} belongs to a removed add-on`),
      ],
      fix,
    }
  }

  const warnings = [
    ...orphans.map(d => `drain ${drainHost(d.url)} belongs to an add-on that no longer exists`),
    ...missingDrains.map(url => `drain ${drainHost(url)} is declared in heroku-kit.yml but not on ${app.name}`),
    ...missingTelemetry.map(want => `telemetry drain ${drainHost(want.endpoint)} (logs) is declared in heroku-kit.yml but not on ${app.name}`),
  ]
  if (warnings.length > 0) {
    return {
      status: 'warn',
      evidence: [...warnings, ...lines],
      fix:
        missingDrains.length > 0 || missingTelemetry.length > 0
          ? bootstrapFix(evidence)
          : `heroku drains -a ${app.name}, then heroku drains:remove URL -a ${app.name} for the orphans`,
    }
  }

  return {status: 'pass', evidence: lines}
}

export const logsCheck: StageCheck = {
  id: 'logs',
  criterion: '10. Logs are reachable (log drain, telemetry drain on Fir, or logging add-on)',
  scope: 'stage',
  run: checkLogs,
}
