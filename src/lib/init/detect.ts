import {stat} from 'node:fs/promises'
import path from 'node:path'

import {KitError} from '../errors.js'
import {exists} from '../fs.js'
import {readContainerSetup} from './container.js'
import {envFromScan, isPlatformKey, scanEnvReads} from './env-scan.js'
import {isDirectory, list, readOptional, readSource, sourceFiles} from './files.js'
import {procfileTypes as procfileTypesOf} from './merge.js'
import {type GoMod, type PackageJson, type PythonProject, parseGemfile, parseGoMod, parsePackageJson, parsePipfile, parsePyproject, parseRequirements} from './manifests.js'
import {
  type CommandFeature, type Detection, type EnvSpec, type Feature, FRAMEWORK_LABELS, FRAMEWORKS, type Framework, type GoDetails,
  type KnownFramework, type NodeDetails, type PythonDetails, type RubyDetails, STACK_CHOICES, STACK_LABELS, STACKS, type Stack,
} from './types.js'

/** Manifests per stack, in the order they are reported. */
const MANIFESTS: Record<Stack, string[]> = {
  node: ['package.json'],
  python: ['requirements.txt', 'pyproject.toml', 'Pipfile'],
  ruby: ['Gemfile'],
  go: ['go.mod'],
}

/** Parsed manifests of one stack and the web framework they name, before any choice is made. */
interface Probe {
  stack: Stack
  manifests: string[]
  framework?: Framework
  /** why that framework (e.g. `package.json dependencies: express`) */
  frameworkSignal?: string
  /** a web framework (not just a generic Node.js app or tooling) */
  web: boolean
  node?: {pkg: PackageJson}
  python?: {deps: Set<string>; dev: Set<string>; project: PythonProject; files: string[]}
  ruby?: {gems: Set<string>}
  go?: {mod: GoMod; mainDir?: string}
}

function has(set: Set<string>, ...names: string[]): string | undefined {
  return names.find(n => set.has(n))
}

async function probeNode(dir: string): Promise<Probe | undefined> {
  const text = await readOptional(dir, 'package.json')
  if (text === undefined) return undefined
  const pkg = parsePackageJson(text)
  const deps = pkg.dependencies
  const order: Array<[KnownFramework, string[]]> = [['next', ['next']], ['nestjs', ['@nestjs/core']], ['fastify', ['fastify']], ['express', ['express']]]
  for (const [framework, names] of order) {
    const name = names.find(n => n in deps)
    if (name) return {stack: 'node', manifests: ['package.json'], framework, frameworkSignal: `package.json dependencies: ${name}`, web: true, node: {pkg}}
  }

  const generic = pkg.scripts.start !== undefined
  return {stack: 'node', manifests: ['package.json'], framework: generic ? 'node' : undefined, frameworkSignal: generic ? 'package.json scripts.start' : undefined, web: false, node: {pkg}}
}

async function probePython(dir: string): Promise<Probe | undefined> {
  const found: string[] = []
  const deps = new Set<string>()
  const dev = new Set<string>()
  let project: PythonProject = {dependencies: [], devDependencies: []}
  const requirements = await readOptional(dir, 'requirements.txt')
  if (requirements !== undefined) {
    found.push('requirements.txt')
    for (const n of parseRequirements(requirements)) deps.add(n)
  }

  const pyproject = await readOptional(dir, 'pyproject.toml')
  if (pyproject !== undefined) {
    found.push('pyproject.toml')
    project = parsePyproject(pyproject)
    for (const n of project.dependencies) deps.add(n)
    for (const n of project.devDependencies) dev.add(n)
  }

  const pipfile = await readOptional(dir, 'Pipfile')
  if (pipfile !== undefined) {
    found.push('Pipfile')
    const parsed = parsePipfile(pipfile)
    for (const n of parsed.dependencies) deps.add(n)
    for (const n of parsed.devDependencies) dev.add(n)
  }

  for (const extra of ['requirements-dev.txt', 'requirements/dev.txt', 'requirements-test.txt']) {
    // eslint-disable-next-line no-await-in-loop -- a few optional files, in order
    const text = await readOptional(dir, extra)
    if (text !== undefined) for (const n of parseRequirements(text)) dev.add(n)
  }

  if (found.length === 0) return undefined
  const manifest = found.join(', ')
  const order: Array<[KnownFramework, string]> = [['django', 'django'], ['fastapi', 'fastapi'], ['flask', 'flask']]
  for (const [framework, name] of order) {
    if (deps.has(name)) return {stack: 'python', manifests: found, framework, frameworkSignal: `${manifest}: ${name}`, web: true, python: {deps, dev, project, files: found}}
  }

  return {stack: 'python', manifests: found, web: false, python: {deps, dev, project, files: found}}
}

