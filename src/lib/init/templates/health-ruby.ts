import type {Detection} from '../types.js'
import {block, render} from './render.js'

const ACTIVE_RECORD_CHECK = '    check("database", defined?(ActiveRecord::Base), checks, failing) { ActiveRecord::Base.connection.select_value("SELECT 1") }'
const REDIS_CHECK = '    check("redis", ENV["REDIS_URL"].to_s != "", checks, failing) { redis_ping }'

/** Rails: app/controllers/health_controller.rb, routed with `get "/health", to: "health#show"`. */
export function railsHealth(detection: Detection): string {
  const checks: string[] = []
  if (detection.database) checks.push(ACTIVE_RECORD_CHECK)
  if (detection.redis) checks.push(REDIS_CHECK)
  return render('ruby/health_controller.rb', {
    CHECKS: block(checks),
    PING_METHODS: detection.redis ? `\n${render('ruby/redis_ping.rb', {RECEIVER: ''})}` : '',
  })
}

/** Sinatra: health.rb, wired with `require_relative "health"` and `register HealthCheck`. */
export function sinatraHealth(detection: Detection): string {
  const ruby = detection.ruby!
  const checks: string[] = []
  const pings: string[] = []
  if (detection.database && ruby.pg) {
    checks.push('    check("database", ENV["DATABASE_URL"].to_s != "", checks, failing) { database_ping }')
    pings.push(render('ruby/database_ping.rb', {RECEIVER: 'self.'}))
  } else if (detection.database) {
    checks.push(ACTIVE_RECORD_CHECK)
  }

  if (detection.redis) {
    checks.push(REDIS_CHECK)
    pings.push(render('ruby/redis_ping.rb', {RECEIVER: 'self.'}))
  }

  return render('ruby/health.rb', {CHECKS: block(checks), PING_METHODS: pings.map(text => `\n${text}`).join('')})
}

/** Rails: a stdout logger for config/environments/production.rb. */
export function railsLogging(): string {
  return render('ruby/heroku_logging.rb')
}

/** Sinatra: a stdout LOGGER for Rack::CommonLogger. */
export function sinatraLogging(): string {
  return render('ruby/logging.rb')
}
