/** Custom domains, Automated Certificate Management (ACM) and the SNI endpoints it produces. */
import {randomUUID} from 'node:crypto'

import {appFor, appJson} from './apps.js'
import {ADJECTIVES, NOUNS, stableId} from './catalog.js'
import {invalid, notFound, objectBody, optionalBoolean, type RequestContext, type Router} from './http.js'
import {type App, type Domain, type EmulatorState} from './state.js'

const HOSTNAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/

export function domainJson(state: EmulatorState, domain: Domain): Record<string, unknown> {
  const app = state.apps.get(domain.appId)
  const sni = domain.sniEndpoint && app ? sniEndpoints(state, app).find(e => e.id === domain.sniEndpoint || e.name === domain.sniEndpoint) : undefined
  return {
    acm_status: domain.acmStatus,
    acm_status_reason: domain.acmStatusReason,
    app: {id: domain.appId, name: app?.name ?? null},
    cname: domain.cname,
    created_at: domain.createdAt,
    hostname: domain.hostname,
    id: domain.id,
    kind: domain.kind,
    sni_endpoint: sni ? {id: sni.id, name: sni.name} : null,
    status: domain.status,
    updated_at: domain.updatedAt,
  }
}

function appDomains(state: EmulatorState, app: App): Domain[] {
  return [...state.domains.values()].filter(d => d.appId === app.id)
}

/** The ACM certificate, once at least one custom domain has one. */
function sniEndpoints(state: EmulatorState, app: App): Array<Record<string, unknown> & {id: string; name: string}> {
  if (!app.acm) return []
  const issued = appDomains(state, app).filter(d => d.kind === 'custom' && d.acmStatus === 'cert issued')
  if (issued.length === 0) return []
  const id = stableId(`sni:${app.id}`)
  const now = Date.now()
  return [
    {
      app: {id: app.id, name: app.name},
      certificate_chain: '-----BEGIN CERTIFICATE-----\nMIIEmulated\n-----END CERTIFICATE-----\n',
      created_at: app.updatedAt,
      display_name: null,
      domains: issued.map(d => d.id),
      id,
      name: `acm-${app.name}`,
      ssl_cert: {
        acm: true,
        'ca_signed?': true,
        cert_domains: issued.map(d => d.hostname),
        expires_at: new Date(now + 90 * 86_400_000).toISOString(),
        id: stableId(`ssl-cert:${app.id}`),
        issuer: "/C=US/O=Let's Encrypt/CN=R11",
        'self_signed?': false,
        starts_at: new Date(now).toISOString(),
        subject: `/CN=${issued[0].hostname}`,
      },
      updated_at: app.updatedAt,
    },
  ]
}

function domainFor(ctx: RequestContext, app: App): Domain {
  const wanted = ctx.params.domain.toLowerCase()
  const domain = appDomains(ctx.state, app).find(d => d.id === ctx.params.domain || d.hostname === wanted)
  if (!domain) throw notFound("Couldn't find that domain.")
  return domain
}

function sniEndpointRef(ctx: RequestContext, app: App, value: unknown): string | null {
  if (value === null) return null
  if (typeof value !== 'string') throw invalid('sni_endpoint must be null or the id or name of an SNI endpoint.')
  const endpoint = sniEndpoints(ctx.state, app).find(e => e.id === value || e.name === value)
  if (!endpoint) throw invalid(`Couldn't find the SNI endpoint ${value} on ${app.name}.`)
  return endpoint.id
}

/**
 * ACM on eco dynos → 422. Basic dynos are paid dynos and have ACM (Dev Center, "Automated Certificate
 * Management": ACM is included for apps on paid dynos, and more recently for all applications). [unverified] whether
 * Heroku still refuses eco today, and the wording: the emulator keeps the stricter, historical answer for eco only.
 */
function checkAcmDynos(state: EmulatorState, app: App): void {
  const eco = state.appFormation(app).filter(f => f.quantity > 0 && f.size === 'eco')
  if (eco.length > 0) {
    throw invalid('Automated Certificate Management is not available for apps on Eco dynos. Upgrade to Basic or larger dynos first.')
  }
}

