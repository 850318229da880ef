/**
 * A stage's add-ons: matched by attachment name (`as:`) or service, created once under a name derived from the
 * declaration (so that two runs at once create one add-on: Heroku refuses the second name), their plan changed on
 * request.
 */
import {createHash} from 'node:crypto'

import {HerokuApiError} from '../../api/errors.js'
import type {Addon, AddonAttachment} from '../../api/heroku-api.js'
import {KitError} from '../../errors.js'
import {parseAddonDecls} from '../../manifest/common.js'
import type {AddonDecl, StageName} from '../../manifest/types.js'
import type {StepRun} from '../executor.js'
import type {Clients, CurrentStage} from '../current.js'
import {addonKey} from '../desired.js'
import type {ExportStageInput, StageExport} from '../export.js'
import {poller} from '../poll.js'
import {addCosts, type Cost, costOf, installedAddonPrice, planListPrice, type PriceBook, type StepPrice, ZERO} from '../pricing.js'
import {type Applier, type Resource, type StageFields, type StagePlanInput, type StageReader, step} from '../resource.js'
import {createOnce, type RunContext, sleeper} from '../run-context.js'
import type {Step} from '../types.js'

/** `addons:` (default: app.json's), matched on the app by attachment name or service. */
export type AddonsStage = {
  declared: {addons: AddonDecl[]}
  desired: {addons: AddonDecl[]}
  current: {addons: Addon[]}
  yaml: {addons?: Array<string | {plan: string; as: string}>}
}

export type AddonsOperation =
  | {kind: 'create-addon'; stage: StageName; app: string; name: string; plan: string; service: string; as?: string; options?: Record<string, unknown>}
  | {kind: 'change-addon-plan'; app: string; addonId: string; plan: string}

/**
 * Heroku's add-on names: `^[a-zA-Z][A-Za-z0-9_-]+$` and globally unique ([schema] add-on.name). The schema gives no
 * length limit [unverified]: the kit keeps its names to ADDON_NAME_MAX characters, as long as Heroku's own
 * (`redis-curved-12345`) and an app name (30 at most) with a service name fit.
 */
export const ADDON_NAME_MAX = 48

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8)
}

/** `as: CACHE_REDIS` → `cache-redis`; a service name stays as it is; anything outside the pattern becomes `-`. */
function addonSlug(addon: AddonDecl): string {
  return (addon.as ? addon.as.toLowerCase().replaceAll('_', '-') : addon.service).replaceAll(/[^A-Za-z0-9_-]/g, '-')
}

/**
 * The name heroku-kit gives the add-on it creates for a declaration: `<app>-<as or service>` (`shop-staging-database`,
 * `shop-staging-heroku-redis`), the same in every run, so a second run creating it at the same moment is refused by
 * Heroku (the name is globally unique) and adopts the first one's instead of adding a copy. The app's name keeps
 * two apps (and two users) apart. Two declarations of a stage that would get one name (`as: HEROKU_REDIS` beside a
 * bare heroku-redis) each get a short hash of their own key; a name over ADDON_NAME_MAX is cut and given a hash of
 * the whole, so it stays unique and the same from run to run.
 */
export function addonName(app: string, addon: AddonDecl, stageAddons: readonly AddonDecl[]): string {
  const slug = addonSlug(addon)
  const shared = stageAddons.filter(other => addonSlug(other) === slug).length > 1
  const name = shared ? `${app}-${slug}-${shortHash(addonKey(addon))}` : `${app}-${slug}`
  if (name.length <= ADDON_NAME_MAX) return name
  return `${name.slice(0, ADDON_NAME_MAX - 9).replace(/[-_]+$/, '')}-${shortHash(name)}`
}

export const readAddons: StageReader = async ({clients, app}) => ({addons: await clients.heroku.listAddons(app.name)})

