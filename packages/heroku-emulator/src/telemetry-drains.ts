/**
 * Telemetry drains: OpenTelemetry exporters of Fir apps and spaces. [schema] `telemetry-drain` (stability prototype):
 * `POST /telemetry-drains`, `GET /apps/{app}/telemetry-drains`, `GET /spaces/{space}/telemetry-drains`,
 * `GET|PATCH|DELETE /telemetry-drains/{id}`; body `{owner: {id, type: app|space}, signals, exporter: {type, endpoint,
 * headers}}`. [cli] `commands/telemetry/add.js` (owner by id after reading the app or space; `--transport http` →
 * `otlphttp`, `grpc` → `otlp`), `telemetry/update.js` (a PATCH may send part of `exporter`, e.g. only `endpoint`:
 * merged), `telemetry/index.js`, `telemetry/info.js`, `telemetry/remove.js` (all with `3.sdk`).
 */
import {randomUUID} from 'node:crypto'

import {appFor} from './apps.js'
import {isFirApp} from './generations.js'
import {forbidden, invalid, notFound, objectBody, type RequestContext, type Router, UUID_PATTERN} from './http.js'
import {spaceFor} from './spaces.js'
import type {EmulatorState, TelemetryDrain, TelemetrySignal} from './state.js'

const SIGNALS: readonly TelemetrySignal[] = ['traces', 'metrics', 'logs']
const EXPORTER_TYPES = ['otlphttp', 'otlp'] as const
/** [schema] `exporter_headers`: names `^[A-Za-z0-9\-_]{1,100}$`, values up to 1000 characters, at most 20. */
const HEADER_NAME = /^[A-Za-z0-9\-_]{1,100}$/

export function telemetryDrainJson(drain: TelemetryDrain): Record<string, unknown> {
  return {
    created_at: drain.createdAt,
    exporter: {endpoint: drain.exporter.endpoint, headers: {...drain.exporter.headers}, type: drain.exporter.type},
    id: drain.id,
    owner: {id: drain.ownerId, type: drain.ownerType},
    signals: [...drain.signals],
    updated_at: drain.updatedAt,
  }
}

function signalsOf(value: unknown): TelemetrySignal[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid('Signals must be a non-empty list of traces, metrics, logs.')
  for (const signal of value) if (!SIGNALS.includes(signal)) throw invalid(`Invalid signal: ${String(signal)} (use traces, metrics, logs).`)
  if (new Set(value).size !== value.length) throw invalid('Signals must not repeat.')
  return value as TelemetrySignal[]
}

/** A whole exporter (create), or the parts a PATCH sends merged onto the current one. */
function exporterOf(value: unknown, current?: TelemetryDrain['exporter']): TelemetryDrain['exporter'] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid('Missing required params: exporter.')
  const {endpoint = current?.endpoint, headers = current?.headers ?? {}, type = current?.type} = value as Record<string, unknown>
  if (typeof type !== 'string' || !(EXPORTER_TYPES as readonly string[]).includes(type)) throw invalid('Exporter type must be otlphttp or otlp.')
  if (typeof endpoint !== 'string' || endpoint === '' || endpoint.length > 1000) throw invalid('Missing required params: exporter.endpoint.')
  if (!headers || typeof headers !== 'object' || Array.isArray(headers)) throw invalid('Exporter headers must be an object.')
  const entries = Object.entries(headers)
  if (entries.length > 20) throw invalid('Exporter headers: at most 20.')
  for (const [name, text] of entries) {
    if (!HEADER_NAME.test(name) || typeof text !== 'string' || text.length > 1000) throw invalid(`Invalid exporter header: ${name}.`)
  }

  return {endpoint, headers: {...(headers as Record<string, string>)}, type: type as TelemetryDrain['exporter']['type']}
}

