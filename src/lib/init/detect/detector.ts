import {exists} from '../../fs.js'
import {isDirectory} from '../files.js'
import type {CommandFeature, Detection, EnvSpec, Feature, Framework, Stack} from '../types.js'

/** What one language's detector decides once its stack is chosen: the Detection fields it owns. */
export type Built = Partial<Detection> & Pick<Detection, 'web' | 'name' | 'testCommand'>

/** The manifests of one stack found in the app's directory and the web framework they name, before any choice is made. */
export interface StackProbe {
  stack: Stack
  manifests: string[]
  framework?: Framework
  /** why that framework (e.g. `package.json dependencies: express`) */
  frameworkSignal?: string
  /** a web framework (not just a generic Node.js app or tooling) */
  web: boolean
  /**
   * What the app needs when this stack is the one chosen, with `framework` detected or given by --stack: web
   * command, database, Redis, worker, migrations, env, buildpacks. Adds its evidence to `signals`.
   */
  build(framework: Framework, signals: string[]): Promise<Built>
}

/** One language: the manifests that make an app of it, and how to read them. Registered in detect/index.ts. */
export interface Detector {
  stack: Stack
  /** the manifests, in the order they are reported */
  manifests: string[]
  /** undefined when none of the manifests is in `dir`; throws a KitError for an unreadable or invalid one */
  probe(dir: string): Promise<StackProbe | undefined>
  /** why a probe without a framework is not a web app (default: its manifests name no web framework kit:init knows) */
  noFramework?(dir: string): string
}

/** What every detector finds besides its stack's details: backing services, config vars and warnings. */
type Needs = 'database' | 'redis' | 'worker' | 'migrations' | 'env' | 'warnings'

/**
 * What a detector finds for the app as it builds it (StackProbe.build): the backing services its dependencies need,
 * each recorded with its line of evidence in the detection's `signals` at the moment it is found, the config vars it
 * reads and the warnings. `built` ends the detector with its stack's own fields.
 */
export class Findings implements Pick<Built, Needs> {
  database?: Feature
  redis?: Feature
  worker?: CommandFeature
  migrations?: CommandFeature
  readonly env: EnvSpec[] = []
  readonly warnings: string[] = []

  constructor(private readonly signals: string[]) {}

  /** The app needs a Postgres database (heroku-postgresql), because of `via`. */
  needsDatabase(via: string): void {
    this.database = {via}
    this.signals.push(`database → heroku-postgresql: ${via}`)
  }

  /** The app needs Redis (heroku-redis), because of `via`. */
  needsRedis(via: string): void {
    this.redis = {via}
    this.signals.push(`redis → heroku-redis: ${via}`)
  }

  /** A worker process type running `worker.command`. */
  needsWorker(worker: CommandFeature): void {
    this.worker = worker
    this.signals.push(`worker process: ${worker.via} → ${worker.command}`)
  }

  /** A release phase running `migrations.command`. */
  needsMigrations(migrations: CommandFeature): void {
    this.migrations = migrations
    this.signals.push(`migrations → release phase: ${migrations.via} → ${migrations.command}`)
  }

  /** The detector's result: its stack's own fields, and what it found. */
  built(own: Omit<Built, Needs>): Built {
    const {database, redis, worker, migrations, env, warnings} = this
    return {...own, database, redis, worker, migrations, env, warnings}
  }
}

/** The first of `names` in `set`. */
export function has(set: Set<string>, ...names: string[]): string | undefined {
  return names.find(n => set.has(n))
}

/** The first of `candidates` (relative paths) that exists in `dir` (as a directory when `directory`). */
export async function firstExisting(dir: string, candidates: string[], directory = false): Promise<string | undefined> {
  for (const candidate of candidates) {
    // eslint-disable-next-line no-await-in-loop -- first match wins
    if (directory ? await isDirectory(dir, candidate) : await exists(dir, candidate)) return candidate
  }

  return undefined
}
