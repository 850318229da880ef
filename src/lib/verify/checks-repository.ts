/**
 * Checks of the repository alone (they run offline, with --local): Procfile, app.json, the release phase, and the
 * pitfalls visible in files. Each is a pure function of the gathered evidence.
 */
import {type AppJsonCheck, buildpackPinProblem} from '../manifest/app-json.js'
import {commandRunsMigrations, webBindsPort} from '../manifest/procfile.js'
import type {AddonDecl, EnvDecl, ProcfileEntry} from '../manifest/types.js'
import {type AddonCategory, addonCategories, CATEGORY_LABELS, monitoringBuildpack, SUGGESTED_PLANS} from './catalog.js'
import {bootstrapFix, configSyncFix, INIT_FIX} from './fixes.js'
import type {Evidence, Verdict} from './types.js'

// ---------------------------------------------------------------- helpers

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

function quoteCommand(command: string): string {
  return command.length > 80 ? `\`${command.slice(0, 77)}...\`` : `\`${command}\``
}

/** Where each checkAppJson finding belongs: its own pitfall check, or the app.json check. */
export function appJsonFindingKind(check: AppJsonCheck): 'buildpacks' | 'secrets' | 'app-json' {
  if (/^buildpacks\b/.test(check.path)) return 'buildpacks'
  if (/^(?:env|environments\.\w+\.env)\.[^.]+\.value$/.test(check.path)) return 'secrets'
  return 'app-json'
}

function at(check: AppJsonCheck, file = 'app.json'): string {
  return check.line === undefined ? `${file}: ${check.message}` : `${file}:${check.line}: ${check.message}`
}

/** What the app is known to use, and why (kit:init's detection, app.json env, heroku-kit.yml add-ons). */
function uses(evidence: Evidence, category: 'database' | 'redis'): string | undefined {
  const {detection, project} = evidence.repository
  const feature = category === 'database' ? detection?.database : detection?.redis
  if (feature) return feature.via
  const key = category === 'database' ? 'DATABASE_URL' : 'REDIS_URL'
  if (project.appJson?.env[key]?.required) return `app.json env requires ${key}`
  for (const stage of Object.values(project.pipelineFile.stages)) {
    const declared = stage.addons.find(a => addonCategories(a.service).includes(category))
    if (declared && project.pipelineFile.file) return `heroku-kit.yml stages.${stage.name}.addons: ${declared.plan}`
  }

  return undefined
}

function describeAddon(addon: AddonDecl): string {
  return `${addon.plan}${addon.as ? ` as ${addon.as}` : ''}`
}

// ---------------------------------------------------------------- 1. Procfile

