/**
 * Add-on lifecycle shared by `POST /apps/{app}/addons` and the seeding helper `state.addAddon`:
 * naming, attachments (DATABASE, then HEROKU_POSTGRESQL_<COLOR>), async provisioning, config vars,
 * add-on-owned log drains and the releases each step creates.
 */
import {randomUUID} from 'node:crypto'

import {ADJECTIVES, ATTACHMENT_COLORS, findService, type ServiceDef} from './catalog.js'
import {invalid} from './http.js'
import {due} from './timings.js'
import type {Addon, App, Attachment, Drain, EmulatorState, User} from './state.js'

export interface ProvisionRequest {
  service: ServiceDef
  /** plan name without the service */
  plan: string
  attachmentName?: string
  name?: string
  config?: Record<string, unknown>
}

const ADDON_NAME = /^[a-zA-Z][A-Za-z0-9_-]+$/
const ATTACHMENT_NAME = /^[A-Z][A-Z0-9_]*$/

function generateValue(state: EmulatorState, service: string, suffix: string): string {
  const r = state.prng
  switch (`${service}${suffix}`) {
    case 'heroku-postgresql_URL': {
      return `postgres://u${r.alnum(13)}:p${r.hex(64)}@c${r.alnum(11)}.cluster-c${r.alnum(10)}.us-east-1.rds.amazonaws.com:5432/d${r.alnum(13)}`
    }

    case 'heroku-redis_URL': {
      return `rediss://:p${r.hex(64)}@ec2-${r.int(256)}-${r.int(256)}-${r.int(256)}-${r.int(256)}.compute-1.amazonaws.com:${10_000 + r.int(20_000)}`
    }

    case 'newrelic_LOG': {
      return 'stdout'
    }

    case 'sentry_DSN': {
      return `https://${r.hex(32)}@o${100_000 + r.int(900_000)}.ingest.sentry.io/${1_000_000 + r.int(9_000_000)}`
    }

    case 'newrelic_LICENSE_KEY': {
      return r.hex(40)
    }

    default: {
      return r.alnum(24)
    }
  }
}

function addonNameTaken(state: EmulatorState, name: string): boolean {
  for (const addon of state.addons.values()) if (addon.name === name) return true
  return false
}

function generateAddonName(state: EmulatorState, service: ServiceDef): string {
  for (;;) {
    const name = `${service.namePrefix}-${state.prng.pick(ADJECTIVES)}-${10_000 + state.prng.int(90_000)}`
    if (!addonNameTaken(state, name)) return name
  }
}

function chooseAttachmentName(state: EmulatorState, app: App, service: ServiceDef, requested: string | undefined): string {
  const usedNames = new Set(state.appAttachments(app).map(a => a.name))
  const vars = state.configVars.get(app.id) ?? {}
  const collides = (name: string): string[] => service.configVarSuffixes.map(s => `${name}${s}`).filter(v => v in vars)
  if (requested !== undefined) {
    if (!ATTACHMENT_NAME.test(requested)) {
      throw invalid('Attachment name must start with a letter and can only contain uppercase letters, numbers and underscores.')
    }

    if (usedNames.has(requested)) throw invalid(`Attachment name ${requested} is already taken by another add-on on ${app.name}.`)
    // [unverified] the API's answer when the attachment's config vars already exist as plain config vars;
    // refusing (rather than silently overwriting the user's value) is the stricter choice.
    const clashes = collides(requested)
    if (clashes.length > 0) throw invalid(`Cannot attach as ${requested}: config vars ${clashes.join(', ')} are already set on ${app.name}.`)
    return requested
  }

  if (!usedNames.has(service.attachmentBase) && collides(service.attachmentBase).length === 0) return service.attachmentBase
  const free = ATTACHMENT_COLORS.filter(c => !usedNames.has(`${service.colorBase}_${c}`) && collides(`${service.colorBase}_${c}`).length === 0)
  return `${service.colorBase}_${free.length > 0 ? state.prng.pick(free) : state.prng.alnum(6).toUpperCase()}`
}

function ownedDrainUrl(state: EmulatorState, service: string): string {
  return service === 'papertrail'
    ? `syslog+tls://logs${1 + state.prng.int(9)}.papertrailapp.com:${10_000 + state.prng.int(50_000)}`
    : `https://log-api.newrelic.com/log/v1?Api-Key=${state.prng.hex(32)}`
}

