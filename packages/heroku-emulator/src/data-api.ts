/**
 * Heroku Data API (api.data.heroku.com) under /client/v11: database info, backup schedules
 * (transfer-schedules) and backups (transfers). Only provisioned heroku-postgresql add-ons exist here.
 * The Data API has no published schema: every route names (`cli:`) the file of the real Heroku CLI, under
 * node_modules/heroku/dist, that makes the same call; test/contract/emulator-routes.test.ts checks that it does.
 * Backups are listed per app (`GET /client/v11/apps/{app}/transfers`, as `heroku pg:backups` does); there is no
 * `GET /client/v11/databases/{id}/backups` (only POST, to capture), so that GET answers 404 like any unknown path.
 */
import {randomUUID} from 'node:crypto'

import {invalid, notFound, objectBody, requireString, type RequestContext, type Router} from './http.js'
import {findPlan} from './catalog.js'
import type {Addon, EmulatorState, Transfer, TransferSchedule} from './state.js'

const ALL_DAYS = ['Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays']
const TIMEZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC'])

const noDatabase = (): Error => notFound("Couldn't find that database.")

/**
 * The database of a path: a heroku-postgresql add-on the user can reach. While it is still provisioning the
 * Data API answers 404 (the CLI says "not yet provisioned"). `poll`: this GET also counts as a poll of the add-on.
 */
function databaseFor(ctx: RequestContext, poll = false): Addon {
  const addon = ctx.state.addons.get(ctx.params.database) ?? ctx.state.findAddon(ctx.params.database)
  const app = addon && ctx.state.apps.get(addon.appId)
  if (!addon || !app || addon.service !== 'heroku-postgresql' || !ctx.state.canAccessApp(ctx.user, app)) throw noDatabase()
  if (poll) ctx.state.pollAddon(addon)
  if (addon.state !== 'provisioned') throw noDatabase()
  return addon
}

function infoJson(state: EmulatorState, addon: Addon): Record<string, unknown> {
  const plan = findPlan(`${addon.service}:${addon.plan}`)!.plan
  const protectedPlan = !addon.plan.startsWith('essential')
  return {
    addon_id: addon.id,
    created_at: addon.createdAt,
    database_name: `d${addon.id.replaceAll('-', '').slice(0, 13)}`,
    database_user: `u${addon.id.replaceAll('-', '').slice(13, 26)}`,
    following: null,
    info: [
      {name: 'Plan', values: [plan.humanName]},
      {name: 'Status', values: ['Available']},
      {name: 'Connections', values: ['0/20']},
      {name: 'PG Version', values: ['16.4']},
      {name: 'Created', values: [addon.createdAt]},
      {name: 'Data Size', values: ['8.5 MB']},
      {name: 'Tables', values: [0]},
      {name: 'Continuous Protection', values: [protectedPlan ? 'On' : 'Off']},
      {name: 'Rollback', values: [protectedPlan ? 'earliest from 2012-01-01 12:00 UTC' : 'Unsupported']},
    ],
    leader: null,
    name: addon.name,
    num_bytes: 8_912_896,
    num_tables: 0,
    plan: plan.name,
    resource_url: `postgres://${state.baseUrl.replace(/^https?:\/\//, '')}/${addon.id}`,
    waiting: false,
  }
}

function scheduleJson(schedule: TransferSchedule): Record<string, unknown> {
  return {
    created_at: schedule.createdAt,
    days: schedule.days,
    hour: schedule.hour,
    name: schedule.name,
    retain_months: schedule.retainMonths,
    retain_weeks: schedule.retainWeeks,
    timezone: schedule.timezone,
    updated_at: schedule.updatedAt,
    uuid: schedule.uuid,
  }
}

function transferJson(state: EmulatorState, transfer: Transfer): Record<string, unknown> {
  return {
    canceled_at: null,
    created_at: transfer.createdAt,
    deleted_at: null,
    finished_at: transfer.finishedAt,
    from_name: transfer.fromName,
    from_type: 'pg_dump',
    logs: [],
    num: transfer.num,
    num_keep: 25,
    options: {},
    processed_bytes: transfer.succeeded ? 2_048_576 : 0,
    purged_at: null,
    schedule: transfer.scheduleUuid ? {uuid: transfer.scheduleUuid} : null,
    source_bytes: 8_912_896,
    started_at: transfer.createdAt,
    succeeded: transfer.succeeded,
    to_name: transfer.toName,
    to_type: 'gof3r',
    updated_at: transfer.updatedAt,
    uuid: transfer.uuid,
    warnings: 0,
    ...(transfer.succeeded ? {to_url: `${state.baseUrl}/__backups/${transfer.uuid}.dump`} : {}),
  }
}

function pollTransfer(state: EmulatorState, transfer: Transfer): void {
  if (transfer.finishedAt) return
  if (transfer.pendingPolls > 0) {
    transfer.pendingPolls -= 1
    return
  }

  const now = state.now()
  Object.assign(transfer, {finishedAt: now, succeeded: true, updatedAt: now})
}

/** hour: 0–23, as "06", "6" or 6. */
function parseHour(value: unknown): number {
  const text = typeof value === 'number' ? String(value) : value
  if (typeof text !== 'string' || !/^\d{1,2}$/.test(text.trim()) || Number(text) > 23) {
    throw invalid(`Invalid hour ${JSON.stringify(value)}: expected 0 to 23.`)
  }

  return Number(text)
}

