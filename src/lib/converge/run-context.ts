/**
 * What the appliers of one run share: the values steps hand to later steps (ids of things created in this run),
 * the run's timing policy, and creating something at most once.
 */
import {HerokuApiError, HerokuNetworkError} from '../api/errors.js'
import {KitError} from '../errors.js'
import type {StageName} from '../manifest/types.js'
import type {StepRun} from './executor.js'
import type {PollSchedule} from './poll.js'

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

/**
 * Heroku's "it exists already": 422 ("Name is already taken", "Domain already added to this app.") or 409 conflict
 * (kolkrabbi: "This pipeline is already connected to a repository."; review apps enabled twice) — what a create
 * gets when another run made the same thing a moment before.
 */
function alreadyExists(error: unknown): boolean {
  return error instanceof HerokuApiError && (error.status === 422 || error.status === 409) && /already|taken/i.test(error.herokuMessage)
}

const CREATE_ATTEMPTS = 4

/**
 * Create something at most once. When a POST's outcome is unknown (5xx, dropped connection) or Heroku says the
 * thing exists already, read to learn whether it happened: found → done; not found → Heroku certainly did not
 * create it, so the POST is sent again. A run that failed half-way and is run again therefore never duplicates
 * a pipeline, app, add-on, domain or drain.
 */
export async function createOnce<T>(
  create: () => Promise<T>,
  find: () => Promise<T | undefined>,
  sleep?: (ms: number) => Promise<void>,
  options: {
    /** Heroku's other ways of saying "it exists" for this resource (the default: a 422 saying "already" or "taken") */
    exists?: (error: unknown) => boolean
  } = {},
): Promise<T> {
  const exists = options.exists ?? alreadyExists
  for (let attempt = 1; ; attempt++) {
    try {
      // eslint-disable-next-line no-await-in-loop -- retries are sequential by nature
      return await create()
    } catch (error) {
      if (!uncertain(error) && !exists(error)) throw error
      // eslint-disable-next-line no-await-in-loop -- retries are sequential by nature
      const found = await find()
      if (found) return found
      if (exists(error) || attempt >= CREATE_ATTEMPTS || !sleep) throw error
      // eslint-disable-next-line no-await-in-loop -- retries are sequential by nature
      await sleep(100 * 2 ** attempt)
    }
  }
}

/**
 * The oldest of things created at about the same moment (created_at, then id): the one two runs that each created a
 * copy both keep, where Heroku does not refuse the second copy (pipelines, log drains), so the rule needs no lock.
 */
export function oldest<T extends {id: string; created_at?: string}>(items: readonly T[]): T | undefined {
  return [...items].sort((a, b) => (a.created_at ?? '').localeCompare(b.created_at ?? '') || a.id.localeCompare(b.id))[0]
}

export function requirePipeline(ctx: RunContext): string {
  if (!ctx.pipelineId) throw new KitError('The pipeline id is unknown (the pipeline step did not run).', {code: 'internal'})
  return ctx.pipelineId
}

export function requireAppId(ctx: RunContext, stage: StageName): string {
  const id = ctx.appIds[stage]
  if (!id) throw new KitError(`The ${stage} app's id is unknown (its step did not run).`, {code: 'internal'})
  return id
}

/** The step's sleep: the executor's (frees the concurrency slot while it sleeps) when there is one. */
export function sleeper(ctx: RunContext, run: StepRun | undefined): (ms: number) => Promise<void> {
  return run ? ms => run.sleep(ms) : ctx.sleep
}
