/** Formation (scaling and sizes), dyno sizes and the derived dynos list. */
import {appFor} from './apps.js'
import {DYNO_SIZES, dynoSizeJson, findDynoSize, stableId, type DynoSizeDef} from './catalog.js'
import {FIR_DYNO_SIZES} from './fir-dyno-sizes.js'
import {appGeneration} from './generations.js'
import {identity, invalid, notFound, objectBody, type Router} from './http.js'
import type {App, EmulatorState, Formation, GenerationName} from './state.js'

export function formationJson(state: EmulatorState, formation: Formation): Record<string, unknown> {
  const app = state.apps.get(formation.appId)
  const size = findDynoSize(formation.size)!
  return {
    app: {id: formation.appId, name: app?.name ?? null},
    command: formation.command,
    created_at: formation.createdAt,
    dyno_size: {id: stableId(`dyno-size:${size.name}`), name: size.name},
    id: formation.id,
    quantity: formation.quantity,
    size: size.display,
    type: formation.type,
    updated_at: formation.updatedAt,
  }
}

const noSuchType = (type: string): Error => notFound(`Couldn't find that process type (${type}).`)

interface Change {
  entry: Formation
  quantity: number
  size: DynoSizeDef
}

/** One update of a batch: `{type, quantity?, size? | dyno_size?}`; quantity may be a number or a (relative "+1") string. */
function parseChange(formation: Formation[], update: unknown, typeFromPath?: string): Change {
  if (!update || typeof update !== 'object' || Array.isArray(update)) throw invalid('Each update must be an object.')
  const u = update as Record<string, unknown>
  const type = typeFromPath ?? u.type
  if (typeof type !== 'string' || !/^[-\w]{1,128}$/.test(type)) throw invalid('Missing required params: type.')
  const entry = formation.find(f => f.type === type || f.id === type)
  // Process types come only from the current release's slug: nothing to scale before the first deploy.
  if (!entry) throw noSuchType(type)
  let quantity = entry.quantity
  if (u.quantity !== undefined && u.quantity !== null) {
    if (typeof u.quantity === 'number' && Number.isInteger(u.quantity)) quantity = u.quantity
    else if (typeof u.quantity === 'string' && /^[+-]?\d+$/.test(u.quantity.trim())) {
      const text = u.quantity.trim()
      quantity = /^[+-]/.test(text) ? entry.quantity + Number(text) : Number(text)
    } else throw invalid(`Invalid quantity for ${type}: ${JSON.stringify(u.quantity)}.`)
    if (quantity < 0) throw invalid(`Invalid quantity for ${type}: cannot scale below 0.`)
  }

  let size = findDynoSize(entry.size)!
  const requested = u.size !== undefined && u.size !== null ? u.size : u.dyno_size
  if (requested !== undefined && requested !== null) {
    const name = typeof requested === 'string' ? requested : identity(requested)
    const found = name ? findDynoSize(name) : undefined
    if (!found) throw invalid(`No such size as ${name ?? JSON.stringify(requested)}. Use ${DYNO_SIZES.map(s => s.name).join(', ')}.`)
    size = found
  }

  return {entry, quantity, size}
}

/** Dyno sizes of a generation: Cedar's (catalog.ts) or Fir's (fir-dyno-sizes.ts). */
function sizesOf(generation: GenerationName): DynoSizeDef[] {
  return generation === 'fir' ? FIR_DYNO_SIZES : DYNO_SIZES
}

/** Checks a batch as a whole, then applies it; answers the updated entries. */
function applyChanges(state: EmulatorState, app: App, changes: Change[]): Formation[] {
  // [unverified] wording: an app runs the sizes of its generation only (the CLI's ps:type lists Fir sizes apart).
  const generation = appGeneration(state, app)
  for (const {size} of changes) {
    if ((size.generation ?? 'cedar') !== generation) {
      throw invalid(
        `No such size as ${size.name} for a ${generation} app. Use ${sizesOf(generation)
          .map(s => s.name)
          .join(', ')}.`,
      )
    }
  }

  const after = new Map(state.appFormation(app).map(f => [f.type, {quantity: f.quantity, size: findDynoSize(f.size)!}]))
  for (const change of changes) after.set(change.entry.type, {quantity: change.quantity, size: change.size})
  for (const [type, {quantity, size}] of after) {
    if (size.hobbyTier && quantity > 1) throw invalid(`Cannot scale ${type} to more than 1 ${size.display} size dynos per process type.`)
  }

  // [unverified] Eco/Basic dynos cannot run next to Standard/Performance dynos in one app.
  const running = [...after.values()].filter(f => f.quantity > 0)
  if (running.some(f => f.size.hobbyTier) && running.some(f => !f.size.hobbyTier)) {
    throw invalid('Cannot mix Eco or Basic dynos with Standard or Performance dynos in the same app.')
  }

  const now = state.now()
  for (const {entry, quantity, size} of changes) {
    if (entry.quantity !== quantity || entry.size !== size.name) Object.assign(entry, {quantity, size: size.name, updatedAt: now})
  }

  return changes.map(c => c.entry)
}

