/**
 * Private Spaces: `GET /spaces`, `GET /spaces/{id_or_name}` ([schema] `space`, with `generation`; with `3.sdk` the
 * generation is a plain string, as the CLI types it: heroku/cli `src/lib/types/fir.d.ts` `Space`, read by the CLI's
 * `spaces` command). Spaces are made by the seeding helper `state.createSpace` (and `POST /__emulator/spaces`), not by
 * `POST /spaces`: creating one takes Heroku many minutes and money, and heroku-kit only ever reads them.
 * A space belongs to a team; its members see it, others get 403 (the app rule, `apps.ts`).
 */
import {randomUUID} from 'node:crypto'

import {findRegion, stableId} from './catalog.js'
import {generationField} from './generations.js'
import {forbidden, invalid, notFound, type RequestContext, type Router} from './http.js'
import type {EmulatorState, GenerationName, Space, Team} from './state.js'

/** [schema] `space.name` pattern. */
const SPACE_NAME = /^[a-z0-9](?:[a-z0-9]|-(?!-))+[a-z0-9]$/

export interface NewSpaceOptions {
  /** owner team (name or Team; created when absent); default: a team named `<space>-team` the default user belongs to */
  team?: string | Team
  generation?: GenerationName
  region?: string
  shield?: boolean
}

/** Seeding: a space, already allocated. */
export function createSpace(state: EmulatorState, name: string, options: NewSpaceOptions = {}): Space {
  if (!SPACE_NAME.test(name)) throw invalid(`Invalid space name ${name}: lowercase letters, digits and single dashes.`)
  if (findSpace(state, name)) throw invalid(`Space ${name} already exists.`)
  const team =
    typeof options.team === 'object' ? options.team : (state.findTeam(options.team ?? `${name}-team`) ?? state.createTeam(options.team ?? `${name}-team`))
  // The emulator's regions are the Common Runtime's two (catalog.ts); a space takes one of them.
  const region = findRegion(options.region ?? 'us')
  if (!region) throw invalid(`Couldn't find that region: ${options.region}.`)
  const now = state.now()
  const space: Space = {
    cidr: '10.0.0.0/16',
    createdAt: now,
    dataCidr: '10.1.0.0/16',
    generation: options.generation ?? 'cedar',
    id: randomUUID(),
    name,
    region: region.name,
    shield: options.shield ?? false,
    state: 'allocated',
    teamId: team.id,
    updatedAt: now,
  }
  state.spaces.set(space.id, space)
  return space
}

export function findSpace(state: EmulatorState, nameOrId: string): Space | undefined {
  const byId = state.spaces.get(nameOrId)
  if (byId) return byId
  for (const space of state.spaces.values()) if (space.name === nameOrId) return space
  return undefined
}

/** The space named by a path parameter or body field: 404 when absent, 403 for a team the user is not in. */
export function spaceFor(ctx: RequestContext, nameOrId: string): Space {
  const space = findSpace(ctx.state, nameOrId)
  if (!space) throw notFound("Couldn't find that space.")
  const team = ctx.state.teams.get(space.teamId)
  if (!team || !ctx.state.isMember(ctx.user, team)) throw forbidden(`You do not have access to the space ${space.name}.`)
  return space
}

export function spaceJson(state: EmulatorState, space: Space, variant = ''): Record<string, unknown> {
  const team = state.teams.get(space.teamId)
  return {
    cidr: space.cidr,
    created_at: space.createdAt,
    data_cidr: space.dataCidr,
    generation: generationField(space.generation, variant),
    id: space.id,
    name: space.name,
    organization: {name: team?.name ?? null},
    region: {id: stableId(`region:${space.region}`), name: space.region},
    shield: space.shield,
    state: space.state,
    team: {id: space.teamId, name: team?.name ?? null},
    updated_at: space.updatedAt,
  }
}

export function registerSpaces(router: Router): void {
  router
    .get('/spaces', ctx => {
      const visible = [...ctx.state.spaces.values()].filter(space => {
        const team = ctx.state.teams.get(space.teamId)
        return team !== undefined && ctx.state.isMember(ctx.user, team)
      })
      return {list: {fields: ['id', 'name'], items: visible.map(space => spaceJson(ctx.state, space, ctx.variant))}}
    })
    .get('/spaces/:space', ctx => ({body: spaceJson(ctx.state, spaceFor(ctx, ctx.params.space), ctx.variant)}))
}
