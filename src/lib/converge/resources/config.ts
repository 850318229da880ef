/** A stage's config vars: the stage's dotenv file and app.json's env, synced without pruning; add-on keys stay theirs. */
import {randomBytes} from 'node:crypto'
import path from 'node:path'

import type {ConfigVars} from '../../api/heroku-api.js'
import {formatMasked} from '../../config/mask.js'
import {planConfigSync} from '../../config/plan.js'
import {ownedConfigVars, readRemoteConfig} from '../../config/remote.js'
import {HerokuApiError} from '../../api/errors.js'
import {KitError} from '../../errors.js'
import {formatPath} from '../../manifest/common.js'
import {withoutKeys} from '../../manifest/drain-references.js'
import type {EnvDecl, StageName} from '../../manifest/types.js'
import type {ExportStageInput} from '../export.js'
import {type Applier, type Resource, type StageFields, type StagePlanInput, type StageReader, step} from '../resource.js'
import type {Step} from '../types.js'

/** `config:` names the stage's dotenv file; its values, and app.json's env declarations, are the desired config vars. */
export type ConfigStage = {
  /** dotenv path relative to the repository root */
  declared: {config?: string}
  desired: {
    /** config vars from the stage's dotenv file (empty when none is declared) */
    config: Record<string, string>
    configFile?: string
    /** why the stage's config file was left out (not here, as in a CI checkout, or unreadable): its keys are not compared */
    configUncompared?: string
    /** app.json env declarations (generator: secret, required) */
    env: Record<string, EnvDecl>
  }
  /**
   * the app's config vars, and which of them add-ons own (key → add-on); `configUnread`: why the config vars could
   * not be read (a token of scope `read`): `config` is then empty and not compared
   */
  current: {config: ConfigVars; owned: Map<string, string>; configUnread?: string}
  yaml: {config?: string}
}

export type ConfigOperation = {kind: 'sync-config'; stage: StageName; app: string}

/**
 * Why a token may not read config vars: an OAuth token of scope `read` (or `write`) reads apps and their resources but
 * not config vars, which need `read-protected` (api-reference §22.2). Heroku's exact answer is [unverified]: any 403
 * on that one read counts, so a plan made with such a token says the config vars were not compared.
 */
export const CONFIG_UNREADABLE = "this token can't read config vars (an OAuth token of scope read: config vars need read-protected)"

/**
 * The app's config vars and which of them add-ons own (from the add-on attachments); a 403 on them is noted
 * (`configUnread`), not fatal. Fleet mode keeps the keys only: its checks look at key names, and the values are
 * dropped right after reading.
 */
export const readConfig: StageReader = async ({clients: {heroku}, app, fleet}) => {
  const [attachments, config] = await Promise.all([
    heroku.listAddonAttachments(app.name),
    heroku.getConfigVars(app.name).catch((error: unknown) => {
      if (error instanceof HerokuApiError && error.status === 403) return undefined
      throw error
    }),
  ])
  if (!config) return {config: {}, owned: ownedConfigVars(attachments, {}), configUnread: CONFIG_UNREADABLE}
  const owned = ownedConfigVars(attachments, config)
  return {config: fleet ? Object.fromEntries(Object.keys(config).map(key => [key, ''])) : config, owned}
}

/** Waits for the stage's add-on steps (an add-on sets the keys it owns). */
export function planConfig({stage, cur, planned}: StagePlanInput): Array<Step<ConfigOperation>> {
  const hasEnv = Object.keys(stage.env).length > 0
  if (Object.keys(stage.config).length === 0 && !hasEnv) return []
  const id = `${stage.name}.config`
  if (cur.configUnread) {
    // nothing to compare against: said so, never a failure (kit:bootstrap with a key that reads config vars compares them)
    return [
      step({
        id,
        group: stage.name,
        resource: 'config',
        action: 'pending',
        summary: `config vars not compared: ${cur.configUnread}`,
        details: [...(stage.configUncompared ? [stage.configUncompared] : []), 'kit:bootstrap with a key that can read config vars compares them.'],
        dependsOn: [`${stage.name}.app`],
      }),
    ]
  }

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
  if (stage.configUncompared) details.push(stage.configUncompared)
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

const configStage: StageFields<ConfigStage> = {
  keys: ['config'],
  defaults: () => ({}),
  none: () => ({}),
  parse({stage, value, at, fields, report}) {
    const file = fields.string(value, 'config', at)
    if (file === undefined) return
    const name = formatPath([...at, 'config'])
    const normalised = path.posix.normalize(file.replaceAll('\\', '/'))
    if (path.isAbsolute(file) || path.posix.isAbsolute(normalised) || normalised === '..' || normalised.startsWith('../')) {
      report([...at, 'config'], `${name}: "${file}" must be a dotenv file inside the repository, relative to it (e.g. .env.${stage.name})`)
    } else if (file.trim() === '') {
      report([...at, 'config'], `${name} is empty; write the dotenv file, e.g. .env.${stage.name}`)
    } else {
      stage.config = file
    }
  },
  desire: ({stage, appJson, configVars, referencedKeys}) => ({
    // a key a `${NAME}` reference names (a drain's URL, a telemetry header) is that secret, not a config var (manifest/drain-references.ts)
    config: withoutKeys(configVars, referencedKeys),
    configFile: stage.config,
    env: appJson?.env ?? {},
  }),
  unread: () => ({config: {}, owned: new Map()}),
}

export const config: Resource<ConfigOperation, ConfigStage> = {
  name: 'config',
  // the add-on attachments and the config vars
  read: {stage: readConfig, requests: 2},
  stage: configStage,
  plan: {stage: planConfig},
  apply: {'sync-config': syncConfig},
  cost: {'sync-config': 2},
  export: {file: exportConfigKeys},
}