/** The owner of a new drain, by id as the CLI sends it. A Cedar app can't have one ([schema]: "For Fir-generation apps only"). */
function ownerOf(ctx: RequestContext, value: unknown): {id: string; type: 'app' | 'space'} {
  const {id, type} = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>
  if (typeof id !== 'string' || (type !== 'app' && type !== 'space')) throw invalid('Missing required params: owner (id and type app or space).')
  // [unverified] the owner is named by its id only ([schema] `owner.id` is a uuid; the CLI looks the id up first).
  if (!UUID_PATTERN.test(id)) throw invalid('Owner id must be a UUID.')
  if (type === 'space') return {id: spaceFor(ctx, id).id, type}
  const app = appFor({...ctx, params: {app: id}})
  // [unverified] status and wording: no source shows Heroku's answer for a Cedar app.
  if (!isFirApp(ctx.state, app)) throw invalid(`Telemetry drains are only available for Fir-generation apps; ${app.name} is a Cedar app (use log drains).`)
  return {id: app.id, type}
}

/** A drain by id: 404 when absent, 403 when its app or space is out of reach. */
function drainFor(ctx: RequestContext): TelemetryDrain {
  const drain = ctx.state.telemetryDrains.get(ctx.params.drain)
  if (!drain) throw notFound("Couldn't find that telemetry drain.")
  if (drain.ownerType === 'space') spaceFor(ctx, drain.ownerId)
  else {
    const app = ctx.state.apps.get(drain.ownerId)
    if (!app || !ctx.state.canAccessApp(ctx.user, app)) throw forbidden('You do not have access to this telemetry drain.')
  }

  return drain
}

function ownedBy(state: EmulatorState, ownerId: string): TelemetryDrain[] {
  return [...state.telemetryDrains.values()].filter(d => d.ownerId === ownerId)
}

export function registerTelemetryDrains(router: Router): void {
  router
    .post('/telemetry-drains', ctx => {
      const body = objectBody(ctx)
      const owner = ownerOf(ctx, body.owner)
      const signals = signalsOf(body.signals)
      const exporter = exporterOf(body.exporter)
      // [unverified] a second drain to the same endpoint on one owner: 422 (as log drains answer a repeated URL).
      if (ownedBy(ctx.state, owner.id).some(d => d.exporter.endpoint === exporter.endpoint)) throw invalid('Exporter endpoint has already been taken.')
      const now = ctx.state.now()
      const drain: TelemetryDrain = {createdAt: now, exporter, id: randomUUID(), ownerId: owner.id, ownerType: owner.type, signals, updatedAt: now}
      ctx.state.telemetryDrains.set(drain.id, drain)
      return {body: telemetryDrainJson(drain), status: 201}
    })
    .get('/apps/:app/telemetry-drains', ctx => {
      const app = appFor(ctx)
      return {list: {fields: ['id'], items: ownedBy(ctx.state, app.id).map(d => telemetryDrainJson(d))}}
    })
    .get('/spaces/:space/telemetry-drains', ctx => {
      const space = spaceFor(ctx, ctx.params.space)
      return {list: {fields: ['id'], items: ownedBy(ctx.state, space.id).map(d => telemetryDrainJson(d))}}
    })
    .get('/telemetry-drains/:drain', ctx => ({body: telemetryDrainJson(drainFor(ctx))}))
    .patch('/telemetry-drains/:drain', ctx => {
      const drain = drainFor(ctx)
      const body = objectBody(ctx)
      const signals = body.signals === undefined ? drain.signals : signalsOf(body.signals)
      const exporter = body.exporter === undefined ? drain.exporter : exporterOf(body.exporter, drain.exporter)
      if (JSON.stringify({exporter, signals}) !== JSON.stringify({exporter: drain.exporter, signals: drain.signals})) {
        Object.assign(drain, {exporter, signals, updatedAt: ctx.state.now()})
      }

      return {body: telemetryDrainJson(drain)}
    })
    .delete('/telemetry-drains/:drain', ctx => {
      const drain = drainFor(ctx)
      ctx.state.telemetryDrains.delete(drain.id)
      return {body: telemetryDrainJson(drain)}
    })
}