export function checkProcfile(evidence: Evidence): Verdict {
  const {procfileErrors, project, detection} = evidence.repository
  if (procfileErrors) return {status: 'fail', evidence: ['the Procfile does not parse:', ...procfileErrors], fix: 'fix the Procfile lines above (each is `<process type>: <command>`)'}
  const procfile = project.procfile
  if (!procfile) {
    return {
      status: 'fail',
      evidence: ['no Procfile: Heroku falls back to the buildpack\'s default web command, and there is no release phase or worker'],
      fix: `${INIT_FIX} (writes a Procfile with web, release${detection?.worker ? ' and worker' : ''})`,
    }
  }

  const types = procfile.entries.map(e => e.type)
  const lines: string[] = [`Procfile declares ${types.join(', ')}`]
  const problems: string[] = []
  const fixes: string[] = []
  const web = procfile.entries.find(e => e.type === 'web')
  if (web) {
    const binds = webBindsPort(web.command)
    if (binds === false) {
      problems.push(`Procfile:${web.line}: web ${quoteCommand(web.command)} listens on a fixed port, a socket or localhost, not $PORT: the router can't reach it (R10 boot timeout)`)
      fixes.push('make the web command listen on 0.0.0.0:$PORT')
    } else if (binds) {
      lines.push(`web ${quoteCommand(web.command)} binds $PORT`)
    } else {
      const entry = evidence.repository.webEntry
      lines.push(entry?.readsPort ? `web ${quoteCommand(web.command)} runs ${entry.file}, which reads PORT` : `web ${quoteCommand(web.command)} leaves the port to the code (not detectable from the command${entry ? ` or ${entry.file}` : ''})`)
    }
  } else {
    problems.push('no web process type: nothing receives HTTP traffic')
    fixes.push(`add \`web: ${detection?.web.command ?? '<command that listens on $PORT>'}\` to the Procfile`)
  }

  const workers = procfile.entries.filter(e => e.type !== 'web' && e.type !== 'release')
  if (detection?.worker) {
    if (workers.length === 0) {
      problems.push(`the app has worker code (${detection.worker.via}) but the Procfile declares no worker process, so its jobs never run`)
      fixes.push(`add \`worker: ${detection.worker.command}\` to the Procfile`)
    } else {
      lines.push(`worker code (${detection.worker.via}) runs as ${workers.map(w => w.type).join(', ')}`)
    }
  }

  const formationTypes = new Map<string, string>()
  for (const type of Object.keys(project.appJson?.formation ?? {})) formationTypes.set(type, 'app.json formation')
  if (project.pipelineFile.file) {
    for (const stage of Object.values(project.pipelineFile.stages)) for (const type of Object.keys(stage.formation)) if (!formationTypes.has(type)) formationTypes.set(type, `heroku-kit.yml stages.${stage.name}.formation`)
  }

  for (const [type, where] of formationTypes) {
    if (!types.includes(type)) {
      problems.push(`${where} scales ${type}, which the Procfile doesn't declare: Heroku answers "Couldn't find that process type"`)
      fixes.push(`add \`${type}: <command>\` to the Procfile or remove ${type} from ${where}`)
    }
  }

  if (problems.length > 0) return {status: 'fail', evidence: [...problems, ...lines], fix: fixes.join('; ')}
  return {status: 'pass', evidence: lines}
}

// ---------------------------------------------------------------- 2. app.json

interface Need {
  category: AddonCategory
  why: string
  /** a warning when missing instead of a failure */
  optional?: boolean
}

export function checkAppJsonAddons(evidence: Evidence): Verdict {
  const {appJsonErrors, appJsonChecks, project} = evidence.repository
  if (appJsonErrors) return {status: 'fail', evidence: ['app.json does not validate:', ...appJsonErrors], fix: 'fix app.json as each line says (https://devcenter.heroku.com/articles/app-json-schema)'}
  const appJson = project.appJson
  if (!appJson) return {status: 'fail', evidence: ['no app.json: review apps and Heroku CI can\'t create apps, and the pipeline\'s add-ons are declared nowhere'], fix: `${INIT_FIX} (writes app.json)`}
  const lines: string[] = []
  const failures: string[] = []
  const warnings: string[] = []
  const missing: AddonCategory[] = []
  const needs: Need[] = []
  const database = uses(evidence, 'database')
  if (database) needs.push({category: 'database', why: database})
  const redis = uses(evidence, 'redis')
  if (redis) needs.push({category: 'redis', why: redis})
  needs.push({category: 'logging', why: 'logs must outlive the dyno'}, {category: 'scheduler', why: 'cron jobs', optional: true}, {category: 'monitoring', why: 'production metrics'})
  const drainsEverywhere = Object.values(project.pipelineFile.stages).every(stage => stage.drains.length > 0)
  for (const need of needs) {
    const found = appJson.addons.filter(a => addonCategories(a.service).includes(need.category))
    const label = CATEGORY_LABELS[need.category]
    if (found.length > 0) {
      lines.push(`${label}: ${found.map(a => describeAddon(a)).join(', ')}`)
    } else if (need.category === 'logging' && drainsEverywhere && project.pipelineFile.file) {
      lines.push(`${label}: log drains declared for both stages in heroku-kit.yml`)
    } else if (need.category === 'monitoring' && appJson.buildpacks.some(b => monitoringBuildpack(b))) {
      lines.push(`${label}: ${appJson.buildpacks.find(b => monitoringBuildpack(b))} buildpack`)
    } else {
      missing.push(need.category)
      const text = `no ${label} add-on in app.json addons (${need.why})`
      if (need.optional) warnings.push(text)
      else failures.push(text)
    }
  }

  const own = appJsonChecks.filter(c => appJsonFindingKind(c) === 'app-json')
  for (const check of own) (check.level === 'error' ? failures : warnings).push(at(check, appJson.file))
  const fixes: string[] = []
  if (missing.length > 0) fixes.push(`add ${missing.map(c => JSON.stringify({plan: SUGGESTED_PLANS[c], ...(c === 'database' ? {as: 'DATABASE'} : c === 'redis' ? {as: 'REDIS'} : {})})).join(', ')} to app.json "addons" (${INIT_FIX} generates them)`)
  if (own.length > 0) fixes.push('fix the app.json keys named above')
  lines.unshift(`app.json validates; ${plural(appJson.addons.length, 'add-on')} declared`)
  if (failures.length > 0) return {status: 'fail', evidence: [...failures, ...warnings, ...lines.slice(1)], fix: fixes.join('; ')}
  if (warnings.length > 0) return {status: 'warn', evidence: [...warnings, ...lines], fix: fixes.join('; ')}
  return {status: 'pass', evidence: lines}
}