async function probeRuby(dir: string): Promise<Probe | undefined> {
  const text = await readOptional(dir, 'Gemfile')
  if (text === undefined) return undefined
  const gems = new Set(parseGemfile(text))
  const rails = has(gems, 'rails', 'railties')
  if (rails) return {stack: 'ruby', manifests: ['Gemfile'], framework: 'rails', frameworkSignal: `Gemfile: ${rails}`, web: true, ruby: {gems}}
  if (gems.has('sinatra')) return {stack: 'ruby', manifests: ['Gemfile'], framework: 'sinatra', frameworkSignal: 'Gemfile: sinatra', web: true, ruby: {gems}}
  return {stack: 'ruby', manifests: ['Gemfile'], web: false, ruby: {gems}}
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

async function probeGo(dir: string): Promise<Probe | undefined> {
  const text = await readOptional(dir, 'go.mod')
  if (text === undefined) return undefined
  const mod = parseGoMod(text)
  const mainDir = await goMainDir(dir)
  return {
    stack: 'go', manifests: ['go.mod'], framework: mainDir ? 'go' : undefined,
    frameworkSignal: mainDir ? `go.mod module ${mod.module} with a main package in ${mainDir === '.' ? 'the root' : mainDir}` : undefined,
    web: Boolean(mainDir), go: {mod, mainDir},
  }
}

const PROBES: Record<Stack, (dir: string) => Promise<Probe | undefined>> = {node: probeNode, python: probePython, ruby: probeRuby, go: probeGo}

function stackOf(choice: string): {stack: Stack; framework?: KnownFramework} {
  if ((STACKS as readonly string[]).includes(choice)) return {stack: choice as Stack}
  return {stack: FRAMEWORKS[choice as KnownFramework], framework: choice as KnownFramework}
}

/** Parses `--stack`; an unknown value is an error listing the choices. */
export function parseStackChoice(value: string | undefined): {stack: Stack; framework?: KnownFramework} | undefined {
  if (value === undefined) return undefined
  const choice = value.trim().toLowerCase()
  const aliases: Record<string, string> = {nodejs: 'node', 'node.js': 'node', js: 'node', nextjs: 'next', 'next.js': 'next', nest: 'nestjs', golang: 'go', py: 'python', rb: 'ruby'}
  const resolved = aliases[choice] ?? choice
  if (!STACK_CHOICES.includes(resolved)) {
    throw new KitError(`Unknown stack "${value}". Choose one of: ${STACK_CHOICES.join(', ')}.`, {
      code: 'unknown_stack',
      suggestion: 'A language (node, python, ruby, go) detects the framework within it; a framework name (e.g. flask) uses that framework.',
    })
  }

  return stackOf(resolved)
}

/**
 * What the app in `dir` is: stack, framework and what its dependencies need (database, Redis, worker, migrations),
 * with one line of evidence per decision. Reads only; throws a KitError for anything that stops generation
 * (not an app, conflicting stacks, unreadable or invalid manifests).
 */
export async function detect(dir: string, options: {stack?: string; exclude?: Set<string>} = {}): Promise<Detection> {
  const override = parseStackChoice(options.stack)
  let info
  try {
    info = await stat(dir)
  } catch {
    throw new KitError(`${dir} does not exist.`, {code: 'not_a_directory'})
  }

  if (!info.isDirectory()) throw new KitError(`${dir} is not a directory.`, {code: 'not_a_directory'})

  const stacks = override ? [override.stack] : [...STACKS]
  const probes: Probe[] = []
  for (const stack of stacks) {
    // eslint-disable-next-line no-await-in-loop -- in order, so the first unreadable manifest is the one reported
    const probe = await PROBES[stack](dir)
    if (probe) probes.push(probe)
  }

  const signals: string[] = []
  let chosen: Probe
  let framework: Framework
  if (override) {
    const probe = probes[0]
    if (!probe) {
      throw new KitError(`--stack ${options.stack}: there is no ${MANIFESTS[override.stack].join(', ')} in ${dir}, so this is not a ${STACK_LABELS[override.stack]} app.`, {
        code: 'not_an_app', suggestion: `Run kit:init in the app's root directory (or pass --dir).`,
      })
    }

    chosen = probe
    signals.push(`--stack ${options.stack}: ${STACK_LABELS[override.stack]} (${probe.manifests.join(', ')})`)
    if (override.framework) {
      framework = override.framework
      signals.push(`framework ${FRAMEWORK_LABELS[framework]} from --stack${probe.framework && probe.framework !== framework ? ` (the manifests suggested ${FRAMEWORK_LABELS[probe.framework]})` : ''}`)
    } else if (probe.framework) {
      framework = probe.framework
      signals.push(`framework ${FRAMEWORK_LABELS[framework]}: ${probe.frameworkSignal}`)
    } else {
      throw noFramework(probe, dir)
    }
  } else {
    const web = probes.filter(p => p.web)
    if (web.length > 1) {
      throw new KitError(`Conflicting stacks in ${dir}: ${web.map(p => `${STACK_LABELS[p.stack]} with ${FRAMEWORK_LABELS[p.framework!]} (${p.frameworkSignal})`).join(' and ')}. kit:init generates the files for one app.`, {
        code: 'conflicting_stacks',
        suggestion: `Pass --stack ${web.map(p => p.stack).join(' or --stack ')} to choose. Nothing was written.`,
      })
    }

    if (web.length === 1) {
      chosen = web[0]
    } else {
      const generic = probes.filter(p => p.framework)
      if (generic.length === 1) {
        chosen = generic[0]
      } else if (probes.length === 0) {
        throw new KitError(`${dir} doesn't look like an app: none of package.json, requirements.txt, pyproject.toml, Pipfile, Gemfile or go.mod is there.`, {
          code: 'not_an_app', suggestion: `Run kit:init in the app's root directory (or pass --dir DIR). Nothing was written.`,
        })
      } else if (probes.length === 1) {
        throw noFramework(probes[0], dir)
      } else {
        throw new KitError(`Can't tell which app this is: ${probes.map(p => `${p.manifests.join(', ')} (${STACK_LABELS[p.stack]})`).join(' and ')} are here, none with a known web framework.`, {
          code: 'conflicting_stacks', suggestion: `Pass --stack ${probes.map(p => p.stack).join(' or --stack ')}. Nothing was written.`,
        })
      }
    }

    framework = chosen.framework!
    signals.push(`${STACK_LABELS[chosen.stack]}: ${chosen.manifests.join(', ')}`, `framework ${FRAMEWORK_LABELS[framework]}: ${chosen.frameworkSignal}`)
    for (const other of probes.filter(p => p !== chosen)) {
      signals.push(`${other.manifests.join(', ')} present without a web framework: treated as tooling for the ${STACK_LABELS[chosen.stack]} app`)
    }
  }

  const exclude = options.exclude ?? new Set<string>()
  const builders: Record<Stack, () => Promise<Partial<Detection> & Pick<Detection, 'web' | 'name' | 'testCommand'>>> = {
    node: () => buildNode(dir, chosen, framework, signals),
    python: () => buildPython(dir, chosen, framework, signals),
    ruby: () => buildRuby(dir, chosen, framework, signals),
    go: () => buildGo(dir, chosen, signals),
  }
  const warnings: string[] = []
  const built = await builders[chosen.stack]()
  warnings.push(...(built.warnings ?? []))

  // env: framework defaults first, then what the code reads
  const env = new Map<string, EnvSpec>()
  for (const spec of built.env ?? []) env.set(spec.key, spec)
  const scanned = await scanEnvReads(dir, chosen.stack, exclude)
  for (const [key, file] of scanned) {
    if (!env.has(key) && !isPlatformKey(key)) env.set(key, envFromScan(key, file))
  }

  // only the app's own config: keys the platform, buildpacks or add-ons set (PORT, DATABASE_URL…) are not listed
  const own = [...scanned.keys()].filter(key => !isPlatformKey(key))
  if (own.length > 0) signals.push(`config vars the app's code reads: ${own.join(', ')}`)
  env.set('LOG_LEVEL', {key: 'LOG_LEVEL', kind: 'value', value: 'info', stageValues: {staging: 'debug'}, localValue: 'debug', description: 'Log verbosity of the stdout logger (debug, info, warn, error)'})

  let buildpacks = [...(built.buildpacks ?? [])]
  const otherNode = chosen.stack !== 'node' && probes.some(p => p.stack === 'node')
  if (otherNode && (await exists(dir, 'package.json'))) {
    buildpacks.unshift('heroku/nodejs')
    signals.push('package.json next to the app: the Node.js buildpack runs first (asset build)')
  }

  const container = await readContainerSetup(dir)
  if (container) {
    buildpacks = []
    signals.push(`container stack: ${container.file} (processes ${container.processes.join(', ') || 'none'}${container.release ? ', release phase' : ''}): Docker builds, no buildpacks, no Procfile`)
    if (!container.processes.includes('web')) warnings.push(`${container.file} declares no web process (build.docker.web or run.web): the app gets no HTTP traffic.`)
    if (built.worker && !container.processes.includes('worker')) warnings.push(`${built.worker.via} needs a worker process, which ${container.file} does not declare: add it under run: (e.g. worker: ${built.worker.command}).`)
    if (built.migrations && !container.release) warnings.push(`${container.file} has no release section: add one to run migrations before each release (release: {image: web, command: [${built.migrations.command}]}).`)
  }

  const procfileText = container ? undefined : await readOptional(dir, 'Procfile')
  const procfileTypes = procfileText === undefined ? undefined : [...procfileTypesOf(procfileText).keys()]
  if (procfileTypes) signals.push(`Procfile present (${procfileTypes.join(', ') || 'no process types'}): kept as written, missing process types added`)

  return {
    stack: chosen.stack,
    framework,
    name: built.name,
    description: built.description,
    signals: [...new Set([...signals, ...(built.signals ?? [])])],
    warnings,
    database: built.database,
    redis: built.redis,
    worker: built.worker,
    migrations: built.migrations,
    web: built.web,
    testCommand: built.testCommand,
    buildpacks,
    healthPath: built.healthPath ?? '/health',
    env: sortEnv([...env.values()]),
    ...(container ? {container} : {}),
    ...(procfileTypes ? {procfileTypes} : {}),
    node: built.node,
    python: built.python,
    ruby: built.ruby,
    go: built.go,
  }
}

const KIND_ORDER: Record<EnvSpec['kind'], number> = {value: 0, generated: 1, secret: 2, optional: 3}
function sortEnv(env: EnvSpec[]): EnvSpec[] {
  return env.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

function noFramework(probe: Probe, dir: string): KitError {
  const choices: Record<Stack, string> = {node: 'express, fastify, next, nestjs', python: 'django, flask, fastapi', ruby: 'rails, sinatra', go: 'go'}
  const what = probe.stack === 'go' ? `go.mod is in ${dir} but there is no main package (a .go file with \`package main\` in the root or cmd/NAME/main.go)`
    : probe.stack === 'node' ? `package.json is in ${dir} but names no web framework (Express, Fastify, Next.js, NestJS) and has no start script`
      : `${probe.manifests.join(', ')} ${probe.manifests.length > 1 ? 'are' : 'is'} in ${dir} but names no web framework kit:init knows`
  return new KitError(`${what}.`, {code: 'no_framework', suggestion: `If this is a web app, pass --stack with its framework (${choices[probe.stack]}). Nothing was written.`})
}

// ---------------------------------------------------------------------------------------------------------------- Node

type Built = Partial<Detection> & Pick<Detection, 'web' | 'name' | 'testCommand'>

const NPM_DEFAULT_TEST = /no test specified/

async function nodeEntry(dir: string, pkg: PackageJson): Promise<string | undefined> {
  const start = pkg.scripts.start ?? ''
  const fromStart = /(?:^|&&\s*|;\s*)node\s+(?:--[\w-]+(?:=\S+)?\s+)*([\w./-]+\.(?:c|m)?js|[\w./-]+)/.exec(start)
  if (fromStart) {
    const file = fromStart[1]
    return /\.(?:c|m)?js$/.test(file) || (await exists(dir, file)) ? file : `${file}.js`
  }

  if (pkg.main && (await exists(dir, pkg.main))) return pkg.main.replace(/^\.\//, '')
  for (const candidate of ['server.js', 'index.js', 'app.js', 'main.js', 'src/server.js', 'src/index.js', 'src/app.js', 'server.mjs', 'index.mjs']) {
    // eslint-disable-next-line no-await-in-loop -- first match wins
    if (await exists(dir, candidate)) return candidate
  }

  return undefined
}

async function buildNode(dir: string, probe: Probe, framework: Framework, signals: string[]): Promise<Built> {
  const {pkg} = probe.node!
  const deps = pkg.dependencies
  const dev = pkg.devDependencies
  const all = {...dev, ...deps}
  const warnings: string[] = []
  const inDeps = (...names: string[]): string | undefined => names.find(n => n in deps)
  const inAll = (...names: string[]): string | undefined => names.find(n => n in all)

  const packageManager = (await exists(dir, 'pnpm-lock.yaml')) ? 'pnpm' : (await exists(dir, 'yarn.lock')) ? 'yarn' : 'npm'
  const lockfile = packageManager !== 'npm' || (await exists(dir, 'package-lock.json')) || (await exists(dir, 'npm-shrinkwrap.json'))
  if (packageManager !== 'npm') signals.push(`package manager ${packageManager} (${packageManager === 'pnpm' ? 'pnpm-lock.yaml' : 'yarn.lock'})`)
  if (!lockfile) warnings.push('No package-lock.json: commit a lockfile so Heroku and CI install the same versions.')
  const typescript = 'typescript' in all && (await exists(dir, 'tsconfig.json'))
  const details: NodeDetails = {
    packageManager, lockfile, moduleType: pkg.type === 'module' ? 'module' : 'commonjs', typescript, scripts: pkg.scripts, nodeVersion: pkg.engines.node,
  }
  if (!pkg.engines.node) warnings.push('package.json has no engines.node: Heroku picks its default Node.js version; pin one (e.g. "engines": {"node": "20.x"}).')

  // database
  let database: Feature | undefined
  const driver = inDeps('pg', 'postgres', 'pg-promise')
  if (driver) {
    database = {via: `package.json dependencies: ${driver}`}
  } else {
    const orm = inDeps('@prisma/client', 'prisma', 'typeorm', '@nestjs/typeorm', 'sequelize', 'knex', 'drizzle-orm', '@mikro-orm/postgresql', 'objection')
    const otherDb = inDeps('mysql', 'mysql2', 'sqlite3', 'better-sqlite3', 'mongodb', 'mongoose')
    if (orm && orm.includes('prisma')) {
      const schema = (await readOptional(dir, 'prisma/schema.prisma')) ?? ''
      const provider = /provider\s*=\s*"(\w+)"/.exec(schema.slice(schema.indexOf('datasource')))?.[1]
      if (!provider || provider === 'postgresql' || provider === 'postgres') database = {via: `package.json dependencies: ${orm}${provider ? ` (provider ${provider})` : ''}`}
    } else if (orm && !otherDb) {
      database = {via: `package.json dependencies: ${orm} (ORM)`}
      warnings.push(`${orm} needs a Postgres driver on Heroku: add pg to dependencies.`)
    }
  }

  if (database) signals.push(`database → heroku-postgresql: ${database.via}`)
  if (deps.pg) details.pgClient = 'pg'

  // redis
  const redisLib = inDeps('redis', 'ioredis', 'bullmq', 'bull', 'bee-queue', 'connect-redis')
  const redis = redisLib ? {via: `package.json dependencies: ${redisLib}`} : undefined
  if (redis) signals.push(`redis → heroku-redis: ${redis.via}`)
  if (deps.ioredis) details.redisClient = 'ioredis'
  else if (deps.redis) details.redisClient = 'redis'

  // worker
  let worker: CommandFeature | undefined
  const queue = inDeps('bullmq', 'bull', 'bee-queue', 'graphile-worker', 'pg-boss')
  if (queue || pkg.scripts.worker) {
    const via = queue ? `package.json dependencies: ${queue}` : 'package.json scripts.worker'
    let command: string
    if (pkg.scripts.worker) {
      command = `${packageManager} run worker`
    } else {
      const file = await firstExisting(dir, ['worker.js', 'worker.mjs', 'src/worker.js', 'dist/worker.js', 'jobs/worker.js'])
      if (file) {
        command = `node ${file}`
      } else {
        command = `${packageManager} run worker`
        warnings.push(`${queue} needs a worker process: add a "worker" script to package.json (the Procfile runs \`${command}\`).`)
      }
    }

    worker = {via, command}
    signals.push(`worker process: ${via} → ${command}`)
  }

  // migrations (release phase)
  const run = (script: string): string => (packageManager === 'npm' ? `npm run ${script}` : `${packageManager} run ${script}`)
  const npx = (cmd: string): string => (packageManager === 'pnpm' ? `pnpm exec ${cmd}` : packageManager === 'yarn' ? `yarn ${cmd}` : `npx --no-install ${cmd}`)
  let migrations: CommandFeature | undefined
  const script = ['migrate', 'db:migrate', 'migrate:deploy', 'migrate:latest'].find(s => pkg.scripts[s] && !/\bdev\b|reset/.test(pkg.scripts[s]))
  if (script) {
    migrations = {via: `package.json scripts.${script}`, command: run(script)}
  } else if (inAll('prisma', '@prisma/client') && (await isDirectory(dir, 'prisma/migrations'))) {
    migrations = {via: 'prisma/migrations/', command: npx('prisma migrate deploy')}
    if (!deps.prisma) warnings.push('The release phase runs `prisma migrate deploy`, but prisma is not in dependencies: Heroku prunes devDependencies, so move prisma to dependencies.')
  } else if (inAll('knex') && (await firstExisting(dir, ['knexfile.js', 'knexfile.cjs', 'knexfile.mjs', 'knexfile.ts']))) {
    migrations = {via: 'knex + knexfile', command: npx('knex migrate:latest')}
  } else if (inAll('sequelize-cli')) {
    migrations = {via: 'sequelize-cli', command: npx('sequelize-cli db:migrate')}
  } else if (inAll('node-pg-migrate')) {
    migrations = {via: 'node-pg-migrate', command: npx('node-pg-migrate up')}
  } else if (inAll('drizzle-kit') && (await firstExisting(dir, ['drizzle.config.ts', 'drizzle.config.js']))) {
    migrations = {via: 'drizzle-kit + drizzle.config', command: npx('drizzle-kit migrate')}
  } else if (inAll('db-migrate')) {
    migrations = {via: 'db-migrate', command: npx('db-migrate up')}
  }

  if (migrations) {
    signals.push(`migrations → release phase: ${migrations.via} → ${migrations.command}`)
    const tool = /(?:npx --no-install|pnpm exec|yarn) (\S+)/.exec(migrations.command)?.[1]
    if (tool && tool !== 'prisma' && !(tool in deps)) warnings.push(`The release phase runs ${tool}, which is not in dependencies: Heroku prunes devDependencies, so move it to dependencies.`)
  }

  // web command
  let web: string
  let healthPath = '/health'
  if (framework === 'next') {
    web = `${npx('next start')} -p $PORT`
    if (!pkg.scripts.build) warnings.push('package.json has no build script: Heroku runs `npm run build` before `next start`; add "build": "next build".')
    const appDir = await firstExisting(dir, ['app', 'src/app'], true)
    const pagesDir = await firstExisting(dir, ['pages', 'src/pages'], true)
    if (appDir || !pagesDir) {
      details.nextRoutes = {router: 'app', dir: appDir ?? 'app'}
    } else {
      details.nextRoutes = {router: 'pages', dir: pagesDir}
      healthPath = '/api/health'
    }

    signals.push(`Next.js ${details.nextRoutes.router} router (${details.nextRoutes.dir}/)`)
  } else if (framework === 'nestjs') {
    const prod = /node\s+(\S+)/.exec(pkg.scripts['start:prod'] ?? '')?.[1] ?? 'dist/main'
    details.entry = /\.(?:c|m)?js$/.test(prod) ? prod : `${prod}.js`
    web = `node ${details.entry}`
    if (!pkg.scripts.build) warnings.push('package.json has no build script: add "build": "nest build" so Heroku compiles dist/.')
  } else {
    const entry = await nodeEntry(dir, pkg)
    if (entry) {
      details.entry = entry
      web = `node ${entry}`
      const source = await readSource(dir, entry)
      const tsSource = entry.startsWith('dist/') ? await readSource(dir, entry.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts')) : undefined
      if ((source ?? tsSource) !== undefined && !/process\.env\.PORT|process\.env\[['"]PORT['"]\]|\bPORT\b/.test(source ?? tsSource ?? '')) {
        warnings.push(`${entry} doesn't read process.env.PORT: Heroku routes traffic to $PORT, so listen on process.env.PORT.`)
      }
    } else if (pkg.scripts.start) {
      web = `${packageManager} start`
    } else {
      web = 'node server.js'
      warnings.push('No entry file found (scripts.start, main, server.js, index.js): the Procfile runs `node server.js`; change it to your server file.')
    }
  }

  signals.push(`web → ${web}`)

  // env
  const env: EnvSpec[] = [{key: 'NODE_ENV', kind: 'value', value: 'production', localValue: 'development', description: 'Node.js environment'}]
  const session = inDeps('express-session', 'cookie-session', '@fastify/session', '@fastify/secure-session', 'next-auth')
  if (session) {
    const key = session === 'next-auth' ? 'NEXTAUTH_SECRET' : 'SESSION_SECRET'
    env.push({key, kind: 'generated', description: `Secret for ${session}; generated by Heroku`})
    signals.push(`${key} (generator: secret): package.json dependencies: ${session}`)
  }

  let testCommand = ''
  if (pkg.scripts.test && !NPM_DEFAULT_TEST.test(pkg.scripts.test)) testCommand = `${packageManager} test`
  return {
    name: pkg.name ?? path.basename(dir),
    description: pkg.description,
    web: {command: web},
    testCommand,
    buildpacks: ['heroku/nodejs'],
    healthPath,
    database, redis, worker, migrations, env, warnings, node: details,
  }
}

async function firstExisting(dir: string, candidates: string[], directory = false): Promise<string | undefined> {
  for (const candidate of candidates) {
    // eslint-disable-next-line no-await-in-loop -- first match wins
    if (directory ? await isDirectory(dir, candidate) : await exists(dir, candidate)) return candidate
  }

  return undefined
}

// -------------------------------------------------------------------------------------------------------------- Python

async function findPython(dir: string, pattern: RegExp, preferred: string[]): Promise<{file: string; match: RegExpExecArray} | undefined> {
  const files = await sourceFiles(dir, ['.py'], {depth: 2, limit: 200})
  const ordered = [...preferred.filter(p => files.includes(p)), ...files.filter(f => !preferred.includes(f))]
  for (const file of ordered) {
    // eslint-disable-next-line no-await-in-loop -- first match wins
    const text = await readSource(dir, file)
    const match = text === undefined ? null : pattern.exec(text)
    if (match) return {file, match}
  }

  return undefined
}

function pyModule(file: string): string {
  return file.replace(/\.py$/, '').replace(/\/__init__$/, '').replaceAll('/', '.')
}

async function buildPython(dir: string, probe: Probe, framework: Framework, signals: string[]): Promise<Built> {
  const {deps, dev, project, files} = probe.python!
  const warnings: string[] = []
  const all = new Set([...deps, ...dev])
  const manager: PythonDetails['manager'] = files.includes('requirements.txt') ? 'pip'
    : files.includes('Pipfile') ? 'pipenv'
      : (await exists(dir, 'uv.lock')) ? 'uv' : 'poetry'
  if (manager === 'pipenv' && !(await exists(dir, 'Pipfile.lock'))) warnings.push('Heroku installs from Pipfile.lock: run `pipenv lock` and commit it.')
  if (manager === 'poetry' && !(await exists(dir, 'poetry.lock'))) warnings.push("Heroku's Python buildpack needs requirements.txt, poetry.lock or uv.lock next to pyproject.toml: commit a lock file.")
  const details: PythonDetails = {
    manager, sourceDir: '.', redisLib: deps.has('redis') || deps.has('django-redis'), gunicorn: deps.has('gunicorn'), uvicorn: deps.has('uvicorn') || deps.has('uvicorn[standard]'),
    pytest: all.has('pytest') || all.has('pytest-django'),
  }
  if (deps.has('psycopg') || deps.has('psycopg[binary]') || deps.has('psycopg-binary')) details.pgDriver = 'psycopg'
  else if (deps.has('psycopg2') || deps.has('psycopg2-binary')) details.pgDriver = 'psycopg2'

  let name = project.name ?? path.basename(dir)
  let web: string
  let migrations: CommandFeature | undefined
  let database: Feature | undefined
  const env: EnvSpec[] = []

  if (framework === 'django') {
    const manage = (await readOptional(dir, 'manage.py')) ?? ''
    let proj = /DJANGO_SETTINGS_MODULE["']\s*,\s*["']([\w.]+?)\.settings/.exec(manage)?.[1]
    if (!proj) {
      const wsgi = (await sourceFiles(dir, ['wsgi.py'], {depth: 2})).find(f => f.endsWith('/wsgi.py'))
      proj = wsgi ? pyModule(path.posix.dirname(wsgi)) : undefined
    }

    if (!proj) {
      proj = name.replaceAll(/\W/g, '_')
      warnings.push(`No manage.py naming DJANGO_SETTINGS_MODULE and no PROJECT/wsgi.py: assumed the project package is ${proj}.`)
    } else {
      signals.push(`Django project package: ${proj} (${manage ? 'manage.py' : 'wsgi.py'})`)
    }

    details.djangoProject = proj
    details.sourceDir = proj.replaceAll('.', '/')
    if (!project.name) name = proj
    web = `gunicorn ${proj}.wsgi --bind 0.0.0.0:$PORT --log-file -`
    database = {via: `Django ORM${details.pgDriver ? ` + ${[...deps].find(d => d.startsWith(details.pgDriver!))}` : ''}`}
    if (!details.pgDriver) warnings.push('Django on Heroku needs a Postgres driver: add psycopg[binary] (and dj-database-url) to your requirements.')
    migrations = {via: 'Django (manage.py)', command: 'python manage.py migrate --noinput'}
    const settings = (await readSource(dir, `${details.sourceDir}/settings.py`)) ?? ''
    if (settings && !/STATIC_ROOT/.test(settings)) warnings.push(`${details.sourceDir}/settings.py has no STATIC_ROOT: Heroku's build runs collectstatic, which fails without it.`)
    const secretKey = /os\.environ(?:\.get)?\(\s*["'](\w*SECRET_KEY)["']|os\.environ\[\s*["'](\w*SECRET_KEY)["']|os\.getenv\(\s*["'](\w*SECRET_KEY)["']|env(?:\.str)?\(\s*["'](\w*SECRET_KEY)["']/.exec(settings)
    const key = secretKey ? (secretKey[1] ?? secretKey[2] ?? secretKey[3] ?? secretKey[4]) : 'SECRET_KEY'
    env.push({key, kind: 'generated', description: 'Django SECRET_KEY; generated by Heroku'})
    if (!secretKey) warnings.push(`${details.sourceDir}/settings.py doesn't read SECRET_KEY from the environment: use SECRET_KEY = os.environ["SECRET_KEY"] (app.json generates it).`)
  } else {
    const isFlask = framework === 'flask'
    const ctor = isFlask ? /^(\w+)\s*=\s*Flask\(/m : /^(\w+)\s*(?::\s*\w+\s*)?=\s*FastAPI\(/m
    const preferred = ['app.py', 'main.py', 'wsgi.py', 'application.py', 'server.py', 'app/__init__.py', 'app/main.py', 'src/main.py', 'src/app.py']
    const found = await findPython(dir, ctor, preferred)
    if (found) {
      details.appModule = pyModule(found.file)
      details.appVariable = found.match[1]
      signals.push(`${FRAMEWORK_LABELS[framework]} app object: ${details.appModule}:${details.appVariable} (${found.file})`)
    } else if (isFlask) {
      const factory = await findPython(dir, /^def (create_app)\(/m, preferred)
      details.appModule = factory ? pyModule(factory.file) : 'app'
      details.appVariable = factory ? 'create_app()' : 'app'
      if (factory) signals.push(`Flask application factory: ${details.appModule}:create_app() (${factory.file})`)
      else warnings.push('No `app = Flask(__name__)` found: assumed app:app in the Procfile.')
    } else {
      details.appModule = 'main'
      details.appVariable = 'app'
      warnings.push('No `app = FastAPI()` found: assumed main:app in the Procfile.')
    }

    details.sourceDir = details.appModule.includes('.') ? details.appModule.split('.').slice(0, -1).join('/') : '.'
    if (/__init__\.py$/.test(found?.file ?? '')) details.sourceDir = details.appModule.replaceAll('.', '/')
    const target = `${details.appModule}:${details.appVariable}`
    const quoted = /[()]/.test(target) ? `"${target}"` : target
    if (isFlask) {
      web = `gunicorn ${quoted} --bind 0.0.0.0:$PORT --log-file -`
      if (!details.gunicorn) warnings.push('The Procfile runs gunicorn: add gunicorn to your requirements.')
    } else if (details.gunicorn) {
      web = `gunicorn ${quoted} -k uvicorn.workers.UvicornWorker --bind 0.0.0.0:$PORT --log-file -`
      if (!details.uvicorn) warnings.push('gunicorn runs FastAPI with uvicorn workers: add uvicorn to your requirements.')
    } else {
      web = `uvicorn ${quoted} --host 0.0.0.0 --port $PORT`
      if (!details.uvicorn) warnings.push('The Procfile runs uvicorn: add uvicorn[standard] to your requirements.')
    }

    const orm = has(deps, 'sqlalchemy', 'flask-sqlalchemy', 'sqlmodel', 'peewee', 'tortoise-orm', 'databases', 'asyncpg', 'dj-database-url')
    if (details.pgDriver) database = {via: `${probe.manifests.join(', ')}: ${[...deps].find(d => d.startsWith(details.pgDriver!))}`}
    else if (orm) {
      database = {via: `${probe.manifests.join(', ')}: ${orm} (ORM)`}
      if (orm !== 'asyncpg') warnings.push(`${orm} needs a Postgres driver on Heroku: add psycopg[binary].`)
    }

    if (deps.has('flask-migrate')) {
      // `flask` finds app.py / wsgi.py by itself; other modules need --app
      const auto = ['app', 'wsgi'].includes(details.appModule) && details.appVariable === 'app'
      migrations = {via: 'flask-migrate', command: auto ? 'flask db upgrade' : `flask --app ${details.appModule}:${details.appVariable} db upgrade`}
    } else if (deps.has('alembic') || (await exists(dir, 'alembic.ini'))) {
      migrations = {via: deps.has('alembic') ? 'alembic' : 'alembic.ini', command: 'alembic upgrade head'}
      if (!deps.has('alembic')) warnings.push('alembic.ini is here but alembic is not in the requirements: add it (the release phase runs it).')
    }
  }

  if (database) signals.push(`database → heroku-postgresql: ${database.via}`)
  if (migrations) signals.push(`migrations → release phase: ${migrations.via} → ${migrations.command}`)
  signals.push(`web → ${web}`)

  // redis and worker
  const redisDep = has(deps, 'redis', 'celery[redis]', 'celery', 'rq', 'django-redis', 'dramatiq[redis]', 'hiredis', 'django-rq')
  const redis = redisDep ? {via: `${probe.manifests.join(', ')}: ${redisDep}`} : undefined
  if (redis) signals.push(`redis → heroku-redis: ${redis.via}`)
  let worker: CommandFeature | undefined
  if (deps.has('celery')) {
    let celeryApp = details.djangoProject
    if (!celeryApp) {
      const found = await findPython(dir, /=\s*Celery\(/, ['tasks.py', 'worker.py', 'celery_app.py', 'app/celery.py'])
      celeryApp = found ? pyModule(found.file) : details.appModule ?? 'tasks'
    }

    worker = {via: 'celery', command: `celery -A ${celeryApp} worker --loglevel=info`}
  } else if (deps.has('rq') || deps.has('django-rq')) {
    worker = deps.has('django-rq') ? {via: 'django-rq', command: 'python manage.py rqworker default'} : {via: 'rq', command: 'rq worker --url $REDIS_URL'}
  } else if (deps.has('dramatiq') || deps.has('dramatiq[redis]')) {
    const tasks = await findPython(dir, /@dramatiq\.actor/, ['tasks.py'])
    worker = {via: 'dramatiq', command: `dramatiq ${tasks ? pyModule(tasks.file) : 'tasks'}`}
  }

  if (worker) signals.push(`worker process: ${worker.via} → ${worker.command}`)
  if (framework === 'flask' && !env.some(e => e.key === 'SECRET_KEY')) {
    // Flask sessions sign cookies with SECRET_KEY; declared when the code reads it (scan) — nothing to add here.
  }

  const testCommand = details.pytest ? 'python -m pytest' : framework === 'django' ? 'python manage.py test' : 'python -m compileall -q .'
  return {
    name, description: project.description, web: {command: web}, testCommand, buildpacks: ['heroku/python'],
    database, redis, worker, migrations, env, warnings, python: details,
  }
}

// ---------------------------------------------------------------------------------------------------------------- Ruby

async function buildRuby(dir: string, probe: Probe, framework: Framework, signals: string[]): Promise<Built> {
  const {gems} = probe.ruby!
  const warnings: string[] = []
  const details: RubyDetails = {
    pg: gems.has('pg'), redisGem: gems.has('redis') || gems.has('redis-client'), puma: gems.has('puma'), rspec: gems.has('rspec') || gems.has('rspec-rails'),
    rakefile: await exists(dir, 'Rakefile'),
  }
  const env: EnvSpec[] = [{key: 'RACK_ENV', kind: 'value', value: 'production', localValue: 'development', description: 'Rack environment'}]
  let name = path.basename(dir)
  let web: string
  let database: Feature | undefined
  let migrations: CommandFeature | undefined
  if (framework === 'rails') {
    const application = (await readOptional(dir, 'config/application.rb')) ?? ''
    details.appName = /^module\s+(\w+)/m.exec(application)?.[1]
    if (details.appName) {
      name = details.appName.replaceAll(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
      signals.push(`Rails application ${details.appName} (config/application.rb)`)
    }

    const puma = await readSource(dir, 'config/puma.rb')
    if (puma === undefined) {
      web = 'bundle exec puma -t 5:5 -p $PORT -e $RAILS_ENV'
    } else {
      web = 'bundle exec puma -C config/puma.rb'
      if (!/PORT/.test(puma)) warnings.push('config/puma.rb does not bind ENV["PORT"]: add `port ENV.fetch("PORT", 3000)`.')
    }

    if (!details.puma) warnings.push('The Procfile runs puma: add gem "puma" to the Gemfile.')
    const dbYml = await exists(dir, 'config/database.yml')
    if (details.pg || gems.has('activerecord') || dbYml) {
      database = {via: details.pg ? 'Gemfile: pg' : dbYml ? 'config/database.yml (Active Record)' : 'Gemfile: activerecord'}
      if (!details.pg) warnings.push('Heroku Postgres needs the pg gem: add gem "pg" (sqlite3 does not persist on Heroku).')
      migrations = {via: 'Rails (Active Record)', command: 'bundle exec rails db:migrate'}
    }

    env.push(
      {key: 'RAILS_ENV', kind: 'value', value: 'production', localValue: 'development', description: 'Rails environment'},
      {key: 'RAILS_LOG_TO_STDOUT', kind: 'value', value: 'enabled', description: 'Log to stdout (Heroku collects stdout)'},
      {key: 'RAILS_SERVE_STATIC_FILES', kind: 'value', value: 'enabled', description: 'Puma serves precompiled assets'},
      {key: 'SECRET_KEY_BASE', kind: 'generated', description: 'Rails secret_key_base; generated by Heroku'},
    )
    if (await exists(dir, 'config/credentials.yml.enc')) {
      env.push({key: 'RAILS_MASTER_KEY', kind: 'secret', description: 'Decrypts config/credentials.yml.enc: the content of config/master.key, set per stage'})
      signals.push('RAILS_MASTER_KEY (required secret): config/credentials.yml.enc')
    }
  } else {
    details.appFile = (await firstExisting(dir, ['app.rb', 'server.rb', 'application.rb', 'main.rb'])) ?? 'app.rb'
    const configRu = await exists(dir, 'config.ru')
    if (configRu) web = details.puma ? 'bundle exec puma -p $PORT config.ru' : 'bundle exec rackup config.ru -p $PORT -o 0.0.0.0'
    else web = `bundle exec ruby ${details.appFile} -p $PORT -o 0.0.0.0`
    signals.push(`Sinatra app: ${configRu ? 'config.ru' : details.appFile}`)
    if (!configRu) warnings.push(`No config.ru: the Procfile runs ${details.appFile} directly; a config.ru with puma is the usual production setup.`)
    const orm = has(gems, 'pg', 'sequel', 'sinatra-activerecord', 'activerecord')
    if (orm) {
      database = {via: `Gemfile: ${orm}`}
      if (!details.pg) warnings.push(`${orm} needs the pg gem for Heroku Postgres: add gem "pg".`)
    }

    if (gems.has('sinatra-activerecord')) migrations = {via: 'sinatra-activerecord', command: 'bundle exec rake db:migrate'}
    else if (gems.has('sequel') && (await isDirectory(dir, 'db/migrations'))) migrations = {via: 'sequel + db/migrations/', command: 'bundle exec sequel -m db/migrations $DATABASE_URL'}
  }

  if (database) signals.push(`database → heroku-postgresql: ${database.via}`)
  if (migrations) signals.push(`migrations → release phase: ${migrations.via} → ${migrations.command}`)
  signals.push(`web → ${web}`)

  const redisGem = has(gems, 'redis', 'sidekiq', 'resque', 'kredis', 'redis-client', 'hiredis')
  const redis = redisGem ? {via: `Gemfile: ${redisGem}`} : undefined
  if (redis) signals.push(`redis → heroku-redis: ${redis.via}`)
  let worker: CommandFeature | undefined
  if (gems.has('sidekiq')) worker = {via: 'sidekiq', command: (await exists(dir, 'config/sidekiq.yml')) ? 'bundle exec sidekiq -C config/sidekiq.yml' : 'bundle exec sidekiq'}
  else if (gems.has('good_job')) worker = {via: 'good_job', command: 'bundle exec good_job start'}
  else if (gems.has('solid_queue')) worker = {via: 'solid_queue', command: 'bundle exec rails solid_queue:start'}
  else if (gems.has('resque')) worker = {via: 'resque', command: "bundle exec rake resque:work QUEUE='*'"}
  else if (gems.has('delayed_job') || gems.has('delayed_job_active_record')) worker = {via: 'delayed_job', command: 'bundle exec rake jobs:work'}
  if (worker) signals.push(`worker process: Gemfile: ${worker.via} → ${worker.command}`)

  const testCommand = details.rspec ? 'bundle exec rspec' : framework === 'rails' ? 'bin/rails test' : details.rakefile ? 'bundle exec rake' : `bundle exec ruby -c ${details.appFile}`
  return {name, web: {command: web}, testCommand, buildpacks: ['heroku/ruby'], database, redis, worker, migrations, env, warnings, ruby: details}
}

// ------------------------------------------------------------------------------------------------------------------ Go

async function buildGo(dir: string, probe: Probe, signals: string[]): Promise<Built> {
  const {mod, mainDir} = probe.go!
  const warnings: string[] = []
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
  const details: GoDetails = {module: mod.module, binary, mainDir: mainDir ?? '.', goVersion: mod.goVersion, router, slog: major > 1 || (major === 1 && minor >= 21)}
  if (router !== 'net/http') signals.push(`router: ${router}`)
  if (mainDir && mainDir !== '.') warnings.push(`The main package is in ${mainDir}: add \`// +heroku install ./${mainDir}\` to go.mod so the Go buildpack builds bin/${binary}.`)

  const pg = find('github.com/jackc/pgx/v5', 'github.com/jackc/pgx/v4', 'github.com/lib/pq', 'gorm.io/driver/postgres', 'github.com/uptrace/bun/dialect/pgdialect')
  if (find('github.com/jackc/pgx/v5') || find('gorm.io/driver/postgres')) details.pgDriver = 'pgx5'
  else if (find('github.com/jackc/pgx/v4')) details.pgDriver = 'pgx4'
  else if (find('github.com/lib/pq')) details.pgDriver = 'pq'
  const database = pg ? {via: `go.mod: ${pg}`} : undefined
  if (database) signals.push(`database → heroku-postgresql: ${database.via}`)
  if (database && !details.pgDriver) warnings.push('The generated health check skips the database: it knows pgx and lib/pq.')

  const redisMod = find('github.com/redis/go-redis/v9', 'github.com/go-redis/redis/v8', 'github.com/gomodule/redigo', 'github.com/hibiken/asynq')
  if (find('github.com/redis/go-redis/v9')) details.redisClient = 'go-redis9'
  else if (find('github.com/go-redis/redis/v8')) details.redisClient = 'go-redis8'
  const redis = redisMod ? {via: `go.mod: ${redisMod}`} : undefined
  if (redis) signals.push(`redis → heroku-redis: ${redis.via}`)

  let worker: CommandFeature | undefined
  const queue = find('github.com/hibiken/asynq', 'github.com/riverqueue/river', 'github.com/RichardKnop/machinery/v2', 'github.com/gocraft/work')
  if (queue || (await exists(dir, 'cmd/worker/main.go'))) {
    const separate = await exists(dir, 'cmd/worker/main.go')
    worker = {via: queue ? `go.mod: ${queue}` : 'cmd/worker/', command: separate ? 'bin/worker' : `bin/${binary} worker`}
    if (!separate) warnings.push(`The Procfile runs \`bin/${binary} worker\`: make the binary start the ${queue} worker when its first argument is "worker" (or add cmd/worker).`)
    signals.push(`worker process: ${worker.via} → ${worker.command}`)
  }

  let migrations: CommandFeature | undefined
  const migrator = find('github.com/pressly/goose/v3', 'github.com/golang-migrate/migrate/v4', 'ariga.io/atlas', 'github.com/rubenv/sql-migrate')
  if (migrator || (await exists(dir, 'cmd/migrate/main.go'))) {
    const separate = await exists(dir, 'cmd/migrate/main.go')
    migrations = {via: migrator ? `go.mod: ${migrator}` : 'cmd/migrate/', command: separate ? 'bin/migrate' : `bin/${binary} migrate`}
    if (!separate) warnings.push(`The release phase runs \`bin/${binary} migrate\`: make the binary run its migrations and exit when its first argument is "migrate" (or add cmd/migrate).`)
    signals.push(`migrations → release phase: ${migrations.via} → ${migrations.command}`)
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
  const env: EnvSpec[] = router === 'gin' ? [{key: 'GIN_MODE', kind: 'value', value: 'release', localValue: 'debug', description: 'Gin mode'}] : []
  return {name: binary, web: {command: web}, testCommand: 'go test ./...', buildpacks: ['heroku/go'], database, redis, worker, migrations, env, warnings, go: details}
}
