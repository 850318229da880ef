import {Ajv, type ValidateFunction} from 'ajv'

import type {RequestLogEntry} from 'heroku-emulator'
import {cliEndpointViolations} from './cli-endpoints.js'
import {readSchema} from './schemas.js'

interface Link {
  href: string
  method: string
  title?: string
  schema?: unknown
}

interface CompiledLink {
  method: string
  pattern: RegExp
  href: string
  validate?: ValidateFunction
}

let compiled: CompiledLink[] | undefined

function loadLinks(): CompiledLink[] {
  if (compiled) return compiled
  const schema = readSchema('platform') as {definitions: Record<string, {links?: Link[]}>}
  const ajv = new Ajv({strict: false, validateFormats: false, allErrors: true, unicodeRegExp: false})
  const document = {...schema} as Record<string, unknown>
  delete document.$schema
  delete document.id
  ajv.addSchema(document, 'platform')
  compiled = []
  for (const definition of Object.values(schema.definitions)) {
    for (const link of definition.links ?? []) {
      const href = decodeURIComponent(link.href)
      const pattern = new RegExp(`^${href.replaceAll(/\{\([^)]*\)\}/g, '[^/]+').replaceAll('~', '\\~')}$`)
      const validate = link.schema ? ajv.compile(JSON.parse(JSON.stringify(link.schema).replaceAll('"#/definitions', '"platform#/definitions'))) : undefined
      compiled.push({method: link.method, pattern, href, validate})
    }
  }

  return compiled
}

/** The schema's links as `METHOD /href` (hrefs decoded, `{(…)}` parameters kept), for the other contract checks. */
export function platformLinks(): Array<{method: string; href: string; pattern: RegExp}> {
  return loadLinks().map(({method, href, pattern}) => ({method, href, pattern}))
}

/**
 * Checks Platform API requests against Heroku's published schema: the method and path must be a link of the
 * schema, the body must validate against the link's request schema, and Accept must be version 3 (or a variant).
 * Returns one line per violation.
 */
export function contractViolations(entries: RequestLogEntry[]): string[] {
  const links = loadLinks()
  const violations: string[] = []
  for (const entry of entries) {
    if (entry.host !== 'platform') continue
    const candidates = links.filter(l => l.method === entry.method && l.pattern.test(entry.path))
    const where = `${entry.method} ${entry.path}`
    if (candidates.length === 0) {
      violations.push(`${where}: no such endpoint in the Platform API schema`)
      continue
    }

    if (!/^application\/vnd\.heroku\+json; version=3(\.[a-z-]+)?$/.test(entry.headers.accept ?? '')) {
      violations.push(`${where}: Accept ${entry.headers.accept ?? '(none)'} is not version 3`)
    }

    const withSchema = candidates.filter(c => c.validate)
    if (withSchema.length === 0 || entry.body === undefined) continue
    const errors = withSchema.map(c => (c.validate!(entry.body) ? undefined : `${c.href}: ${JSON.stringify(c.validate!.errors?.slice(0, 3))}`))
    if (errors.every(Boolean)) violations.push(`${where}: body ${JSON.stringify(entry.body).slice(0, 200)} does not match the schema: ${errors.join('; ')}`)
  }

  return violations
}

/** Requests sent by heroku-kit itself (not by the Heroku CLI around it). */
export function pluginRequests(entries: RequestLogEntry[]): RequestLogEntry[] {
  return entries.filter(e => (e.headers['user-agent'] ?? '').startsWith('heroku-kit/'))
}

/**
 * Both contracts over the requests heroku-kit itself sent: Platform API requests against the published schema,
 * Data API / kolkrabbi / GitHub requests against the calls the real Heroku CLI makes (cli-endpoints.ts).
 */
export function pluginContractViolations(entries: RequestLogEntry[]): string[] {
  const plugin = pluginRequests(entries)
  return [...contractViolations(plugin), ...cliEndpointViolations(plugin)]
}
