/**
 * What things cost per month: the arithmetic of prices (one item's price, sums of them, before → after), the dyno
 * price table the kit falls back on, and their wording. Pure: the prices Heroku publishes are read by `readPrices`
 * (while the state is read) into a `PriceBook`; each resource that bills (addons, formation) prices its own steps
 * with it, and the plan (plan.ts) totals them per stage and for the pipeline.
 *
 * The rules are the Heroku CLI's (`heroku addons`, `addons:plans`, `ps:type`): a contract price is "contract", a
 * metered one "metered" (never $0), 0 cents is "free", a month is 720 hours, an installed add-on's `billed_price`
 * (a grandfathered price) wins over the plan's list price, and dynos cost quantity × the size's monthly price.
 */
import type {Addon, HerokuApi} from '../api/heroku-api.js'
import type {StageName} from '../manifest/types.js'

/** One thing's monthly price. */
export type Price =
  /** cents per month (0: free) */
  | {kind: 'fixed'; cents: number}
  /** billed by use: no monthly figure */
  | {kind: 'metered'}
  /** priced by a contract with Heroku */
  | {kind: 'contract'}
  /** the kit could not tell, and why */
  | {kind: 'unknown'; reason: string}

/**
 * A sum of prices: the cents it can add up, and how many of its items it can't (metered, contract, unknown, with the
 * reasons). Counts can be negative inside a difference; a total never is.
 */
export interface Cost {
  cents: number
  metered: number
  contract: number
  unknown: number
  /** why items are unknown, each reason once */
  reasons: string[]
}

/** A plan step's price: what the thing costs now (null: it doesn't exist) and after the step (null: it is gone). */
export interface StepPrice {
  before: Cost | null
  after: Cost | null
}

/** A price as the Platform API gives it: a plan's `price`, an add-on's `billed_price`, a dyno size's `cost`. */
export interface ApiPrice {
  cents?: number | null
  unit?: string | null
  contract?: boolean | null
  /** only in the `3.sdk` variant (addons:plans reads it) */
  metered?: boolean | null
}

/** Hours in the month Heroku's prices assume (the CLI's "standardized 720 hours/month"). */
export const HOURS_PER_MONTH = 720

export const FREE: Price = {kind: 'fixed', cents: 0}
export const ZERO: Cost = {cents: 0, metered: 0, contract: 0, unknown: 0, reasons: []}

// ---------------------------------------------------------------- dyno sizes, when the API gives no cost

/**
 * Monthly price in US dollars of one dyno of each size, from the Heroku CLI's `ps:type` table (`COST_MONTHLY` in
 * src/commands/ps/type.ts of the npm package `heroku` 11.10.0, read 2026-12-07), which matches
 * https://www.heroku.com/pricing for Cedar sizes and lists the Fir ones. Used only when `GET /dyno-sizes` answers
 * no `cost` for the size. Eco dynos cost nothing each: the account pays one flat eco plan ($5 a month for 1,000
 * dyno hours shared by all its eco dynos), stated as a note.
 */
export const DYNO_PRICE_TABLE = {
  source: 'heroku CLI 11.10.0, src/commands/ps/type.ts (COST_MONTHLY), read 2026-12-07',
  dollarsPerMonth: {
    eco: 0,
    basic: 7,
    'standard-1x': 25,
    'standard-2x': 50,
    'performance-m': 250,
    'performance-l': 500,
    'performance-l-ram': 500,
    'performance-xl': 750,
    'performance-2xl': 1500,
    'private-s': 225,
    'private-m': 450,
    'private-l': 900,
    'private-l-ram': 500,
    'private-xl': 750,
    'private-2xl': 1500,
    'shield-s': 270,
    'shield-m': 540,
    'shield-l': 1080,
    'shield-l-ram': 600,
    'shield-xl': 900,
    'shield-2xl': 1800,
    'dyno-1c-0.5gb': 25,
    'dyno-1c-4gb': 80,
    'dyno-1c-8gb': 100,
    'dyno-2c-1gb': 50,
    'dyno-2c-4gb': 150,
    'dyno-2c-8gb': 160,
    'dyno-2c-16gb': 250,
    'dyno-4c-8gb': 300,
    'dyno-4c-16gb': 320,
    'dyno-4c-32gb': 500,
    'dyno-8c-16gb': 600,
    'dyno-8c-32gb': 640,
    'dyno-8c-64gb': 750,
    'dyno-16c-32gb': 1200,
    'dyno-16c-64gb': 1000,
    'dyno-16c-128gb': 1500,
    'dyno-32c-64gb': 2400,
  } as Record<string, number>,
} as const

