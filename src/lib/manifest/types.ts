/**
 * What the repository declares: app.json (Heroku's manifest), the Procfile, and heroku-kit.yml (the pipeline file).
 * Parsers live next to this file; every other module reads the repository through these types.
 */
import type {StageDecl} from '../converge/registry.js'

/** An add-on: `plan` is `service:plan`, or a bare service name (then `plan === service`, meaning "the default plan"). */
export interface AddonDecl {
  plan: string
  service: string
  /** attachment name, e.g. DATABASE */
  as?: string
  /** plan options, e.g. {version: '16'} for heroku-postgresql */
  options?: Record<string, unknown>
}

export interface FormationDecl {
  [processType: string]: {quantity: number; size?: string}
}

/** One app.json env entry. The string shorthand `"KEY": "value"` becomes `{value, required: true}`. */
export interface EnvDecl {
  value?: string
  /** Heroku's default is true */
  required: boolean
  generator?: 'secret'
  description?: string
}

export interface AppJson {
  /** the file name as shown in messages, e.g. `app.json` */
  file: string
  name?: string
  description?: string
  repository?: string
  stack?: string
  env: Record<string, EnvDecl>
  addons: AddonDecl[]
  /** buildpack URLs or registry names, in order */
  buildpacks: string[]
  formation: FormationDecl
  environments: {
    review?: {env: Record<string, EnvDecl>; addons?: AddonDecl[]; formation?: FormationDecl; scripts?: Record<string, string>}
    test?: {env: Record<string, EnvDecl>; scripts?: Record<string, string>}
  }
  scripts: Record<string, string>
  /** the parsed JSON, untouched */
  raw: Record<string, unknown>
}

export interface ProcfileEntry {
  type: string
  command: string
  /** 1-based line in the Procfile */
  line: number
}

export interface Procfile {
  file: string
  entries: ProcfileEntry[]
}

export type StageName = 'staging' | 'production'

/**
 * One stage of heroku-kit.yml as read: its name and each resource's keys with their defaults (the resources own
 * them: converge/resources/, joined in converge/registry.ts).
 */
export type {StageDecl} from '../converge/registry.js'

export interface PipelineFile {
  /** undefined when heroku-kit.yml is absent and these are the defaults */
  file?: string
  pipeline: string
  team?: string
  region?: string
  repo?: string
  healthPath: string
  /** `env_references`: the names a `${NAME}` reference may read from the environment (manifest/drain-references.ts) */
  envReferences?: string[]
  reviewApps?: {automatic: boolean; destroyStale: boolean; staleDays: number; waitForCi: boolean}
  stages: Record<StageName, StageDecl>
}

export interface Project {
  dir: string
  appJson?: AppJson
  procfile?: Procfile
  pipelineFile: PipelineFile
}
