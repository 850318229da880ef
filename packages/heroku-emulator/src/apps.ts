/** Account, users, teams, apps, regions, stacks, `POST /filters/apps`. */
import {findRegion, findStack, regionJson, REGIONS, stableId, stackJson, stackRef, STACKS, APP_FEATURES} from './catalog.js'
import {appGeneration, generationField} from './generations.js'
import {ApiError, forbidden, invalid, notFound, objectBody, optionalBoolean, type RequestContext, type Router} from './http.js'
import {spaceFor} from './spaces.js'
import type {App, EmulatorState, Team, User} from './state.js'

const APP_RANGES = ['id', 'name', 'updated_at']
const NAME_PATTERN = /^[a-z][a-z0-9-]{1,28}[a-z0-9]$/

// ---------------------------------------------------------------- representations

export function accountJson(user: User): Record<string, unknown> {
  return {
    allow_tracking: true,
    beta: false,
    country_of_residence: null,
    created_at: user.createdAt,
    default_organization: null,
    default_team: null,
    delinquent_at: null,
    email: user.email,
    federated: false,
    id: user.id,
    identity_provider: null,
    last_login: user.createdAt,
    name: user.name,
    sms_number: null,
    suspended_at: null,
    two_factor_authentication: false,
    updated_at: user.updatedAt,
    verified: true,
  }
}

export function teamJson(team: Team): Record<string, unknown> {
  return {
    created_at: team.createdAt,
    credit_card_collections: false,
    default: false,
    enterprise_account: null,
    id: team.id,
    identity_provider: null,
    membership_limit: null,
    name: team.name,
    provisioned_licenses: false,
    role: 'admin',
    type: 'team',
    updated_at: team.updatedAt,
  }
}

/**
 * The app representation of the v3 schema. `generation` follows the app's space (generations.ts): an object, or with
 * `3.sdk` the plain name as the CLI types it; `space` is `{id, name, shield}` for an app in a Private Space.
 */
export function appJson(state: EmulatorState, app: App, variant = ''): Record<string, unknown> {
  const team = app.teamId ? state.teams.get(app.teamId) : undefined
  const owner = state.users.get(app.ownerId)
  const slug = state.currentSlug(app)
  const space = app.spaceId ? state.spaces.get(app.spaceId) : undefined
  return {
    acm: app.acm,
    archived_at: null,
    build_stack: stackRef(app.buildStack),
    buildpack_provided_description: slug ? 'Node.js' : null,
    created_at: app.createdAt,
    generation: generationField(appGeneration(state, app), variant),
    git_url: `https://git.heroku.com/${app.name}.git`,
    id: app.id,
    internal_routing: null,
    maintenance: app.maintenance,
    name: app.name,
    organization: team ? {id: team.id, name: team.name} : null,
    // Team apps are owned by the team's pseudo-user.
    owner: team ? {email: `${team.name}@herokumanager.com`, id: team.id} : {email: owner?.email ?? null, id: app.ownerId},
    region: {id: stableId(`region:${app.region}`), name: app.region},
    released_at: app.releasedAt,
    repo_size: null,
    slug_size: slug?.size ?? null,
    space: space ? {id: space.id, name: space.name, shield: space.shield} : null,
    stack: stackRef(app.stack),
    team: team ? {id: team.id, name: team.name} : null,
    updated_at: app.updatedAt,
    web_url: `${state.baseUrl}/__apps/${app.name}/`,
  }
}

/** The team-app representation (`/teams/apps`, `/filters/apps`): the app plus `locked` and `joined`. */
export function teamAppJson(state: EmulatorState, app: App, variant = ''): Record<string, unknown> {
  return {...appJson(state, app, variant), joined: false, locked: app.locked}
}

// ---------------------------------------------------------------- lookups with access checks

