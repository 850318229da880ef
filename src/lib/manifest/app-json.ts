/**
 * app.json, Heroku's manifest (Dev Center "app.json Schema"): parsed as Heroku reads it, including the env string
 * shorthand `"KEY": "value"` (= `{value, required: true}`) and `required` defaulting to true.
 *
 * `parseAppJson` rejects what Heroku can't read (invalid JSON, wrong types) with `FILE:LINE: key.path ...` issues;
 * `checkAppJson` adds the plugin's own advice (committed secrets, unpinned buildpacks, invalid sizes or plans).
 */
import {type FileIssue, FileIssuesError} from '../errors.js'
import {
  addonProblems,
  describe,
  formatPath,
  formationProblems,
  isPlainObject,
  type KeyPath,
  parseAddonDecls,
  parseFormationDecl,
  reportUnknownKeys,
  setEntry,
  suggestion,
} from './common.js'
import {readManifestFile} from './files.js'
import {parseJsonSource} from './json-source.js'
import type {AddonDecl, AppJson, EnvDecl, FormationDecl} from './types.js'

export const APP_JSON = 'app.json'

const TOP_LEVEL_KEYS = [
  'name',
  'description',
  'keywords',
  'website',
  'repository',
  'logo',
  'success_url',
  'scripts',
  'env',
  'formation',
  'image',
  'addons',
  'buildpacks',
  'environments',
  'stack',
] as const
const ENV_KEYS = ['description', 'value', 'required', 'generator'] as const
const ENVIRONMENT_NAMES = ['review', 'test'] as const
const ENVIRONMENT_KEYS = ['env', 'addons', 'formation', 'buildpacks', 'scripts', 'stack', 'image'] as const
const SCRIPT_NAMES = ['postdeploy', 'pr-predestroy'] as const
const CURRENT_STACKS = ['heroku-22', 'heroku-24', 'container'] as const

/** Key-path → line, kept for `checkAppJson` (which only gets the AppJson). */
const lineIndex = new WeakMap<AppJson, (path: KeyPath) => number>()

export interface AppJsonCheck {
  level: 'error' | 'warn'
  message: string
  /** key path, e.g. `env.SECRET_KEY` */
  path: string
  /** line in app.json, when the AppJson came from parseAppJson */
  line?: number
}

/** Parses app.json text. Throws FileIssuesError (every problem, `FILE:LINE: ...`) when Heroku couldn't use it. */
export function parseAppJson(text: string, file: string): AppJson {
  const source = parseJsonSource(text, file)
  const issues: FileIssue[] = []
  const report = (keyPath: KeyPath, message: string): void => {
    issues.push({file, line: source.lineOf(keyPath), message})
  }

  for (const duplicate of source.duplicates) {
    report(
      duplicate.path,
      `${formatPath(duplicate.path)} is declared twice (lines ${duplicate.firstLine} and ${duplicate.line}); Heroku would silently use the last one, so remove one of them`,
    )
  }

  const raw = source.value
  if (!isPlainObject(raw)) {
    throw new FileIssuesError([{file, line: source.lineOf([]), message: `app.json must be a JSON object ({...}), not ${describe(raw, {quote: false})}`}], {
      code: 'invalid_app_json',
    })
  }

  const optionalString = (key: string): string | undefined => {
    const value = raw[key]
    if (value === undefined) return undefined
    if (typeof value === 'string') return value
    report([key], `${key} must be a string, not ${describe(value)}`)
    return undefined
  }

  for (const key of ['website', 'logo', 'success_url', 'image']) optionalString(key)
  if (raw.keywords !== undefined && (!Array.isArray(raw.keywords) || raw.keywords.some(k => typeof k !== 'string'))) {
    report(['keywords'], `keywords must be a list of strings, e.g. ["node", "api"]`)
  }

  const appJson: AppJson = {
    addons: raw.addons === undefined ? [] : parseAddonDecls(raw.addons, ['addons'], report, false),
    buildpacks: readBuildpacks(raw.buildpacks, report),
    description: optionalString('description'),
    env: raw.env === undefined ? {} : readEnv(raw.env, ['env'], report),
    environments: readEnvironments(raw.environments, report),
    file,
    formation: raw.formation === undefined ? {} : parseFormationDecl(raw.formation, ['formation'], report, false),
    name: optionalString('name'),
    raw,
    repository: optionalString('repository'),
    scripts: raw.scripts === undefined ? {} : readScripts(raw.scripts, ['scripts'], report),
    stack: optionalString('stack'),
  }
  for (const key of ['name', 'description', 'repository', 'stack'] as const) if (appJson[key] === undefined) delete appJson[key]

  if (issues.length > 0) {
    issues.sort((a, b) => a.line - b.line)
    throw new FileIssuesError(issues, {code: 'invalid_app_json', suggestion: 'Fix app.json; see https://devcenter.heroku.com/articles/app-json-schema'})
  }

  lineIndex.set(appJson, source.lineOf)
  return appJson
}

