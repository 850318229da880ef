/**
 * `${NAME}` references in heroku-kit.yml `drains:` — a drain URL that holds credentials is not written into the
 * committed file; the file names a key of the stage's git-ignored dotenv file (or, for the names heroku-kit.yml lists
 * under `env_references`, of the environment) instead (`- ${LOG_DRAIN_URL}`). converge/desired.ts resolves them
 * (resolveDrains) with `resolveReference` below.
 *
 * The referenced key is a drain's URL, not a config var: it is taken out of the stage's config before
 * kit:bootstrap and kit:config:sync compare config vars, so it never becomes a config var on the app, and
 * kit:config:sync --prune never deletes it from the app either.
 *
 * A value reached through a reference is a secret wherever it appears: callers register it with the redactor, and no
 * message here ever holds it (nor a part of it) — only the reference's name and where it was read from.
 */

/** A drain entry that is a whole `${NAME}` reference. */
export const DRAIN_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/

/** The top-level key of heroku-kit.yml listing the names a reference may read from the environment. */
export const ENV_REFERENCES_KEY = 'env_references'

/** The key a drain entry references, or undefined when it is a literal URL. */
export function drainReferenceName(drain: string): string | undefined {
  return DRAIN_REFERENCE.exec(drain)?.[1]
}

/** The keys a stage's drains reference. */
export function drainReferenceNames(drains: string[]): string[] {
  return drains.map(d => drainReferenceName(d)).filter((n): n is string => n !== undefined)
}

/**
 * The stage's config vars without the keys its `${NAME}` references name (`referenced`: registry.ts
 * `stageReferences`, the drains' and the telemetry headers'): they read the stage's config file, none is a config var.
 */
export function withoutKeys(vars: Record<string, string>, referenced: readonly string[]): Record<string, string> {
  const keys = new Set(referenced)
  if (keys.size === 0) return vars
  return Object.fromEntries(Object.entries(vars).filter(([key]) => !keys.has(key)))
}

/**
 * The credentials of the runner and of the CLI itself: the Heroku token, GitHub's job token, npm's, and everything
 * GitHub Actions and its runner set (`ACTIONS_RUNTIME_TOKEN`, `ACTIONS_ID_TOKEN_REQUEST_TOKEN`, `GITHUB_*`,
 * `RUNNER_*`). A reference never reads them, from the environment or from a file: a committed heroku-kit.yml must not
 * be able to send them anywhere (a drain is a URL Heroku posts logs to).
 */
const RUNNER_CREDENTIALS = new Set(['HEROKU_API_KEY', 'GITHUB_TOKEN', 'GH_TOKEN', 'GH_ENTERPRISE_TOKEN', 'NODE_AUTH_TOKEN', 'NPM_TOKEN'])
const RUNNER_PREFIXES = ['ACTIONS_', 'GITHUB_', 'RUNNER_']

/** Why a reference (or an `env_references` entry) may not name this variable, or undefined. */
export function runnerCredentialProblem(name: string): string | undefined {
  const upper = name.toUpperCase()
  if (!RUNNER_CREDENTIALS.has(upper) && !RUNNER_PREFIXES.some(prefix => upper.startsWith(prefix))) return undefined
  return `\${${name}} names a credential of the CLI or the CI runner; a reference never reads those (heroku-kit.yml is committed, and a drain sends its URL to Heroku)`
}

/** Where references of a stage read from. */
export interface ReferenceSources {
  /** the stage's config file (its path as written in heroku-kit.yml), when it declares one */
  configFile?: string
  /** that file's keys */
  config: Record<string, string>
  /** heroku-kit.yml's `env_references`: the only names read from the environment */
  envNames: readonly string[]
  env: NodeJS.ProcessEnv
}

export type ReferenceResolution = {value: string; source: string} | {value: undefined; why: string}

/**
 * The value of `${name}`: the stage's config file first, then the environment for a name listed in
 * `env_references`. Unresolved: why, naming the reference and the places looked at (never any value).
 */
export function resolveReference(name: string, sources: ReferenceSources): ReferenceResolution {
  const credential = runnerCredentialProblem(name)
  if (credential) return {value: undefined, why: credential}
  if (Object.hasOwn(sources.config, name) && sources.config[name].trim() !== '') return {value: sources.config[name].trim(), source: sources.configFile!}
  const inFile = sources.configFile ? `is not a key of ${sources.configFile}` : 'is in no config file (the stage declares none)'
  if (!sources.envNames.includes(name)) {
    return {
      value: undefined,
      why: `\${${name}} ${inFile}, and ${ENV_REFERENCES_KEY} in heroku-kit.yml does not list it (the environment is read only for names listed there)`,
    }
  }

  const value = sources.env[name]?.trim()
  if (value) return {value, source: 'the environment'}
  return {value: undefined, why: `\${${name}} ${inFile}, and is not set in the environment`}
}
