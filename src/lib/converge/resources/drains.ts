/** A stage's log drains: added when missing; a `${NAME}` drain whose URL is set nowhere is a manual step. */
import {HerokuApiError} from '../../api/errors.js'
import type {LogDrain} from '../../api/heroku-api.js'
import {generationOf} from '../../generation.js'
import {formatPath} from '../../manifest/common.js'
import {drainReferenceName, runnerCredentialProblem} from '../../manifest/drain-references.js'
import {drainProblem} from '../../manifest/pipeline-file/values.js'
import {maskUrl, urlHasCredentials, urlSecrets} from '../../output/mask-url.js'
import type {Clients} from '../current.js'
import {resolveDrains, type UnresolvedReference} from '../desired.js'
import type {ExportStageInput, StageExport} from '../export.js'
import {poller} from '../poll.js'
import {type Applier, type Resource, type StageFields, type StagePlanInput, type StageReader, step} from '../resource.js'
import {stageGeneration} from '../stage-generation.js'
import {createOnce, oldest} from '../run-context.js'
import type {Step} from '../types.js'

/** `drains:` URLs, or `${NAME}` references to one in the stage's config file or the environment; the app's log drains. */
export type DrainsStage = {
  declared: {drains: string[]}
  desired: {
    /** drain URLs, `${NAME}` references resolved from the stage's config file or the environment */
    drains: string[]
    /** `${NAME}` drains whose value is found nowhere a reference may read (bootstrap refuses to run; verify can't compare them) */
    unresolvedDrains?: UnresolvedReference[]
    /** the values `${NAME}` drains resolved to: secrets, for the redactor (whatever they look like) */
    referencedValues?: string[]
  }
  current: {drains: LogDrain[]}
  yaml: {drains?: string[]}
}

const DRAINS_WHAT = "drain URLs such as syslog+tls://logs.example.com:6514, or ${NAME} to read the URL from the stage's config file or the environment"

export type DrainsOperation = {kind: 'add-drain'; app: string; url: string}

/**
 * The app's log drains; none read on a Fir app: classic log drains are Cedar's, Fir apps send logs through telemetry
 * drains ([doc] Heroku Telemetry; terraform-provider-heroku refuses heroku_drain on Fir).
 */
export const readDrains: StageReader = async ({clients, app}) => ({drains: generationOf(app) === 'fir' ? [] : await clients.heroku.listLogDrains(app.name)})

export function planDrains({stage, cur, current, errors}: StagePlanInput): Array<Step<DrainsOperation>> {
  if (stage.drains.length + (stage.unresolvedDrains?.length ?? 0) > 0 && stageGeneration({stage, cur, current}).name === 'fir') {
    // Heroku refuses a classic drain on a Fir app: nothing is planned, the whole run stops before any write
    errors.push(
      `stages.${stage.name}.drains: ${stage.name} runs on Fir, which has no classic log drains; its logs go to OpenTelemetry ` +
        `telemetry drains: declare them under stages.${stage.name}.telemetry and remove stages.${stage.name}.drains.`,
    )
    return []
  }

  const unresolved = (stage.unresolvedDrains ?? []).map(({name, why}): Step<DrainsOperation> =>
    step({
      id: `${stage.name}.drain.${name}`,
      group: stage.name,
      resource: 'drain',
      action: 'manual',
      summary: `log drain ${why}`,
      details: [
        `Put the drain URL in ${stage.configFile ?? `.env.${stage.name}`} as ${name}=… (git-ignored), ` +
          `and declare it as stages.${stage.name}.config in heroku-kit.yml (or list ${name} under env_references to read it from the environment).`,
      ],
      dependsOn: [`${stage.name}.app`],
    }),
  )
  return [
    ...unresolved,
    ...stage.drains.map((url, index): Step<DrainsOperation> => {
      const id = `${stage.name}.drain.${index + 1}`
      const shown = maskUrl(url) // credentials sit in user:pass@ and in the query string (?dd-api-key=…)
      const dependsOn = [`${stage.name}.app`]
      return cur.drains.some(d => d.url === url)
        ? step({id, group: stage.name, resource: 'drain', action: 'unchanged', summary: `log drain ${shown}`, dependsOn})
        : step({
            id,
            group: stage.name,
            resource: 'drain',
            action: 'create',
            summary: `add log drain ${shown}`,
            dependsOn,
            operation: {kind: 'add-drain', app: stage.app, url},
          })
    }),
  ]
}

/** on the poll schedule: 1, 1.5, 2.25 … about 16 s in all before giving up */
const LOG_CHANNEL_RETRIES = 8

/** The app's own drains (not an add-on's) with this URL. */
async function drainsWithUrl(heroku: Clients['heroku'], app: string, url: string): Promise<LogDrain[]> {
  return (await heroku.listLogDrains(app)).filter(d => d.url === url && !d.addon)
}