/** The stage's primary Postgres: attached as DATABASE, else the first heroku-postgresql add-on. */
export function primaryDatabase(addons: Addon[]): Addon | undefined {
  const postgres = addons.filter(addon => addon.addon_service?.name === 'heroku-postgresql')
  return postgres.find(addon => addon.config_vars?.includes('DATABASE_URL')) ?? postgres[0]
}

/** A created add-on: nothing → its plan's list price. */
export function priceAddonCreate(prices: PriceBook, plan: string): StepPrice {
  return {before: null, after: costOf(planListPrice(prices, plan))}
}

/** A plan change: what the add-on is billed now → the new plan's list price. */
export function priceAddonPlanChange(prices: PriceBook, addon: Addon, plan: string): StepPrice {
  return {before: costOf(installedAddonPrice(addon, prices)), after: costOf(planListPrice(prices, plan))}
}

/** The add-ons an app owns (one attached from another app is billed there), as billed now. */
export function addonsCostNow(cur: CurrentStage, prices: PriceBook): {cost: Cost; notes: string[]} {
  const app = cur.app?.name
  const owned = cur.addons.filter(a => !a.app?.name || a.app.name === app)
  return {cost: addCosts(ZERO, ...owned.map(a => costOf(installedAddonPrice(a, prices)))), notes: []}
}

export function planAddons({stage, cur, options}: StagePlanInput): Array<Step<AddonsOperation>> {
  const steps: Array<Step<AddonsOperation>> = []
  const claimed = new Set<string>()
  for (const addon of stage.addons) {
    const key = addonKey(addon)
    const id = `${stage.name}.addon.${key}`
    const ownedByApp = cur.addons.filter(a => !a.app?.name || a.app.name === stage.app)
    // match by attachment name when `as` is given, else by service: never create a second copy
    const match = ownedByApp.find(
      a => !claimed.has(a.id) && (addon.as ? (a.config_vars ?? []).some(v => v.startsWith(`${addon.as}_`)) : a.addon_service?.name === addon.service),
    )
    if (!match) {
      steps.push(
        step({
          id,
          group: stage.name,
          resource: 'addon',
          action: 'create',
          summary: `create add-on ${addon.plan}${addon.as ? ` as ${addon.as}` : ''}`,
          dependsOn: [`${stage.name}.app`],
          operation: {
            kind: 'create-addon',
            stage: stage.name,
            app: stage.app,
            name: addonName(stage.app, addon, stage.addons),
            plan: addon.plan,
            service: addon.service,
            as: addon.as,
            options: addon.options,
          },
          ...(options.prices ? {price: priceAddonCreate(options.prices, addon.plan)} : {}),
        }),
      )
      continue
    }

    claimed.add(match.id)
    const planDeclared = addon.plan !== addon.service
    if (!planDeclared || match.plan?.name === addon.plan) {
      steps.push(
        step({
          id,
          group: stage.name,
          resource: 'addon',
          action: 'unchanged',
          summary: `add-on ${match.plan?.name ?? addon.plan} (${match.name})${match.state && match.state !== 'provisioned' ? `, ${match.state}` : ''}`,
          dependsOn: [`${stage.name}.app`],
        }),
      )
    } else if (options.upgradeAddons) {
      steps.push(
        step({
          id,
          group: stage.name,
          resource: 'addon',
          action: 'change',
          summary: `change add-on ${match.name} from ${match.plan?.name} to ${addon.plan}`,
          dependsOn: [`${stage.name}.app`],
          operation: {kind: 'change-addon-plan', app: stage.app, addonId: match.id, plan: addon.plan},
          ...(options.prices ? {price: priceAddonPlanChange(options.prices, match, addon.plan)} : {}),
        }),
      )
    } else {
      steps.push(
        step({
          id,
          group: stage.name,
          resource: 'addon',
          action: 'drift',
          summary: `add-on ${match.name} is on ${match.plan?.name}, declared ${addon.plan}`,
          details: ['--upgrade-addons changes the plan (Heroku migrates the data for databases).'],
          dependsOn: [`${stage.name}.app`],
        }),
      )
    }
  }

  return steps
}