/** The note that goes with eco dynos: their price is the account's, not the app's. */
export const ECO_NOTE = 'eco dynos are counted as $0 here: the account pays one eco plan, $5/month for 1,000 dyno hours shared by all its eco dynos'

// ---------------------------------------------------------------- the price book

/** A service's plans' list prices (by plan name without the service, e.g. `standard-0`), and its default plan. */
export interface ServicePlans {
  prices: Record<string, Price>
  defaultPlan?: string
}

/** What was read (or not, and why) of Heroku's published prices in this run. */
export interface PriceBook {
  /** by add-on service name */
  services: Record<string, {ok: true; value: ServicePlans} | {ok: false; reason: string}>
  /** by lower-case size name: the API's `cost`, when it gives one */
  dynoSizes: {ok: true; value: Record<string, Price>} | {ok: false; reason: string}
}

/** An API price object as a monthly price: contract, metered, cents per month (or per hour × 720), else unknown. */
export function priceOf(api: ApiPrice | null | undefined, what = 'the price'): Price {
  if (!api) return {kind: 'unknown', reason: `Heroku gave no ${what}`}
  if (api.contract) return {kind: 'contract'}
  if (api.metered) return {kind: 'metered'}
  if (typeof api.cents !== 'number' || !Number.isFinite(api.cents)) return {kind: 'unknown', reason: `Heroku gave ${what} without cents`}
  const unit = api.unit ?? 'month'
  if (unit === 'month') return {kind: 'fixed', cents: api.cents}
  if (unit === 'hour') return {kind: 'fixed', cents: Math.round(api.cents * HOURS_PER_MONTH)}
  return {kind: 'unknown', reason: `${what} is per ${unit}, not per month`}
}

/** `service:plan` → [service, plan]; a bare service name → [service, undefined] (its default plan). */
function splitPlan(name: string): [string, string | undefined] {
  const colon = name.indexOf(':')
  return colon === -1 ? [name, undefined] : [name.slice(0, colon), name.slice(colon + 1)]
}

/** The list price of a plan (`heroku-postgresql:standard-0`, or a service name for its default plan). */
export function planListPrice(book: PriceBook, planName: string): Price {
  const [service, plan] = splitPlan(planName)
  const entry = book.services[service]
  if (!entry) return {kind: 'unknown', reason: `the plans of ${service} were not looked up`}
  if (!entry.ok) return {kind: 'unknown', reason: entry.reason}
  const name = plan ?? entry.value.defaultPlan
  const price = name === undefined ? undefined : entry.value.prices[name]
  return price ?? {kind: 'unknown', reason: `${service} has no plan ${name ?? '(no default plan)'}`}
}

/**
 * What an installed add-on costs: its `billed_price` when Heroku gives one (as `heroku addons` shows it: the cents and
 * contract billed, the plan's unit and metering), else its plan's price (the add-on list expands `plan`), else the
 * list price from the book.
 */
export function installedAddonPrice(addon: Addon, book: PriceBook): Price {
  const list = addon.plan?.price
  if (addon.billed_price) {
    const billed = addon.billed_price
    return priceOf(
      {cents: billed.cents, contract: billed.contract, unit: billed.unit ?? list?.unit, metered: list?.metered},
      `the billed price of ${addon.name}`,
    )
  }

  if (list) return priceOf(list, `the price of ${addon.plan.name}`)
  return planListPrice(book, addon.plan?.name ?? addon.addon_service.name)
}