/** The app named by a path parameter: 404 when absent, 403 when it belongs to someone else. */
export function appFor(ctx: RequestContext, param = 'app'): App {
  const app = ctx.state.findApp(ctx.params[param])
  if (!app) throw ctx.state.noSuchApp()
  if (!ctx.state.canAccessApp(ctx.user, app)) throw forbidden(`You do not have access to the app ${app.name}.`)
  return app
}

export function teamFor(ctx: RequestContext, nameOrId: string): Team {
  const team = ctx.state.findTeam(nameOrId)
  if (!team) throw notFound("Couldn't find that team.")
  if (!ctx.state.isMember(ctx.user, team)) throw forbidden(`You do not have access to the team ${team.name}.`)
  return team
}

export function visibleApps(state: EmulatorState, user: User): App[] {
  return [...state.apps.values()].filter(app => state.canAccessApp(user, app))
}

function validateName(name: unknown): string | undefined {
  if (name === undefined || name === null) return undefined
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw invalid('Name must start with a letter, end with a letter or digit and can only contain lowercase letters, digits, and dashes.')
  }

  return name
}

function optionalIdentity(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw invalid(`Invalid ${key} provided.`)
  return value
}

function enableFeatureFlags(state: EmulatorState, app: App, flags: unknown): void {
  if (!Array.isArray(flags)) return
  const features = state.features.get(app.id)!
  for (const flag of flags) if (typeof flag === 'string' && flag in APP_FEATURES) features[flag] = true
}

// ---------------------------------------------------------------- routes