function attachmentName(state: EmulatorState, addon: Addon): string {
  return [...state.attachments.values()].find(a => a.addonId === addon.id && a.appId === addon.appId)?.name ?? addon.name
}

export function registerDataApi(router: Router): void {
  const data = (cli: string) => ({host: 'data' as const, cli})
  router
    .get('/client/v11/databases/:database', ctx => ({body: infoJson(ctx.state, databaseFor(ctx, true))}), data('commands/pg/backups/schedule.js'))
    .get(
      '/client/v11/databases/:database/transfer-schedules',
      ctx => {
        const addon = databaseFor(ctx)
        return {body: [...ctx.state.schedules.values()].filter(s => s.addonId === addon.id).map(s => scheduleJson(s))}
      },
      data('commands/pg/backups/schedules.js'),
    )
    .post(
      '/client/v11/databases/:database/transfer-schedules',
      ctx => {
        const addon = databaseFor(ctx)
        const body = objectBody(ctx)
        const hour = parseHour(body.hour)
        const timezone = requireString(body, 'timezone')
        // Only IANA zone names: the CLI maps abbreviations like PDT itself.
        if (!TIMEZONES.has(timezone)) throw invalid(`Invalid timezone ${timezone}: use an IANA time zone name such as America/New_York or UTC.`)
        const name = requireString(body, 'schedule_name')
        const now = ctx.state.now()
        const fields = {
          days: Array.isArray(body.days) ? body.days.map(String) : [...ALL_DAYS],
          hour,
          retainMonths: typeof body.retain_months === 'number' ? body.retain_months : 12,
          retainWeeks: typeof body.retain_weeks === 'number' ? body.retain_weeks : 5,
          timezone,
          updatedAt: now,
        }
        // One schedule per schedule_name: a second POST with the same name changes that schedule. This is what
        // `heroku pg:backups:schedule` relies on (it only ever POSTs, and users re-run it to change the hour);
        // [unverified] beyond that usage: whether the uuid is kept and the status code of the update.
        const existing = [...ctx.state.schedules.values()].find(s => s.addonId === addon.id && s.name === name)
        if (existing) {
          Object.assign(existing, fields)
          return {body: scheduleJson(existing), status: 201}
        }

        const schedule: TransferSchedule = {addonId: addon.id, createdAt: now, name, uuid: randomUUID(), ...fields}
        ctx.state.schedules.set(schedule.uuid, schedule)
        return {body: scheduleJson(schedule), status: 201}
      },
      data('commands/pg/backups/schedule.js'),
    )
    .delete(
      '/client/v11/databases/:database/transfer-schedules/:schedule',
      ctx => {
        const addon = databaseFor(ctx)
        const schedule = ctx.state.schedules.get(ctx.params.schedule)
        if (!schedule || schedule.addonId !== addon.id) throw notFound("Couldn't find that schedule.")
        ctx.state.schedules.delete(schedule.uuid)
        return {body: scheduleJson(schedule)}
      },
      data('commands/pg/backups/unschedule.js'),
    )
    .post(
      '/client/v11/databases/:database/backups',
      ctx => {
        const addon = databaseFor(ctx)
        const now = ctx.state.now()
        const num = Math.max(0, ...[...ctx.state.transfers.values()].filter(t => t.appId === addon.appId).map(t => t.num)) + 1
        const transfer: Transfer = {
          addonId: addon.id,
          appId: addon.appId,
          createdAt: now,
          finishedAt: null,
          fromName: attachmentName(ctx.state, addon),
          num,
          pendingPolls: 1,
          scheduleUuid: null,
          succeeded: false,
          toName: 'BACKUP',
          updatedAt: now,
          uuid: randomUUID(),
        }
        ctx.state.transfers.set(transfer.uuid, transfer)
        return {body: transferJson(ctx.state, transfer), status: 201}
      },
      data('commands/pg/backups/capture.js'),
    )
    .get(
      '/client/v11/apps/:app/transfers',
      ctx => {
        const app = ctx.state.findApp(ctx.params.app)
        if (!app || !ctx.state.canAccessApp(ctx.user, app)) throw ctx.state.noSuchApp()
        const transfers = [...ctx.state.transfers.values()].filter(t => t.appId === app.id)
        for (const transfer of transfers) pollTransfer(ctx.state, transfer)
        return {body: transfers.map(t => transferJson(ctx.state, t))}
      },
      data('commands/pg/backups/index.js'),
    )
    .get(
      '/client/v11/apps/:app/transfers/:transfer',
      ctx => {
        const app = ctx.state.findApp(ctx.params.app)
        if (!app || !ctx.state.canAccessApp(ctx.user, app)) throw ctx.state.noSuchApp()
        const wanted = ctx.params.transfer.replace(/^[a-z]/i, '')
        const transfer = [...ctx.state.transfers.values()].find(t => t.appId === app.id && (t.uuid === ctx.params.transfer || String(t.num) === wanted))
        if (!transfer) throw notFound("Couldn't find that backup.")
        pollTransfer(ctx.state, transfer)
        return {body: transferJson(ctx.state, transfer)}
      },
      data('commands/pg/backups/info.js'),
    )
}
