import type {Detection} from '../types.js'
import {block, render} from './render.js'

const PG_IMPORTS: Record<'pgx5' | 'pgx4' | 'pq', {path: string; driver: string}> = {
  pgx5: {path: 'github.com/jackc/pgx/v5/stdlib', driver: 'pgx'},
  pgx4: {path: 'github.com/jackc/pgx/v4/stdlib', driver: 'pgx'},
  pq: {path: 'github.com/lib/pq', driver: 'postgres'},
}
const REDIS_IMPORTS: Record<'go-redis9' | 'go-redis8', string> = {
  'go-redis9': 'github.com/redis/go-redis/v9',
  'go-redis8': 'github.com/go-redis/redis/v8',
}

/** files/go/health.go in the main package: `kitHealthHandler` is an http.HandlerFunc; a check per backing service it has a client for. */
export function goHealth(detection: Detection): string {
  const go = detection.go!
  const pg = detection.database && go.pgDriver ? PG_IMPORTS[go.pgDriver] : undefined
  const redis = detection.redis && go.redisClient ? REDIS_IMPORTS[go.redisClient] : undefined
  const std = ['encoding/json', 'net/http']
  if (pg || redis) std.push('context', 'log', 'os', 'sort', 'time')
  if (pg) std.push('database/sql')
  std.sort()
  const external: string[] = []
  if (pg) external.push(`\t_ "${pg.path}"`)
  if (redis) external.push(`\t"${redis}"`)
  external.sort((a, b) => a.replace(/^\t_ /, '\t').localeCompare(b.replace(/^\t_ /, '\t')))
  const calls: string[] = []
  if (pg) calls.push('\trun("database", os.Getenv("DATABASE_URL"), kitCheckDatabase)')
  if (redis) calls.push('\trun("redis", os.Getenv("REDIS_URL"), kitCheckRedis)')
  const functions: string[] = []
  if (pg) functions.push(render('go/check-database.go', {DRIVER: pg.driver}))
  if (redis) functions.push(render('go/check-redis.go'))
  return render('go/health.go', {
    IMPORTS: block([...std.map(p => `\t"${p}"`), ...(external.length > 0 ? ['', ...external] : [])]),
    TIMEOUT: pg || redis ? block(['const kitHealthTimeout = 3 * time.Second', '']) : '',
    RUN_CHECKS: pg || redis ? render('go/run-checks.go', {RUN_CALLS: block(calls)}) : '',
    CHECK_FUNCTIONS: functions.map(text => `\n${text}`).join(''),
  })
}

/** logging.go: JSON logs on stdout through log/slog (Go 1.21+), or the standard logger on stdout. Wired by init(). */
export function goLogging(detection: Detection): string {
  return render(detection.go!.slog ? 'go/logging-slog.go' : 'go/logging-log.go')
}