export function registerDomains(router: Router): void {
  router
    .get('/apps/:app/domains', ctx => {
      const domains = appDomains(ctx.state, appFor(ctx))
      for (const domain of domains) ctx.state.pollDomain(domain)
      return {list: {fields: ['id', 'hostname'], items: domains.map(d => domainJson(ctx.state, d))}}
    })
    .get('/apps/:app/domains/:domain', ctx => {
      const domain = domainFor(ctx, appFor(ctx))
      ctx.state.pollDomain(domain)
      return {body: domainJson(ctx.state, domain)}
    })
    .post('/apps/:app/domains', ctx => {
      const app = appFor(ctx)
      const body = objectBody(ctx)
      // Both keys are required by the v6 schema (sni_endpoint may be null).
      const missing = ['hostname', 'sni_endpoint'].filter(key => !(key in body))
      if (missing.length > 0) throw invalid(`Missing required params: ${missing.join(', ')}.`)
      if (typeof body.hostname !== 'string') throw invalid('Invalid hostname.')
      const hostname = body.hostname.trim().toLowerCase()
      if (!HOSTNAME.test(hostname)) throw invalid(`${body.hostname} is not a valid hostname.`)
      if (hostname === 'herokuapp.com' || hostname.endsWith('.herokuapp.com')) throw invalid(`${hostname} is a reserved Heroku hostname.`)
      const sni = sniEndpointRef(ctx, app, body.sni_endpoint)
      const existing = [...ctx.state.domains.values()].find(d => d.hostname === hostname)
      if (existing?.appId === app.id) throw invalid('Domain already added to this app.')
      if (existing) throw invalid(`${hostname} is currently in use by another app.`)
      const now = ctx.state.now()
      const r = ctx.state.prng
      const domain: Domain = {
        acmPolls: ctx.state.domainPolls,
        acmStatus: null,
        acmStatusReason: null,
        appId: app.id,
        cname: `${r.pick(ADJECTIVES)}-${r.pick(NOUNS)}-${r.alnum(12)}.herokudns.com`,
        createdAt: now,
        hostname,
        id: randomUUID(),
        kind: 'custom',
        pendingPolls: ctx.state.domainPolls,
        sniEndpoint: sni,
        status: 'pending',
        updatedAt: now,
      }
      ctx.state.domains.set(domain.id, domain)
      if (app.acm) ctx.state.startAcm(app, [domain])
      return {body: domainJson(ctx.state, domain), status: 201}
    })
    .patch('/apps/:app/domains/:domain', ctx => {
      const app = appFor(ctx)
      const domain = domainFor(ctx, app)
      const body = objectBody(ctx)
      if (!('sni_endpoint' in body)) throw invalid('Missing required params: sni_endpoint.')
      const sni = sniEndpointRef(ctx, app, body.sni_endpoint)
      if (sni !== domain.sniEndpoint) Object.assign(domain, {sniEndpoint: sni, updatedAt: ctx.state.now()})
      return {body: domainJson(ctx.state, domain)}
    })
    .delete('/apps/:app/domains/:domain', ctx => {
      const domain = domainFor(ctx, appFor(ctx))
      if (domain.kind === 'heroku') throw invalid(`${domain.hostname} is the app's default domain and cannot be removed.`)
      ctx.state.domains.delete(domain.id)
      return {body: domainJson(ctx.state, domain)}
    })
    .post('/apps/:app/acm', ctx => {
      const app = appFor(ctx)
      checkAcmDynos(ctx.state, app)
      app.acm = true
      ctx.state.startAcm(app, appDomains(ctx.state, app))
      return {body: appJson(ctx.state, app)}
    })
    .patch('/apps/:app/acm', ctx => {
      const app = appFor(ctx)
      const refresh = optionalBoolean(objectBody(ctx), 'acm_refresh')
      // [unverified] refreshing when ACM is off.
      if (!app.acm) throw invalid('Automated Certificate Management is not enabled for this app.')
      if (refresh) ctx.state.startAcm(app, appDomains(ctx.state, app))
      return {body: appJson(ctx.state, app)}
    })
    .delete('/apps/:app/acm', ctx => {
      const app = appFor(ctx)
      if (app.acm) {
        app.acm = false
        app.updatedAt = ctx.state.now()
        for (const domain of appDomains(ctx.state, app)) Object.assign(domain, {acmStatus: null, acmStatusReason: null})
      }

      return {body: appJson(ctx.state, app)}
    })
    .get('/apps/:app/sni-endpoints', ctx => ({list: {fields: ['id', 'name'], items: sniEndpoints(ctx.state, appFor(ctx))}}))
    .get('/apps/:app/sni-endpoints/:endpoint', ctx => {
      const endpoint = sniEndpoints(ctx.state, appFor(ctx)).find(e => e.id === ctx.params.endpoint || e.name === ctx.params.endpoint)
      if (!endpoint) throw notFound("Couldn't find that SNI endpoint.")
      return {body: endpoint}
    })
}
