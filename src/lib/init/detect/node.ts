import path from 'node:path'

import {exists} from '../../fs.js'
import {isDirectory, readOptional, readSource} from '../files.js'
import {type PackageJson, parsePackageJson} from '../manifests.js'
import type {CommandFeature, Feature, Framework, KnownFramework, NodeDetails} from '../types.js'
import {type Built, type Detector, Findings, firstExisting, type StackProbe} from './detector.js'

/** Node.js: package.json; the framework from its dependencies, else a generic app with a start script. */
export const nodeDetector: Detector = {
  stack: 'node',
  manifests: ['package.json'],
  probe,
  noFramework: dir => `package.json is in ${dir} but names no web framework (Express, Fastify, Next.js, NestJS) and has no start script`,
}

async function probe(dir: string): Promise<StackProbe | undefined> {
  const text = await readOptional(dir, 'package.json')
  if (text === undefined) return undefined
  const pkg = parsePackageJson(text)
  const deps = pkg.dependencies
  const build = (framework: Framework, signals: string[]): Promise<Built> => buildNode(dir, pkg, framework, signals)
  const order: Array<[KnownFramework, string[]]> = [
    ['next', ['next']],
    ['nestjs', ['@nestjs/core']],
    ['fastify', ['fastify']],
    ['express', ['express']],
  ]
  for (const [framework, names] of order) {
    const name = names.find(n => n in deps)
    if (name) return {stack: 'node', manifests: ['package.json'], framework, frameworkSignal: `package.json dependencies: ${name}`, web: true, build}
  }

  const generic = pkg.scripts.start !== undefined
  return {
    stack: 'node',
    manifests: ['package.json'],
    framework: generic ? 'node' : undefined,
    frameworkSignal: generic ? 'package.json scripts.start' : undefined,
    web: false,
    build,
  }
}

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

async function buildNode(dir: string, pkg: PackageJson, framework: Framework, signals: string[]): Promise<Built> {
  const deps = pkg.dependencies
  const dev = pkg.devDependencies
  const all = {...dev, ...deps}
  const findings = new Findings(signals)
  const {warnings} = findings
  const inDeps = (...names: string[]): string | undefined => names.find(n => n in deps)
  const inAll = (...names: string[]): string | undefined => names.find(n => n in all)

  const packageManager = (await exists(dir, 'pnpm-lock.yaml')) ? 'pnpm' : (await exists(dir, 'yarn.lock')) ? 'yarn' : 'npm'
  const lockfile = packageManager !== 'npm' || (await exists(dir, 'package-lock.json')) || (await exists(dir, 'npm-shrinkwrap.json'))
  if (packageManager !== 'npm') signals.push(`package manager ${packageManager} (${packageManager === 'pnpm' ? 'pnpm-lock.yaml' : 'yarn.lock'})`)
  if (!lockfile) warnings.push('No package-lock.json: commit a lockfile so Heroku and CI install the same versions.')
  const typescript = 'typescript' in all && (await exists(dir, 'tsconfig.json'))
  const details: NodeDetails = {
    packageManager,
    lockfile,
    moduleType: pkg.type === 'module' ? 'module' : 'commonjs',
    typescript,
    scripts: pkg.scripts,
    nodeVersion: pkg.engines.node,
  }
  if (!pkg.engines.node) {
    warnings.push('package.json has no engines.node: Heroku picks its default Node.js version; pin one (e.g. "engines": {"node": "20.x"}).')
  }

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
      if (!provider || provider === 'postgresql' || provider === 'postgres') {
        database = {via: `package.json dependencies: ${orm}${provider ? ` (provider ${provider})` : ''}`}
      }
    } else if (orm && !otherDb) {
      database = {via: `package.json dependencies: ${orm} (ORM)`}
      warnings.push(`${orm} needs a Postgres driver on Heroku: add pg to dependencies.`)
    }
  }

  if (database) findings.needsDatabase(database.via)
  if (deps.pg) details.pgClient = 'pg'

  // redis
  const redisLib = inDeps('redis', 'ioredis', 'bullmq', 'bull', 'bee-queue', 'connect-redis')
  if (redisLib) findings.needsRedis(`package.json dependencies: ${redisLib}`)
  if (deps.ioredis) details.redisClient = 'ioredis'
  else if (deps.redis) details.redisClient = 'redis'

  // worker
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

    findings.needsWorker({via, command})
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
    if (!deps.prisma) {
      warnings.push(
        'The release phase runs `prisma migrate deploy`, but prisma is not in dependencies: Heroku prunes devDependencies, so move prisma to dependencies.',
      )
    }
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
    findings.needsMigrations(migrations)
    const tool = /(?:npx --no-install|pnpm exec|yarn) (\S+)/.exec(migrations.command)?.[1]
    if (tool && tool !== 'prisma' && !(tool in deps)) {
      warnings.push(`The release phase runs ${tool}, which is not in dependencies: Heroku prunes devDependencies, so move it to dependencies.`)
    }
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
  findings.env.push({key: 'NODE_ENV', kind: 'value', value: 'production', localValue: 'development', description: 'Node.js environment'})
  const session = inDeps('express-session', 'cookie-session', '@fastify/session', '@fastify/secure-session', 'next-auth')
  if (session) {
    const key = session === 'next-auth' ? 'NEXTAUTH_SECRET' : 'SESSION_SECRET'
    findings.env.push({key, kind: 'generated', description: `Secret for ${session}; generated by Heroku`})
    signals.push(`${key} (generator: secret): package.json dependencies: ${session}`)
  }

  let testCommand = ''
  if (pkg.scripts.test && !NPM_DEFAULT_TEST.test(pkg.scripts.test)) testCommand = `${packageManager} test`
  return findings.built({
    name: pkg.name ?? path.basename(dir),
    description: pkg.description,
    web: {command: web},
    testCommand,
    buildpacks: ['heroku/nodejs'],
    healthPath,
    node: details,
  })
}
