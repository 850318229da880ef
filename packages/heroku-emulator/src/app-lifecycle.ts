/**
 * Apps as `POST /apps` (and `/teams/apps`) make them and `DELETE /apps/{app}` removes them, shared by those routes
 * and the seeding helpers on EmulatorState: the name rules ([schema] app name pattern; names are global), region and
 * stack, v1 "Initial release" and v2 "Enable Logplex", the app's herokuapp.com domain; deleting takes everything that
 * hangs off the app with it.
 */
import {randomUUID} from 'node:crypto'

import {ADJECTIVES, DEFAULT_STACK, findRegion, findStack, NOUNS} from './catalog.js'
import {invalid} from './http.js'
import {type App, type Domain, type EmulatorState, type Space, type Team, timestamp, type User} from './state.js'

export interface NewAppOptions {
  name?: string
  owner?: User | Team
  region?: string
  stack?: string
  creator?: User
  /** a Private Space (by name or itself): the app runs there, in its region, owned by its team, of its generation */
  space?: string | Space
}

const APP_NAME = /^[a-z][a-z0-9-]{1,28}[a-z0-9]$/

export function generateAppName(state: EmulatorState): string {
  for (;;) {
    const name = `${state.prng.pick(ADJECTIVES)}-${state.prng.pick(NOUNS)}-${10_000 + state.prng.int(90_000)}`
    if (!state.findApp(name)) return name
  }
}

/**
 * Create an app as `POST /apps` does: validates the name (pattern, global uniqueness), region and stack,
 * and creates v1 "Initial release" and v2 "Enable Logplex" plus the app's herokuapp.com domain.
 */
export function createApp(state: EmulatorState, options: NewAppOptions = {}): App {
  const name = options.name ?? generateAppName(state)
  if (!APP_NAME.test(name)) {
    throw invalid('Name must start with a letter, end with a letter or digit and can only contain lowercase letters, digits, and dashes.')
  }

  if (state.findApp(name)) throw invalid('Name is already taken')
  const space = typeof options.space === 'string' ? state.findSpace(options.space) : options.space
  if (options.space !== undefined && !space) throw new Error(`no space ${String(options.space)}`)
  const region = findRegion(space?.region ?? options.region ?? 'us')
  if (!region) throw invalid(`Couldn't find that region: ${options.region}.`)
  const stack = findStack(options.stack ?? DEFAULT_STACK)
  if (!stack) throw invalid(`Couldn't find that stack: ${options.stack}.`)
  const owner = options.owner ?? (space ? state.teams.get(space.teamId)! : state.defaultUser)
  const isTeam = 'memberIds' in owner
  const creator = options.creator ?? (isTeam ? state.defaultUser : (owner as User))
  const nowMs = Date.now()
  const now = timestamp(nowMs)
  const app: App = {
    acm: false,
    buildStack: stack,
    createdAt: now,
    createdAtMs: nowMs,
    id: randomUUID(),
    locked: false,
    maintenance: false,
    name,
    ownerId: isTeam ? creator.id : owner.id,
    region: region.name,
    releasedAt: null,
    ...(space ? {spaceId: space.id} : {}),
    stack,
    teamId: isTeam ? owner.id : null,
    updatedAt: now,
  }
  state.apps.set(app.id, app)
  state.configVars.set(app.id, {})
  state.features.set(app.id, {})
  state.buildpacks.set(app.id, [])
  const domain: Domain = {
    acmPolls: 0,
    acmStatus: null,
    acmStatusReason: null,
    appId: app.id,
    cname: null,
    createdAt: now,
    hostname: `${name}.herokuapp.com`,
    id: randomUUID(),
    kind: 'heroku',
    pendingPolls: 0,
    sniEndpoint: null,
    status: 'none',
    updatedAt: now,
  }
  state.domains.set(domain.id, domain)
  state.createRelease(app, {description: 'Initial release', runReleasePhase: false, slugId: null, user: creator})
  state.createRelease(app, {description: 'Enable Logplex', runReleasePhase: false, slugId: null, user: creator})
  return app
}

/** Delete an app and everything that hangs off it. */
export function deleteApp(state: EmulatorState, app: App): void {
  for (const addon of [...state.addons.values()]) if (addon.appId === app.id) state.destroyAddon(addon, {release: false})
  for (const attachment of [...state.attachments.values()]) if (attachment.appId === app.id) state.attachments.delete(attachment.id)
  for (const map of [state.releases, state.slugs, state.formation, state.domains, state.drains, state.couplings] as Array<
    Map<string, {appId: string; id: string}>
  >) {
    for (const [id, entity] of map) if (entity.appId === app.id) map.delete(id)
  }

  for (const [id, target] of state.promotionTargets) if (target.appId === app.id) state.promotionTargets.delete(id)
  for (const [id, drain] of state.telemetryDrains) if (drain.ownerId === app.id) state.telemetryDrains.delete(id)
  state.configVars.delete(app.id)
  state.features.delete(app.id)
  state.buildpacks.delete(app.id)
  state.appLinks.delete(app.id)
  state.apps.delete(app.id)
}
