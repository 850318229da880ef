import {type EnvSpec, GENERATED_MARKER, type Stack} from './types.js'
import {readSource, sourceFiles} from './files.js'

const EXTENSIONS: Record<Stack, string[]> = {
  node: ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.jsx', '.tsx'],
  python: ['.py'],
  ruby: ['.rb', '.ru'],
  go: ['.go'],
}

const PATTERNS: Record<Stack, RegExp[]> = {
  node: [/process\.env\.([A-Z][A-Z0-9_]*)/g, /process\.env\[\s*['"`]([A-Z][A-Z0-9_]*)['"`]\s*\]/g],
  python: [
    /os\.environ\.get\(\s*['"]([A-Z][A-Z0-9_]*)['"]/g,
    /os\.environ\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\]/g,
    /os\.getenv\(\s*['"]([A-Z][A-Z0-9_]*)['"]/g,
    /\benv(?:\.[a-z_]+)?\(\s*['"]([A-Z][A-Z0-9_]*)['"]/g,
  ],
  ruby: [/ENV\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\]/g, /ENV\.fetch\(\s*['"]([A-Z][A-Z0-9_]*)['"]/g],
  go: [/os\.(?:Getenv|LookupEnv)\(\s*"([A-Z][A-Z0-9_]*)"\s*\)/g],
}

/** Keys the platform, the buildpacks, add-ons or kit:init itself set; never declared from a code scan. */
const PLATFORM_KEYS = new Set([
  'PORT',
  'DYNO',
  'DATABASE_URL',
  'REDIS_URL',
  'REDIS_TLS_URL',
  'NODE_ENV',
  'LOG_LEVEL',
  'CI',
  'HOME',
  'PATH',
  'PWD',
  'HOSTNAME',
  'TZ',
  'LANG',
  'WEB_CONCURRENCY',
  'RAILS_ENV',
  'RACK_ENV',
  'RAILS_MAX_THREADS',
  'RAILS_MIN_THREADS',
  'PIDFILE',
  'RAILS_LOG_TO_STDOUT',
  'RAILS_SERVE_STATIC_FILES',
  'DJANGO_SETTINGS_MODULE',
  'PYTHONPATH',
  'PYTHONUNBUFFERED',
  'NEXT_RUNTIME',
  'SOURCE_VERSION',
  'GOPATH',
  'GOROOT',
  'MEMORY_AVAILABLE',
  'STACK',
  'GIN_MODE',
  'NODE_OPTIONS',
  'DEBUG',
  'VERCEL',
  'VERCEL_URL',
  'JEST_WORKER_ID',
  'PGHOST',
  'PGPORT',
  'PGUSER',
  'PGPASSWORD',
  'PGDATABASE',
  'PGSSLMODE',
  // read by the frameworks' own generated code, not by the app
  'RAILS_LOG_LEVEL',
  'RAILS_MASTER_KEY',
  'JOB_CONCURRENCY',
  'SOLID_QUEUE_IN_PUMA',
  'FLASK_APP',
  'FLASK_ENV',
  'FLASK_DEBUG',
  'NEXT_TELEMETRY_DISABLED',
])
const PLATFORM_PREFIXES = ['HEROKU_', 'PAPERTRAIL_', 'NEW_RELIC_', 'NPM_CONFIG_', 'BUNDLE_', 'GITHUB_', 'RUNNER_']

/** Secrets the app owns, for which any long random string works: Heroku generates them (app.json generator: secret). */
export const GENERATED_SECRETS = new Set([
  'SECRET_KEY',
  'SECRET_KEY_BASE',
  'SESSION_SECRET',
  'COOKIE_SECRET',
  'JWT_SECRET',
  'APP_SECRET',
  'DJANGO_SECRET_KEY',
  'FLASK_SECRET_KEY',
  'NEXTAUTH_SECRET',
  'AUTH_SECRET',
])

/** Names that hold credentials someone else issues (set per stage, never committed). */
const SECRET_NAME = /(SECRET|TOKEN|PASSWORD|PASSWD|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS|_KEY$|_DSN$|WEBHOOK)/

export function isPlatformKey(key: string): boolean {
  return PLATFORM_KEYS.has(key) || PLATFORM_PREFIXES.some(p => key.startsWith(p) && key !== p)
}

/**
 * Files of tools and frameworks, not of the app: test runners, bundlers, linters, task runners, server and
 * framework boilerplate. Env vars they read (CI flags, bundler switches, WEB_CONCURRENCY…) are not the app's config.
 */
const TOOLING_FILE = new RegExp(
  [
    String.raw`(?:^|/)(?:jest|vitest|webpack|rollup|vite|babel|postcss|tailwind|eslint|prettier)\.config\.[cm]?[jt]s$`,
    String.raw`(?:^|/)(?:playwright|cypress|karma|commitlint|lint-staged|stylelint|next|nuxt|svelte|astro|remix)\.config\.[cm]?[jt]s$`,
    String.raw`(?:^|/)(?:drizzle|ecosystem|nodemon|tsup|esbuild)\.config\.[cm]?[jt]s$`,
    String.raw`(?:^|/)\.[\w-]+rc\.[cm]?[jt]s$`,
    String.raw`(?:^|/)(?:gulpfile|gruntfile|knexfile|Gruntfile|Gulpfile)\.[cm]?[jt]s$`,
    String.raw`(?:^|/)(?:conftest|noxfile|fabfile|setup|manage|gunicorn\.conf|gunicorn_config)\.py$`,
    String.raw`(?:^|/)docs?/conf\.py$`,
    String.raw`(?:^|/)(?:alembic|migrations)/env\.py$`,
    String.raw`^config/(?:puma|boot|spring|bootsnap)\.rb$`,
    String.raw`^(?:Rakefile|Guardfile|Capfile)$`,
  ].join('|'),
)

/** Whether a source file belongs to the app's tooling or framework boilerplate rather than to the app. */
export function isToolingFile(file: string): boolean {
  return TOOLING_FILE.test(file)
}

/** The env var reads in the app's own source (tooling files skipped): key → the first file that reads it (sorted by key). */
export async function scanEnvReads(dir: string, stack: Stack, exclude: Set<string>): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  const files = await sourceFiles(dir, EXTENSIONS[stack], {exclude})
  for (const file of files) {
    if (file.endsWith('.d.ts') || isToolingFile(file)) continue
    // eslint-disable-next-line no-await-in-loop -- sequential for a deterministic "first file"
    const text = await readSource(dir, file)
    if (!text || text.includes(GENERATED_MARKER)) continue
    for (const pattern of PATTERNS[stack]) {
      for (const match of text.matchAll(pattern)) {
        const key = match[1]
        if (!found.has(key)) found.set(key, file)
      }
    }
  }

  return new Map([...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** An env declaration for a key the code reads. */
export function envFromScan(key: string, file: string): EnvSpec {
  if (GENERATED_SECRETS.has(key)) {
    return {key, kind: 'generated', description: `Random secret generated by Heroku; read by ${file}`}
  }

  if (SECRET_NAME.test(key)) {
    return {key, kind: 'secret', description: `Secret read by ${file}: set it per stage (heroku kit:config:sync), never in git`}
  }

  return {key, kind: 'optional', description: `Read by ${file}`}
}
