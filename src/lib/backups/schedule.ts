/**
 * kit:backups' own parts: the `--at` / `--timezone` flags checked like heroku-kit.yml's `backups:` (on the hour,
 * an IANA time zone), and the latest backups as a person reads them. Scheduling itself is bootstrap's
 * `planBackups` step and `schedule-backups` operation (list first; one POST creates or changes the schedule).
 */
import type {Transfer} from '../api/data-api.js'
import {KitError} from '../errors.js'
import {timezoneProblem} from '../manifest/pipeline-file/index.js'

export interface BackupTime {
  hour: number
  timezone: string
}

/**
 * `--at` as `HH:00`, `H:00`, `HH` or `H`, optionally followed by a time zone (`02:00 Europe/Berlin`, as in
 * `heroku pg:backups:schedule --at`), and `--timezone`. Returns what they set; throws KitError before any request.
 */
export function parseBackupFlags(at: string | undefined, timezone: string | undefined): Partial<BackupTime> {
  const result: Partial<BackupTime> = {}
  let zone = timezone
  if (at !== undefined) {
    const match = /^(\d{1,2})(?::(\d{2}))?(?:\s+(\S+))?$/.exec(at.trim())
    if (!match || Number(match[1]) > 23 || (match[2] !== undefined && Number(match[2]) > 59)) {
      throw new KitError(`--at ${JSON.stringify(at)} is not a time of day: write HH:00 with HH from 00 to 23, e.g. --at 02:00.`, {
        code: 'invalid_backup_time',
        suggestion: 'Nothing was sent.',
      })
    }

    const hour = Number(match[1])
    if (match[2] !== undefined && match[2] !== '00') {
      throw new KitError(`--at ${at} is not on the hour: Heroku runs scheduled backups on the hour only, so write --at ${String(hour).padStart(2, '0')}:00.`, {
        code: 'invalid_backup_time',
        suggestion: 'Nothing was sent.',
      })
    }

    if (match[3] !== undefined) {
      if (timezone !== undefined && timezone !== match[3]) {
        throw new KitError(`--at names the time zone ${match[3]} and --timezone names ${timezone}; give it once.`, {
          code: 'invalid_backup_time',
          suggestion: 'Nothing was sent.',
        })
      }

      zone = match[3]
    }

    result.hour = hour
  }

  if (zone !== undefined) {
    const problem = timezoneProblem(zone)
    if (problem) throw new KitError(`Time zone ${problem}.`, {code: 'invalid_timezone', suggestion: 'Nothing was sent.'})
    result.timezone = zone
  }

  return result
}

export function formatTime(time: BackupTime): string {
  return `${String(time.hour).padStart(2, '0')}:00 ${time.timezone}`
}

export interface BackupInfo {
  /** b001, b002… as the Heroku CLI names them (a… for scheduled ones) */
  name: string
  /** the attachment backed up (DATABASE) */
  database: string | null
  createdAt: string | null
  status: 'succeeded' | 'failed' | 'running'
  bytes: number | null
  scheduled: boolean
}

/**
 * The newest `count` backups among the app's transfers (GET /client/v11/apps/{app}/transfers), newest first.
 * A backup is a transfer from `pg_dump` to `gof3r`, as `heroku pg:backups` tells them from restores and copies
 * (node_modules/heroku/dist/commands/pg/backups/index.js).
 */
export function latestBackups(transfers: Transfer[], count = 5): BackupInfo[] {
  return transfers
    .filter(t => t.from_type === 'pg_dump' && t.to_type === 'gof3r')
    .map(t => {
      const num = typeof t.num === 'number' ? t.num : Number(t.num)
      const finished = Boolean(t.finished_at)
      return {
        name: `${t.schedule ? 'a' : 'b'}${String(Number.isFinite(num) ? num : 0).padStart(3, '0')}`,
        database: typeof t.from_name === 'string' ? t.from_name : null,
        createdAt: typeof t.created_at === 'string' ? t.created_at : null,
        status: !finished ? ('running' as const) : t.succeeded ? ('succeeded' as const) : ('failed' as const),
        bytes: typeof t.processed_bytes === 'number' ? t.processed_bytes : null,
        scheduled: Boolean(t.schedule),
        num: Number.isFinite(num) ? num : 0,
      }
    })
    .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || b.num - a.num)
    .slice(0, count)
    .map(({num: _num, ...info}) => info)
}

function size(bytes: number | null): string {
  if (bytes === null) return ''
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** How long ago: "40 min ago", "5 h ago", "3 days ago"; undefined without a valid time. */
export function age(createdAt: string | null, now: number): string | undefined {
  const time = createdAt ? Date.parse(createdAt) : Number.NaN
  if (!Number.isFinite(time)) return undefined
  const minutes = Math.max(0, Math.round((now - time) / 60_000))
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.round(minutes / 60)
  if (hours < 48) return `${hours} h ago`
  return `${Math.round(hours / 24)} days ago`
}

export function renderBackups(backups: BackupInfo[], now: number): string[] {
  if (backups.length === 0) return ['  (no backups yet)']
  return backups.map(b =>
    `  ${b.name}  ${b.createdAt ?? '?'}${age(b.createdAt, now) ? ` (${age(b.createdAt, now)})` : ''}  ${b.status.padEnd(9)}  ${size(b.bytes)}`.trimEnd(),
  )
}

/** One line on the newest backup: its name, status and age. */
export function describeLatest(backup: BackupInfo | undefined, now: number): string {
  if (!backup) return 'no backup yet'
  const when = age(backup.createdAt, now)
  return `latest backup ${backup.name}${backup.database ? ` of ${backup.database}` : ''}: ${backup.status}${when ? `, ${when}` : ''}${backup.createdAt ? ` (${backup.createdAt})` : ''}`
}

/** The Data API's info rows name Continuous Protection "On" for plans that have it (all but essential). */
export function continuousProtection(info: Record<string, unknown> | undefined): boolean {
  const rows = Array.isArray(info?.info) ? (info.info as Array<{name?: string; values?: unknown[]}>) : []
  const row = rows.find(r => r.name === 'Continuous Protection')
  return String(row?.values?.[0] ?? '').toLowerCase() === 'on'
}