/** Reads `app.json` in `dir`; undefined when there is none. */
export async function loadAppJson(dir: string): Promise<AppJson | undefined> {
  const text = await readManifestFile(dir, APP_JSON, /^app\.json$/i)
  return text === undefined ? undefined : parseAppJson(text, APP_JSON)
}

function readEnv(value: unknown, at: KeyPath, report: (path: KeyPath, message: string) => void): Record<string, EnvDecl> {
  const env: Record<string, EnvDecl> = {}
  if (!isPlainObject(value)) {
    report(at, `${formatPath(at)} must be an object of config vars, e.g. {"NODE_ENV": "production"}, not ${describe(value)}`)
    return env
  }

  for (const [key, entry] of Object.entries(value)) {
    const keyPath = [...at, key]
    const name = formatPath(keyPath)
    if (typeof entry === 'string') {
      setEntry(env, key, {required: true, value: entry})
      continue
    }

    if (!isPlainObject(entry)) {
      const hint =
        typeof entry === 'number' || typeof entry === 'boolean'
          ? `; quote it: "${key}": "${String(entry)}"`
          : `; write "${key}": "value" or {"description": "...", "required": false}`
      report(keyPath, `${name} must be a string or an object, not ${describe(entry)}${hint}`)
      continue
    }

    reportUnknownKeys(entry, ENV_KEYS, keyPath, report, 'env')
    const decl: EnvDecl = {required: true}
    if (entry.value !== undefined) {
      if (typeof entry.value === 'string') decl.value = entry.value
      else
        report(
          [...keyPath, 'value'],
          `${name}.value must be a string, not ${describe(entry.value)}${typeof entry.value === 'number' || typeof entry.value === 'boolean' ? `; quote it: "value": "${String(entry.value)}"` : ''}`,
        )
    }

    if (entry.required !== undefined) {
      if (typeof entry.required === 'boolean') decl.required = entry.required
      else report([...keyPath, 'required'], `${name}.required must be true or false (without quotes), not ${describe(entry.required)}`)
    }

    if (entry.generator !== undefined) {
      if (entry.generator === 'secret') decl.generator = 'secret'
      else report([...keyPath, 'generator'], `${name}.generator must be "secret" (the only generator Heroku has), not ${describe(entry.generator)}`)
    }

    if (entry.description !== undefined) {
      if (typeof entry.description === 'string') decl.description = entry.description
      else report([...keyPath, 'description'], `${name}.description must be a string, not ${describe(entry.description)}`)
    }

    setEntry(env, key, decl)
  }

  return env
}

function readBuildpacks(value: unknown, report: (path: KeyPath, message: string) => void): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) {
    report(['buildpacks'], `buildpacks must be a list like [{"url": "heroku/nodejs"}], not ${describe(value)}`)
    return []
  }

  const urls: string[] = []
  for (const [index, entry] of value.entries()) {
    const at = ['buildpacks', index]
    if (typeof entry === 'string') {
      report(at, `${formatPath(at)} must be an object: write {"url": ${JSON.stringify(entry)}}`)
      continue
    }

    if (!isPlainObject(entry)) {
      report(at, `${formatPath(at)} must be an object like {"url": "heroku/nodejs"}, not ${describe(entry)}`)
      continue
    }

    reportUnknownKeys(entry, ['url'], at, report, 'buildpack')
    if (typeof entry.url === 'string' && entry.url.trim() !== '') urls.push(entry.url.trim())
    else if (entry.url === undefined) report(at, `${formatPath(at)} has no url; write {"url": "heroku/nodejs"} (a buildpack name or URL)`)
    else report([...at, 'url'], `${formatPath([...at, 'url'])} must be a buildpack name or URL such as "heroku/nodejs", not ${describe(entry.url)}`)
  }

  return urls
}

