/**
 * The second contract: endpoints outside the Platform API schema. The Data API, kolkrabbi (Heroku's GitHub
 * integration) and the GitHub API have no published schema, so the only evidence that an endpoint exists is that
 * the real Heroku CLI calls it. This module reads the CLI's code (node_modules/heroku/dist, a devDependency) and
 * collects every method + path template it uses on those three hosts; a request of the plugin (or a route of the
 * emulator) that matches none of them is an invention.
 */
import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'

import type {RequestLogEntry} from 'heroku-emulator'
import {ROOT} from './heroku-cli.js'

export type OffSchemaHost = 'data' | 'kolkrabbi' | 'github'
/** the hosts whose CLI calls are collected: the three above, and the Platform API (for emulator routes outside its schema) */
export type CliHost = OffSchemaHost | 'platform'

export const CLI_DIST = path.join(ROOT, 'node_modules', 'heroku', 'dist')

export interface CliEndpoint {
  host: CliHost
  method: string
  /** the path as the CLI writes it, `${…}` kept, query string dropped */
  template: string
  /** file under node_modules/heroku/dist that makes the call */
  file: string
  pattern: RegExp
}

const HOST_PREFIXES: Array<[string, OffSchemaHost]> = [
  ['https://kolkrabbi.heroku.com', 'kolkrabbi'],
  ['${KOLKRABBI_BASE_URL}', 'kolkrabbi'],
  ['https://api.github.com', 'github'],
  ['${GITHUB_API}', 'github'],
]

/** `this.heroku.get(`…`)`, `HTTP.get('…')`, `this.request(`…`, {method: 'POST'})`… with a literal path. */
const CALL = /(\w+)\.(get|post|put|patch|delete|request)\(\s*(`[^`]*`|'[^']*')/g

function jsFiles(dir: string): string[] {
  const files: string[] = []
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) files.push(...jsFiles(full))
    else if (entry.name.endsWith('.js')) files.push(full)
  }

  return files
}

/** `const path = `…`` in the same file: the CLI sometimes builds a path first (pipelines:diff). */
function inlineLocalTemplates(literal: string, source: string): string {
  return literal.replaceAll(/\$\{(\w+)\}/g, (whole, name: string) => {
    const definition = new RegExp(`const ${name} = \`([^\`]*)\``).exec(source)
    return definition ? definition[1] : whole
  })
}

/**
 * The template as a regular expression over a request path. A placeholder is one path segment, except the
 * single placeholder right after `repos/` that GitHub paths use for a whole repository name (`/repos/${name}`
 * with name = "owner/repo"), which is two.
 */
export function templatePattern(template: string): RegExp {
  let out = ''
  const parts = template.split(/(\$\{[^}]*\})/)
  for (const [i, part] of parts.entries()) {
    if (!part.startsWith('${')) {
      out += part.replaceAll(/[.*+?^$()|[\]\\{}]/g, String.raw`\$&`)
      continue
    }

    const fullRepoName = parts[i - 1]?.endsWith('repos/') && !(parts[i + 1] === '/' && parts[i + 2]?.startsWith('${'))
    out += fullRepoName ? '[^/]+/[^/]+' : '[^/]+'
  }

  return new RegExp(`^${out}$`)
}

let cached: CliEndpoint[] | undefined

/** Every Data API / kolkrabbi / GitHub call in the Heroku CLI's code. */
export function cliEndpoints(): CliEndpoint[] {
  if (cached) return cached
  const endpoints: CliEndpoint[] = []
  for (const file of jsFiles(CLI_DIST)) {
    const source = readFileSync(file, 'utf8')
    // a class whose requests all go to one base URL (lib/pipelines/kolkrabbi-api.js, github-api.js)
    const base: CliHost | undefined = /const KOLKRABBI_BASE_URL = /.test(source) ? 'kolkrabbi' : /const GITHUB_API = /.test(source) ? 'github' : undefined
    for (const match of source.matchAll(CALL)) {
      const [, receiver, verb, quoted] = match
      let literal = inlineLocalTemplates(quoted.slice(1, -1), source)
      let host: CliHost | undefined
      for (const [prefix, name] of HOST_PREFIXES) {
        if (literal.startsWith(prefix)) {
          host = name
          literal = literal.slice(prefix.length)
        }
      }

      if (!host && literal.startsWith('/client/v11/')) host = 'data'
      else if (!host && base && verb === 'request' && literal.startsWith('/')) host = base
      else if (!host && receiver === 'heroku' && verb !== 'request') host = 'platform'
      if (!host || !literal.startsWith('/')) continue
      let method = verb.toUpperCase()
      if (method === 'REQUEST') {
        // the options object follows the path, up to the end of the call: `{body, method: 'POST'});`; without a method it is a GET
        const options = source.slice(match.index + match[0].length).split(');')[0]
        method = /method:\s*'(\w+)'/.exec(options)?.[1] ?? 'GET'
      }

      const template = literal.split('?')[0]
      endpoints.push({host, method, template, file: path.relative(CLI_DIST, file), pattern: templatePattern(template)})
    }
  }

  cached = endpoints
  return endpoints
}

/** The CLI endpoint a request matches (method, host, path), or undefined. */
export function cliEndpointFor(host: CliHost, method: string, requestPath: string): CliEndpoint | undefined {
  const bare = requestPath.split('?')[0]
  return cliEndpoints().find(e => e.host === host && e.method === method && e.pattern.test(bare))
}

const OFF_SCHEMA_HOSTS = new Set<string>(['data', 'kolkrabbi', 'github'])

/** One line per logged request to the Data API, kolkrabbi or GitHub that the Heroku CLI never makes. */
export function cliEndpointViolations(entries: RequestLogEntry[]): string[] {
  const violations = new Set<string>()
  for (const entry of entries) {
    if (!OFF_SCHEMA_HOSTS.has(entry.host)) continue
    if (!cliEndpointFor(entry.host as OffSchemaHost, entry.method, entry.path)) {
      violations.add(`${entry.method} ${entry.host} ${entry.path}: the Heroku CLI (node_modules/heroku/dist) never calls this endpoint`)
    }
  }

  return [...violations]
}
