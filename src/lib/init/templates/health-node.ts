import type {Detection} from '../types.js'
import {block, render} from './render.js'

/** The module system of the generated file: `import` (ESM), `require` (CommonJS) or TypeScript (NestJS, with `require` too). */
type ModuleType = 'esm' | 'cjs' | 'ts'

function imports(detection: Detection, module: ModuleType): string[] {
  const node = detection.node!
  const lines: string[] = []
  const pg = detection.database && node.pgClient === 'pg'
  const redis = detection.redis ? node.redisClient : undefined
  if (module === 'esm') {
    if (pg) lines.push("import pg from 'pg'")
    if (redis === 'redis') lines.push("import {createClient} from 'redis'")
    if (redis === 'ioredis') lines.push("import Redis from 'ioredis'")
  } else {
    // TypeScript (NestJS) uses require too: no @types packages needed for the clients
    const decl = module === 'ts' ? '// eslint-disable-next-line @typescript-eslint/no-require-imports\n' : ''
    if (pg) lines.push(`${decl}const pg = require('pg')`)
    if (redis === 'redis') lines.push(`${decl}const {createClient} = require('redis')`)
    if (redis === 'ioredis') lines.push(`${decl}const Redis = require('ioredis')`)
  }

  return lines
}

/**
 * The values of the framework-independent part (files/node/health-core.js, or health.controller.ts for NestJS):
 * `healthReport()` resolves to `{code, body}`, with a check per backing service the app has a client for.
 */
function coreValues(detection: Detection, module: ModuleType): Record<string, string> {
  const node = detection.node!
  const ext = module === 'ts' ? 'ts' : 'js'
  const functions: string[] = []
  const checks: string[] = []
  if (detection.database && node.pgClient === 'pg') {
    checks.push("    run('database', process.env.DATABASE_URL, checkDatabase),")
    functions.push(render(`node/check-database-pg.${ext}`))
  }

  if (detection.redis && (node.redisClient === 'redis' || node.redisClient === 'ioredis')) {
    checks.push("    run('redis', process.env.REDIS_URL, checkRedis),")
    functions.push(render(`node/check-redis-${node.redisClient}.${ext}`))
  }

  return {
    IMPORTS: block(imports(detection, module)),
    CHECK_FUNCTIONS: functions.map(text => `${text}\n`).join(''),
    RUN_CHECKS: block(checks.length > 0 ? ['  await Promise.all([', ...checks, '  ])'] : ['  void run']),
  }
}

/** A JavaScript health file: the core, then `endpoint` (files/node/endpoint-NAME.js) filled with `values`. */
function javascriptHealth(detection: Detection, module: 'esm' | 'cjs', endpoint: string, values: Record<string, string> = {}): string {
  return render('node/health-core.js', {
    ...coreValues(detection, module),
    PRELUDE: module === 'cjs' ? block(["'use strict'", '']) : '',
    ENDPOINT: render(`node/endpoint-${endpoint}.js`, values),
  })
}

/** The line that exports `name` as the module's default export. */
function exportDefault(module: 'esm' | 'cjs', name: string): string {
  return block([module === 'esm' ? `export default ${name}` : `module.exports = ${name}`])
}

function moduleType(detection: Detection): 'esm' | 'cjs' {
  return detection.node!.moduleType === 'module' ? 'esm' : 'cjs'
}

/** Express handler: `app.get('/health', handler)`. */
export function expressHealth(detection: Detection): string {
  const module = moduleType(detection)
  return javascriptHealth(detection, module, 'express', {EXPORT: exportDefault(module, 'health')})
}

/** Fastify plugin: `app.register(plugin)` adds GET /health. */
export function fastifyHealth(detection: Detection): string {
  const module = moduleType(detection)
  return javascriptHealth(detection, module, 'fastify', {EXPORT: exportDefault(module, 'healthPlugin')})
}

/** Next.js route handler (app router) or API route (pages router). */
export function nextHealth(detection: Detection): string {
  return javascriptHealth(detection, 'esm', detection.node!.nextRoutes?.router === 'pages' ? 'next-pages' : 'next-app')
}

/** NestJS controller: add HealthController to a module's controllers. */
export function nestHealth(detection: Detection): string {
  return render('node/health.controller.ts', coreValues(detection, 'ts'))
}

/** Plain Node.js (http.createServer or any framework whose response is an http.ServerResponse). */
export function nodeHealth(detection: Detection): string {
  const module = moduleType(detection)
  return javascriptHealth(detection, module, 'node', {EXPORT: exportDefault(module, 'health')})
}
