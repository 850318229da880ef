/** Criterion 12: the production database (and staging's when heroku-kit.yml asks) has a daily backup schedule that runs. */
import {primaryDatabase} from '../../converge/resources/addons.js'
import {describeLatest} from '../../backups/schedule.js'
import type {StageName} from '../../manifest/types.js'
import {bootstrapFix} from '../fixes.js'
import {addonLine, declaresAddon, isVerdict, liveApp} from '../live-app.js'
import type {Evidence, StageCheck, StageEvidence, Verdict} from '../types.js'

function checkBackups(evidence: Evidence, name: StageName): Verdict {
  const found = liveApp(evidence, name)
  if (isVerdict(found)) return found
  const {stage, app, evidence: stageEvidence} = found
  const database = primaryDatabase(stage.addons)
  const declared = stageEvidence.desired.backups
  const when = declared ? `${String(declared.hour).padStart(2, '0')}:00 ${declared.timezone}` : '03:00 UTC'
  if (!database) {
    if (declaresAddon(evidence, name, 'database')) {
      return {
        status: 'fail',
        evidence: [`${app.name} has no Heroku Postgres database, though it is declared`],
        fix: bootstrapFix(evidence),
      }
    }

    return {status: 'pass', evidence: [`${app.name} has no Heroku Postgres database: nothing to back up`]}
  }

  const schedules = stage.schedules
  if (!schedules) {
    return {
      status: 'warn',
      evidence: [`${addonLine(database)}: still ${database.state ?? 'provisioning'}, its backup schedule can't be read yet`],
      fix: 'run kit:verify again once the database is provisioned',
    }
  }

  const fix = declared ? bootstrapFix(evidence) : `heroku kit:backups --stage ${name} --at "${when}"`
  if (schedules.length === 0) return {status: 'fail', evidence: [`${addonLine(database)} has no backup schedule: no daily backup to restore from`], fix}
  const lines = schedules.map(s => `daily backup of ${s.name} at ${String(s.hour).padStart(2, '0')}:00 ${s.timezone} (${database.plan?.name ?? database.name})`)
  const latest = latestBackupVerdict(stageEvidence, app.name)
  if (latest.line) lines.push(latest.line)
  if (declared && !schedules.some(s => Number(s.hour) === declared.hour && s.timezone === declared.timezone)) {
    return {
      status: 'warn',
      evidence: [`heroku-kit.yml schedules backups at ${when}, Heroku has ${schedules.map(s => `${s.hour}:00 ${s.timezone}`).join(', ')}`, ...lines],
      fix: bootstrapFix(evidence),
    }
  }

  if (latest.problem) return {status: 'warn', evidence: lines, fix: latest.fix}
  return {status: 'pass', evidence: lines}
}

/** A daily schedule whose newest backup is older than this has missed at least one run. */
const STALE_BACKUP_MS = 48 * 60 * 60 * 1000

/** The newest backup as evidence: its age and status; a failed or stale one is a problem. */
function latestBackupVerdict(stage: StageEvidence, app: string): {line?: string; problem?: boolean; fix?: string} {
  const read = stage.latestBackup
  if (!read) return {}
  if (!read.ok) return {line: `the latest backup could not be read: ${read.error}`}
  const {backup, readAt} = read.value
  const line = describeLatest(backup, readAt)
  if (!backup) return {line: `${line}: the first scheduled one runs at the scheduled hour`}
  if (backup.status === 'failed') {
    return {
      line,
      problem: true,
      fix: `read why: heroku pg:backups:info ${backup.name} -a ${app}; take one now: heroku pg:backups:capture -a ${app}`,
    }
  }

  const created = backup.createdAt ? Date.parse(backup.createdAt) : Number.NaN
  if (Number.isFinite(created) && readAt - created > STALE_BACKUP_MS) {
    return {
      line: `${line}: older than two days, so daily backups are not running`,
      problem: true,
      fix: `heroku pg:backups -a ${app} shows every backup; take one now: heroku pg:backups:capture -a ${app}`,
    }
  }

  return {line}
}

/** Backups are required in production, and in staging when heroku-kit.yml schedules them there. */
export function backupStages(evidence: Evidence): StageName[] {
  return evidence.desired.stages.filter(s => s.name === 'production' || s.backups).map(s => s.name)
}

export const backupsCheck: StageCheck = {
  id: 'backups',
  criterion: '12. Database backups are scheduled',
  scope: 'stage',
  stages: backupStages,
  run: checkBackups,
}
