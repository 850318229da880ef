/** Log drains: user drains on apps and the drains add-ons (papertrail, newrelic) own. */
import {randomUUID} from 'node:crypto'

import {appFor} from './apps.js'
import {isFirApp} from './generations.js'
import {invalid, notFound, objectBody, requireString, type RequestContext, type Router} from './http.js'
import type {App, Drain, EmulatorState} from './state.js'

const DRAIN_URL = /^(syslog|syslog\+tls|https?):\/\/[^\s/:]+(:\d+)?(\/\S*)?$/

export function drainJson(state: EmulatorState, drain: Drain): Record<string, unknown> {
  const app = state.apps.get(drain.appId)
  const addon = drain.addonId ? state.addons.get(drain.addonId) : undefined
  const addonApp = addon ? state.apps.get(addon.appId) : undefined
  return {
    addon: addon ? {app: {id: addon.appId, name: addonApp?.name ?? null}, id: addon.id, name: addon.name} : null,
    app: {id: drain.appId, name: app?.name ?? null},
    created_at: drain.createdAt,
    id: drain.id,
    token: drain.token,
    updated_at: drain.updatedAt,
    url: drain.url,
  }
}

function appDrains(state: EmulatorState, app: App): Drain[] {
  return [...state.drains.values()].filter(d => d.appId === app.id)
}

/** By id, URL or token (the schema's query_identity). */
function drainFor(ctx: RequestContext, drains: Drain[]): Drain {
  const wanted = ctx.params.drain
  const drain = drains.find(d => d.id === wanted || d.url === wanted || d.token === wanted)
  if (!drain) throw notFound("Couldn't find that log drain.")
  return drain
}

function drainUrl(body: Record<string, unknown>): string {
  const url = requireString(body, 'url').trim()
  if (!DRAIN_URL.test(url)) throw invalid(`Url is invalid: ${url} (use syslog://, syslog+tls:// or https:// with a host).`)
  return url
}

export function registerLogDrains(router: Router): void {
  router
    .get('/apps/:app/log-drains', ctx => ({list: {fields: ['id', 'url'], items: appDrains(ctx.state, appFor(ctx)).map(d => drainJson(ctx.state, d))}}))
    .get('/apps/:app/log-drains/:drain', ctx => ({body: drainJson(ctx.state, drainFor(ctx, appDrains(ctx.state, appFor(ctx))))}))
    .post('/apps/:app/log-drains', ctx => {
      const app = appFor(ctx)
      // Fir apps send logs through telemetry drains (telemetry-drains.ts; [doc] Heroku Telemetry; terraform-provider-heroku
      // refuses heroku_drain on Fir). [unverified] Heroku's status and wording for a classic drain on a Fir app.
      if (isFirApp(ctx.state, app)) {
        throw invalid(`${app.name} is a Fir-generation app: log drains are not supported; add a telemetry drain (POST /telemetry-drains) instead.`)
      }

      const url = drainUrl(objectBody(ctx))
      // Opt-in quirk (state.logChannelDelayMs): a young app has no log channel yet; Terraform retries this for minutes.
      if (ctx.state.logChannelDelayMs > 0 && Date.now() - app.createdAtMs < ctx.state.logChannelDelayMs) {
        throw invalid("App hasn't yet been assigned a log channel. Please try again momentarily.")
      }

      // [unverified] a second drain with the same URL on the app: 422.
      if (appDrains(ctx.state, app).some(d => d.url === url)) throw invalid('Url has already been taken')
      const now = ctx.state.now()
      const drain: Drain = {addonId: null, appId: app.id, createdAt: now, id: randomUUID(), token: `d.${randomUUID()}`, updatedAt: now, url}
      ctx.state.drains.set(drain.id, drain)
      return {body: drainJson(ctx.state, drain), status: 201}
    })
    .delete('/apps/:app/log-drains/:drain', ctx => {
      const drain = drainFor(ctx, appDrains(ctx.state, appFor(ctx)))
      // [unverified] wording: add-on drains go away only with their add-on.
      if (drain.addonId) throw invalid('This log drain belongs to an add-on and is removed with it; remove the add-on instead.')
      ctx.state.drains.delete(drain.id)
      return {body: drainJson(ctx.state, drain)}
    })
    .get('/addons/:addon/log-drains', ctx => {
      const addon = ctx.state.findAddon(ctx.params.addon)
      const app = addon && ctx.state.apps.get(addon.appId)
      if (!addon || !app || !ctx.state.canAccessApp(ctx.user, app)) throw notFound("Couldn't find that add on.")
      const drains = [...ctx.state.drains.values()].filter(d => d.addonId === addon.id)
      return {list: {fields: ['id', 'url'], items: drains.map(d => drainJson(ctx.state, d))}}
    })
    .put('/addons/:addon/log-drains/:drain', ctx => {
      const addon = ctx.state.findAddon(ctx.params.addon)
      const app = addon && ctx.state.apps.get(addon.appId)
      if (!addon || !app || !ctx.state.canAccessApp(ctx.user, app)) throw notFound("Couldn't find that add on.")
      const drain = drainFor(
        ctx,
        [...ctx.state.drains.values()].filter(d => d.addonId === addon.id),
      )
      const url = drainUrl(objectBody(ctx))
      if (url !== drain.url) Object.assign(drain, {updatedAt: ctx.state.now(), url})
      return {body: drainJson(ctx.state, drain)}
    })
}
