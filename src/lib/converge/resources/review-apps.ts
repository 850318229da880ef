/**
 * Review apps: the pipeline's review-app settings (they need the GitHub link) and the review stage's config vars
 * (app.json environments.review.env values).
 */
import {HerokuApiError} from '../../api/errors.js'
import type {ConfigVars, Pipeline, ReviewAppConfig, ReviewAppSettings} from '../../api/heroku-api.js'
import type {StageName} from '../../manifest/types.js'
import type {Clients} from '../current.js'
import type {DesiredState} from '../desired.js'
import type {Unmanaged} from '../export.js'
import {type Applier, type PipelinePlanInput, type Resource, step} from '../resource.js'
import {createOnce, requirePipeline} from '../run-context.js'
import {stageGeneration, unsupported} from '../stage-generation.js'
import type {Step} from '../types.js'
import {CONFIG_UNREADABLE} from './config.js'
import {githubConnected} from './github.js'

export type ReviewAppsOperation =
  | {kind: 'create-review-app-config'; repo: string; settings: ReviewAppSettings}
  | {kind: 'update-review-app-config'; settings: Partial<ReviewAppSettings>}
  | {kind: 'set-review-config'; patch: Record<string, string | null>}

/** The pipeline's review-app config and review-stage config vars, each only when declared (second wave of the read). */
export async function readReviewApps(
  clients: Clients,
  desired: DesiredState,
  pipeline: Pipeline | undefined,
): Promise<{reviewAppConfig?: ReviewAppConfig; reviewConfig: ConfigVars; reviewConfigUnread?: string}> {
  const [reviewAppConfig, reviewConfig] = await Promise.all([
    pipeline && desired.reviewApps ? clients.heroku.findReviewAppConfig(pipeline.id) : Promise.resolve(undefined),
    pipeline && Object.keys(desired.reviewConfig).length > 0
      ? clients.heroku.getStageConfigVars(pipeline.id, 'review').catch((error: unknown) => {
          // a `read`-scope token can't read config vars (config.ts CONFIG_UNREADABLE): not compared, said so
          if (error instanceof HerokuApiError && error.status === 403) return undefined
          throw error
        })
      : Promise.resolve({}),
  ])
  if (!reviewConfig) return {reviewAppConfig, reviewConfig: {}, reviewConfigUnread: CONFIG_UNREADABLE}
  return {reviewAppConfig, reviewConfig}
}

/**
 * How `unsupported_features` may name review apps. [unverified] No source says whether Fir offers them, nor the
 * spelling: the names heroku-kit.yml and the Heroku CLI use.
 */
const REVIEW_APP_FEATURE_NAMES = ['review-apps', 'review_apps']

export function planReviewApps({desired, current, errors}: PipelinePlanInput): Array<Step<ReviewAppsOperation>> {
  const steps: Array<Step<ReviewAppsOperation>> = []
  // review apps the pipeline's generation lists as unsupported are never configured: declared, a plan error
  const stage = desired.stages[0]
  const generation = stage ? stageGeneration({stage, cur: current.stages[stage.name as StageName] ?? {}, current}) : undefined
  const lacking = desired.reviewApps && generation ? unsupported(generation, ...REVIEW_APP_FEATURE_NAMES) : undefined
  if (generation && lacking !== undefined) {
    errors.push(
      `review_apps: ${generation.name} does not offer review apps (unsupported_features of GET /generations/${generation.name}: ${lacking}). Remove review_apps from heroku-kit.yml.`,
    )
    return steps
  }

  if (!desired.repo) {
    if (desired.reviewApps) {
      steps.push(
        step({
          id: 'pipeline.review-apps',
          group: 'pipeline',
          resource: 'review-apps',
          action: 'manual',
          summary: 'review apps need the GitHub repository: set repo: owner/name in heroku-kit.yml',
        }),
      )
    }
  } else if (desired.reviewApps) {
    const id = 'pipeline.review-apps'
    const {automatic, destroyStale, staleDays, waitForCi} = desired.reviewApps
    const wanted: ReviewAppSettings = {automatic_review_apps: automatic, destroy_stale_apps: destroyStale, stale_days: staleDays, wait_for_ci: waitForCi}
    const existing = current.reviewAppConfig
    if (!githubConnected(current)) {
      steps.push(
        step({
          id,
          group: 'pipeline',
          resource: 'review-apps',
          action: 'manual',
          summary: 'review apps wait for the GitHub connection (Heroku requires a linked repository)',
        }),
      )
    } else if (!existing) {
      steps.push(
        step({
          id,
          group: 'pipeline',
          resource: 'review-apps',
          action: 'create',
          summary: `enable review apps (automatic: ${wanted.automatic_review_apps}, destroy after ${wanted.stale_days} days: ${wanted.destroy_stale_apps})`,
          dependsOn: ['pipeline', 'pipeline.github'],
          operation: {kind: 'create-review-app-config', repo: desired.repo, settings: wanted},
        }),
      )
    } else {
      const differing = (Object.keys(wanted) as Array<keyof ReviewAppSettings>).filter(k => existing[k] !== wanted[k])
      steps.push(
        differing.length === 0
          ? step({
              id,
              group: 'pipeline',
              resource: 'review-apps',
              action: 'unchanged',
              summary: 'review apps enabled',
              dependsOn: ['pipeline', 'pipeline.github'],
            })
          : step({
              id,
              group: 'pipeline',
              resource: 'review-apps',
              action: 'change',
              summary: `update review apps: ${differing.join(', ')}`,
              dependsOn: ['pipeline', 'pipeline.github'],
              operation: {kind: 'update-review-app-config', settings: Object.fromEntries(differing.map(k => [k, wanted[k]]))},
            }),
      )
    }
  }

  return [...steps, ...planReviewConfig({desired, current})]
}

