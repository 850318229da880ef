import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'

import {expect} from 'chai'

import {cliEndpointFor, cliEndpointViolations, type OffSchemaHost} from '../support/cli-endpoints.js'
import type {RequestLogEntry} from 'heroku-emulator'
import {ROOT} from '../support/heroku-cli.js'

const API_DIR = path.join(ROOT, 'src', 'lib', 'api')

interface PluginCall {
  file: string
  line: number
  host: OffSchemaHost
  method: string
  template: string
}

/**
 * Every request the API adapter (src/lib/api, the only code that speaks HTTP) sends to the Data API, kolkrabbi
 * or GitHub: `this.http.get(`…`, {service: 'data'})` and the like, read from the source.
 */
function pluginCalls(): PluginCall[] {
  const calls: PluginCall[] = []
  for (const name of readdirSync(API_DIR).filter(f => f.endsWith('.ts'))) {
    const source = readFileSync(path.join(API_DIR, name), 'utf8')
    for (const match of source.matchAll(
      /\.http\.(get|post|put|patch|delete)(?:<[^(]*>)?\(\s*(`[^`]*`|'[^']*')\s*,\s*\{[^}]*service:\s*'(data|kolkrabbi|github)'/g,
    )) {
      const line = source.slice(0, match.index).split('\n').length
      calls.push({file: `src/lib/api/${name}`, line, host: match[3] as OffSchemaHost, method: match[1].toUpperCase(), template: match[2].slice(1, -1)})
    }
  }

  return calls
}

/** A concrete path for a plugin template: a repository's full name where the code splits one, else one segment. */
function samplePath(template: string): string {
  return template.replaceAll(/\$\{([^}]*)\}/g, (_whole, expr: string) => (expr.includes("join('/')") ? 'acme/shop' : 'sample-id'))
}

function entry(host: RequestLogEntry['host'], method: string, requestPath: string): RequestLogEntry {
  return {
    seq: 1,
    host,
    method,
    path: requestPath,
    query: {},
    headers: {'user-agent': 'heroku-kit/0.1.0'},
    body: undefined,
    status: 200,
    write: method !== 'GET',
    startedAt: 0,
    durationMs: 0,
  }
}

describe('contract: endpoints outside the Platform API schema are ones the Heroku CLI uses', () => {
  it("finds the plugin's Data API, kolkrabbi and GitHub calls in src/lib/api", () => {
    const calls = pluginCalls()
    for (const host of ['data', 'kolkrabbi', 'github'] as const)
      expect(
        calls.filter(c => c.host === host),
        host,
      ).to.have.length.above(0)
    // every `service: 'data' | 'kolkrabbi' | 'github'` in the adapter is one of the calls read above
    const mentions = readdirSync(API_DIR)
      .filter(f => f.endsWith('.ts'))
      .flatMap(f => readFileSync(path.join(API_DIR, f), 'utf8').match(/service:\s*'(data|kolkrabbi|github)'/g) ?? [])
    expect(calls.length, 'a call written in a way this test does not read').to.equal(mentions.length)
  })

  it('every such call of the plugin is a method and path the real CLI uses (node_modules/heroku/dist)', () => {
    const outside = pluginCalls()
      .filter(call => !cliEndpointFor(call.host, call.method, samplePath(call.template)))
      .map(call => `${call.file}:${call.line}: ${call.method} ${call.host} ${call.template} is never called by the Heroku CLI`)
    expect(outside).to.deep.equal([])
  })

  it('catches an invented endpoint, naming it', () => {
    // the one heroku-kit used to call: the Data API takes only POST there (capture); backups are listed per app
    const invented = [
      entry('data', 'GET', '/client/v11/databases/0b4e3f43-7ab5-4d0b-b0e6-9d3c6d1f2a11/backups'),
      entry('kolkrabbi', 'DELETE', '/pipelines/0b4e3f43-7ab5-4d0b-b0e6-9d3c6d1f2a11/repository'),
      entry('github', 'GET', '/repos/acme/shop/hooks'),
    ]
    const real = [
      entry('data', 'POST', '/client/v11/databases/0b4e3f43-7ab5-4d0b-b0e6-9d3c6d1f2a11/backups'),
      entry('data', 'GET', '/client/v11/apps/shop-prod/transfers'),
      entry('data', 'POST', '/client/v11/databases/0b4e3f43-7ab5-4d0b-b0e6-9d3c6d1f2a11/transfer-schedules'),
      entry('kolkrabbi', 'GET', '/account/github/token'),
      entry('github', 'GET', '/repos/acme/shop'),
      entry('platform', 'GET', '/apps/shop-prod/nonsense'), // the Platform API is the schema contract's business
    ]
    expect(cliEndpointViolations(real)).to.deep.equal([])
    const violations = cliEndpointViolations([...real, ...invented])
    expect(violations).to.have.length(3)
    expect(violations[0]).to.equal(
      'GET data /client/v11/databases/0b4e3f43-7ab5-4d0b-b0e6-9d3c6d1f2a11/backups: the Heroku CLI (node_modules/heroku/dist) never calls this endpoint',
    )
    expect(violations[1]).to.include('DELETE kolkrabbi /pipelines/')
    expect(violations[2]).to.include('GET github /repos/acme/shop/hooks')
  })
})