/** Config vars of the add-on's attachments become real: set them on each attached app, create drains. */
function exposeAddon(state: EmulatorState, addon: Addon, service: ServiceDef, user: User | undefined, releaseFor: 'attach' | 'update'): void {
  const attachments = [...state.attachments.values()].filter(a => a.addonId === addon.id)
  for (const attachment of attachments) {
    const app = state.apps.get(attachment.appId)
    if (!app) continue
    const vars = state.configVars.get(app.id)!
    for (const suffix of service.configVarSuffixes) vars[`${attachment.name}${suffix}`] = addon.values[suffix]
    if (releaseFor === 'update' && service.configVarSuffixes.length > 0) {
      // Add-on config var changes do not run the release phase.
      state.createRelease(app, {description: `Update ${attachment.name} by ${service.name}`, runReleasePhase: false, user})
    }
  }

  if (service.drain && ![...state.drains.values()].some(d => d.addonId === addon.id)) {
    const now = state.now()
    const drain: Drain = {
      addonId: addon.id,
      appId: addon.appId,
      createdAt: now,
      id: randomUUID(),
      token: `d.${randomUUID()}`,
      updatedAt: now,
      url: ownedDrainUrl(state, service.name),
    }
    state.drains.set(drain.id, drain)
  }
}

export function provisionAddon(state: EmulatorState, app: App, request: ProvisionRequest, user?: User): Addon {
  const {service} = request
  // [schema] add-on.name: "globally unique name of the add-on", pattern ^[a-zA-Z][A-Za-z0-9_-]+$; add-on-attachment.name:
  // "unique name for this add-on attachment to this app". Both are checked before anything is created. [unverified]
  // the wording: "Name is already taken" is Heroku's for a taken app name (3p heroku3.py #37); Heroku may answer a taken
  // attachment name with `confirmation_required` (the CLI's addons:create/attach `--confirm` overwrites one) — the
  // emulator refuses with 422 invalid_params, which a client that never confirms must handle the same way.
  if (request.name !== undefined) {
    if (!ADDON_NAME.test(request.name)) throw invalid('Name must start with a letter and can only contain letters, numbers, underscores and dashes.')
    if (addonNameTaken(state, request.name)) throw invalid('Name is already taken')
  }

  const attachmentName = chooseAttachmentName(state, app, service, request.attachmentName)
  const now = state.now()
  const addon: Addon = {
    appId: app.id,
    config: {...request.config},
    createdAt: now,
    id: randomUUID(),
    name: request.name ?? generateAddonName(state, service),
    pendingPolls: state.addonProvisionPolls,
    readyAt: Date.now() + state.timings.addonProvisionMs,
    plan: request.plan,
    providerId: `resource${state.prng.hex(8)}@heroku.com`,
    service: service.name,
    state: service.async ? 'provisioning' : 'provisioned',
    updatedAt: now,
    values: Object.fromEntries(service.configVarSuffixes.map(s => [s, generateValue(state, service.name, s)])),
  }
  state.addons.set(addon.id, addon)
  const attachment: Attachment = {addonId: addon.id, appId: app.id, createdAt: now, id: randomUUID(), name: attachmentName, namespace: null, updatedAt: now}
  state.attachments.set(attachment.id, attachment)
  if (addon.state === 'provisioned') exposeAddon(state, addon, service, user, 'attach')
  // Attaching creates a release (and runs the release phase); an async add-on's config vars come later, in their own release.
  state.createRelease(app, {description: `Attach ${attachmentName} (@ref:${addon.name})`, runReleasePhase: true, user})
  return addon
}

export function pollAddon(state: EmulatorState, addon: Addon): void {
  if (addon.state !== 'provisioning') return
  if (addon.pendingPolls > 0) {
    addon.pendingPolls -= 1
    return
  }

  if (!due(addon.readyAt)) return

  addon.state = 'provisioned'
  addon.updatedAt = state.now()
  const service = findService(addon.service)
  if (service) exposeAddon(state, addon, service, undefined, 'update')
}

export function destroyAddon(state: EmulatorState, addon: Addon, options: {release?: boolean; user?: User}): void {
  const attachments = [...state.attachments.values()].filter(a => a.addonId === addon.id)
  const service = findService(addon.service)
  for (const attachment of attachments) {
    const app = state.apps.get(attachment.appId)
    state.attachments.delete(attachment.id)
    if (!app) continue
    const vars = state.configVars.get(app.id)
    if (vars && service) for (const suffix of service.configVarSuffixes) delete vars[`${attachment.name}${suffix}`]
    if (options.release !== false) {
      state.createRelease(app, {description: `Detach ${attachment.name} (@ref:${addon.name})`, runReleasePhase: false, user: options.user})
    }
  }

  for (const [id, drain] of state.drains) if (drain.addonId === addon.id) state.drains.delete(id)
  for (const [id, schedule] of state.schedules) if (schedule.addonId === addon.id) state.schedules.delete(id)
  for (const [id, transfer] of state.transfers) if (transfer.addonId === addon.id) state.transfers.delete(id)
  addon.state = 'deprovisioned'
  addon.updatedAt = state.now()
  state.addons.delete(addon.id)
}
