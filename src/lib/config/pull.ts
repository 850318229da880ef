import type {ConfigVars} from '../api/heroku-api.js'
import {DOTENV_KEY} from '../dotenv/keys.js'
import {dotenvValueProblem} from '../dotenv/quote.js'
import {mergeDotenv, serializeDotenv} from '../dotenv/serialize.js'
import {refuseSymlink, writeFileAtomic} from '../fs.js'
import {setEntry} from '../manifest/common.js'
import type {RemoteConfig} from './remote.js'

/** What `kit:config:pull` writes of a remote config: add-on vars left out unless asked, keys a dotenv file can't hold left out. */
export interface PulledConfig {
  vars: Record<string, string>
  /** add-on owned keys left out */
  addonVarsLeftOut: string[]
  /** keys a dotenv file cannot hold, or whose value can't be written both exactly and safe to `source` */
  unwritable: string[]
}

export function selectPulledVars(remote: Pick<RemoteConfig, 'owned' | 'vars'>, options: {includeAddonVars?: boolean; extra?: ConfigVars} = {}): PulledConfig {
  const addonVarsLeftOut: string[] = []
  const vars: Record<string, string> = {}
  const unwritable: string[] = []
  for (const key of Object.keys(remote.vars).sort()) {
    if (remote.owned.has(key) && !options.includeAddonVars) addonVarsLeftOut.push(key)
    // Heroku allows keys such as 1PASSWORD that a dotenv file cannot hold; leave them out rather than fail,
    // and values that can't be written both exactly and safe to `source` (see dotenvValueProblem)
    else if (!DOTENV_KEY.test(key) || dotenvValueProblem(remote.vars[key])) unwritable.push(key)
    else setEntry(vars, key, remote.vars[key]) // not vars[key] =: a config var named __proto__ would vanish
  }

  for (const [key, value] of Object.entries(options.extra ?? {})) {
    if (dotenvValueProblem(value)) unwritable.push(key)
    else setEntry(vars, key, value)
  }

  return {vars, addonVarsLeftOut, unwritable}
}

export interface DotenvWrite {
  text: string
  summary: {written: string[]; updated?: string[]; added?: string[]; unchanged?: string[]}
}

/** The text of the pulled file: a new file with a header, or `existing` updated in place (comments and order kept). */
export function renderPulledFile(vars: Record<string, string>, options: {header: string; existing?: string; display: string}): DotenvWrite {
  if (options.existing === undefined) return {text: serializeDotenv(vars, {header: options.header}), summary: {written: Object.keys(vars)}}
  const merged = mergeDotenv(options.existing, options.display, vars)
  return {text: merged.text, summary: {written: Object.keys(vars), updated: merged.updated, added: merged.added, unchanged: merged.unchanged}}
}

/**
 * Writes a secrets file: a link (even a dangling one) would send production secrets to wherever it points, so it is
 * refused; the text goes to a temporary file in the same directory (O_EXCL, 0600), renamed over the target.
 */
export async function writeSecretFile(file: string, text: string, display?: string): Promise<void> {
  await refuseSymlink(file, {display})
  await writeFileAtomic(file, text, {mode: 0o600})
}
