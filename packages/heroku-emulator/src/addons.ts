/** Add-on services and plans, add-ons, attachments and the two resolve actions. */
import {appFor, visibleApps} from './apps.js'
import {findPlan, findService, planJson, planRef, SERVICES, serviceJson, stableId} from './catalog.js'
import {identity, invalid, notFound, objectBody, requireString, type RequestContext, type Router} from './http.js'
import type {Addon, App, Attachment, EmulatorState} from './state.js'

const ADDON_RANGES = ['id', 'name']

function headerList(ctx: RequestContext, name: string): string[] {
  return (ctx.headers[name] ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean)
}

function appRef(app: App | undefined, id: string): {id: string; name: string | null} {
  return {id, name: app?.name ?? null}
}

/**
 * The add-on representation; `Accept-Expansion: plan` / `addon_service` expand those to full objects. `billed_price`
 * is the plan's price unless the add-on keeps an older one (`billedCents`: a grandfathered price, as `heroku addons`
 * shows it, src/lib/addons/util.ts `grandfatheredPrice`).
 */
export function addonJson(state: EmulatorState, addon: Addon, expansions: string[] = [], sdk = false): Record<string, unknown> {
  const found = findPlan(`${addon.service}:${addon.plan}`)!
  const app = state.apps.get(addon.appId)
  const names = [...state.attachments.values()].filter(a => a.addonId === addon.id && a.appId === addon.appId).flatMap(a => state.attachmentConfigVars(a))
  return {
    actions: [],
    addon_service: expansions.includes('addon_service')
      ? serviceJson(found.service)
      : {id: stableId(`service:${found.service.name}`), name: found.service.name},
    app: appRef(app, addon.appId),
    billed_price: {cents: addon.billedCents ?? found.plan.cents, contract: found.plan.contract ?? false, unit: 'month'},
    billing_entity: {id: addon.appId, name: app?.name ?? null, type: 'app'},
    config_vars: names,
    created_at: addon.createdAt,
    id: addon.id,
    name: addon.name,
    plan: expansions.includes('plan') ? planJson(found.service, found.plan, sdk) : planRef(found.service, found.plan),
    provider_id: addon.providerId,
    provision_message: null,
    state: addon.state,
    updated_at: addon.updatedAt,
    web_url: `https://addons-sso.heroku.com/apps/${addon.appId}/addons/${addon.id}`,
  }
}

/**
 * The attachment representation. `addon.plan` and `config_vars` are only included when asked for with
 * `Accept-Inclusion: addon:plan,config_vars` (as the Heroku CLI does); a client that relies on them
 * without asking gets nothing, which is the stricter reading.
 */
export function attachmentJson(state: EmulatorState, attachment: Attachment, inclusions: string[] = []): Record<string, unknown> {
  const addon = state.addons.get(attachment.addonId)
  const app = state.apps.get(attachment.appId)
  const addonApp = addon ? state.apps.get(addon.appId) : undefined
  const addonRef: Record<string, unknown> = {app: appRef(addonApp, addon?.appId ?? ''), id: attachment.addonId, name: addon?.name ?? null}
  if (addon && inclusions.includes('addon:plan')) {
    const found = findPlan(`${addon.service}:${addon.plan}`)!
    addonRef.plan = planRef(found.service, found.plan)
  }

  const body: Record<string, unknown> = {
    addon: addonRef,
    app: appRef(app, attachment.appId),
    created_at: attachment.createdAt,
    id: attachment.id,
    log_input_url: null,
    name: attachment.name,
    namespace: attachment.namespace,
    updated_at: attachment.updatedAt,
    web_url: `https://addons-sso.heroku.com/apps/${attachment.appId}/addons/${attachment.addonId}`,
  }
  if (inclusions.includes('config_vars')) body.config_vars = state.attachmentConfigVars(attachment)
  return body
}

function addonFor(ctx: RequestContext, app?: App): Addon {
  const addon = ctx.state.findAddon(ctx.params.addon, app)
  if (!addon) throw notFound("Couldn't find that add on.")
  const owner = ctx.state.apps.get(addon.appId)
  if (owner && !ctx.state.canAccessApp(ctx.user, owner)) throw notFound("Couldn't find that add on.")
  return addon
}

function planIdentity(value: unknown): string {
  const plan = identity(value)
  if (!plan) throw invalid('Missing required params: plan.')
  return plan
}

function resolvePlan(value: unknown): ReturnType<typeof findPlan> & object {
  const wanted = planIdentity(value)
  const found = findPlan(wanted)
  if (!found) throw invalid(`Couldn't find either the add-on service or the add-on plan of "${wanted}".`)
  return found
}

function servicePlans(ctx: RequestContext) {
  const service = findService(ctx.params.service)
  if (!service) throw notFound("Couldn't find that add-on service.")
  return service
}

