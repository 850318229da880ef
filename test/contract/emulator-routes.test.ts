import {existsSync} from 'node:fs'
import path from 'node:path'

import {expect} from 'chai'

import {CLI_DIST, cliEndpoints, templatePattern} from '../support/cli-endpoints.js'
import {platformLinks} from '../support/contract.js'
import {buildRouter} from 'heroku-emulator'
import type {Route} from 'heroku-emulator'

/** A path the route answers: each `:param` (and a trailing `*`) a sample segment; `:user` is `~`, as the schema writes it. */
function samplePath(route: Route): string {
  return '/' + route.segments.map(s => (s === ':user' ? '~' : s === '*' ? 'sample-rest' : s.startsWith(':') ? `sample-${s.slice(1)}` : s)).join('/')
}

function inSchema(route: Route, sample: string): boolean {
  return platformLinks().some(l => l.method === route.method && l.pattern.test(sample))
}

/** The routes a fresh emulator serves to the Heroku hosts (not its own control endpoints or app web traffic). */
function herokuRoutes(): Route[] {
  return buildRouter().routes.filter(r => r.host !== 'app')
}

describe('contract: emulator routes exist on the real Heroku', () => {
  it('every Platform API route is in the schema, or names the Heroku CLI file that calls it', () => {
    const problems: string[] = []
    for (const route of herokuRoutes().filter(r => (r.host ?? 'platform') === 'platform')) {
      const sample = samplePath(route)
      if (inSchema(route, sample)) continue
      if (!route.cli)
        problems.push(`${route.method} ${route.pattern}: not in the Platform API schema and no {cli: file} names the Heroku CLI code that calls it`)
    }

    expect(problems).to.deep.equal([])
  })

  it('every Data API, kolkrabbi and GitHub route names a Heroku CLI file that makes that very call', () => {
    const problems: string[] = []
    const routes = herokuRoutes().filter(r => r.host === 'data' || r.host === 'kolkrabbi' || r.host === 'github')
    expect(routes.length).to.be.greaterThan(10)
    for (const route of routes) {
      const where = `${route.method} ${route.host} ${route.pattern}`
      if (!route.cli) {
        problems.push(`${where}: no {cli: file}`)
        continue
      }

      if (!existsSync(path.join(CLI_DIST, route.cli))) {
        problems.push(`${where}: ${route.cli} is not in node_modules/heroku/dist`)
        continue
      }

      const sample = samplePath(route)
      const calls = cliEndpoints().filter(e => e.host === route.host && e.method === route.method && e.pattern.test(sample))
      if (calls.length === 0) problems.push(`${where}: the Heroku CLI never makes this call`)
      else if (!calls.some(c => c.file === route.cli)) problems.push(`${where}: ${route.cli} does not make this call (${calls.map(c => c.file).join(', ')} do)`)
    }

    expect(problems).to.deep.equal([])
  })

  it("the CLI's call sites read from node_modules/heroku/dist cover the three hosts", () => {
    const endpoints = cliEndpoints()
    for (const host of ['data', 'kolkrabbi', 'github', 'platform'] as const)
      expect(
        endpoints.filter(e => e.host === host),
        host,
      ).to.have.length.above(0)
    // methods of lib/pipelines/kolkrabbi-api.js, whose calls say it in an options object (GET without one)
    const kolkrabbi = endpoints.filter(e => e.file === 'lib/pipelines/kolkrabbi-api.js').map(e => `${e.method} ${e.template}`)
    expect(kolkrabbi).to.include.members([
      'POST /pipelines/${pipeline}/repository',
      'GET /account/github/token',
      'PATCH /apps/${app}/github',
      'GET /apps/${app}/github',
    ])
    expect(templatePattern('/repos/${name}').test('/repos/acme/shop')).to.equal(true)
    expect(templatePattern('/github/repos/${user}/${repo}/tarball/${ref}').test('/github/repos/acme/shop/tarball/main')).to.equal(true)
    expect(templatePattern('/client/v11/databases/${db.id}').test('/client/v11/databases/x/backups')).to.equal(false)
  })
})
