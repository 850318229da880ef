/** The language runtimes `kit:init` knows. */
export const STACKS = ['node', 'python', 'ruby', 'go'] as const
export type Stack = (typeof STACKS)[number]

/** Web frameworks, per stack. `node` is a Node.js app without a known framework (it has a start script). */
export const FRAMEWORKS = {
  express: 'node',
  fastify: 'node',
  next: 'node',
  nestjs: 'node',
  django: 'python',
  flask: 'python',
  fastapi: 'python',
  rails: 'ruby',
  sinatra: 'ruby',
  go: 'go',
} as const satisfies Record<string, Stack>
export type KnownFramework = keyof typeof FRAMEWORKS
export type Framework = KnownFramework | 'node'

/** What `--stack` accepts: a language (detect the framework within it) or a framework (use it). */
export const STACK_CHOICES: readonly string[] = [...STACKS, ...Object.keys(FRAMEWORKS).filter(f => f !== 'go')]

export const FRAMEWORK_LABELS: Record<Framework, string> = {
  express: 'Express',
  fastify: 'Fastify',
  next: 'Next.js',
  nestjs: 'NestJS',
  node: 'Node.js (no known framework)',
  django: 'Django',
  flask: 'Flask',
  fastapi: 'FastAPI',
  rails: 'Rails',
  sinatra: 'Sinatra',
  go: 'Go',
}

export const STACK_LABELS: Record<Stack, string> = {node: 'Node.js', python: 'Python', ruby: 'Ruby', go: 'Go'}

/** A dependency-driven feature and what decided it. */
export interface Feature {
  /** the dependency or file that decided it, e.g. `pg` or `db/migrate/` */
  via: string
}

export interface CommandFeature extends Feature {
  /** the Procfile command */
  command: string
}

/**
 * A config var the app reads. `generated`: a secret Heroku generates (app.json `generator: secret`);
 * `secret`: a secret the user must set per stage; `value`: a non-secret default; `optional`: read by the code,
 * no default.
 */
export interface EnvSpec {
  key: string
  kind: 'generated' | 'secret' | 'value' | 'optional'
  description: string
  value?: string
  /** staging/production values when they differ from `value` (non-secret only) */
  stageValues?: {staging?: string; production?: string}
  /** local-development value for .env.example (never a secret) */
  localValue?: string
}

export interface NodeDetails {
  packageManager: 'npm' | 'yarn' | 'pnpm'
  lockfile: boolean
  moduleType: 'module' | 'commonjs'
  typescript: boolean
  scripts: Record<string, string>
  nodeVersion?: string
  pgClient?: 'pg'
  redisClient?: 'redis' | 'ioredis'
  /** the file the web process runs (express/fastify/generic) */
  entry?: string
  /** Next.js: where route handlers live (`app`, `src/app`) or `pages` for the pages router */
  nextRoutes?: {router: 'app' | 'pages'; dir: string}
}

export interface PythonDetails {
  manager: 'pip' | 'pipenv' | 'poetry' | 'uv'
  /** `module:variable` of the WSGI/ASGI app (Flask, FastAPI), or the Django project package */
  appModule?: string
  appVariable?: string
  djangoProject?: string
  /** directory (relative) of the Python package/module the generated files go next to */
  sourceDir: string
  pgDriver?: 'psycopg' | 'psycopg2'
  redisLib: boolean
  gunicorn: boolean
  uvicorn: boolean
  pytest: boolean
}

export interface RubyDetails {
  appName?: string
  pg: boolean
  redisGem: boolean
  puma: boolean
  rspec: boolean
  rakefile: boolean
  /** Sinatra: the file that defines the app (`app.rb`) */
  appFile?: string
}

export interface GoDetails {
  module: string
  binary: string
  /** directory of the main package, relative ('.' or cmd/NAME) */
  mainDir: string
  goVersion?: string
  pgDriver?: 'pgx5' | 'pgx4' | 'pq'
  redisClient?: 'go-redis9' | 'go-redis8'
  router: 'net/http' | 'gin' | 'echo' | 'chi' | 'gorilla'
  slog: boolean
}

export interface Detection {
  stack: Stack
  framework: Framework
  /** project name from the manifest (package.json name, pyproject name, Go module…) or the directory */
  name: string
  description?: string
  /** why: one line per piece of evidence, in the order it was found */
  signals: string[]
  /** things the user should fix or know (not errors) */
  warnings: string[]
  database?: Feature
  redis?: Feature
  worker?: CommandFeature
  migrations?: CommandFeature
  web: {command: string}
  /** what CI runs as tests (also app.json environments.test scripts.test) */
  testCommand: string
  /** registry names in order (a Node buildpack first for Ruby/Python apps that also build assets) */
  buildpacks: string[]
  healthPath: string
  env: EnvSpec[]
  node?: NodeDetails
  python?: PythonDetails
  ruby?: RubyDetails
  go?: GoDetails
}

/** One file `kit:init` wants in the repository. */
export interface GeneratedFile {
  /** POSIX path relative to the repository root */
  path: string
  content: string
  /** `append`: add missing lines to an existing file (.gitignore) instead of replacing it */
  mode?: 'replace' | 'append'
  /** what it is for, one line */
  purpose: string
}

/** A line the user adds to wire a generated file in (health endpoint, logging). */
export interface WiringHint {
  /** the generated file */
  file: string
  /** where the line goes */
  where: string
  lines: string[]
}

export interface InitOptions {
  /** --stack: a language or a framework */
  stack?: string
  /** --pipeline */
  pipeline?: string
}
