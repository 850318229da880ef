/**
 * Config vars as the routes that change them (`PATCH /apps/{app}/config-vars`, add-on provisioning and removal) and
 * the seeding helpers share them: which vars an add-on attachment owns, and one release per change that changes
 * anything ([schema] config-var update; [doc] "Configuration and Config Vars": every change creates a release).
 */
import {findPlan} from './catalog.js'
import type {App, Attachment, EmulatorState, Release, User} from './state.js'

/** Config var name → attachment that owns it. */
export function ownedConfigVars(state: EmulatorState, app: App): Map<string, Attachment> {
  const owned = new Map<string, Attachment>()
  for (const attachment of state.attachments.values()) {
    if (attachment.appId !== app.id) continue
    for (const name of attachmentConfigVars(state, attachment)) owned.set(name, attachment)
  }

  return owned
}

export function attachmentConfigVars(state: EmulatorState, attachment: Attachment): string[] {
  const addon = state.addons.get(attachment.addonId)
  const service = addon && findPlan(addon.service)?.service
  return service ? service.configVarSuffixes.map(s => `${attachment.name}${s}`) : []
}

/**
 * Apply a config change (null deletes) and create ONE release if anything changed.
 * No validation here: config-vars.ts validates API input.
 */
export function setConfigVars(state: EmulatorState, appName: string, changes: Record<string, string | null>, user?: User): Release | undefined {
  const app = state.appOrThrow(appName)
  const vars = state.configVars.get(app.id)!
  const set: string[] = []
  const removed: string[] = []
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) {
      if (key in vars) {
        delete vars[key]
        removed.push(key)
      }
    } else if (vars[key] !== value) {
      vars[key] = value
      set.push(key)
    }
  }

  if (set.length === 0 && removed.length === 0) return undefined
  const parts = [set.length > 0 ? `Set ${set.join(', ')}` : '', removed.length > 0 ? `${set.length > 0 ? 'remove' : 'Remove'} ${removed.join(', ')}` : '']
  return state.createRelease(app, {description: `${parts.filter(Boolean).join(' and ')} config vars`, runReleasePhase: true, user})
}
