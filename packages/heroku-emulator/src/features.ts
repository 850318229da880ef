/** App features (`preboot`, …): `GET /apps/{app}/features[/{name}]`, `PATCH /apps/{app}/features/{name}` `{enabled}`. */
import {appFor} from './apps.js'
import {APP_FEATURES, stableId} from './catalog.js'
import {invalid, notFound, objectBody, type Router} from './http.js'
import type {App, EmulatorState} from './state.js'

function featureJson(state: EmulatorState, app: App, name: string): Record<string, unknown> {
  const info = APP_FEATURES[name]
  return {
    created_at: app.createdAt,
    description: info.description,
    display_name: info.display_name,
    doc_url: `https://devcenter.heroku.com/articles/${name}`,
    enabled: Boolean(state.features.get(app.id)?.[name]),
    feedback_email: null,
    id: stableId(`feature:${name}`),
    name,
    state: 'general',
    updated_at: app.updatedAt,
  }
}

function featureName(name: string): string {
  const found = Object.keys(APP_FEATURES).find(f => f === name || stableId(`feature:${f}`) === name)
  if (!found) throw notFound("Couldn't find that feature.")
  return found
}

export function registerFeatures(router: Router): void {
  router
    .get('/apps/:app/features', ctx => {
      const app = appFor(ctx)
      return {list: {fields: ['id', 'name'], items: Object.keys(APP_FEATURES).map(name => featureJson(ctx.state, app, name))}}
    })
    .get('/apps/:app/features/:feature', ctx => {
      const app = appFor(ctx)
      return {body: featureJson(ctx.state, app, featureName(ctx.params.feature))}
    })
    .patch('/apps/:app/features/:feature', ctx => {
      const app = appFor(ctx)
      const name = featureName(ctx.params.feature)
      const {enabled} = objectBody(ctx)
      if (typeof enabled !== 'boolean') throw invalid('Missing required params: enabled.')
      const features = ctx.state.features.get(app.id) ?? {}
      features[name] = enabled
      ctx.state.features.set(app.id, features)
      return {body: featureJson(ctx.state, app, name)}
    })
}