function readScripts(value: unknown, at: KeyPath, report: (path: KeyPath, message: string) => void): Record<string, string> {
  const scripts: Record<string, string> = {}
  if (!isPlainObject(value)) {
    report(at, `${formatPath(at)} must be an object like {"postdeploy": "npm run seed"}, not ${describe(value)}`)
    return scripts
  }

  for (const [name, script] of Object.entries(value)) {
    const keyPath = [...at, name]
    if (typeof script === 'string') setEntry(scripts, name, script)
    // Heroku also takes {"command": "...", "size": "performance-l"} to pick the dyno size of the script
    else if (isPlainObject(script) && typeof script.command === 'string') setEntry(scripts, name, script.command)
    else report(keyPath, `${formatPath(keyPath)} must be a command string, not ${describe(script)}`)
  }

  return scripts
}

function readEnvironments(value: unknown, report: (path: KeyPath, message: string) => void): AppJson['environments'] {
  const environments: AppJson['environments'] = {}
  if (value === undefined) return environments
  if (!isPlainObject(value)) {
    report(['environments'], `environments must be an object like {"review": {...}, "test": {...}}, not ${describe(value)}`)
    return environments
  }

  for (const name of ['review', 'test'] as const) {
    const entry = value[name]
    if (entry === undefined) continue
    const at = ['environments', name]
    if (!isPlainObject(entry)) {
      report(at, `${formatPath(at)} must be an object, not ${describe(entry)}`)
      continue
    }

    const env = entry.env === undefined ? {} : readEnv(entry.env, [...at, 'env'], report)
    const scripts = entry.scripts === undefined ? undefined : readScripts(entry.scripts, [...at, 'scripts'], report)
    if (name === 'test') {
      environments.test = scripts ? {env, scripts} : {env}
      continue
    }

    const review: NonNullable<AppJson['environments']['review']> = {env}
    if (entry.addons !== undefined) review.addons = parseAddonDecls(entry.addons, [...at, 'addons'], report, false)
    if (entry.formation !== undefined) review.formation = parseFormationDecl(entry.formation, [...at, 'formation'], report, false)
    if (scripts) review.scripts = scripts
    environments.review = review
  }

  return environments
}

// ---------------------------------------------------------------- checks

/** Keys whose literal value is probably a credential (whole words between underscores). */
const SECRET_WORDS = /(?:^|_)(?:SECRET|TOKEN|PASSWORD|PASSWD|PASS|KEY|PRIVATE|CREDENTIALS?|APIKEY|AUTH)(?:_|$)/
const PUBLIC_WORDS = /(?:^|_)(?:PUBLIC|PUBLISHABLE)(?:_|$)/

/**
 * The plugin's own checks of a parsed app.json: Heroku accepts these files, but they are risky or will fail later.
 * `error`: Heroku will reject it when the value is used; `warn`: it works, but shouldn't be committed that way.
 */