/**
 * Poll an add-on until Heroku says it is provisioned, within the run's timeout: first after about a second, then
 * backing off (converge/poll.ts), asleep without holding a concurrency slot.
 */
export async function waitForAddon(clients: Clients, app: string, addon: Addon, ctx: RunContext, run: StepRun | undefined): Promise<Addon> {
  const deadline = Date.now() + ctx.addonTimeoutMs
  const poll = poller({schedule: ctx.poll, sleep: sleeper(ctx, run), rateLimitRemaining: ctx.rateLimitRemaining})
  let current = addon
  for (let n = 0; current.state !== 'provisioned'; n++) {
    if (current.state === 'deprovisioned')
      throw new KitError(`Add-on ${current.name} failed to provision (state: deprovisioned).`, {
        code: 'addon_failed',
        suggestion: `See \`heroku addons:info ${current.name}\`; run kit:bootstrap again to create it anew.`,
      })
    if (Date.now() >= deadline) {
      throw new KitError(`Add-on ${current.name} is still ${current.state ?? 'provisioning'} after ${Math.round(ctx.addonTimeoutMs / 1000)} s.`, {
        code: 'addon_timeout',
        suggestion: 'Run kit:bootstrap again later: it finds the add-on and goes on waiting (no second copy is created).',
      })
    }

    // eslint-disable-next-line no-await-in-loop -- polling is sequential by nature
    await poll.wait(n, deadline)
    // eslint-disable-next-line no-await-in-loop -- polling is sequential by nature
    current = await clients.heroku.getAddon(app, current.id)
  }

  return current
}

/**
 * Heroku's answer when the add-on exists already: the name is taken (422 "Name is already taken"), or the attachment
 * name is used on the app — a 422 as well in the schema's reading, but the CLI's `--confirm` ("overwrite existing
 * add-on attachments", lib/addons/create-addon.js) shows Heroku may ask for a confirmation instead; heroku-kit never
 * sends one, so nothing is overwritten, and either answer means "look again".
 */
function addonExists(error: unknown): boolean {
  return error instanceof HerokuApiError && (error.id === 'confirmation_required' || (error.status === 422 && /already|taken/i.test(error.herokuMessage)))
}

const createAddon: Applier<Extract<AddonsOperation, {kind: 'create-addon'}>> = async (op, {clients, ctx, run, sleep}) => {
  const {heroku} = clients
  const matches = (addon: Addon) =>
    addon.name === op.name || (op.as ? (addon.config_vars ?? []).some(v => v.startsWith(`${op.as}_`)) : addon.addon_service?.name === op.service)
  let addon: Addon
  try {
    addon = await createOnce(
      () => heroku.createAddon(op.app, {plan: op.plan, name: op.name, attachment: op.as ? {name: op.as} : undefined, config: op.options}),
      // someone created it meanwhile (another run at the same moment): adopt theirs, never create under another name
      async () => (await heroku.listAddons(op.app)).find(a => (!a.app?.name || a.app.name === op.app) && matches(a)),
      sleep,
      {exists: addonExists},
    )
  } catch (error) {
    if (!addonExists(error)) throw error
    throw new KitError(`Heroku refused the add-on ${op.name} on ${op.app}: ${(error as HerokuApiError).herokuMessage}, and ${op.app} has no such add-on.`, {
      code: 'addon_name_taken',
      suggestion:
        `The name is used outside ${op.app} (\`heroku addons:info ${op.name}\` shows where); heroku-kit never creates an add-on under another name. ` +
        `Rename or remove that add-on, then run again.`,
    })
  }

  const ready = await waitForAddon(clients, op.app, addon, ctx, run)
  return [`${op.app}: ${ready.name} (${ready.plan?.name ?? op.plan}) provisioned`]
}

const changeAddonPlan: Applier<Extract<AddonsOperation, {kind: 'change-addon-plan'}>> = async (op, {clients: {heroku}}) => {
  await heroku.changeAddonPlan(op.app, op.addonId, op.plan)
}

