import {isNotFound} from './errors.js'
import type {HttpClient} from './http.js'

export interface TransferSchedule {
  uuid: string
  name: string
  hour: number | string
  timezone: string
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

  /** `schedule_name` is the attachment's config var (DATABASE_URL): the service deletes schedules named otherwise. */
  async createSchedule(addonId: string, schedule: {hour: number; timezone: string; scheduleName: string}): Promise<TransferSchedule> {
    const body = {hour: String(schedule.hour).padStart(2, '0'), timezone: schedule.timezone, schedule_name: schedule.scheduleName}
    return (await this.http.post<TransferSchedule>(`/client/v11/databases/${enc(addonId)}/transfer-schedules`, {service: 'data', body})).body
  }

  async deleteSchedule(addonId: string, uuid: string): Promise<void> {
    await this.http.delete(`/client/v11/databases/${enc(addonId)}/transfer-schedules/${enc(uuid)}`, {service: 'data'})
  }

  async listBackups(addonId: string): Promise<Array<Record<string, unknown>>> {
    return (await this.http.get<Array<Record<string, unknown>>>(`/client/v11/databases/${enc(addonId)}/backups`, {service: 'data'})).body ?? []
  }
}
