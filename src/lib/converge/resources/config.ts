/** A stage's config vars: the stage's dotenv file and app.json's env, synced without pruning; add-on keys stay theirs. */
import {randomBytes} from 'node:crypto'

import {formatMasked} from '../../config/mask.js'
import {planConfigSync} from '../../config/plan.js'
import {ownedConfigVars, readRemoteConfig} from '../../config/remote.js'
import {KitError} from '../../errors.js'
import type {StageName} from '../../manifest/types.js'
import type {ExportStageInput} from '../export.js'
import {type Applier, type Resource, type StagePlanInput, type StageReader, step} from '../resource.js'
import type {Step} from '../types.js'

export type ConfigOperation = {kind: 'sync-config'; stage: StageName; app: string}

/** The app's config vars and which of them add-ons own (from the add-on attachments). */
export const readConfig: StageReader = async ({clients: {heroku}, app}) => {
  const [attachments, config] = await Promise.all([heroku.listAddonAttachments(app.name), heroku.getConfigVars(app.name)])
  return {config, owned: ownedConfigVars(attachments, config)}
}

/** Waits for the stage's add-on steps (an add-on sets the keys it owns). */
export function planConfig({stage, cur, planned}: StagePlanInput): Array<Step<ConfigOperation>> {
  const hasEnv = Object.keys(stage.env).length > 0
  if (Object.keys(stage.config).length === 0 && !hasEnv) return []
  const id = `${stage.name}.config`
  const plan = planConfigSync({local: stage.config, remote: cur.config, owned: cur.owned, prune: false, env: stage.env, generateSecret: () => ''})
  const dependsOn = [`${stage.name}.app`, ...planned.filter(s => s.resource === 'addon').map(s => s.id)]
  const details: string[] = []
  let add = 0
  let change = 0
  for (const c of plan.changes) {
    if (c.action === 'add') {
      add++
      details.push(`+ ${c.key}  ${c.generated ? '(generated secret)' : formatMasked(c.after ?? '')}`)
    } else if (c.action === 'change') {
      change++
      details.push(`~ ${c.key}  ${formatMasked(c.before ?? '')} → ${formatMasked(c.after ?? '')}`)
    }
  }

  for (const conflict of plan.conflicts) details.push(`! ${conflict.key} is owned by ${conflict.addon}: remove it from ${stage.configFile}`)
  for (const key of plan.missingRequired) {
    details.push(`? ${key} is required by app.json and not set (add it to ${stage.configFile ?? `a config file for ${stage.name}`})`)
  }

  const unchanged = plan.changes.filter(c => c.action === 'unchanged').length
  if (add + change === 0 && plan.conflicts.length === 0) {
    return [
      step({
        id,
        group: stage.name,
        resource: 'config',
        action: 'unchanged',
        summary: `config vars (${unchanged} set)`,
        details: details.length > 0 ? details : undefined,
        dependsOn,
      }),
    ]
  }

  return [
    step({
      id,
      group: stage.name,
      resource: 'config',
      action: cur.app ? 'change' : 'create',
      summary: `config vars from ${stage.configFile ?? 'app.json'}: ${add} to add, ${change} to change, ${unchanged} unchanged`,
      details,
      dependsOn,
      operation: {kind: 'sync-config', stage: stage.name, app: stage.app},
    }),
  ]
}

/** Re-reads the app's config just before writing, and generates the secrets app.json asks for. */
const syncConfig: Applier<ConfigOperation> = async (op, {clients: {heroku}, ctx, desired}) => {
  const stage = desired.stages.find(s => s.name === op.stage)!
  const remote = await readRemoteConfig(heroku, {kind: 'app', app: op.app, label: op.app})
  const plan = planConfigSync({
    local: stage.config,
    remote: remote.vars,
    owned: remote.owned,
    prune: false,
    env: stage.env,
    generateSecret: () => randomBytes(32).toString('hex'),
  })
  if (plan.conflicts.length > 0) {
    throw new KitError(`${stage.configFile} sets config vars that add-ons own: ${plan.conflicts.map(c => `${c.key} (${c.addon})`).join(', ')}.`, {
      code: 'addon_owned_keys',
      suggestion: 'Remove those lines from the file: add-ons manage these values.',
    })
  }

  const generated = plan.changes.filter(c => c.generated)
  ctx.generated.push(...generated.map(c => c.after ?? ''))
  if (Object.keys(plan.patch).length > 0) await heroku.patchConfigVars(op.app, plan.patch)
  return generated.map(c => `${op.app}: generated ${c.key} ${formatMasked(c.after ?? '')}`)
}

/** The config var keys the apps themselves set (not add-on owned): app.json declares them, without values. */
export function exportConfigKeys(stages: ExportStageInput[]): string[] {
  const keys = new Set<string>()
  for (const {current} of stages) {
    for (const key of Object.keys(current.config)) if (!current.owned.has(key)) keys.add(key)
  }

  return [...keys].sort()
}

export const config: Resource<ConfigOperation> = {
  name: 'config',
  read: {stage: readConfig},
  plan: {stage: planConfig},
  apply: {'sync-config': syncConfig},
  cost: {'sync-config': 2},
  export: {file: exportConfigKeys},
}