/** The attachment name of an add-on on its own app: DATABASE when it has it, else its first attachment there. */
function attachmentName(addon: Addon, attachments: AddonAttachment[]): string | undefined {
  const own = attachments
    .filter(a => a.addon?.id === addon.id)
    .map(a => a.name)
    .sort()
  return own.includes('DATABASE') ? 'DATABASE' : own[0]
}

/**
 * The add-ons the app owns, each with its plan and attachment name (planAddons matches by attachment name, so
 * two add-ons of one service stay two). Add-ons attached from another app are listed: heroku-kit.yml declares
 * what an app owns.
 */
export function exportAddons({name, current, attachments}: ExportStageInput): StageExport {
  const app = current.app!.name
  const addons: NonNullable<StageExport['fields']['addons']> = []
  const unmanaged: StageExport['unmanaged'] = []
  const bare = new Set<string>()
  for (const addon of [...current.addons].sort((a, b) => a.name.localeCompare(b.name))) {
    if (addon.app?.name && addon.app.name !== app) {
      unmanaged.push({
        scope: name,
        what: `add-on ${addon.name} (${addon.plan?.name}) attached from ${addon.app.name}`,
        why: 'heroku-kit.yml declares the add-ons an app owns; a shared add-on stays as it is (heroku addons:attach)',
      })
      continue
    }

    const as = attachmentName(addon, attachments)
    const plan = addon.plan?.name ?? addon.addon_service.name
    // planAddons finds an `as:` add-on by its config vars (AS_…): one without any (scheduler) is declared by plan alone
    if (as && (addon.config_vars ?? []).some(v => v.startsWith(`${as}_`))) {
      addons.push({plan, as})
    } else if (bare.has(addon.addon_service.name)) {
      unmanaged.push({
        scope: name,
        what: `second ${addon.addon_service.name} add-on ${addon.name} (${plan})`,
        why: "it sets no config vars, so heroku-kit.yml can't tell it from the first one",
      })
    } else {
      bare.add(addon.addon_service.name)
      addons.push(plan)
    }
  }

  return {fields: {addons}, unmanaged}
}

const addonsStage: StageFields<AddonsStage> = {
  keys: ['addons'],
  defaults: ({appJson}) => ({addons: structuredClone(appJson?.addons ?? [])}),
  none: () => ({addons: []}),
  parse({stage, value, at, report}) {
    // given on a stage, they replace app.json's entirely (not merged per add-on)
    if (value.addons !== undefined) stage.addons = value.addons === null ? [] : parseAddonDecls(value.addons, [...at, 'addons'], report, true)
  },
  desire({stage}) {
    const keys = new Set<string>()
    for (const addon of stage.addons) {
      const key = addonKey(addon)
      if (keys.has(key)) {
        throw new KitError(`Stage ${stage.name} declares the add-on ${key} twice.`, {
          code: 'invalid_manifest',
          suggestion: 'Give each add-on of the same service its own `as:` attachment name.',
        })
      }

      keys.add(key)
    }

    return {addons: stage.addons}
  },
  unread: () => ({addons: []}),
}

export const addons: Resource<AddonsOperation, AddonsStage> = {
  name: 'addons',
  read: {stage: readAddons, requests: 1},
  stage: addonsStage,
  plan: {stage: planAddons},
  price: addonsCostNow,
  apply: {'create-addon': createAddon, 'change-addon-plan': changeAddonPlan},
  // an add-on provisions for seconds to minutes: about ten round trips at the least
  cost: {'create-addon': 10},
  export: {stage: exportAddons},
}

/** The add-on services a declaration uses, each once: the services whose plans' prices a run looks up. */
export function declaredServices(stages: Array<{addons: Array<{service: string}>}>): string[] {
  return [...new Set(stages.flatMap(stage => stage.addons.map(addon => addon.service)))].sort()
}