/**
 * Adds the drain unless it is there. Heroku documents no uniqueness for a drain's URL [unverified], so another run
 * at the same moment could add the same one: the drains are read again just before the POST (one already there is
 * adopted) and after it; when two of one URL then exist, both runs keep the oldest (run-context.ts `oldest`) and the
 * run whose drain is not that one removes its own.
 */
const addDrain: Applier<DrainsOperation> = async (op, {clients: {heroku}, ctx, sleep}) => {
  if ((await drainsWithUrl(heroku, op.app, op.url)).length > 0) return
  const poll = poller({schedule: ctx.poll, sleep, rateLimitRemaining: ctx.rateLimitRemaining})
  let created: LogDrain
  for (let attempt = 0; ; attempt++) {
    try {
      // eslint-disable-next-line no-await-in-loop -- retries are sequential by nature
      created = await createOnce(
        () => heroku.createLogDrain(op.app, op.url),
        async () => oldest(await drainsWithUrl(heroku, op.app, op.url)),
        sleep,
      )
      break
    } catch (error) {
      // a new app gets its log channel a moment after creation
      if (error instanceof HerokuApiError && /log channel/i.test(error.herokuMessage) && attempt < LOG_CHANNEL_RETRIES) {
        // eslint-disable-next-line no-await-in-loop -- retries are sequential by nature
        await poll.wait(attempt)
        continue
      }

      throw error
    }
  }

  const kept = oldest(await drainsWithUrl(heroku, op.app, op.url))
  if (kept && kept.id !== created.id) await heroku.deleteLogDrain(op.app, created.id)
}

/** Whether a drain URL carries credentials: user info, a token in its path, or any query string (tokens travel there). */
export function drainHasCredentials(url: string): boolean {
  try {
    const parsed = new URL(url)
    return parsed.username !== '' || parsed.password !== '' || parsed.search !== '' || urlHasCredentials(url)
  } catch {
    return true // can't tell: treat it as secret
  }
}

/** LOG_DRAIN_URL, LOG_DRAIN_2_URL, … : the first that is not a config var of the app or already taken. */
function referenceName(index: number, taken: Set<string>): string {
  for (let n = index; ; n++) {
    const name = n === 1 ? 'LOG_DRAIN_URL' : `LOG_DRAIN_${n}_URL`
    if (!taken.has(name)) return name
  }
}

/**
 * The app's own log drains (add-on drains belong to their add-on and are listed). A URL with credentials
 * becomes a `${NAME}` reference (manifest/drain-references.ts); its value goes to `secrets`.
 */
export function exportDrains({name, current}: ExportStageInput): StageExport {
  // a Fir app has no classic drains (its logs go to telemetry drains): no `drains:` key
  if (generationOf(current.app) === 'fir') return {fields: {}, unmanaged: []}
  const drains: string[] = []
  const secrets: Record<string, string> = {}
  const unmanaged: StageExport['unmanaged'] = []
  const taken = new Set(Object.keys(current.config))
  for (const drain of current.drains) {
    if (drain.addon) {
      unmanaged.push({scope: name, what: `log drain of add-on ${drain.addon.name ?? drain.addon.id}`, why: 'the add-on manages it'})
      continue
    }

    if (drainHasCredentials(drain.url)) {
      const key = referenceName(Object.keys(secrets).length + 1, taken)
      taken.add(key)
      secrets[key] = drain.url
      drains.push(`\${${key}}`)
    } else {
      drains.push(drain.url)
    }
  }

  return {fields: {drains}, unmanaged, secrets}
}

const drainsStage: StageFields<DrainsStage> = {
  keys: ['drains'],
  defaults: () => ({drains: []}),
  none: () => ({drains: []}),
  parse({stage, value, at, fields, report}) {
    for (const [index, drain] of (fields.stringList(value, 'drains', at, DRAINS_WHAT) ?? []).entries()) {
      const keyPath = [...at, 'drains', index]
      // `${NAME}`: the URL is in the stage's config file or the environment (drain-references.ts)
      const reference = drainReferenceName(drain)
      const problem = reference === undefined ? drainProblem(drain) : runnerCredentialProblem(reference)
      if (problem) report(keyPath, `${formatPath(keyPath)}: ${problem}`)
      else if (stage.drains.includes(drain)) report(keyPath, `${formatPath(keyPath)}: this drain is listed twice; remove one`)
      else stage.drains.push(drain)
    }
  },
  desire: ({stage, configVars, envReferences, env}) =>
    resolveDrains(stage.name, stage.drains, {configFile: stage.config, config: configVars, envNames: envReferences, env}),
  unread: () => ({drains: []}),
  references: {what: 'log drain URL', entries: stage => stage.drains, unresolved: stage => stage.unresolvedDrains},
}

export const drains: Resource<DrainsOperation, DrainsStage> = {
  name: 'drains',
  read: {stage: readDrains, requests: 1, secrets: cur => cur.drains.flatMap(drain => urlSecrets(drain.url))},
  stage: drainsStage,
  plan: {stage: planDrains},
  apply: {'add-drain': addDrain},
  export: {stage: exportDrains},
}
