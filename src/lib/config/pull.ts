import {chmod, writeFile} from 'node:fs/promises'

import type {ConfigVars} from '../api/heroku-api.js'
import {DOTENV_KEY} from '../dotenv/keys.js'
import {mergeDotenv, serializeDotenv} from '../dotenv/serialize.js'
import type {RemoteConfig} from './remote.js'

/** What `kit:config:pull` writes of a remote config: add-on vars left out unless asked, keys a dotenv file can't hold left out. */
export interface PulledConfig {
  vars: Record<string, string>
  /** add-on owned keys left out */
  addonVarsLeftOut: string[]
  /** keys a dotenv file cannot hold */
  unwritable: string[]
}

export function selectPulledVars(remote: Pick<RemoteConfig, 'owned' | 'vars'>, options: {includeAddonVars?: boolean; extra?: ConfigVars} = {}): PulledConfig {
  const addonVarsLeftOut: string[] = []
  const vars: Record<string, string> = {}
  const unwritable: string[] = []
  for (const key of Object.keys(remote.vars).sort()) {
    if (remote.owned.has(key) && !options.includeAddonVars) addonVarsLeftOut.push(key)
    // Heroku allows keys such as 1PASSWORD that a dotenv file cannot hold; leave them out rather than fail
    else if (!DOTENV_KEY.test(key) || remote.vars[key].includes('\0')) unwritable.push(key)
    else vars[key] = remote.vars[key]
  }

  for (const [key, value] of Object.entries(options.extra ?? {})) vars[key] = value
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

/** Writes a secrets file: mode 0600, also when it existed with a wider mode. */
export async function writeSecretFile(file: string, text: string): Promise<void> {
  await writeFile(file, text, {mode: 0o600})
  await chmod(file, 0o600)
}
