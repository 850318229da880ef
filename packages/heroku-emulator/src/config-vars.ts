/** App config vars: `GET/PATCH /apps/{app}/config-vars`. */
import {appFor} from './apps.js'
import {invalid, type Router} from './http.js'

const KEY = /^\w+$/

/** A config-var PATCH body: an object of string or null values with `^\w+$` keys (the schema's additionalProperties: false). */
export function validateConfigBody(body: unknown): Record<string, string | null> {
  if (body === null || body === undefined || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid('Config vars must be a JSON object of names to string values (null to remove).')
  }

  const entries = Object.entries(body as Record<string, unknown>)
  const badKeys = entries.filter(([key]) => !KEY.test(key)).map(([key]) => JSON.stringify(key))
  if (badKeys.length > 0) throw invalid(`Invalid config var names: ${badKeys.join(', ')}. Names may only contain letters, digits and underscores.`)
  const badValues = entries.filter(([, value]) => value !== null && typeof value !== 'string').map(([key]) => key)
  if (badValues.length > 0) throw invalid(`Invalid config var values for ${badValues.join(', ')}: values must be strings (or null to remove).`)
  return body as Record<string, string | null>
}

export function sortedVars(vars: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(vars).sort(([a], [b]) => a.localeCompare(b)))
}

export function registerConfigVars(router: Router): void {
  router
    .get('/apps/:app/config-vars', ctx => ({body: sortedVars(ctx.state.configVars.get(appFor(ctx).id) ?? {})}))
    .patch('/apps/:app/config-vars', ctx => {
      const app = appFor(ctx)
      const changes = validateConfigBody(ctx.body)
      // Config vars that belong to an add-on attachment can be neither set nor removed, not even to the same value.
      const owned = ctx.state.ownedConfigVars(app)
      const refused = Object.keys(changes).filter(key => owned.has(key))
      if (refused.length > 0) throw invalid(`Cannot overwrite attachment values ${refused.join(', ')}`)
      ctx.state.setConfigVars(app.id, changes, ctx.user)
      return {body: sortedVars(ctx.state.configVars.get(app.id) ?? {})}
    })
}
