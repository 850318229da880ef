import type {ConfigPatch, ConfigVars} from '../api/heroku-api.js'
import {setEntry} from '../manifest/common.js'
import type {EnvDecl} from '../manifest/types.js'

export type ConfigAction = 'add' | 'change' | 'remove' | 'unchanged'

export interface ConfigChange {
  key: string
  action: ConfigAction
  /** value before (remote); absent for 'add' */
  before?: string
  /** value after; absent for 'remove' */
  after?: string
  /** the value was generated here (app.json `generator: secret`) */
  generated?: boolean
}

/** A key the file sets that an add-on owns: Heroku refuses to overwrite it, and so do we, before sending anything. */
export interface OwnedKeyConflict {
  key: string
  addon: string
}

export interface ConfigPlan {
  changes: ConfigChange[]
  /** what would be sent: only the keys that change; null deletes */
  patch: ConfigPatch
  conflicts: OwnedKeyConflict[]
  /** remote keys absent from the file that were kept because --prune was not given */
  kept: string[]
  /** remote keys absent from the file that are owned by add-ons (never pruned) */
  ownedKept: string[]
  /** remote keys absent from the file that app.json generates (`generator: secret`; never pruned) */
  generatedKept: string[]
  /** remote keys left out of the sync (`leftOut`: recorded `#heroku-kit:left-out` in the file, a drain URL referenced as `${NAME}`, …): never pruned */
  leftOutKept: string[]
  /** app.json `required` keys that would still be missing after the sync */
  missingRequired: string[]
}

export interface ConfigPlanInput {
  local: ConfigVars
  remote: ConfigVars
  /** config var → owning add-on, from the target's add-on attachments */
  owned: ReadonlyMap<string, string>
  prune: boolean
  /**
   * keys left out of the sync for any reason (recorded `#heroku-kit:left-out` in the file because no dotenv file can
   * hold them, a drain URL heroku-kit.yml references as `${NAME}`, …): they are not sent, and --prune never deletes them
   */
  leftOut?: readonly string[]
  /** app.json env declarations, for generator: secret and required */
  env?: Record<string, EnvDecl>
  generateSecret?: () => string
}

/**
 * The config sync plan: pure data, computed from the file, the remote config and the add-on ownership.
 * Only keys whose value changes are sent; deletions only with prune; add-on keys are never touched.
 */
export function planConfigSync(input: ConfigPlanInput): ConfigPlan {
  const {local, remote, owned, prune, env = {}} = input
  const leftOut = new Set(input.leftOut ?? [])
  const changes: ConfigChange[] = []
  const conflicts: OwnedKeyConflict[] = []
  const kept: string[] = []
  const ownedKept: string[] = []
  const generatedKept: string[] = []
  const leftOutKept: string[] = []
  // keys are written with defineProperty: `patch.__proto__ = v` would set the prototype and drop the key from the PATCH
  const patch: ConfigPatch = {}

  for (const [key, value] of Object.entries(local)) {
    const before = Object.hasOwn(remote, key) ? remote[key] : undefined
    const addon = owned.get(key)
    if (addon !== undefined && before !== value) {
      conflicts.push({key, addon})
      continue
    }

    if (before === undefined) {
      changes.push({key, action: 'add', after: value})
      setEntry<string | null>(patch, key, value)
    } else if (before === value) {
      changes.push({key, action: 'unchanged', before, after: value})
    } else {
      changes.push({key, action: 'change', before, after: value})
      setEntry<string | null>(patch, key, value)
    }
  }

  for (const [key, value] of Object.entries(remote)) {
    if (Object.hasOwn(local, key)) continue
    if (leftOut.has(key)) {
      leftOutKept.push(key)
    } else if (owned.has(key)) {
      ownedKept.push(key)
    } else if (env[key]?.generator === 'secret') {
      generatedKept.push(key)
    } else if (prune) {
      changes.push({key, action: 'remove', before: value})
      setEntry<string | null>(patch, key, null)
    } else {
      kept.push(key)
    }
  }

  if (input.generateSecret) {
    for (const [key, decl] of Object.entries(env)) {
      if (decl.generator !== 'secret' || Object.hasOwn(local, key) || Object.hasOwn(remote, key) || owned.has(key)) continue
      const value = input.generateSecret()
      changes.push({key, action: 'add', after: value, generated: true})
      setEntry<string | null>(patch, key, value)
    }
  }

  const after = (key: string): boolean => (Object.hasOwn(patch, key) ? patch[key] !== null : Object.hasOwn(remote, key))
  const missingRequired = Object.entries(env)
    .filter(([key, decl]) => decl.required && decl.generator !== 'secret' && !after(key))
    .map(([key]) => key)

  return {changes, patch, conflicts, kept, ownedKept, generatedKept, leftOutKept, missingRequired}
}

export function countChanges(plan: ConfigPlan): Record<ConfigAction, number> {
  const summary: Record<ConfigAction, number> = {add: 0, change: 0, remove: 0, unchanged: 0}
  for (const change of plan.changes) summary[change.action]++
  return summary
}

export function hasWrites(plan: ConfigPlan): boolean {
  return Object.keys(plan.patch).length > 0
}