export function registerApps(router: Router): void {
  router
    .get('/account', ctx => ({body: accountJson(ctx.user)}))
    .get('/account/rate-limits', ctx => ({body: {remaining: ctx.state.pool(ctx.user).remaining()}}), {free: true})
    .get('/account/features', () => ({list: {fields: ['id', 'name'], items: []}}))
    .get('/account/features/:feature', () => {
      throw notFound("Couldn't find that feature.")
    })
    .get('/users/:user', ctx => ({body: accountJson(userFor(ctx))}))
    .get('/users/:user/apps', ctx => {
      const user = userFor(ctx)
      return {list: {fields: APP_RANGES, items: visibleApps(ctx.state, user).map(app => appJson(ctx.state, app))}}
    })
    .get('/apps', ctx => ({list: {fields: APP_RANGES, items: visibleApps(ctx.state, ctx.user).map(app => appJson(ctx.state, app, ctx.variant))}}))
    .post('/apps', ctx => {
      const body = objectBody(ctx)
      const name = validateName(body.name)
      const app = ctx.state.createApp({
        creator: ctx.user,
        name,
        owner: ctx.user,
        region: optionalIdentity(body, 'region'),
        stack: optionalIdentity(body, 'stack'),
      })
      enableFeatureFlags(ctx.state, app, body.feature_flags)
      return {body: appJson(ctx.state, app), status: 201}
    })
    .post('/teams/apps', ctx => {
      const body = objectBody(ctx)
      const name = validateName(body.name)
      const teamName = optionalIdentity(body, 'team')
      const personal = optionalBoolean(body, 'personal')
      // `space`: the app is created in that Private Space, of its team, region and generation ([schema] team-app create).
      const spaceName = optionalIdentity(body, 'space')
      const space = spaceName === undefined ? undefined : spaceFor(ctx, spaceName)
      const spaceTeam = space ? ctx.state.teams.get(space.teamId)! : undefined
      // [unverified] wording: a space's apps belong to the space's team.
      if (spaceTeam && ((teamName !== undefined && teamFor(ctx, teamName).id !== spaceTeam.id) || personal)) {
        throw invalid(`Apps in the space ${space!.name} belong to its team ${spaceTeam.name}.`)
      }

      const owner: Team | User = spaceTeam ?? (teamName && !personal ? teamFor(ctx, teamName) : ctx.user)
      const app = ctx.state.createApp({
        creator: ctx.user,
        name,
        owner,
        region: space ? undefined : optionalIdentity(body, 'region'),
        space,
        stack: optionalIdentity(body, 'stack'),
      })
      app.locked = optionalBoolean(body, 'locked') ?? false
      return {body: teamAppJson(ctx.state, app, ctx.variant), status: 201}
    })
    .get('/teams', ctx => ({
      list: {fields: ['id', 'name'], items: [...ctx.state.teams.values()].filter(t => ctx.state.isMember(ctx.user, t)).map(t => teamJson(t))},
    }))
    .get('/teams/:team', ctx => ({body: teamJson(teamFor(ctx, ctx.params.team))}))
    .get('/teams/:team/apps', ctx => {
      const team = teamFor(ctx, ctx.params.team)
      return {
        list: {fields: APP_RANGES, items: [...ctx.state.apps.values()].filter(a => a.teamId === team.id).map(a => teamAppJson(ctx.state, a, ctx.variant))},
      }
    })
    .get('/teams/apps/:app', ctx => ({body: teamAppJson(ctx.state, appFor(ctx), ctx.variant)}))
    .get('/apps/:app', ctx => ({body: appJson(ctx.state, appFor(ctx), ctx.variant)}))
    .patch('/apps/:app', ctx => {
      const app = appFor(ctx)
      const body = objectBody(ctx)
      const name = validateName(body.name)
      const maintenance = optionalBoolean(body, 'maintenance')
      const buildStack = optionalIdentity(body, 'build_stack')
      let changed = false
      if (name !== undefined && name !== app.name) {
        if (ctx.state.findApp(name)) throw invalid('Name is already taken')
        for (const domain of ctx.state.domains.values()) {
          if (domain.appId === app.id && domain.kind === 'heroku') domain.hostname = `${name}.herokuapp.com`
        }

        app.name = name
        changed = true
      }

      if (maintenance !== undefined && maintenance !== app.maintenance) {
        app.maintenance = maintenance
        changed = true
      }

      if (buildStack !== undefined) {
        const stack = findStack(buildStack)
        if (!stack) throw invalid(`Couldn't find that stack: ${buildStack}.`)
        if (stack !== app.buildStack) {
          app.buildStack = stack
          changed = true
        }
      }

      if (changed) app.updatedAt = ctx.state.now()
      return {body: appJson(ctx.state, app)}
    })
    .delete('/apps/:app', ctx => {
      const app = appFor(ctx)
      const body = appJson(ctx.state, app)
      ctx.state.deleteApp(app)
      return {body}
    })
    .post(
      '/filters/apps',
      ctx => {
        const body = objectBody(ctx)
        const filter = body.in as {id?: unknown} | undefined
        const ids = Array.isArray(filter?.id) ? filter.id.filter((id): id is string => typeof id === 'string') : []
        const apps = visibleApps(ctx.state, ctx.user).filter(app => ids.includes(app.id))
        return {list: {fields: APP_RANGES, items: apps.map(app => teamAppJson(ctx.state, app))}}
      },
      {requireVariant: 'filters'},
    )
    .get('/regions', () => ({list: {fields: ['id', 'name'], items: REGIONS.map(r => regionJson(r))}}))
    .get('/regions/:region', ctx => {
      const region = findRegion(ctx.params.region)
      if (!region) throw notFound("Couldn't find that region.")
      return {body: regionJson(region)}
    })
    .get('/stacks', () => ({list: {fields: ['id', 'name'], items: STACKS.map(s => stackJson(s))}}))
    .get('/stacks/:stack', ctx => {
      const stack = findStack(ctx.params.stack)
      if (!stack) throw notFound("Couldn't find that stack.")
      return {body: stackJson(stack)}
    })
    .get('/apps/:app/collaborators', ctx => {
      appFor(ctx)
      return {list: {fields: ['id', 'email'], items: []}}
    })
}

function userFor(ctx: RequestContext): User {
  const user = ctx.state.findUser(ctx.params.user, ctx.user)
  if (!user) throw notFound("Couldn't find that user.")
  if (user.id !== ctx.user.id) throw new ApiError(403, 'forbidden', 'You do not have access to this user.')
  return user
}
