import {randomBytes} from 'node:crypto'

import {HerokuApiError, HerokuNetworkError} from '../api/errors.js'
import type {Addon} from '../api/heroku-api.js'
import {formatMasked} from '../config/mask.js'
import {planConfigSync} from '../config/plan.js'
import {readRemoteConfig} from '../config/remote.js'
import {KitError} from '../errors.js'
import type {StageName} from '../manifest/types.js'
import type {StepRun} from '../plan/executor.js'
import {type PollSchedule, poller} from '../plan/poll.js'
import {type Clients, primaryDatabase} from './current.js'
import type {DesiredState} from './desired.js'
import {dnsNote} from './dns.js'
import type {Operation} from './operations.js'

/** Values steps hand to later steps (ids of things created in this run) and the run's timing policy. */
export interface RunContext {
  pipelineId?: string
  appIds: Partial<Record<StageName, string>>
  githubRepoId?: number | string
  /** when to look again at add-ons (and log channels) still on their way */
  poll: PollSchedule
  addonTimeoutMs: number
  /** sleep outside the plan executor (the executor's own, which frees the step's slot, is preferred) */
  sleep: (ms: number) => Promise<void>
  /** RateLimit-Remaining as last seen, so waits back off when the budget runs low */
  rateLimitRemaining?: () => number | undefined
  /** secret values generated in this run, for the output redactor */
  generated: string[]
}

function uncertain(error: unknown): boolean {
  return (error instanceof HerokuApiError || error instanceof HerokuNetworkError) && error.uncertain
}

function alreadyExists(error: unknown): boolean {
  return error instanceof HerokuApiError && error.status === 422 && /already|taken/i.test(error.herokuMessage)
}

const CREATE_ATTEMPTS = 4

/**
 * Create something at most once. When a POST's outcome is unknown (5xx, dropped connection) or Heroku says the
 * thing exists already, read to learn whether it happened: found → done; not found → Heroku certainly did not
 * create it, so the POST is sent again. A run that failed half-way and is run again therefore never duplicates
 * a pipeline, app, add-on, domain or drain.
 */
async function createOnce<T>(create: () => Promise<T>, find: () => Promise<T | undefined>, sleep?: (ms: number) => Promise<void>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      // eslint-disable-next-line no-await-in-loop -- retries are sequential by nature
      return await create()
    } catch (error) {
      if (!uncertain(error) && !alreadyExists(error)) throw error
      // eslint-disable-next-line no-await-in-loop -- retries are sequential by nature
      const found = await find()
      if (found) return found
      if (alreadyExists(error) || attempt >= CREATE_ATTEMPTS || !sleep) throw error
      // eslint-disable-next-line no-await-in-loop -- retries are sequential by nature
      await sleep(100 * 2 ** attempt)
    }
  }
}

function requirePipeline(ctx: RunContext): string {
  if (!ctx.pipelineId) throw new KitError('The pipeline id is unknown (the pipeline step did not run).', {code: 'internal'})
  return ctx.pipelineId
}

function requireApp(ctx: RunContext, stage: StageName): string {
  const id = ctx.appIds[stage]
  if (!id) throw new KitError(`The ${stage} app's id is unknown (its step did not run).`, {code: 'internal'})
  return id
}

/** The step's sleep: the executor's (frees the concurrency slot while it sleeps) when there is one. */
function sleeper(ctx: RunContext, run: StepRun | undefined): (ms: number) => Promise<void> {
  return run ? ms => run.sleep(ms) : ctx.sleep
}

/**
 * Poll an add-on until Heroku says it is provisioned, within the run's timeout: first after about a second, then
 * backing off (plan/poll.ts), asleep without holding a concurrency slot.
 */
