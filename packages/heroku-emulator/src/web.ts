/** App web traffic: `${url}/__apps/{app}/…` stands in for https://{app}.herokuapp.com/…. */
import type {HandlerResult, RequestContext, Router} from './http.js'

function serve(ctx: RequestContext): HandlerResult {
  const app = ctx.state.findApp(ctx.params.app)
  if (!app) return {body: {error: 'no such app', app: ctx.params.app}, status: 404}
  if (app.health) {
    const {index, statuses} = app.health
    const status = statuses[Math.min(index, statuses.length - 1)]
    app.health.index = index + 1
    return {body: {app: app.name, path: `/${ctx.params.rest ?? ''}`, status: status < 400 ? 'ok' : 'error'}, status}
  }

  // Without setHealth: 200 once code is released and a web dyno runs, 503 before (like the router's H14 "no web dynos running").
  const release = ctx.state.currentRelease(app)
  const web = ctx.state.appFormation(app).find(f => f.type === 'web')
  if (!release?.slugId || !web || web.quantity === 0 || app.maintenance) {
    return {body: {app: app.name, error: app.maintenance ? 'maintenance mode' : 'no web dynos running', status: 'error'}, status: 503}
  }

  return {body: {app: app.name, path: `/${ctx.params.rest ?? ''}`, release: `v${release.version}`, status: 'ok'}, status: 200}
}

export function registerWeb(router: Router): void {
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
    router.add(method, '/__apps/:app', serve, {host: 'app', public: true})
    router.add(method, '/__apps/:app/*', serve, {host: 'app', public: true})
  }
}