function dynosJson(state: EmulatorState, app: App): Array<Record<string, unknown>> {
  const release = state.currentRelease(app)
  return state.appFormation(app).flatMap(f =>
    Array.from({length: f.quantity}, (_, i) => ({
      app: {id: app.id, name: app.name},
      attach_url: null,
      command: f.command,
      created_at: f.updatedAt,
      id: stableId(`dyno:${f.id}:${i + 1}`),
      name: `${f.type}.${i + 1}`,
      release: release ? {id: release.id, version: release.version} : null,
      size: findDynoSize(f.size)!.display,
      state: 'up',
      type: f.type,
      updated_at: f.updatedAt,
    })),
  )
}

export function registerFormation(router: Router): void {
  router
    .get('/apps/:app/formation', ctx => {
      const app = appFor(ctx)
      return {list: {fields: ['id', 'type'], items: ctx.state.appFormation(app).map(f => formationJson(ctx.state, f))}}
    })
    .get('/apps/:app/formation/:type', ctx => {
      const app = appFor(ctx)
      const entry = ctx.state.appFormation(app).find(f => f.type === ctx.params.type || f.id === ctx.params.type)
      if (!entry) throw noSuchType(ctx.params.type)
      return {body: formationJson(ctx.state, entry)}
    })
    .patch('/apps/:app/formation', ctx => {
      const app = appFor(ctx)
      const body = objectBody(ctx)
      if (!Array.isArray(body.updates)) throw invalid('Missing required params: updates.')
      const formation = ctx.state.appFormation(app)
      const changes = body.updates.map(update => parseChange(formation, update))
      const updated = applyChanges(ctx.state, app, changes)
      return {body: updated.map(f => formationJson(ctx.state, f))}
    })
    .patch('/apps/:app/formation/:type', ctx => {
      const app = appFor(ctx)
      const change = parseChange(ctx.state.appFormation(app), objectBody(ctx), ctx.params.type)
      const [updated] = applyChanges(ctx.state, app, [change])
      return {body: formationJson(ctx.state, updated)}
    })
    // [unverified] whether the account-wide list has Fir's sizes too: it keeps Cedar's (the Common Runtime's); a Fir
    // app is offered Fir's by `available-dyno-sizes`, and `GET /dyno-sizes/{name}` finds either.
    .get('/dyno-sizes', () => ({list: {fields: ['id', 'name'], items: DYNO_SIZES.map(s => dynoSizeJson(s))}}))
    .get('/dyno-sizes/:size', ctx => {
      const size = findDynoSize(ctx.params.size)
      if (!size) throw notFound("Couldn't find that dyno size.")
      return {body: dynoSizeJson(size)}
    })
    .get('/apps/:app/available-dyno-sizes', ctx => {
      const app = appFor(ctx)
      return {list: {fields: ['id', 'name'], items: sizesOf(appGeneration(ctx.state, app)).map(s => dynoSizeJson(s))}}
    })
    .get('/apps/:app/dynos', ctx => ({list: {fields: ['id', 'name'], items: dynosJson(ctx.state, appFor(ctx))}}))
    .get('/apps/:app/dynos/:dyno', ctx => {
      const dyno = dynosJson(ctx.state, appFor(ctx)).find(d => d.name === ctx.params.dyno || d.id === ctx.params.dyno)
      if (!dyno) throw notFound("Couldn't find that dyno.")
      return {body: dyno}
    })
    .delete('/apps/:app/dynos', ctx => {
      appFor(ctx)
      return {body: {}, status: 202}
    })
}