function planReviewConfig({desired, current}: Omit<PipelinePlanInput, 'errors'>): Array<Step<ReviewAppsOperation>> {
  const keys = Object.keys(desired.reviewConfig)
  if (keys.length === 0) return []
  if (current.reviewConfigUnread) {
    return [
      step({
        id: 'pipeline.review-config',
        group: 'pipeline',
        resource: 'review-config',
        action: 'pending',
        summary: `review-app config vars not compared: ${current.reviewConfigUnread}`,
        dependsOn: ['pipeline'],
      }),
    ]
  }

  const patch: Record<string, string> = {}
  for (const key of keys) if (current.reviewConfig[key] !== desired.reviewConfig[key]) patch[key] = desired.reviewConfig[key]
  const changed = Object.keys(patch)
  return [
    changed.length === 0
      ? step({
          id: 'pipeline.review-config',
          group: 'pipeline',
          resource: 'review-config',
          action: 'unchanged',
          summary: `review-app config vars (${keys.length} from app.json environments.review)`,
          dependsOn: ['pipeline'],
        })
      : step({
          id: 'pipeline.review-config',
          group: 'pipeline',
          resource: 'review-config',
          action: current.pipeline ? 'change' : 'create',
          summary: `set review-app config vars ${changed.join(', ')} (app.json environments.review)`,
          dependsOn: ['pipeline'],
          operation: {kind: 'set-review-config', patch},
        }),
  ]
}

const createReviewAppConfig: Applier<Extract<ReviewAppsOperation, {kind: 'create-review-app-config'}>> = async (op, {clients: {heroku}, ctx, sleep}) => {
  const pipeline = requirePipeline(ctx)
  await createOnce(
    () => heroku.createReviewAppConfig(pipeline, op.repo, op.settings),
    () => heroku.findReviewAppConfig(pipeline),
    sleep,
  )
}

const updateReviewAppConfig: Applier<Extract<ReviewAppsOperation, {kind: 'update-review-app-config'}>> = async (op, {clients: {heroku}, ctx}) => {
  await heroku.updateReviewAppConfig(requirePipeline(ctx), op.settings)
}

const setReviewConfig: Applier<Extract<ReviewAppsOperation, {kind: 'set-review-config'}>> = async (op, {clients: {heroku}, ctx}) => {
  await heroku.patchStageConfigVars(requirePipeline(ctx), 'review', op.patch)
}

/** review_apps: from the pipeline's review-app config; review-stage config vars are listed (their values are secrets). */
export function exportReviewApps(
  config: ReviewAppConfig | undefined,
  reviewConfigKeys: string[],
): {reviewApps?: {automatic: boolean; destroy_stale: boolean; stale_days: number; wait_for_ci: boolean}; unmanaged: Unmanaged[]} {
  const unmanaged: Unmanaged[] =
    reviewConfigKeys.length > 0
      ? [
          {
            scope: 'pipeline',
            what: `review-app config vars ${reviewConfigKeys.join(', ')}`,
            why: 'their values would go into app.json (committed); they stay on the pipeline (heroku pipelines:info, Dashboard)',
          },
        ]
      : []
  if (!config) return {unmanaged}
  return {
    reviewApps: {
      automatic: config.automatic_review_apps === true,
      destroy_stale: config.destroy_stale_apps === true,
      stale_days: config.stale_days ?? 5,
      wait_for_ci: config.wait_for_ci === true,
    },
    unmanaged,
  }
}

export const reviewApps: Resource<ReviewAppsOperation> = {
  name: 'review-apps',
  read: {state: readReviewApps},
  plan: {pipeline: planReviewApps},
  apply: {'create-review-app-config': createReviewAppConfig, 'update-review-app-config': updateReviewAppConfig, 'set-review-config': setReviewConfig},
  export: {file: exportReviewApps},
}