export function checkAppJson(appJson: AppJson): AppJsonCheck[] {
  const checks: AppJsonCheck[] = []
  const lineOf = lineIndex.get(appJson)
  const add = (level: AppJsonCheck['level'], keyPath: KeyPath, message: string): void => {
    const check: AppJsonCheck = {level, message, path: formatPath(keyPath)}
    if (lineOf) check.line = lineOf(keyPath)
    checks.push(check)
  }

  for (const key of Object.keys(appJson.raw)) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key))
      add('warn', [key], `${key} is not an app.json key, so Heroku ignores it${suggestion(key, TOP_LEVEL_KEYS)}`)
  }

  const envs: Array<[KeyPath, Record<string, EnvDecl>]> = [[['env'], appJson.env]]
  if (appJson.environments.review) envs.push([['environments', 'review', 'env'], appJson.environments.review.env])
  if (appJson.environments.test) envs.push([['environments', 'test', 'env'], appJson.environments.test.env])
  for (const [at, env] of envs) {
    for (const [key, decl] of Object.entries(env)) {
      const keyPath = [...at, key]
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
        add('warn', keyPath, `${formatPath(keyPath)}: "${key}" is not a portable config var name; use letters, digits and "_", not starting with a digit`)
      }

      if (decl.generator === 'secret' && decl.value !== undefined) {
        add(
          'warn',
          [...keyPath, 'value'],
          `${formatPath(keyPath)} has both a value and "generator": "secret"; remove the value so each app gets its own random secret`,
        )
      } else if (decl.value && !decl.generator && SECRET_WORDS.test(key.toUpperCase()) && !PUBLIC_WORDS.test(key.toUpperCase())) {
        add(
          'warn',
          [...keyPath, 'value'],
          `${formatPath(keyPath)} looks like a secret committed in app.json; use "generator": "secret" for a random value, or drop the value and set it per app (kit:config:sync)`,
        )
      }
    }
  }

  for (const [index, url] of appJson.buildpacks.entries()) {
    const problem = buildpackPinProblem(url)
    if (problem) add('warn', ['buildpacks', index, 'url'], `${formatPath(['buildpacks', index, 'url'])}: ${problem}`)
  }

  const formations: Array<[KeyPath, FormationDecl]> = [[['formation'], appJson.formation]]
  if (appJson.environments.review?.formation) formations.push([['environments', 'review', 'formation'], appJson.environments.review.formation])
  for (const [at, formation] of formations) {
    for (const problem of formationProblems(formation, at)) add('error', problem.path, problem.message)
  }

  const addonLists: Array<[KeyPath, AddonDecl[]]> = [[['addons'], appJson.addons]]
  if (appJson.environments.review?.addons) addonLists.push([['environments', 'review', 'addons'], appJson.environments.review.addons])
  for (const [at, addons] of addonLists) {
    for (const problem of addonProblems(addons, at)) add('error', problem.path, problem.message)
  }

  if (appJson.stack !== undefined && !(CURRENT_STACKS as readonly string[]).includes(appJson.stack)) {
    add(
      'warn',
      ['stack'],
      /^heroku-(?:1\d|20)$/.test(appJson.stack)
        ? `stack ${appJson.stack} has reached end of life; use heroku-24`
        : `stack "${appJson.stack}" is not a current Heroku stack; use heroku-24 (or heroku-22, container)`,
    )
  }

  for (const [name, script] of Object.entries(appJson.scripts)) {
    if (!(SCRIPT_NAMES as readonly string[]).includes(name))
      add('warn', ['scripts', name], `scripts.${name} is not run by Heroku (only postdeploy and pr-predestroy are)${suggestion(name, SCRIPT_NAMES, 'scripts')}`)
    if (script.trim() === '') add('error', ['scripts', name], `scripts.${name} is empty; write the command or remove the key`)
  }

  const environments = isPlainObject(appJson.raw.environments) ? appJson.raw.environments : {}
  for (const [name, entry] of Object.entries(environments)) {
    if (!(ENVIRONMENT_NAMES as readonly string[]).includes(name)) {
      const hint =
        name === 'production' || name === 'staging'
          ? `; set the ${name} app in heroku-kit.yml (stages.${name})`
          : suggestion(name, ENVIRONMENT_NAMES, 'environments')
      add('warn', ['environments', name], `environments.${name} is not used by Heroku (only review and test are)${hint}`)
    } else if (isPlainObject(entry)) {
      for (const key of Object.keys(entry)) {
        if (!(ENVIRONMENT_KEYS as readonly string[]).includes(key))
          add(
            'warn',
            ['environments', name, key],
            `environments.${name}.${key} is not an app.json key, so Heroku ignores it${suggestion(key, ENVIRONMENT_KEYS)}`,
          )
      }
    }
  }

  return checks.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
}

/** Official Heroku buildpacks by short name (`heroku/nodejs`) are curated releases and count as pinned. */
const OFFICIAL_SHORT_NAME = /^heroku\/[a-z0-9-]+$/
const UNPINNED_REFS = new Set(['main', 'master', 'develop', 'development', 'head', 'latest', 'trunk'])

/** Why a buildpack reference will change under you between builds, or undefined. */
export function buildpackPinProblem(url: string): string | undefined {
  if (OFFICIAL_SHORT_NAME.test(url)) return undefined
  const github = /^(?:https?:\/\/|git:\/\/|git@)github\.com[/:]([^/]+)\/([^/#]+?)(?:\.git)?(?:#(.*))?$/i.exec(url)
  if (github) {
    const [, owner, repo, ref] = github
    if (owner.toLowerCase() === 'heroku' && /^heroku-buildpack-[a-z0-9-]+$/i.test(repo) && !ref) {
      return `${url} follows the default branch of Heroku's buildpack; use the curated release "heroku/${repo.slice('heroku-buildpack-'.length).toLowerCase()}" or pin a tag (${url}#<tag>)`
    }

    if (!ref) return `${url} is not pinned, so every build may get a different buildpack; pin a release tag: ${url}#<tag>`
    if (UNPINNED_REFS.has(ref.toLowerCase())) return `${url} follows the branch "${ref}", which can change between builds; pin a release tag instead of #${ref}`
    return undefined
  }

  if (/^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9._-]*$/i.test(url)) {
    return `${url} is a buildpack registry name, so every build uses its newest version; to pin it, use the buildpack's source repository URL with a release tag (https://github.com/<owner>/<repo>#<tag>)`
  }

  return undefined
}
