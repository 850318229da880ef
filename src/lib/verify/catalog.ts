/**
 * What add-ons, buildpacks, config var names and dependencies count as a database, Redis, logging, monitoring,
 * a scheduler or error tracking. Service names are the Elements Marketplace slugs (`heroku addons:services`).
 */

export type AddonCategory = 'database' | 'redis' | 'logging' | 'scheduler' | 'monitoring' | 'errors'

const SERVICES: Record<AddonCategory, readonly string[]> = {
  database: ['heroku-postgresql'],
  redis: ['heroku-redis', 'heroku-key-value-store', 'rediscloud', 'redistogo', 'redisgreen', 'openredis', 'stackhero-redis'],
  logging: [
    'papertrail',
    'logentries',
    'loggly',
    'logdna',
    'mezmo',
    'coralogix',
    'sumologic',
    'logtail',
    'better-stack',
    'sematext-logsene',
    'timber-logging',
    'logzio',
    'logflare',
    'solarwinds-observability',
  ],
  scheduler: ['scheduler', 'advanced-scheduler', 'cron-to-go', 'temporize', 'process-scheduler'],
  monitoring: ['newrelic', 'scout', 'appsignal', 'librato', 'appoptics', 'blackfire', 'atatus', 'skylight', 'solarwinds-observability'],
  errors: ['sentry', 'rollbar', 'honeybadger', 'bugsnag', 'airbrake', 'raygun', 'appsignal'],
}

export const CATEGORY_LABELS: Record<AddonCategory, string> = {
  database: 'database (Heroku Postgres)',
  redis: 'Redis',
  logging: 'logging',
  scheduler: 'scheduler',
  monitoring: 'monitoring',
  errors: 'error tracking',
}

/** The plan kit:init puts in app.json for a category: what a fix suggests. */
export const SUGGESTED_PLANS: Record<AddonCategory, string> = {
  database: 'heroku-postgresql:essential-0',
  redis: 'heroku-redis:mini',
  logging: 'papertrail:choklad',
  scheduler: 'scheduler:standard',
  monitoring: 'newrelic:wayne',
  errors: 'sentry:f1',
}

export function addonCategories(service: string): AddonCategory[] {
  const name = service.toLowerCase()
  return (Object.keys(SERVICES) as AddonCategory[]).filter(category => SERVICES[category].includes(name))
}

export function isCategory(service: string, category: AddonCategory): boolean {
  return SERVICES[category].includes(service.toLowerCase())
}

/** Monitoring that is not an add-on: Datadog's buildpack and agent. */
export function monitoringBuildpack(buildpack: string): boolean {
  return /datadog/i.test(buildpack)
}

/** Config var names that show an agent is configured (names only; values are never read into the report). */
export const MONITORING_KEYS = ['DD_API_KEY', 'DATADOG_API_KEY', 'NEW_RELIC_LICENSE_KEY', 'SCOUT_KEY', 'APPSIGNAL_PUSH_API_KEY']
export const ERROR_TRACKING_KEYS = [
  'SENTRY_DSN',
  'ROLLBAR_ACCESS_TOKEN',
  'HONEYBADGER_API_KEY',
  'BUGSNAG_API_KEY',
  'AIRBRAKE_PROJECT_KEY',
  'RAYGUN_APIKEY',
  'APPSIGNAL_PUSH_API_KEY',
]

/** Error-tracking SDKs by dependency manifest: a pattern over the manifest's text and the SDK's name. */
const ERROR_SDKS: Array<{files: RegExp; pattern: RegExp}> = [
  {
    files: /^package\.json$/,
    pattern:
      /"(@sentry\/[\w-]+|raven|raven-js|rollbar|@honeybadger-io\/[\w-]+|honeybadger|@bugsnag\/[\w-]+|bugsnag|@airbrake\/[\w-]+|airbrake-js|raygun|@appsignal\/[\w-]+)"\s*:/,
  },
  {
    files: /^(requirements.*\.txt|pyproject\.toml|Pipfile)$/,
    pattern: /^\s*"?(sentry-sdk|raven|rollbar|honeybadger|bugsnag|pybrake|airbrake|raygun4py|appsignal)\b/m,
  },
  {files: /^Gemfile$/, pattern: /^\s*gem\s+["'](sentry-ruby|sentry-rails|sentry-raven|rollbar|honeybadger|bugsnag|airbrake|raygun4ruby|appsignal)["']/m},
  {
    files: /^go\.mod$/,
    pattern:
      /(github\.com\/getsentry\/sentry-go|github\.com\/rollbar\/rollbar-go|github\.com\/honeybadger-io\/honeybadger-go|github\.com\/bugsnag\/bugsnag-go|github\.com\/airbrake\/gobrake)/,
  },
]

/** The error-tracking SDK a dependency manifest names, as `file: sdk`, or undefined. */
export function errorTrackingSdk(manifests: Record<string, string>): string | undefined {
  for (const [file, text] of Object.entries(manifests)) {
    for (const sdk of ERROR_SDKS) {
      if (!sdk.files.test(file)) continue
      const match = sdk.pattern.exec(text)
      if (match) return `${file}: ${match[1]}`
    }
  }

  return undefined
}

/** Stacks past end of life (Heroku stops building on them), with the date or reason. */
export const END_OF_LIFE_STACKS: Record<string, string> = {
  'cedar-14': 'end of life since 2019',
  'heroku-16': 'end of life since 2021',
  'heroku-18': 'end of life since 2023',
  'heroku-20': 'end of life since 2025',
}

/** Stacks still supported but with an announced end of life: warn. */
export const DEPRECATED_STACKS: Record<string, string> = {
  'heroku-22': 'supported until April 2027; plan the move to heroku-24',
}