// ---------------------------------------------------------------- 5. release phase (repository half)

/** The npm/yarn/pnpm script a command runs (`npm start`, `npm run web`, `yarn start`), if any. */
export function scriptOf(command: string): string | undefined {
  const match = /^(?:npm|pnpm|yarn|bun)\s+(?:run(?:-script)?\s+)?([\w:.-]+)/.exec(command.trim())
  if (!match) return undefined
  if (/^(?:npm|pnpm|bun)\s+(?!run)/.test(command.trim()) && !['start', 'test'].includes(match[1])) return undefined
  return match[1]
}

/** Whether the web process migrates when it starts: its command, or the package.json script it runs. */
function webMigration(web: ProcfileEntry, scripts: Record<string, string>): string | undefined {
  if (commandRunsMigrations(web.command)) return `Procfile:${web.line}: web ${quoteCommand(web.command)} runs migrations at start-up`
  const script = scriptOf(web.command)
  if (script && scripts[script] && commandRunsMigrations(scripts[script])) {
    return `Procfile:${web.line}: web runs ${quoteCommand(web.command)}, and package.json scripts.${script} runs migrations (${quoteCommand(scripts[script])}) at start-up`
  }

  return undefined
}

export function checkReleasePhase(evidence: Evidence): Verdict {
  const {procfile} = evidence.repository.project
  const {detection, packageScripts, procfileErrors} = evidence.repository
  if (procfileErrors || !procfile)
    return {
      status: 'fail',
      evidence: [
        procfileErrors
          ? 'the Procfile does not parse, so there is no release phase'
          : "no Procfile, so no release phase: migrations can't run before new code goes live",
      ],
      fix: `${INIT_FIX} (writes a Procfile with a release line)`,
    }
  const release = procfile.entries.find(e => e.type === 'release')
  const web = procfile.entries.find(e => e.type === 'web')
  const migrateCommand = detection?.migrations?.command
  const failures: string[] = []
  const warnings: string[] = []
  const lines: string[] = []
  const fixes: string[] = []
  const startup = web ? webMigration(web, packageScripts) : undefined
  if (startup) {
    failures.push(`${startup}: every dyno races to migrate on boot, boots get slow (R10) and a failed migration takes the app down`)
    fixes.push(`move the migration to \`release: ${migrateCommand ?? '<migrate command>'}\` and take it out of the web command`)
  } else if (web) {
    lines.push('web does not migrate at start-up')
  }

  if (!release) {
    failures.push('no release process type: migrations don\'t run before the new code goes live')
    fixes.push(`add \`release: ${migrateCommand ?? '<migrate command>'}\` to the Procfile`)
  } else if (commandRunsMigrations(release.command)) {
    lines.unshift(`Procfile:${release.line}: release ${quoteCommand(release.command)} runs migrations`)
  } else if (detection?.database || detection?.migrations) {
    warnings.push(`Procfile:${release.line}: release ${quoteCommand(release.command)} doesn't look like a migration, and the app uses a database (${(detection.database ?? detection.migrations)!.via})`)
    fixes.push(`make the release command run the migrations${migrateCommand ? ` (\`${migrateCommand}\`)` : ''}`)
  } else {
    lines.unshift(`Procfile:${release.line}: release ${quoteCommand(release.command)} (no database detected, so no migrations expected)`)
  }

  if (failures.length > 0) return {status: 'fail', evidence: [...failures, ...warnings, ...lines], fix: fixes.join('; ')}
  if (warnings.length > 0) return {status: 'warn', evidence: [...warnings, ...lines], fix: fixes.join('; ')}
  return {status: 'pass', evidence: lines}
}

// ---------------------------------------------------------------- pitfalls visible in files

/** The host names that are the app's own: `<app>.herokuapp.com`, `<app>-<hash>.herokuapp.com`, web_url hosts, custom domains. */
function ownHost(evidence: Evidence, host: string): string | undefined {
  const lower = host.toLowerCase()
  for (const stage of evidence.desired.stages) {
    if (stage.domains.some(d => d.toLowerCase() === lower)) return `${stage.name} domain`
    if (new RegExp(`^${stage.app}(?:-[0-9a-f]{12})?\\.herokuapp\\.com$`).test(lower)) return `${stage.name} app`
    const webUrl = evidence.stages[stage.name]?.current
    const url = webUrl?.ok ? webUrl.value.app?.web_url : undefined
    if (url && new URL(url).hostname.toLowerCase() === lower) return `${stage.name} app`
  }

  return undefined
}

export function checkHardcodedUrls(evidence: Evidence): Verdict {
  const {urlFindings, sourceFilesScanned} = evidence.repository
  const own = urlFindings.map(f => ({...f, whose: ownHost(evidence, f.match)})).filter(f => f.whose)
  if (own.length === 0) return {status: 'pass', evidence: [`no URL of the pipeline's own hosts in ${plural(sourceFilesScanned, 'source file')}`]}
  const shown = own.slice(0, 10).map(f => `${f.file}:${f.line}: ${f.match} (${f.whose})`)
  if (own.length > shown.length) shown.push(`… and ${own.length - shown.length} more`)
  return {
    status: 'warn',
    evidence: [`${plural(own.length, 'hard-coded URL')} of the app's own hosts: the same code can't serve staging, production and review apps`, ...shown],
    fix: 'read the URL from a config var (e.g. APP_URL), declare it in app.json env, and set it per stage with heroku kit:config:sync',
  }
}

/** Procfile commands that write logs to a file (gunicorn --log-file PATH, shell redirection to *.log). */
function procfileLogFiles(evidence: Evidence): string[] {
  const entries = evidence.repository.project.procfile?.entries ?? []
  const found: string[] = []
  for (const entry of entries) {
    const flag = /--(?:log-file|access-logfile|error-logfile|logfile)[= ](?!-(?:\s|$))(\S+)/.exec(entry.command)
    if (flag) found.push(`Procfile:${entry.line}: ${entry.type} writes its log to ${flag[1]}`)
    else if (/>>?\s*\S+\.log\b/.test(entry.command)) found.push(`Procfile:${entry.line}: ${entry.type} redirects its output to a .log file`)
  }

  return found
}

export function checkFileLogging(evidence: Evidence): Verdict {
  const {fileLogging, sourceFilesScanned} = evidence.repository
  const found = [...procfileLogFiles(evidence), ...fileLogging.map(f => `${f.file}:${f.line}: ${f.match}`)]
  if (found.length === 0) return {status: 'pass', evidence: [`no logging to files in the Procfile or ${plural(sourceFilesScanned, 'source file')}`]}
  return {
    status: 'warn',
    evidence: ['logs written to files are lost: the dyno filesystem is discarded on every restart and deploy, and no drain sees them', ...found.slice(0, 10)],
    fix: 'log to stdout/stderr (Heroku collects them into the log stream and drains); e.g. gunicorn --log-file -, a console transport',
  }
}

export function checkDotenvTracked(evidence: Evidence): Verdict {
  const {trackedEnvFiles, gitRepository} = evidence.repository
  if (!gitRepository) return {status: 'pass', evidence: ['not a git work tree, so git tracks no .env file']}
  if (trackedEnvFiles.length === 0) return {status: 'pass', evidence: ['git tracks no .env file']}
  return {
    status: 'fail',
    evidence: [`git tracks ${trackedEnvFiles.join(', ')}: the values in ${trackedEnvFiles.length === 1 ? 'it are' : 'them are'} in the repository's history for everyone with access`],
    fix: `git rm --cached ${trackedEnvFiles.join(' ')} && printf '%s\\n' ${trackedEnvFiles.join(' ')} >> .gitignore, then rotate the secrets they held`,
  }
}

/** Literal credentials, whatever the key is called. */
const CREDENTIAL = [
  {name: 'a URL with a password', pattern: /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i},
  {name: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/},
  {name: 'an AWS access key', pattern: /\bAKIA[0-9A-Z]{16}\b/},
  {name: 'a Stripe live key', pattern: /\b[sr]k_live_[0-9a-zA-Z]{10,}/},
  {name: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}/},
  {name: 'a Slack token', pattern: /\bxox[abprs]-[0-9A-Za-z-]{10,}/},
]

export function checkAppJsonSecrets(evidence: Evidence): Verdict {
  const {appJsonChecks, project} = evidence.repository
  const appJson = project.appJson
  if (!appJson) return {status: 'pass', evidence: [evidence.repository.appJsonErrors ? 'app.json does not parse (see app-json); no values to check' : 'no app.json']}
  const failures: string[] = []
  const warnings: string[] = []
  const keys: string[] = []
  for (const check of appJsonChecks.filter(c => appJsonFindingKind(c) === 'secrets')) {
    const inTestEnv = check.path.startsWith('environments.test.')
    ;(inTestEnv ? warnings : failures).push(at(check, appJson.file))
    keys.push(check.path.replace(/\.value$/, ''))
  }

  const envs: Array<[string, Record<string, EnvDecl>]> = [['env', appJson.env]]
  if (appJson.environments.review) envs.push(['environments.review.env', appJson.environments.review.env])
  if (appJson.environments.test) envs.push(['environments.test.env', appJson.environments.test.env])
  for (const [where, env] of envs) {
    for (const [key, decl] of Object.entries(env)) {
      const credential = decl.value ? CREDENTIAL.find(c => c.pattern.test(decl.value!)) : undefined
      const path = `${where}.${key}`
      if (credential && !keys.includes(path)) {
        ;(where.startsWith('environments.test') ? warnings : failures).push(`${appJson.file}: ${path} holds ${credential.name}`)
        keys.push(path)
      }
    }
  }

  const fix = `remove the value of ${keys.join(', ')} from app.json (use "generator": "secret", or set it per stage: add it to .env.production and run ${configSyncFix(evidence, 'production')}), then rotate it`
  if (failures.length > 0) return {status: 'fail', evidence: ['secret values committed in app.json are public to everyone who can read the repository:', ...failures, ...warnings], fix}
  if (warnings.length > 0) return {status: 'warn', evidence: ['literal secrets in app.json (test environment):', ...warnings], fix}
  const total = envs.reduce((n, [, env]) => n + Object.keys(env).length, 0)
  return {status: 'pass', evidence: [`no secret values among app.json's ${total} env ${total === 1 ? 'entry' : 'entries'}`]}
}

export function checkBuildpacks(evidence: Evidence): Verdict {
  const {appJsonChecks, project} = evidence.repository
  const problems = appJsonChecks.filter(c => appJsonFindingKind(c) === 'buildpacks').map(c => at(c, project.appJson?.file))
  const lines: string[] = []
  const declared = project.appJson?.buildpacks ?? []
  if (declared.length > 0) lines.push(`app.json buildpacks: ${declared.join(', ')}`)
  for (const [name, stage] of Object.entries(evidence.stages)) {
    const current = stage?.current
    if (!current?.ok || !current.value.app) continue
    const live = current.value.buildpacks
    if (live.length === 0) continue
    for (const buildpack of live) {
      const problem = buildpackPinProblem(buildpack)
      if (problem && !declared.includes(buildpack)) problems.push(`${current.value.app.name} (${name}): ${problem}`)
    }

    lines.push(`${current.value.app.name}: ${live.join(', ')}`)
  }

  if (declared.length === 0 && lines.length === 0) return {status: 'pass', evidence: ['no buildpacks declared: Heroku detects the official one at each build']}
  if (problems.length > 0) {
    return {status: 'warn', evidence: [...problems, ...lines], fix: `pin each buildpack (an official heroku/<name>, or a repository URL with #<tag>) in app.json, then ${bootstrapFix(evidence)} to set them on the apps`}
  }

  return {status: 'pass', evidence: lines.length > 0 ? lines : ['buildpacks pinned']}
}

