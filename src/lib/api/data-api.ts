import {isNotFound} from './errors.js'
import type {HttpClient} from './http.js'

export interface TransferSchedule {
  uuid: string
  name: string
  hour: number | string
  timezone: string
}

/** A Data API transfer: a backup is one `from_type: 'pg_dump'` → `to_type: 'gof3r'`. */
export interface Transfer {
  uuid?: string
  num?: number | string
  from_type?: string
  to_type?: string
  from_name?: string | null
  created_at?: string
  finished_at?: string | null
  succeeded?: boolean
  canceled_at?: string | null
  processed_bytes?: number | null
  schedule?: {uuid?: string} | null
  [key: string]: unknown
}

const enc = encodeURIComponent

/** Heroku Data API (api.data.heroku.com): Postgres backup schedules and backups, keyed by the add-on id. */
export class DataApi {
  constructor(readonly http: HttpClient) {}

  /** The database's info; undefined while it is not provisioned (the Data API answers 404). */
  async findDatabase(addonId: string): Promise<Record<string, unknown> | undefined> {
    try {
      return (await this.http.get<Record<string, unknown>>(`/client/v11/databases/${enc(addonId)}`, {service: 'data'})).body
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }

  async listSchedules(addonId: string): Promise<TransferSchedule[]> {
    return (await this.http.get<TransferSchedule[]>(`/client/v11/databases/${enc(addonId)}/transfer-schedules`, {service: 'data'})).body ?? []
  }

  /**
   * Creates the schedule named `scheduleName`, or changes it when one by that name exists: the Data API keeps one
   * schedule per `schedule_name`, which is what `heroku pg:backups:schedule` relies on (it only ever POSTs, and is
   * re-run to change the hour; node_modules/heroku/dist/commands/pg/backups/schedule.js). So a change is this one
   * request, never a delete and a create: production is never without a schedule. `schedule_name` is the
   * attachment's config var (DATABASE_URL), as the CLI names it.
   */
  async putSchedule(addonId: string, schedule: {hour: number; timezone: string; scheduleName: string}): Promise<TransferSchedule> {
    const body = {hour: String(schedule.hour).padStart(2, '0'), timezone: schedule.timezone, schedule_name: schedule.scheduleName}
    return (await this.http.post<TransferSchedule>(`/client/v11/databases/${enc(addonId)}/transfer-schedules`, {service: 'data', body})).body
  }

  /**
   * The app's transfers (backups, restores, copies), as `heroku pg:backups` reads them
   * (node_modules/heroku/dist/commands/pg/backups/index.js). There is no GET …/databases/{id}/backups.
   */
  async listTransfers(app: string): Promise<Transfer[]> {
    return (await this.http.get<Transfer[]>(`/client/v11/apps/${enc(app)}/transfers`, {service: 'data'})).body ?? []
  }
}