async function waitForAddon(clients: Clients, app: string, addon: Addon, ctx: RunContext, run: StepRun | undefined): Promise<Addon> {
  const deadline = Date.now() + ctx.addonTimeoutMs
  const poll = poller({schedule: ctx.poll, sleep: sleeper(ctx, run), rateLimitRemaining: ctx.rateLimitRemaining})
  let current = addon
  for (let n = 0; current.state !== 'provisioned'; n++) {
    if (current.state === 'deprovisioned')
      throw new KitError(`Add-on ${current.name} failed to provision (state: deprovisioned).`,
      {code: 'addon_failed', suggestion: `See \`heroku addons:info ${current.name}\`; run kit:bootstrap again to create it anew.`})
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

/** on the poll schedule: 1, 1.5, 2.25 … about 16 s in all before giving up */
const LOG_CHANNEL_RETRIES = 8

/** Applies one step's operation through the API adapter; returns lines for the summary. */
 
export async function applyOperation(op: Operation, clients: Clients, ctx: RunContext, desired: DesiredState, run?: StepRun): Promise<string[] | void> {
  const {heroku, data, github} = clients
  const sleep = sleeper(ctx, run)
  switch (op.kind) {
    case 'create-pipeline': {
      const pipeline = await createOnce(() => heroku.createPipeline({name: op.name, owner: op.owner}), async () => {
        const found = await heroku.findPipelinesByName(op.name)
        return found.length === 1 ? found[0] : undefined
      }, sleep)
      ctx.pipelineId = pipeline.id
      return
    }

    case 'create-app': {
      const app = await createOnce(() => heroku.createApp({name: op.name, region: op.region, team: op.team}), () => heroku.findApp(op.name), sleep)
      ctx.appIds[op.stage] = app.id
      return
    }

    case 'couple-app': {
      const pipeline = requirePipeline(ctx)
      await createOnce(() => heroku.createPipelineCoupling({app: op.app, pipeline, stage: op.stage}), async () => {
        const coupling = await heroku.findAppPipelineCoupling(op.app)
        return coupling?.pipeline.id === pipeline ? coupling : undefined
      }, sleep)
      return
    }

    case 'change-coupling-stage': {
      await heroku.updatePipelineCoupling(op.couplingId, op.stage)
      return
    }

    case 'set-buildpacks': {
      await heroku.setBuildpacks(op.app, op.buildpacks)
      return
    }

    case 'create-addon': {
      const matches = (addon: Addon) => op.as ? (addon.config_vars ?? []).some(v => v.startsWith(`${op.as}_`)) : addon.addon_service?.name === op.service
      const addon = await createOnce(
        () => heroku.createAddon(op.app, {plan: op.plan, attachment: op.as ? {name: op.as} : undefined, config: op.options}),
        async () => (await heroku.listAddons(op.app)).find(a => matches(a)),
        sleep,
      )
      const ready = await waitForAddon(clients, op.app, addon, ctx, run)
      return [`${op.app}: ${ready.name} (${ready.plan?.name ?? op.plan}) provisioned`]
    }

    case 'change-addon-plan': {
      await heroku.changeAddonPlan(op.app, op.addonId, op.plan)
      return
    }

    case 'sync-config': {
      const stage = desired.stages.find(s => s.name === op.stage)!
      const remote = await readRemoteConfig(heroku, {kind: 'app', app: op.app, label: op.app})
      const plan = planConfigSync({local: stage.config, remote: remote.vars, owned: remote.owned, prune: false, env: stage.env, generateSecret: () => randomBytes(32).toString('hex')})
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

    case 'scale': {
      await heroku.updateFormation(op.app, op.updates)
      return
    }

    case 'enable-preboot': {
      await heroku.setAppFeature(op.app, 'preboot', true)
      return
    }

    case 'add-domain': {
      const domain = await createOnce(() => heroku.createDomain(op.app, op.hostname), async () => (await heroku.listDomains(op.app)).find(d => d.hostname === op.hostname), sleep)
      return [dnsNote(op.hostname, domain.cname)]
    }

    case 'enable-acm': {
      try {
        // a POST: when its outcome is unknown, the app's acm flag says whether it happened
        await createOnce(() => heroku.enableAcm(op.app), async () => {
          const app = await heroku.findApp(op.app)
          return app?.acm ? app : undefined
        }, sleep)
      } catch (error) {
        if (error instanceof HerokuApiError && error.status === 422) {
          // Heroku's own reason, explained: heroku-kit does not refuse ACM locally (see ACM_DOUBTFUL_SIZES in plan.ts)
          throw new KitError(`Heroku refused ACM for ${op.app}: ${error.herokuMessage}`,
            {code: 'acm_refused',
            suggestion: 'Heroku has refused ACM on eco dynos: scale to basic or larger (stages.STAGE.formation in heroku-kit.yml, then kit:scale or kit:bootstrap), or add your own certificate with `heroku certs:add`; then run kit:acm again.'})
        }

        throw error
      }

      const domains = (await heroku.listDomains(op.app)).filter(d => d.kind === 'custom')
      return domains.map(d => dnsNote(d.hostname, d.cname))
    }

    case 'schedule-backups': {
      const addons = await heroku.listAddons(op.app)
      const database = primaryDatabase(addons)
      if (!database) throw new KitError(`${op.app} has no heroku-postgresql add-on to back up.`, {code: 'no_database'})
      const ready = await waitForAddon(clients, op.app, database, ctx, run)
      // one POST creates the schedule or changes the one of that name (see DataApi.putSchedule); never a delete first
      await createOnce(
        () => data.putSchedule(ready.id, {hour: op.hour, timezone: op.timezone, scheduleName: op.scheduleName}),
        async () => (await data.listSchedules(ready.id)).find(s => s.name === op.scheduleName && Number(s.hour) === op.hour && s.timezone === op.timezone),
        sleep,
      )
      return
    }

    case 'add-drain': {
      const poll = poller({schedule: ctx.poll, sleep, rateLimitRemaining: ctx.rateLimitRemaining})
      for (let attempt = 0; ; attempt++) {
        try {
          // eslint-disable-next-line no-await-in-loop -- retries are sequential by nature
          await createOnce(() => heroku.createLogDrain(op.app, op.url), async () => (await heroku.listLogDrains(op.app)).find(d => d.url === op.url), sleep)
          return
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
    }

    case 'link-repository': {
      const pipeline = requirePipeline(ctx)
      if (ctx.githubRepoId === undefined) throw new KitError(`The GitHub repository ${op.repo} was not found.`, {code: 'github_repo'})
      const repoId = ctx.githubRepoId
      await createOnce(() => github.linkPipelineRepository(pipeline, repoId), () => github.findPipelineRepository(pipeline), sleep)
      return
    }

    case 'set-auto-deploy': {
      await github.setAutoDeploy(requireApp(ctx, op.stage), op.enabled ? {auto_deploy: true, branch: op.branch, wait_for_ci: true} : {auto_deploy: false})
      return
    }

    case 'create-review-app-config': {
      const pipeline = requirePipeline(ctx)
      await createOnce(() => heroku.createReviewAppConfig(pipeline, op.repo, op.settings), () => heroku.findReviewAppConfig(pipeline), sleep)
      return
    }

    case 'update-review-app-config': {
      await heroku.updateReviewAppConfig(requirePipeline(ctx), op.settings)
      return
    }

    case 'set-review-config': {
      await heroku.patchStageConfigVars(requirePipeline(ctx), 'review', op.patch)
    }
  }
}

/**
 * What a step is expected to cost, in round trips, for the executor's ordering (`weight`): an add-on provisions for
 * seconds to minutes (about ten round trips at the least), so add-on creates go before the quick steps when slots
 * are short; the steps that wait for a database or a certificate come next.
 */
export function expectedCost(op: Operation | undefined): number {
  switch (op?.kind) {
    case 'create-addon': {
      return 10
    }

    case 'schedule-backups':
    case 'sync-config':
    case 'enable-acm': {
      return 2
    }

    default: {
      return 1
    }
  }
}
