import path from 'node:path'

import {exists} from '../../fs.js'
import {list, readOptional, readSource, sourceFiles} from '../files.js'
import {type GoMod, parseGoMod} from '../manifests.js'
import type {GoDetails} from '../types.js'
import {type Built, type Detector, Findings, type StackProbe} from './detector.js'

/** Go: go.mod and a main package (in the root or cmd/NAME); the router from go.mod's requirements. */
export const goDetector: Detector = {
  stack: 'go',
  manifests: ['go.mod'],
  probe,
  noFramework: dir => `go.mod is in ${dir} but there is no main package (a .go file with \`package main\` in the root or cmd/NAME/main.go)`,
}

async function goMainDir(dir: string): Promise<string | undefined> {
  for (const file of (await list(dir)).filter(f => f.endsWith('.go') && !f.endsWith('_test.go'))) {
    // eslint-disable-next-line no-await-in-loop -- first match wins, in name order
    if (/^package\s+main\b/m.test((await readSource(dir, file)) ?? '')) return '.'
  }

  for (const sub of await list(dir, 'cmd')) {
    // eslint-disable-next-line no-await-in-loop -- first match wins, in name order
    if (sub !== 'worker' && sub !== 'migrate' && (await exists(dir, `cmd/${sub}/main.go`))) return `cmd/${sub}`
  }

  return undefined
}

async function probe(dir: string): Promise<StackProbe | undefined> {
  const text = await readOptional(dir, 'go.mod')
  if (text === undefined) return undefined
  const mod = parseGoMod(text)
  const mainDir = await goMainDir(dir)
  return {
    stack: 'go',
    manifests: ['go.mod'],
    framework: mainDir ? 'go' : undefined,
    frameworkSignal: mainDir ? `go.mod module ${mod.module} with a main package in ${mainDir === '.' ? 'the root' : mainDir}` : undefined,
    web: Boolean(mainDir),
    build: (_framework, signals) => buildGo(dir, mod, mainDir, signals),
  }
}

async function buildGo(dir: string, mod: GoMod, mainDir: string | undefined, signals: string[]): Promise<Built> {
  const findings = new Findings(signals)
  const {warnings} = findings
  const req = new Set(mod.requires)
  const find = (...names: string[]): string | undefined => names.find(n => req.has(n) || [...req].some(r => r.startsWith(`${n}/`)))
  const binary = mainDir && mainDir !== '.' ? path.posix.basename(mainDir) : path.posix.basename(mod.module)
  const router: GoDetails['router'] = find('github.com/gin-gonic/gin')
    ? 'gin'
    : find('github.com/labstack/echo/v4')
      ? 'echo'
      : find('github.com/go-chi/chi/v5', 'github.com/go-chi/chi')
        ? 'chi'
        : find('github.com/gorilla/mux')
          ? 'gorilla'
          : 'net/http'
  const [major, minor] = (mod.goVersion ?? '0.0').split('.').map(Number)
  const details: GoDetails = {
    module: mod.module,
    binary,
    mainDir: mainDir ?? '.',
    goVersion: mod.goVersion,
    router,
    slog: major > 1 || (major === 1 && minor >= 21),
  }
  if (router !== 'net/http') signals.push(`router: ${router}`)
  if (mainDir && mainDir !== '.') {
    warnings.push(`The main package is in ${mainDir}: add \`// +heroku install ./${mainDir}\` to go.mod so the Go buildpack builds bin/${binary}.`)
  }

  const pg = find(
    'github.com/jackc/pgx/v5',
    'github.com/jackc/pgx/v4',
    'github.com/lib/pq',
    'gorm.io/driver/postgres',
    'github.com/uptrace/bun/dialect/pgdialect',
  )
  if (find('github.com/jackc/pgx/v5') || find('gorm.io/driver/postgres')) details.pgDriver = 'pgx5'
  else if (find('github.com/jackc/pgx/v4')) details.pgDriver = 'pgx4'
  else if (find('github.com/lib/pq')) details.pgDriver = 'pq'
  if (pg) findings.needsDatabase(`go.mod: ${pg}`)
  if (findings.database && !details.pgDriver) warnings.push('The generated health check skips the database: it knows pgx and lib/pq.')

  const redisMod = find('github.com/redis/go-redis/v9', 'github.com/go-redis/redis/v8', 'github.com/gomodule/redigo', 'github.com/hibiken/asynq')
  if (find('github.com/redis/go-redis/v9')) details.redisClient = 'go-redis9'
  else if (find('github.com/go-redis/redis/v8')) details.redisClient = 'go-redis8'
  if (redisMod) findings.needsRedis(`go.mod: ${redisMod}`)

  const queue = find('github.com/hibiken/asynq', 'github.com/riverqueue/river', 'github.com/RichardKnop/machinery/v2', 'github.com/gocraft/work')
  if (queue || (await exists(dir, 'cmd/worker/main.go'))) {
    const separate = await exists(dir, 'cmd/worker/main.go')
    if (!separate) {
      warnings.push(
        `The Procfile runs \`bin/${binary} worker\`: make the binary start the ${queue} worker when its first argument is "worker" (or add cmd/worker).`,
      )
    }

    findings.needsWorker({via: queue ? `go.mod: ${queue}` : 'cmd/worker/', command: separate ? 'bin/worker' : `bin/${binary} worker`})
  }

  const migrator = find('github.com/pressly/goose/v3', 'github.com/golang-migrate/migrate/v4', 'ariga.io/atlas', 'github.com/rubenv/sql-migrate')
  if (migrator || (await exists(dir, 'cmd/migrate/main.go'))) {
    const separate = await exists(dir, 'cmd/migrate/main.go')
    if (!separate) {
      warnings.push(
        `The release phase runs \`bin/${binary} migrate\`: make the binary run its migrations and exit when its first argument is "migrate" (or add cmd/migrate).`,
      )
    }

    findings.needsMigrations({via: migrator ? `go.mod: ${migrator}` : 'cmd/migrate/', command: separate ? 'bin/migrate' : `bin/${binary} migrate`})
  }

  const web = `bin/${binary}`
  signals.push(`web → ${web} (the Go buildpack installs the main package into bin/)`)
  const mainSource = await sourceFiles(dir, ['.go'], {depth: mainDir === '.' ? 0 : 2})
  let readsPort = false
  for (const file of mainSource) {
    // eslint-disable-next-line no-await-in-loop -- small
    if (/Getenv\(\s*"PORT"\s*\)|LookupEnv\(\s*"PORT"\s*\)/.test((await readSource(dir, file)) ?? '')) readsPort = true
  }

  if (!readsPort) warnings.push('The Go code never reads os.Getenv("PORT"): Heroku routes traffic to $PORT, so listen on it.')
  if (router === 'gin') findings.env.push({key: 'GIN_MODE', kind: 'value', value: 'release', localValue: 'debug', description: 'Gin mode'})
  return findings.built({name: binary, web: {command: web}, testCommand: 'go test ./...', buildpacks: ['heroku/go'], go: details})
}
