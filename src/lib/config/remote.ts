import type {AddonAttachment, ConfigPatch, ConfigVars, HerokuApi} from '../api/heroku-api.js'
import {KitError} from '../errors.js'
import type {ConfigTarget} from '../target/config.js'

export interface RemoteConfig {
  vars: ConfigVars
  /** config var → add-on that owns it (empty for pipeline stages) */
  owned: Map<string, string>
  readAt: number
}

/**
 * Which config vars add-ons own, from the app's attachments: the names Heroku lists for each attachment,
 * or else the attachment's namespace (`DATABASE` owns `DATABASE_URL`, `HEROKU_POSTGRESQL_RED` owns
 * `HEROKU_POSTGRESQL_RED_URL`): Heroku names add-on config vars after the attachment.
 */
export function ownedConfigVars(attachments: AddonAttachment[], vars: ConfigVars): Map<string, string> {
  const owned = new Map<string, string>()
  for (const attachment of attachments) {
    const owner = `${attachment.addon?.name ?? 'an add-on'} (attached as ${attachment.name})`
    const names = Array.isArray(attachment.config_vars) ? attachment.config_vars : Object.keys(vars).filter(key => key.startsWith(`${attachment.name}_`))
    for (const key of names) owned.set(key, owner)
  }

  return owned
}

/** The target's config vars and the add-on ownership, read in parallel. */
export async function readRemoteConfig(api: HerokuApi, target: ConfigTarget): Promise<RemoteConfig> {
  if (target.kind === 'pipeline-stage') {
    return {vars: await api.getStageConfigVars(target.pipelineId, target.stage), owned: new Map(), readAt: Date.now()}
  }

  const [vars, attachments] = await Promise.all([api.getConfigVars(target.app), api.listAddonAttachments(target.app)])
  return {vars, owned: ownedConfigVars(attachments, vars), readAt: Date.now()}
}

function differences(a: ConfigVars, b: ConfigVars, ignore: ReadonlySet<string> = new Set()): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...keys].filter(key => !ignore.has(key) && a[key] !== b[key]).sort()
}

export interface WriteOptions {
  /** the config the plan was computed from */
  snapshot: ConfigVars
  /** re-read before writing (after a confirmation, or when time passed since the read) */
  recheck: boolean
}

export interface WriteResult {
  result: ConfigVars
  /** keys someone else changed while the PATCH was on its way (their values were kept) */
  concurrent: string[]
}

/**
 * Send the patch in one request (one release). When asked, first re-read the config and stop if anyone
 * changed it since the plan was made, so a diff the user approved is never applied over someone else's change.
 */
export async function writeConfig(api: HerokuApi, target: ConfigTarget, patch: ConfigPatch, options: WriteOptions): Promise<WriteResult> {
  if (options.recheck) {
    const now = target.kind === 'app' ? await api.getConfigVars(target.app) : await api.getStageConfigVars(target.pipelineId, target.stage)
    const changed = differences(options.snapshot, now)
    if (changed.length > 0) {
      throw new KitError(`The config vars of ${target.label} changed since the diff was made (${changed.join(', ')}). Nothing was written.`, {
        code: 'config_changed',
        suggestion: 'Run the command again to see a fresh diff.',
      })
    }
  }

  const result = target.kind === 'app' ? await api.patchConfigVars(target.app, patch) : await api.patchStageConfigVars(target.pipelineId, target.stage, patch)
  const expected: ConfigVars = {...options.snapshot}
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete expected[key]
    else expected[key] = value
  }

  // add-ons can add their own vars at any time; only keys someone else touched among the ones we know matter
  return {result, concurrent: differences(expected, result, new Set(Object.keys(patch)))}
}
