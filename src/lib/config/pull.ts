import type {ConfigVars} from '../api/heroku-api.js'
import {dotenvEntryProblem} from '../dotenv/quote.js'
import {mergeDotenv, serializeDotenv} from '../dotenv/serialize.js'
import {KitError} from '../errors.js'
import {displayPath, refuseSymlink, removeStaleTempFiles, writeFileAtomic} from '../fs.js'
import {isTrackedByGit} from '../git/repository.js'
import {setEntry} from '../manifest/common.js'
import {execVarReason} from './exec-vars.js'
import type {RemoteConfig} from './remote.js'

/**
 * What `kit:config:pull` writes of a remote config: add-on vars left out unless asked; keys that make programs run
 * code written commented out unless asked; keys a dotenv file can't hold recorded as left out.
 */
export interface PulledConfig {
  /** every value the file holds, the held ones included */
  vars: Record<string, string>
  /** add-on owned keys left out */
  addonVarsLeftOut: string[]
  /** keys written commented out (`#heroku-kit:held`) → the note that says why */
  held: Record<string, string>
  /** keys a dotenv file cannot hold (a key starting with a digit, a value with NUL) → why; recorded as `#heroku-kit:left-out` */
  leftOut: Record<string, string>
}

export interface PullOptions {
  includeAddonVars?: boolean
  /** write keys that make programs run code (BASH_ENV, LD_PRELOAD…) as plain lines */
  allowExecVars?: boolean
  extra?: ConfigVars
}

export function selectPulledVars(remote: Pick<RemoteConfig, 'owned' | 'vars'>, options: PullOptions = {}): PulledConfig {
  const pulled: PulledConfig = {vars: {}, addonVarsLeftOut: [], held: {}, leftOut: {}}
  const add = (key: string, value: string): void => {
    // Heroku allows keys such as 1PASSWORD that a dotenv file cannot hold, and NUL in a value: recorded, not dropped
    const problem = dotenvEntryProblem(key, value)
    if (problem) return setEntry(pulled.leftOut, key, problem)
    setEntry(pulled.vars, key, value) // not vars[key] =: a config var named __proto__ would vanish
    const runs = options.allowExecVars ? undefined : execVarReason(key)
    if (runs) setEntry(pulled.held, key, `commented out: ${runs}; kit:config:sync reads it, --allow-exec-vars writes it plain`)
  }

  for (const key of Object.keys(remote.vars).sort()) {
    if (remote.owned.has(key) && !options.includeAddonVars) pulled.addonVarsLeftOut.push(key)
    else add(key, remote.vars[key])
  }

  for (const [key, value] of Object.entries(options.extra ?? {})) add(key, value)
  return pulled
}

export interface DotenvWrite {
  text: string
  summary: {written: string[]; updated?: string[]; added?: string[]; unchanged?: string[]}
}

/** The text of the pulled file: a new file with a header, or `existing` updated in place (comments and order kept). */
export function renderPulledFile(
  pulled: Pick<PulledConfig, 'held' | 'leftOut' | 'vars'>,
  options: {header: string; existing?: string; display: string},
): DotenvWrite {
  const {vars, held, leftOut} = pulled
  if (options.existing === undefined) return {text: serializeDotenv(vars, {header: options.header, held, leftOut}), summary: {written: Object.keys(vars)}}
  const merged = mergeDotenv(options.existing, options.display, vars, {held, leftOut})
  return {text: merged.text, summary: {written: Object.keys(vars), updated: merged.updated, added: merged.added, unchanged: merged.unchanged}}
}

/**
 * Refuses to write secrets into a file git tracks (they would be committed, and pushed), unless `allowTracked`.
 * Asks git; outside a repository nothing is tracked.
 */
export async function refuseTrackedSecretFile(file: string, options: {allowTracked?: boolean; display?: string; flag: string}): Promise<void> {
  if (options.allowTracked || !(await isTrackedByGit(file))) return
  const display = options.display ?? displayPath(file)
  throw new KitError(`${display} is tracked by git: the config vars written to it would be committed (and pushed with the next push). Nothing was written.`, {
    code: 'tracked_secret_file',
    suggestion: `Stop tracking it (git rm --cached ${display}, and add it to .gitignore), write another file, or pass ${options.flag} if it really must be that file.`,
  })
}

/**
 * Writes a secrets file: a link (even a dangling one) would send production secrets to wherever it points, so it is
 * refused; the text goes to a temporary file in the same directory (O_EXCL, 0600), renamed over the target. The
 * temporary files of an earlier write of the same file that was killed half-way are removed first; their names are
 * returned.
 */
export async function writeSecretFile(file: string, text: string, display?: string): Promise<string[]> {
  await refuseSymlink(file, {display})
  const removed = await removeStaleTempFiles(file)
  await writeFileAtomic(file, text, {mode: 0o600})
  return removed
}