/** One dyno of a size, per month: the API's cost for the size when it gave one, else the dated table's. */
export function dynoPrice(book: PriceBook, size: string | undefined): Price {
  if (!size) return {kind: 'unknown', reason: 'no dyno size declared (Heroku picks one)'}
  const name = size.toLowerCase()
  if (book.dynoSizes.ok && book.dynoSizes.value[name]) return book.dynoSizes.value[name]
  const dollars = DYNO_PRICE_TABLE.dollarsPerMonth[name]
  if (dollars !== undefined) return {kind: 'fixed', cents: dollars * 100}
  return {kind: 'unknown', reason: `no price known for ${name} dynos`}
}

/** Process types as dynos: quantity × the size's price; `eco` says whether eco dynos were among them. */
export function dynosCost(book: PriceBook, entries: Array<{quantity: number; size: string | undefined}>): {cost: Cost; eco: boolean} {
  let cost = ZERO
  let eco = false
  for (const {quantity, size} of entries) {
    if (quantity <= 0) continue
    if (size?.toLowerCase() === 'eco') eco = true
    cost = addCosts(cost, costOf(dynoPrice(book, size), quantity))
  }

  return {cost, eco}
}

// ---------------------------------------------------------------- arithmetic

/** A price as a sum of `quantity` of it. */
export function costOf(price: Price, quantity = 1): Cost {
  switch (price.kind) {
    case 'fixed': {
      return {...ZERO, cents: price.cents * quantity}
    }

    case 'metered': {
      return {...ZERO, metered: quantity > 0 ? 1 : 0}
    }

    case 'contract': {
      return {...ZERO, contract: quantity > 0 ? 1 : 0}
    }

    case 'unknown': {
      return {...ZERO, unknown: quantity > 0 ? 1 : 0, reasons: quantity > 0 ? [price.reason] : []}
    }
  }
}

export function addCosts(...costs: Cost[]): Cost {
  const sum = {...ZERO, reasons: [] as string[]}
  for (const c of costs) {
    sum.cents += c.cents
    sum.metered += c.metered
    sum.contract += c.contract
    sum.unknown += c.unknown
    for (const reason of c.reasons) if (!sum.reasons.includes(reason)) sum.reasons.push(reason)
  }

  return sum
}

/** `a - b` (the reasons stay: a difference is only ever added to a total). */
export function subtractCost(a: Cost, b: Cost): Cost {
  return addCosts(a, {cents: -b.cents, metered: -b.metered, contract: -b.contract, unknown: -b.unknown, reasons: []})
}

/** Whether a total is only a lower bound: it has items without a monthly figure. */
export function atLeast(cost: Cost): boolean {
  return cost.metered > 0 || cost.contract > 0 || cost.unknown > 0
}

/** A stage's (or the pipeline's) monthly cost now and after the plan. */
export interface CostTotals {
  now: Cost
  after: Cost
}

/** Now → after: `now` is what runs (every billed thing the stage has), `after` adds each priced step's difference. */
export function totalsAfter(now: Cost, prices: StepPrice[]): CostTotals {
  let after = now
  for (const price of prices) after = addCosts(subtractCost(after, price.before ?? ZERO), price.after ?? ZERO)
  // an item a step replaces can't leave a negative count behind
  after = {...after, metered: Math.max(0, after.metered), contract: Math.max(0, after.contract), unknown: Math.max(0, after.unknown)}
  if (after.unknown === 0) after.reasons = []
  return {now, after}
}

/** The plan's costs: per stage, for the pipeline (their sum), and notes (eco dynos, formation pending a deploy). */
export interface PlanCosts {
  stages: Partial<Record<StageName, CostTotals>>
  pipeline: CostTotals
  notes: string[]
}

export function sumTotals(totals: CostTotals[]): CostTotals {
  return {now: addCosts(...totals.map(t => t.now)), after: addCosts(...totals.map(t => t.after))}
}

// ---------------------------------------------------------------- wording

