/** Fixed catalog: add-on services and plans, dyno sizes, regions, stacks. Ids are stable across runs. */
import {createHash} from 'node:crypto'

import {FIR_DYNO_SIZES} from './fir-dyno-sizes.js'

/** A stable UUID-shaped id derived from a name, so catalog ids do not change between runs. */
export function stableId(name: string): string {
  const hex = createHash('sha1').update(`heroku-kit-emulator:${name}`).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

export interface PlanDef {
  name: string
  humanName: string
  cents: number
  /** billed by use: `price.metered` (sent in the `3.sdk` variant, which `heroku addons:plans` asks for) */
  metered?: boolean
  /** priced by contract: `price.contract` */
  contract?: boolean
}

export interface ServiceDef {
  name: string
  humanName: string
  /** provisioning is asynchronous: state 'provisioning' first */
  async: boolean
  /** default attachment name for the first installation */
  attachmentBase: string
  /** prefix for further installations: `${colorBase}_${COLOR}` */
  colorBase: string
  /** config var suffixes appended to the attachment name */
  configVarSuffixes: string[]
  defaultPlan: string
  plans: PlanDef[]
  /** the add-on owns a log drain */
  drain?: boolean
  /** name prefix of generated add-on names */
  namePrefix: string
}

export const SERVICES: ServiceDef[] = [
  {
    async: true,
    attachmentBase: 'DATABASE',
    colorBase: 'HEROKU_POSTGRESQL',
    configVarSuffixes: ['_URL'],
    defaultPlan: 'essential-0',
    humanName: 'Heroku Postgres',
    name: 'heroku-postgresql',
    namePrefix: 'postgresql',
    plans: [
      {cents: 500, humanName: 'Essential 0', name: 'essential-0'},
      {cents: 900, humanName: 'Essential 1', name: 'essential-1'},
      {cents: 2000, humanName: 'Essential 2', name: 'essential-2'},
      {cents: 5000, humanName: 'Standard 0', name: 'standard-0'},
      {cents: 20_000, humanName: 'Premium 0', name: 'premium-0'},
    ],
  },
  {
    async: true,
    attachmentBase: 'REDIS',
    colorBase: 'HEROKU_REDIS',
    configVarSuffixes: ['_URL'],
    defaultPlan: 'mini',
    humanName: 'Heroku Key-Value Store',
    name: 'heroku-redis',
    namePrefix: 'redis',
    plans: [
      {cents: 300, humanName: 'Mini', name: 'mini'},
      {cents: 1500, humanName: 'Premium 0', name: 'premium-0'},
    ],
  },
  {
    async: false,
    attachmentBase: 'PAPERTRAIL',
    colorBase: 'PAPERTRAIL',
    configVarSuffixes: ['_API_TOKEN'],
    defaultPlan: 'choklad',
    drain: true,
    humanName: 'Papertrail',
    name: 'papertrail',
    namePrefix: 'papertrail',
    plans: [
      {cents: 0, humanName: 'Choklad', name: 'choklad'},
      {cents: 700, humanName: 'Fixa', name: 'fixa'},
    ],
  },
  {
    async: false,
    attachmentBase: 'NEW_RELIC',
    colorBase: 'NEW_RELIC',
    configVarSuffixes: ['_LICENSE_KEY', '_LOG'],
    defaultPlan: 'wayne',
    drain: true,
    humanName: 'New Relic APM',
    name: 'newrelic',
    namePrefix: 'newrelic',
    plans: [{cents: 0, humanName: 'Wayne', name: 'wayne'}],
  },
  {
    async: false,
    attachmentBase: 'SCHEDULER',
    colorBase: 'SCHEDULER',
    configVarSuffixes: [],
    defaultPlan: 'standard',
    humanName: 'Heroku Scheduler',
    name: 'scheduler',
    namePrefix: 'scheduler',
    plans: [{cents: 0, humanName: 'Standard', name: 'standard'}],
  },
  {
    async: false,
    attachmentBase: 'SENTRY',
    colorBase: 'SENTRY',
    configVarSuffixes: ['_DSN'],
    defaultPlan: 'f1',
    humanName: 'Sentry',
    name: 'sentry',
    namePrefix: 'sentry',
    plans: [{cents: 0, humanName: 'F1', name: 'f1'}],
  },
]

export function findService(nameOrId: string): ServiceDef | undefined {
  return SERVICES.find(s => s.name === nameOrId || stableId(`service:${s.name}`) === nameOrId)
}

/** Resolve `service:plan`, `service` (default plan) or a plan id. */
export function findPlan(identifier: string): {plan: PlanDef; service: ServiceDef} | undefined {
  for (const service of SERVICES) {
    for (const plan of service.plans) {
      if (identifier === `${service.name}:${plan.name}` || identifier === stableId(`plan:${service.name}:${plan.name}`)) return {plan, service}
    }
  }

  const service = findService(identifier)
  if (service) return {plan: service.plans.find(p => p.name === service.defaultPlan)!, service}
  return undefined
}

export function serviceJson(service: ServiceDef): Record<string, unknown> {
  return {
    cli_plugin_name: null,
    created_at: '2012-01-01T12:00:00Z',
    human_name: service.humanName,
    id: stableId(`service:${service.name}`),
    name: service.name,
    state: 'ga',
    supported_generations: [{id: stableId('generation:cedar'), name: 'cedar'}],
    supports_multiple_installations: true,
    supports_sharing: service.name === 'heroku-postgresql' || service.name === 'heroku-redis',
    updated_at: '2012-01-01T12:00:00Z',
  }
}

export function planRef(service: ServiceDef, plan: PlanDef): {id: string; name: string} {
  return {id: stableId(`plan:${service.name}:${plan.name}`), name: `${service.name}:${plan.name}`}
}

/**
 * The plan representation. `price` is the schema's `{cents, contract, unit}`; with the `3.sdk` Accept variant it also
 * carries `metered`, which the Heroku CLI reads there (src/commands/addons/plans.ts, src/lib/addons/util.ts).
 */
export function planJson(service: ServiceDef, plan: PlanDef, sdk = false): Record<string, unknown> {
  return {
    ...planRef(service, plan),
    addon_service: {id: stableId(`service:${service.name}`), name: service.name},
    compliance: null,
    created_at: '2012-01-01T12:00:00Z',
    default: plan.name === service.defaultPlan,
    description: `${service.humanName} ${plan.humanName}`,
    human_name: plan.humanName,
    installable_inside_private_network: false,
    installable_outside_private_network: true,
    price: {cents: plan.cents, contract: plan.contract ?? false, unit: 'month', ...(sdk ? {metered: plan.metered ?? false} : {})},
    space_default: false,
    state: 'public',
    updated_at: '2012-01-01T12:00:00Z',
    visible: true,
  }
}

// ---------------------------------------------------------------- dyno sizes

export interface DynoSizeDef {
  name: string
  display: string
  memory: number
  compute: number
  dedicated: boolean
  /** eco and basic: one dyno per process type, no ACM */
  hobbyTier: boolean
  cents: number
  /** absent: cedar (Fir sizes: fir-dyno-sizes.ts) */
  generation?: 'cedar' | 'fir'
}

export const DYNO_SIZES: DynoSizeDef[] = [
  {cents: 0, compute: 1, dedicated: false, display: 'Eco', hobbyTier: true, memory: 0.5, name: 'eco'},
  {cents: 700, compute: 1, dedicated: false, display: 'Basic', hobbyTier: true, memory: 0.5, name: 'basic'},
  {cents: 2500, compute: 1, dedicated: false, display: 'Standard-1X', hobbyTier: false, memory: 0.5, name: 'standard-1x'},
  {cents: 5000, compute: 4, dedicated: false, display: 'Standard-2X', hobbyTier: false, memory: 1, name: 'standard-2x'},
  {cents: 25_000, compute: 12, dedicated: true, display: 'Performance-M', hobbyTier: false, memory: 2.5, name: 'performance-m'},
  {cents: 50_000, compute: 50, dedicated: true, display: 'Performance-L', hobbyTier: false, memory: 14, name: 'performance-l'},
]

/** Case-insensitive lookup by name or id. */
export function findDynoSize(nameOrId: string): DynoSizeDef | undefined {
  const wanted = nameOrId.toLowerCase()
  return [...DYNO_SIZES, ...FIR_DYNO_SIZES].find(s => s.name === wanted || stableId(`dyno-size:${s.name}`) === wanted)
}

export function dynoSizeJson(size: DynoSizeDef): Record<string, unknown> {
  return {
    architecture: 'amd64',
    compute: size.compute,
    cost: {cents: size.cents, unit: 'month'},
    dedicated: size.dedicated,
    generation: {id: stableId(`generation:${size.generation ?? 'cedar'}`), name: size.generation ?? 'cedar'},
    id: stableId(`dyno-size:${size.name}`),
    memory: size.memory,
    name: size.name,
    precise_dyno_units: size.compute,
    private_space_only: false,
  }
}

// ---------------------------------------------------------------- regions and stacks

export const REGIONS = [
  {country: 'United States', description: 'United States', locale: 'Virginia', name: 'us', provider: {name: 'amazon-web-services', region: 'us-east-1'}},
  {country: 'Ireland', description: 'Europe', locale: 'Dublin', name: 'eu', provider: {name: 'amazon-web-services', region: 'eu-west-1'}},
]

export function findRegion(nameOrId: string): (typeof REGIONS)[number] | undefined {
  return REGIONS.find(r => r.name === nameOrId || stableId(`region:${r.name}`) === nameOrId)
}

export function regionJson(region: (typeof REGIONS)[number]): Record<string, unknown> {
  return {...region, created_at: '2012-01-01T12:00:00Z', id: stableId(`region:${region.name}`), private_capable: false, updated_at: '2012-01-01T12:00:00Z'}
}

export const STACKS = ['heroku-22', 'heroku-24', 'container']
export const DEFAULT_STACK = 'heroku-24'

export function findStack(nameOrId: string): string | undefined {
  return STACKS.find(s => s === nameOrId || stableId(`stack:${s}`) === nameOrId)
}

export function stackRef(name: string): {id: string; name: string} {
  return {id: stableId(`stack:${name}`), name}
}

export function stackJson(name: string): Record<string, unknown> {
  return {...stackRef(name), created_at: '2012-01-01T12:00:00Z', default: name === DEFAULT_STACK, state: 'public', updated_at: '2012-01-01T12:00:00Z'}
}

/** App features known to the emulator, all disabled by default. */
export const APP_FEATURES: Record<string, {description: string; display_name: string}> = {
  'http-session-affinity': {description: 'Enable session affinity for all requests.', display_name: 'HTTP Session Affinity'},
  'log-runtime-metrics': {description: 'Emit dyno resource usage information into app logs.', display_name: 'log-runtime-metrics'},
  preboot: {description: 'Provide seamless web dyno deploys.', display_name: 'Preboot'},
  'runtime-dyno-metadata': {description: 'Provide metadata about the app and release in environment variables.', display_name: 'Runtime Dyno Metadata'},
}

export const ATTACHMENT_COLORS = [
  'AMBER',
  'AQUA',
  'BLACK',
  'BLUE',
  'BRONZE',
  'BROWN',
  'CHARCOAL',
  'COBALT',
  'COPPER',
  'CRIMSON',
  'CYAN',
  'GOLD',
  'GRAY',
  'GREEN',
  'IVORY',
  'JADE',
  'LAVENDER',
  'MAROON',
  'MAUVE',
  'NAVY',
  'OLIVE',
  'ONYX',
  'ORANGE',
  'PINK',
  'PUCE',
  'PURPLE',
  'RED',
  'ROSE',
  'SILVER',
  'TEAL',
  'WHITE',
  'YELLOW',
]

export const ADJECTIVES = [
  'agile',
  'brave',
  'calm',
  'curved',
  'damp',
  'eager',
  'fluffy',
  'gentle',
  'humble',
  'jolly',
  'lively',
  'misty',
  'nimble',
  'polar',
  'quiet',
  'rigid',
  'shiny',
  'silent',
  'tranquil',
  'vast',
]
export const NOUNS = [
  'anchorage',
  'beach',
  'cliffs',
  'dawn',
  'falls',
  'forest',
  'harbor',
  'island',
  'lake',
  'meadow',
  'mountain',
  'ocean',
  'plains',
  'river',
  'savannah',
  'shore',
  'spire',
  'taiga',
  'valley',
  'wave',
]