export function registerAddons(router: Router): void {
  router
    .get('/addon-services', () => ({list: {fields: ['id', 'name'], items: SERVICES.map(s => serviceJson(s))}}))
    .get('/addon-services/:service', ctx => ({body: serviceJson(servicePlans(ctx))}))
    .get('/addon-services/:service/plans', ctx => {
      const service = servicePlans(ctx)
      return {list: {fields: ['id', 'name'], items: service.plans.map(p => planJson(service, p, ctx.variant === 'sdk'))}}
    })
    .get('/addon-services/:service/plans/:plan', ctx => {
      const service = servicePlans(ctx)
      const found = findPlan(ctx.params.plan.includes(':') ? ctx.params.plan : `${service.name}:${ctx.params.plan}`)
      if (!found || found.service !== service) throw notFound("Couldn't find that plan.")
      return {body: planJson(found.service, found.plan, ctx.variant === 'sdk')}
    })
    .get('/plans/:plan', ctx => {
      // A plan is named `service:plan` or by id; a bare service name is not a plan.
      const found = findService(ctx.params.plan) ? undefined : findPlan(ctx.params.plan)
      if (!found) throw notFound("Couldn't find that plan.")
      return {body: planJson(found.service, found.plan, ctx.variant === 'sdk')}
    })
    .post('/apps/:app/addons', ctx => {
      const app = appFor(ctx)
      const body = objectBody(ctx)
      const {plan, service} = resolvePlan(body.plan)
      const attachment = body.attachment as {name?: unknown} | undefined
      const attachmentName =
        attachment && typeof attachment === 'object' && attachment.name !== undefined && attachment.name !== null ? String(attachment.name) : undefined
      const name = body.name === undefined || body.name === null ? undefined : String(body.name)
      const config = body.config && typeof body.config === 'object' && !Array.isArray(body.config) ? (body.config as Record<string, unknown>) : {}
      // Every POST creates a new add-on: there is no idempotency on this endpoint.
      const addon = ctx.state.provisionAddon(app, {attachmentName, config, name, plan: plan.name, service}, ctx.user)
      // [unverified] async provisioning answers 202 Accepted (sync 201); a client that insists on 201 breaks.
      return {body: addonJson(ctx.state, addon, headerList(ctx, 'accept-expansion')), status: addon.state === 'provisioning' ? 202 : 201}
    })
    .get('/apps/:app/addons', ctx => {
      const app = appFor(ctx)
      const attachedIds = new Set(ctx.state.appAttachments(app).map(a => a.addonId))
      const addons = [...ctx.state.addons.values()].filter(a => a.appId === app.id || attachedIds.has(a.id))
      for (const addon of addons) ctx.state.pollAddon(addon)
      return {list: {fields: ADDON_RANGES, items: addons.map(a => addonJson(ctx.state, a, headerList(ctx, 'accept-expansion'), ctx.variant === 'sdk'))}}
    })
    .get('/addons', ctx => {
      const appIds = new Set(visibleApps(ctx.state, ctx.user).map(a => a.id))
      const addons = [...ctx.state.addons.values()].filter(a => appIds.has(a.appId))
      for (const addon of addons) ctx.state.pollAddon(addon)
      return {list: {fields: ADDON_RANGES, items: addons.map(a => addonJson(ctx.state, a, headerList(ctx, 'accept-expansion'), ctx.variant === 'sdk'))}}
    })
    .get('/addons/:addon', ctx => {
      const addon = addonFor(ctx)
      ctx.state.pollAddon(addon)
      return {body: addonJson(ctx.state, addon, headerList(ctx, 'accept-expansion'))}
    })
    .get('/apps/:app/addons/:addon', ctx => {
      const addon = addonFor(ctx, appFor(ctx))
      ctx.state.pollAddon(addon)
      return {body: addonJson(ctx.state, addon, headerList(ctx, 'accept-expansion'))}
    })
    .patch('/apps/:app/addons/:addon', ctx => {
      const addon = addonFor(ctx, appFor(ctx))
      const body = objectBody(ctx)
      const {plan, service} = resolvePlan(body.plan)
      if (service.name !== addon.service) throw invalid(`Cannot change ${addon.name} to a plan of another add-on service (${service.name}).`)
      if (plan.name !== addon.plan) {
        addon.plan = plan.name
        // a new plan is billed at its list price: a grandfathered price ends with the plan change
        delete addon.billedCents
        addon.updatedAt = ctx.state.now()
      }

      return {body: addonJson(ctx.state, addon, headerList(ctx, 'accept-expansion'))}
    })
    .delete('/apps/:app/addons/:addon', ctx => {
      const app = appFor(ctx)
      const addon = addonFor(ctx, app)
      if (addon.appId !== app.id) throw invalid(`${addon.name} is owned by another app; detach it instead.`)
      const body = {...addonJson(ctx.state, addon), config_vars: [], state: 'deprovisioned'}
      ctx.state.destroyAddon(addon, {user: ctx.user})
      return {body}
    })
    .get('/apps/:app/addon-attachments', ctx => {
      const app = appFor(ctx)
      return {list: {fields: ['id', 'name'], items: ctx.state.appAttachments(app).map(a => attachmentJson(ctx.state, a, headerList(ctx, 'accept-inclusion')))}}
    })
    .get('/apps/:app/addon-attachments/:attachment', ctx => {
      const app = appFor(ctx)
      const attachment = ctx.state.appAttachments(app).find(a => a.id === ctx.params.attachment || a.name === ctx.params.attachment)
      if (!attachment) throw notFound("Couldn't find that add on attachment.")
      return {body: attachmentJson(ctx.state, attachment, headerList(ctx, 'accept-inclusion'))}
    })
    .get('/addon-attachments', ctx => {
      const appIds = new Set(visibleApps(ctx.state, ctx.user).map(a => a.id))
      const items = [...ctx.state.attachments.values()].filter(a => appIds.has(a.appId))
      return {list: {fields: ['id', 'name'], items: items.map(a => attachmentJson(ctx.state, a, headerList(ctx, 'accept-inclusion')))}}
    })
    .get('/addon-attachments/:attachment', ctx => {
      const attachment = ctx.state.attachments.get(ctx.params.attachment)
      const app = attachment && ctx.state.apps.get(attachment.appId)
      if (!attachment || !app || !ctx.state.canAccessApp(ctx.user, app)) throw notFound("Couldn't find that add on attachment.")
      return {body: attachmentJson(ctx.state, attachment, headerList(ctx, 'accept-inclusion'))}
    })
    .get('/addons/:addon/addon-attachments', ctx => {
      const addon = addonFor(ctx)
      const items = [...ctx.state.attachments.values()].filter(a => a.addonId === addon.id)
      return {list: {fields: ['id', 'name'], items: items.map(a => attachmentJson(ctx.state, a, headerList(ctx, 'accept-inclusion')))}}
    })
    .post('/actions/addon-attachments/resolve', ctx => {
      const body = objectBody(ctx)
      const wanted = requireString(body, 'addon_attachment')
      const candidates = resolveScope(ctx, body.app)
      const service = typeof body.addon_service === 'string' ? body.addon_service : undefined
      const matches = candidates.filter(attachment => {
        const addon = ctx.state.addons.get(attachment.addonId)
        if (!addon || (service && addon.service !== service)) return false
        return (
          attachment.id === wanted ||
          attachment.name === wanted ||
          addon.name === wanted ||
          addon.id === wanted ||
          ctx.state.attachmentConfigVars(attachment).includes(wanted)
        )
      })
      if (matches.length === 0) throw notFound("Couldn't find that add on attachment.")
      return {body: matches.map(a => attachmentJson(ctx.state, a, headerList(ctx, 'accept-inclusion')))}
    })
    .post('/actions/addons/resolve', ctx => {
      const body = objectBody(ctx)
      const wanted = requireString(body, 'addon')
      const service = typeof body.addon_service === 'string' ? body.addon_service : undefined
      const attachments = resolveScope(ctx, body.app)
      const byAttachment = attachments.filter(a => a.name === wanted || a.id === wanted).map(a => a.addonId)
      const appIds = new Set(attachments.map(a => a.appId))
      const addons = [...ctx.state.addons.values()].filter(
        addon =>
          (byAttachment.includes(addon.id) ||
            ((addon.id === wanted || addon.name === wanted) && (appIds.has(addon.appId) || attachments.some(a => a.addonId === addon.id)))) &&
          (!service || addon.service === service),
      )
      if (addons.length === 0) throw notFound("Couldn't find that add on.")
      return {body: addons.map(a => addonJson(ctx.state, a, headerList(ctx, 'accept-expansion'), ctx.variant === 'sdk'))}
    })
}

/** Attachments a resolve may look at: those of the named app, or of every app the user can see. */
function resolveScope(ctx: RequestContext, appIdentity: unknown): Attachment[] {
  if (typeof appIdentity === 'string' && appIdentity !== '') {
    const app = ctx.state.findApp(appIdentity)
    if (!app || !ctx.state.canAccessApp(ctx.user, app)) throw ctx.state.noSuchApp()
    return ctx.state.appAttachments(app)
  }

  const appIds = new Set(visibleApps(ctx.state, ctx.user).map(a => a.id))
  return [...ctx.state.attachments.values()].filter(a => appIds.has(a.appId))
}
