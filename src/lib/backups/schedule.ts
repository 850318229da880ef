/**
 * kit:backups' own parts: the `--at` / `--timezone` flags checked like heroku-kit.yml's `backups:` (on the hour,
 * an IANA time zone), and the latest backups as a person reads them. Scheduling itself is bootstrap's
 * `planBackups` step and `schedule-backups` operation (list first; replace a schedule that differs).
 */
import {KitError} from '../errors.js'
import {timezoneProblem} from '../manifest/pipeline-file.js'

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
      throw new KitError(`--at ${JSON.stringify(at)} is not a time of day: write HH:00 with HH from 00 to 23, e.g. --at 02:00.`, {code: 'invalid_backup_time', suggestion: 'Nothing was sent.'})
    }

    const hour = Number(match[1])
    if (match[2] !== undefined && match[2] !== '00') {
      throw new KitError(`--at ${at} is not on the hour: Heroku runs scheduled backups on the hour only, so write --at ${String(hour).padStart(2, '0')}:00.`, {code: 'invalid_backup_time', suggestion: 'Nothing was sent.'})
    }

    if (match[3] !== undefined) {
      if (timezone !== undefined && timezone !== match[3]) {
        throw new KitError(`--at names the time zone ${match[3]} and --timezone names ${timezone}; give it once.`, {code: 'invalid_backup_time', suggestion: 'Nothing was sent.'})
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
  /** b001, b002… as the Heroku CLI names them */
  name: string
  createdAt: string | null
  status: 'succeeded' | 'failed' | 'running'
  bytes: number | null
  scheduled: boolean
}

/** The newest `count` backups (transfers to a backup) of the Data API's list, newest first. */
export function latestBackups(transfers: Array<Record<string, unknown>>, count = 5): BackupInfo[] {
  return transfers
    .filter(t => t.to_type === undefined || t.to_type === 'gof3r')
    .map(t => {
      const num = typeof t.num === 'number' ? t.num : Number(t.num)
      const finished = Boolean(t.finished_at)
      return {
        name: `${t.schedule ? 'a' : 'b'}${String(Number.isFinite(num) ? num : 0).padStart(3, '0')}`,
        createdAt: typeof t.created_at === 'string' ? t.created_at : null,
        status: !finished ? 'running' as const : t.succeeded ? 'succeeded' as const : 'failed' as const,
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

export function renderBackups(backups: BackupInfo[]): string[] {
  if (backups.length === 0) return ['  (no backups yet)']
  return backups.map(b => `  ${b.name}  ${b.createdAt ?? '?'}  ${b.status.padEnd(9)}  ${size(b.bytes)}`.trimEnd())
}

/** The Data API's info rows name Continuous Protection "On" for plans that have it (all but essential). */
export function continuousProtection(info: Record<string, unknown> | undefined): boolean {
  const rows = Array.isArray(info?.info) ? info.info as Array<{name?: string; values?: unknown[]}> : []
  const row = rows.find(r => r.name === 'Continuous Protection')
  return String(row?.values?.[0] ?? '').toLowerCase() === 'on'
}
