import type {GenerationName} from '../../generation.js'
import type {Detection} from '../types.js'

/** Where an add-on list is used: app.json (review apps, Heroku CI) or a long-lived stage in heroku-kit.yml. */
export type AddonTarget = 'app' | 'review' | 'test' | 'staging' | 'production'

export interface AddonSpec {
  plan: string
  as?: string
}

/**
 * Plan slugs per target. Review and CI apps get the partner's cheapest plan anyway (Heroku overrides them), so the
 * app.json defaults are the cheap ones; production gets plans with backups/HA-capable tiers. Plans change over
 * time: `heroku addons:plans SERVICE` lists the current ones, and heroku-kit.yml is the place to change them.
 */
const POSTGRES: Record<AddonTarget, string> = {
  app: 'heroku-postgresql:essential-0',
  review: 'heroku-postgresql:essential-0',
  test: 'heroku-postgresql:in-dyno',
  staging: 'heroku-postgresql:essential-0',
  production: 'heroku-postgresql:standard-0',
}
const REDIS: Record<AddonTarget, string> = {
  app: 'heroku-redis:mini',
  review: 'heroku-redis:mini',
  test: 'heroku-redis:in-dyno',
  staging: 'heroku-redis:mini',
  production: 'heroku-redis:premium-0',
}
export const LOGGING_PLAN = 'papertrail:choklad'
export const SCHEDULER_PLAN = 'scheduler:standard'
export const MONITORING_PLAN = 'newrelic:wayne'

/** The add-ons of one target, in a fixed order. */
export function addonsFor(detection: Detection, target: AddonTarget): AddonSpec[] {
  const addons: AddonSpec[] = []
  if (detection.database) addons.push({plan: POSTGRES[target], as: 'DATABASE'})
  if (detection.redis) addons.push({plan: REDIS[target], as: 'REDIS'})
  if (target === 'review' || target === 'test') return addons
  addons.push({plan: LOGGING_PLAN})
  if (target === 'app' || target === 'production') addons.push({plan: SCHEDULER_PLAN}, {plan: MONITORING_PLAN})
  return addons
}

/**
 * The size of a Fir app's dynos: the smallest Fir size (1 vCPU, 0.5 GB, priced like Standard-1X: the Heroku CLI's
 * `ps:type` table). Fir has no eco or basic dynos; its sizes are its own (converge/resources/formation.ts).
 */
const FIR_SIZE = 'dyno-1c-0.5gb'

/** Dyno formation per target (app.json format). Eco/basic dynos run one per type; production scales out. */
export function formationFor(
  detection: Detection,
  target: 'app' | 'staging' | 'production',
  generation: GenerationName = 'cedar',
): Record<string, {quantity: number; size: string}> {
  const size = generation === 'fir' ? FIR_SIZE : target === 'production' ? 'standard-1x' : 'basic'
  const web = {quantity: target === 'production' ? 2 : 1, size}
  // a container app runs exactly the processes of heroku.yml; otherwise the Procfile's types plus the ones kit:init adds
  const types = detection.container
    ? detection.container.processes
    : [...new Set(['web', ...(detection.procfileTypes ?? []), ...(detection.worker ? ['worker'] : [])])].filter(t => t !== 'release')
  const formation: Record<string, {quantity: number; size: string}> = {}
  for (const type of types) formation[type] = type === 'web' ? web : {quantity: 1, size}
  return formation
}