/** `$25.00`, `$1,500.00`, `-$7.00` */
export function formatDollars(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  const dollars = Math.floor(abs / 100).toLocaleString('en-US')
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`
}

/** One item's price as the CLI words it: `free`, `metered`, `contract`, `unknown (why)`, `$25.00/month`. */
export function formatPrice(price: Price): string {
  switch (price.kind) {
    case 'fixed': {
      return price.cents === 0 ? 'free' : `${formatDollars(price.cents)}/month`
    }

    case 'unknown': {
      return `unknown (${price.reason})`
    }

    default: {
      return price.kind
    }
  }
}

/** What a cost can't put in figures: `metered usage of 1 add-on`, `1 under contract`, `1 unknown: why`. */
function uncounted(cost: Cost): string[] {
  return [
    cost.metered > 0 ? `metered usage of ${cost.metered}` : '',
    cost.contract > 0 ? `${cost.contract} under contract` : '',
    cost.unknown > 0 ? `${cost.unknown} unknown: ${cost.reasons.join('; ')}` : '',
  ].filter(Boolean)
}

/**
 * A sum: `$25.00/month`; one that holds items without a figure says `at least` and what they are. A single metered,
 * contract or unknown item reads as the CLI words it (never `$0`).
 */
export function formatCost(cost: Cost | null): string {
  if (cost === null) return 'none'
  const items = cost.metered + cost.contract + cost.unknown
  if (cost.cents === 0 && items === 1) {
    if (cost.metered === 1) return 'metered'
    if (cost.contract === 1) return 'contract'
    return `unknown (${cost.reasons.join('; ')})`
  }

  const figure = `${formatDollars(cost.cents)}/month`
  return atLeast(cost) ? `at least ${figure} (+ ${uncounted(cost).join(', ')})` : figure
}

/** `+$57.00/month`, `-$7.00/month`, `no change`; `at least` when either side is a lower bound. */
export function formatChange(totals: CostTotals): string {
  const delta = totals.after.cents - totals.now.cents
  const bound = atLeast(totals.now) || atLeast(totals.after)
  if (delta === 0) return bound ? '$0.00/month in figures' : 'no change'
  return `${delta > 0 ? '+' : ''}${formatDollars(delta)}/month${bound ? ' in figures' : ''}`
}

/** A step's price line: `none → $50.00/month`, `$9.00/month → $50.00/month`, `none → free` (0 cents is free, as the CLI says). */
export function formatStepPrice(price: StepPrice): string {
  const side = (cost: Cost | null) => (cost && cost.cents === 0 && !atLeast(cost) ? 'free' : formatCost(cost))
  return `${side(price.before)} → ${side(price.after)}`
}

/** `now $30.00/month, after $155.00/month, change +$125.00/month` */
export function formatTotals(totals: CostTotals): string {
  return `now ${formatCost(totals.now)}, after ${formatCost(totals.after)}, change ${formatChange(totals)}`
}

// ---------------------------------------------------------------- JSON

/** A cost in --json: cents with their unit, and what the cents leave out. */
export interface CostJson {
  cents: number
  unit: 'month'
  /** the cents are a lower bound: metered, contract or unknown items are not in them */
  atLeast: boolean
  metered: number
  contract: number
  unknown: number
  reasons: string[]
}

export function costJson(cost: Cost): CostJson {
  return {
    cents: cost.cents,
    unit: 'month',
    atLeast: atLeast(cost),
    metered: cost.metered,
    contract: cost.contract,
    unknown: cost.unknown,
    reasons: cost.reasons,
  }
}

export type TotalsJson = {now: CostJson; after: CostJson; change: {cents: number; unit: 'month'; atLeast: boolean}}

export function totalsJson(totals: CostTotals): TotalsJson {
  return {
    now: costJson(totals.now),
    after: costJson(totals.after),
    change: {cents: totals.after.cents - totals.now.cents, unit: 'month', atLeast: atLeast(totals.now) || atLeast(totals.after)},
  }
}

export type PlanCostsJson = {stages: Partial<Record<StageName, TotalsJson>>; pipeline: TotalsJson; notes: string[]}

/** The plan's costs in --json: each stage's and the pipeline's totals in cents per month, and the notes. */
export function planCostsJson(costs: PlanCosts): PlanCostsJson {
  return {
    stages: Object.fromEntries(Object.entries(costs.stages).map(([stage, totals]) => [stage, totalsJson(totals)])),
    pipeline: totalsJson(costs.pipeline),
    notes: costs.notes,
  }
}

export function stepPriceJson(price: StepPrice): {before: CostJson | null; after: CostJson | null; change: {cents: number; unit: 'month'}} {
  return {
    before: price.before ? costJson(price.before) : null,
    after: price.after ? costJson(price.after) : null,
    change: {cents: (price.after?.cents ?? 0) - (price.before?.cents ?? 0), unit: 'month'},
  }
}

// ---------------------------------------------------------------- reading the published prices

/** Reads Heroku's prices once per run: each add-on service's plans at most once, the dyno sizes once. */
export interface PriceReader {
  /** the book for these services, once every look-up has answered (or failed: the reason becomes "unknown") */
  read(services: Iterable<string>): Promise<PriceBook>
  /** the book as far as the look-ups have answered now; what is still on its way is unknown, and says so */
  settled(services: Iterable<string>): PriceBook
}

const PENDING = 'its price look-up had not answered when the state was read (an apply never waits for prices)'

function failure(error: unknown): string {
  const text = error instanceof Error ? error.message.split('\n')[0] : String(error)
  return `the price look-up failed: ${text}`
}

/** The plans of a service as a ServicePlans. */
function servicePlans(plans: Awaited<ReturnType<HerokuApi['listAddonServicePlans']>>): ServicePlans {
  const prices: Record<string, Price> = {}
  let defaultPlan: string | undefined
  for (const plan of plans) {
    const short = splitPlan(plan.name)[1] ?? plan.name
    prices[short] = priceOf(plan.price, `the price of ${plan.name}`)
    if (plan.default) defaultPlan = short
  }

  return {prices, defaultPlan}
}

/** A reader whose look-ups start on the first `read`/`prefetch` of a service and are never repeated in the run. */
export function priceReader(heroku: Pick<HerokuApi, 'listAddonServicePlans' | 'listDynoSizes'>): PriceReader & {prefetch(services: Iterable<string>): void} {
  type Outcome<T> = {ok: true; value: T} | {ok: false; reason: string}
  type Lookup<T> = {promise: Promise<T>; outcome?: T}
  const services = new Map<string, Lookup<Outcome<ServicePlans>>>()
  let sizes: Lookup<PriceBook['dynoSizes']> | undefined
  const start = (names: Iterable<string>) => {
    for (const name of names) {
      if (services.has(name)) continue
      const entry: Lookup<Outcome<ServicePlans>> = {
        promise: heroku.listAddonServicePlans(name).then(
          plans => ({ok: true as const, value: servicePlans(plans)}),
          (error: unknown) => ({ok: false as const, reason: failure(error)}),
        ),
      }
      entry.promise.then(outcome => (entry.outcome = outcome))
      services.set(name, entry)
    }

    if (!sizes) {
      const entry: Lookup<PriceBook['dynoSizes']> = {
        promise: heroku.listDynoSizes().then<PriceBook['dynoSizes'], PriceBook['dynoSizes']>(
          list => ({
            ok: true as const,
            value: Object.fromEntries(list.filter(size => size.cost).map(size => [size.name.toLowerCase(), priceOf(size.cost, `the cost of ${size.name}`)])),
          }),
          (error: unknown) => ({ok: false as const, reason: failure(error)}),
        ),
      }
      entry.promise.then(outcome => (entry.outcome = outcome))
      sizes = entry
    }
  }

  return {
    prefetch: start,
    async read(names) {
      const list = [...names]
      start(list)
      const outcomes = await Promise.all(list.map(async name => [name, await services.get(name)!.promise] as const))
      return {services: Object.fromEntries(outcomes), dynoSizes: await sizes!.promise}
    },
    settled(names) {
      const list = [...names]
      start(list)
      const pending = {ok: false as const, reason: PENDING}
      return {
        services: Object.fromEntries(list.map(name => [name, services.get(name)!.outcome ?? pending])),
        dynoSizes: sizes!.outcome ?? pending,
      }
    },
  }
}
