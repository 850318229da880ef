/**
 * app.json as kit:import completes it: what the user wrote is kept (name, description, scripts, environments…),
 * only missing entries are added — buildpacks, formation process types, add-ons, env keys (declared without
 * values). One exception, said in `notes`: buildpacks that differ from the ones running are set to the running
 * ones, since kit:bootstrap applies app.json's buildpacks to both stages.
 */
import type {StageYaml} from '../converge/export.js'
import {APP_JSON, parseAppJson} from '../manifest/app-json.js'
import {addonFromPlan} from '../manifest/common.js'

export interface AppJsonSpec {
  name: string
  buildpacks: string[]
  formation: NonNullable<StageYaml['formation']>
  addons: NonNullable<StageYaml['addons']>
  envKeys: string[]
  /** the app the env keys were read from, for their description */
  source: string
}

export interface AppJsonMerge {
  /** the file's new text; equal to `existing` when nothing is missing */
  text: string
  notes: string[]
}

export function completeAppJson(spec: AppJsonSpec, existing?: string): AppJsonMerge {
  const current = existing === undefined ? undefined : parseAppJson(existing, APP_JSON) // throws FileIssuesError (file:line) when invalid
  const raw: Record<string, unknown> = current ? structuredClone(current.raw) : {name: spec.name}
  const notes: string[] = []
  let changed = existing === undefined

  const declared = current?.buildpacks ?? []
  if (declared.join('\n') !== spec.buildpacks.join('\n')) {
    if (spec.buildpacks.length === 0) delete raw.buildpacks
    else raw.buildpacks = spec.buildpacks.map(url => ({url}))
    if (current && declared.length > 0)
      notes.push(`app.json buildpacks ${declared.join(', ')} → ${spec.buildpacks.join(', ') || '(none: Heroku detects them)'}, as they run`)
    changed = true
  }

  const formation = {...(raw.formation as Record<string, unknown> | undefined)}
  const missingTypes = Object.keys(spec.formation).filter(type => !(type in formation))
  for (const type of missingTypes) formation[type] = spec.formation[type]
  if (missingTypes.length > 0) {
    raw.formation = formation
    changed = true
  }

  const services = new Set((current?.addons ?? []).map(a => a.as ?? a.service))
  const addons = Array.isArray(raw.addons) ? [...(raw.addons as unknown[])] : []
  for (const addon of spec.addons) {
    const decl = typeof addon === 'string' ? addonFromPlan(addon) : {...addonFromPlan(addon.plan), as: addon.as}
    if (services.has(decl.as ?? decl.service) || services.has(decl.service)) continue
    services.add(decl.as ?? decl.service)
    addons.push(addon)
    changed = true
  }

  if (addons.length > 0) raw.addons = addons
  const env = {...(raw.env as Record<string, unknown> | undefined)}
  const missingKeys = spec.envKeys.filter(key => !(key in env))
  for (const key of missingKeys) env[key] = {description: `set on ${spec.source} (the value stays on Heroku)`, required: false}
  if (missingKeys.length > 0) {
    raw.env = env
    changed = true
  }

  if (!changed) return {text: existing!, notes}
  const text = `${JSON.stringify(raw, null, 2)}\n`
  parseAppJson(text, APP_JSON) // what is written must read back
  return {text, notes}
}
