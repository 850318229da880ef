import {expect} from 'chai'

import type {Addon} from '../../../src/lib/api/heroku-api.js'
import {
  addCosts,
  costOf,
  DYNO_PRICE_TABLE,
  dynoPrice,
  dynosCost,
  formatChange,
  formatCost,
  formatDollars,
  formatPrice,
  formatStepPrice,
  installedAddonPrice,
  planListPrice,
  type PriceBook,
  priceOf,
  priceReader,
  totalsAfter,
  totalsJson,
  ZERO,
} from '../../../src/lib/converge/pricing.js'

/** A price book as the look-ups would fill it: Postgres and a metered and a contract service, the dyno sizes' costs. */
function book(overrides: Partial<PriceBook> = {}): PriceBook {
  return {
    services: {
      'heroku-postgresql': {
        ok: true,
        value: {prices: {'essential-0': {kind: 'fixed', cents: 500}, 'standard-0': {kind: 'fixed', cents: 5000}}, defaultPlan: 'essential-0'},
      },
      scheduler: {ok: true, value: {prices: {standard: {kind: 'fixed', cents: 0}}, defaultPlan: 'standard'}},
      mailer: {ok: true, value: {prices: {usage: {kind: 'metered'}}, defaultPlan: 'usage'}},
      shield: {ok: true, value: {prices: {enterprise: {kind: 'contract'}}}},
      broken: {ok: false, reason: 'the price look-up failed: 503 Service Unavailable'},
    },
    dynoSizes: {ok: true, value: {'standard-1x': {kind: 'fixed', cents: 2500}, 'standard-2x': {kind: 'fixed', cents: 5000}}},
    ...overrides,
  }
}

function addon(plan: string, extra: Partial<Addon> = {}): Addon {
  return {id: 'a1', name: 'postgresql-curved-12345', addon_service: {name: plan.split(':')[0]}, plan: {name: plan}, app: {name: 'shop-prod'}, ...extra}
}

describe('pricing: one price', () => {
  it('reads an API price as the Heroku CLI does: contract, then metered, then cents per month (0 is free)', () => {
    expect(priceOf({cents: 5000, unit: 'month', contract: false})).to.deep.equal({kind: 'fixed', cents: 5000})
    expect(priceOf({cents: 0, unit: 'month', contract: false, metered: true})).to.deep.equal({kind: 'metered'})
    expect(priceOf({cents: 0, unit: 'month', contract: true, metered: true})).to.deep.equal({kind: 'contract'})
    expect(formatPrice(priceOf({cents: 0, unit: 'month'}))).to.equal('free')
    expect(formatPrice(priceOf({cents: 0, unit: 'month', metered: true}))).to.equal('metered')
    expect(formatPrice(priceOf({cents: 0, unit: 'month', contract: true}))).to.equal('contract')
    expect(formatPrice(priceOf({cents: 5000, unit: 'month'}))).to.equal('$50.00/month')
  })

  it('turns an hourly price into a 720-hour month, and calls any other unit unknown', () => {
    expect(priceOf({cents: 10, unit: 'hour'})).to.deep.equal({kind: 'fixed', cents: 7200})
    expect(priceOf({cents: 10, unit: 'year'})).to.deep.include({kind: 'unknown'})
    expect(priceOf(null)).to.deep.include({kind: 'unknown'})
  })

  it("prices an installed add-on at its billed price over the plan's list price (a grandfathered price)", () => {
    const grandfathered = addon('heroku-postgresql:standard-0', {
      billed_price: {cents: 4000, unit: 'month', contract: false},
      plan: {name: 'heroku-postgresql:standard-0', price: {cents: 5000, unit: 'month'}},
    })
    expect(installedAddonPrice(grandfathered, book())).to.deep.equal({kind: 'fixed', cents: 4000})
    // without billed_price: the expanded plan's price, else the list price from the book
    expect(
      installedAddonPrice(addon('heroku-postgresql:standard-0', {plan: {name: 'heroku-postgresql:standard-0', price: {cents: 5000, unit: 'month'}}}), book()),
    ).to.deep.equal({
      kind: 'fixed',
      cents: 5000,
    })
    expect(installedAddonPrice(addon('heroku-postgresql:standard-0'), book())).to.deep.equal({kind: 'fixed', cents: 5000})
  })

  it("keeps the plan's metering when the billed price has cents (metered is never $0)", () => {
    const metered = addon('mailer:usage', {
      billed_price: {cents: 0, unit: 'month', contract: false},
      plan: {name: 'mailer:usage', price: {cents: 0, unit: 'month', metered: true}},
    })
    expect(installedAddonPrice(metered, book())).to.deep.equal({kind: 'metered'})
  })

  it("prices a declared plan from the book: service:plan, or a bare service's default plan", () => {
    expect(planListPrice(book(), 'heroku-postgresql:standard-0')).to.deep.equal({kind: 'fixed', cents: 5000})
    expect(planListPrice(book(), 'heroku-postgresql')).to.deep.equal({kind: 'fixed', cents: 500})
    expect(planListPrice(book(), 'scheduler')).to.deep.equal({kind: 'fixed', cents: 0})
    expect(planListPrice(book(), 'mailer:usage')).to.deep.equal({kind: 'metered'})
    expect(planListPrice(book(), 'shield:enterprise')).to.deep.equal({kind: 'contract'})
  })

  it('says why a plan price is unknown: a failed look-up, a plan the service lacks, a service not looked up', () => {
    expect(planListPrice(book(), 'broken:basic')).to.deep.equal({kind: 'unknown', reason: 'the price look-up failed: 503 Service Unavailable'})
    expect(planListPrice(book(), 'heroku-postgresql:gold-9')).to.deep.equal({kind: 'unknown', reason: 'heroku-postgresql has no plan gold-9'})
    expect(formatPrice(planListPrice(book(), 'papertrail:fixa'))).to.equal('unknown (the plans of papertrail were not looked up)')
  })

  it("prices a dyno from the API's cost, else from the dated table, else unknown", () => {
    const api = book({dynoSizes: {ok: true, value: {'standard-1x': {kind: 'fixed', cents: 2600}}}})
    expect(dynoPrice(api, 'Standard-1X')).to.deep.equal({kind: 'fixed', cents: 2600})
    expect(dynoPrice(api, 'performance-m')).to.deep.equal({kind: 'fixed', cents: 25_000})
    expect(dynoPrice(book({dynoSizes: {ok: false, reason: 'x'}}), 'basic')).to.deep.equal({kind: 'fixed', cents: 700})
    expect(dynoPrice(api, 'quantum-9x')).to.deep.equal({kind: 'unknown', reason: 'no price known for quantum-9x dynos'})
    expect(DYNO_PRICE_TABLE.source).to.match(/ps\/type\.ts.*\d{4}-\d{2}-\d{2}/)
  })
})

describe('pricing: sums and changes', () => {
  it('multiplies by the quantity of dynos, and flags eco dynos (pooled per account) for a note', () => {
    const {cost, eco} = dynosCost(book(), [
      {quantity: 2, size: 'standard-2x'},
      {quantity: 1, size: 'standard-1x'},
      {quantity: 0, size: 'performance-l'},
    ])
    expect(cost.cents).to.equal(2 * 5000 + 2500)
    expect(eco).to.equal(false)
    const pooled = dynosCost(book(), [{quantity: 1, size: 'eco'}])
    expect(pooled).to.deep.equal({cost: ZERO, eco: true})
  })

  it('a quantity change is the difference of quantity × size', () => {
    const before = dynosCost(book(), [{quantity: 1, size: 'standard-1x'}]).cost
    const after = dynosCost(book(), [{quantity: 3, size: 'standard-1x'}]).cost
    expect(formatStepPrice({before, after})).to.equal('$25.00/month → $75.00/month')
    const totals = totalsAfter(before, [{before, after}])
    expect(formatChange(totals)).to.equal('+$50.00/month')
    expect(totalsJson(totals).change).to.deep.equal({cents: 5000, unit: 'month', atLeast: false})
  })

  it('a total with metered, contract or unknown items says "at least" and what it leaves out; a single one never reads $0', () => {
    const total = addCosts(
      costOf({kind: 'fixed', cents: 5000}),
      costOf({kind: 'metered'}),
      costOf({kind: 'contract'}),
      costOf({kind: 'unknown', reason: 'look-up failed'}),
    )
    expect(formatCost(total)).to.equal('at least $50.00/month (+ metered usage of 1, 1 under contract, 1 unknown: look-up failed)')
    expect(formatCost(costOf({kind: 'metered'}))).to.equal('metered')
    expect(formatCost(costOf({kind: 'contract'}))).to.equal('contract')
    expect(formatCost(costOf({kind: 'unknown', reason: 'why'}))).to.equal('unknown (why)')
    expect(formatCost(costOf({kind: 'fixed', cents: 0}))).to.equal('$0.00/month')
    expect(totalsJson({now: total, after: total}).now).to.deep.include({cents: 5000, unit: 'month', atLeast: true, metered: 1, contract: 1, unknown: 1})
  })

  it('a free plan is a figure ($0), not an unknown', () => {
    const total = addCosts(costOf({kind: 'fixed', cents: 0}), costOf({kind: 'fixed', cents: 700}))
    expect(formatCost(total)).to.equal('$7.00/month')
  })

  it('after = now minus what steps replace plus what they bring; an upgrade off a metered plan leaves no "at least"', () => {
    const now = addCosts(costOf({kind: 'metered'}), costOf({kind: 'fixed', cents: 500}))
    const totals = totalsAfter(now, [
      {before: costOf({kind: 'metered'}), after: costOf({kind: 'fixed', cents: 5000})},
      {before: null, after: costOf({kind: 'fixed', cents: 2500})},
    ])
    expect(formatCost(totals.after)).to.equal('$80.00/month')
    expect(formatChange(totals)).to.equal('+$75.00/month in figures')
    expect(formatCost(totals.now)).to.equal('at least $5.00/month (+ metered usage of 1)')
  })

  it('writes dollars with thousands and a sign: $1,500.00, -$7.00', () => {
    expect(formatDollars(150_000)).to.equal('$1,500.00')
    expect(formatDollars(-700)).to.equal('-$7.00')
    expect(formatChange({now: costOf({kind: 'fixed', cents: 700}), after: ZERO})).to.equal('-$7.00/month')
    expect(formatChange({now: ZERO, after: ZERO})).to.equal('no change')
  })
})

describe('pricing: the price reader', () => {
  it('asks once per add-on service and once for the dyno sizes in a run, whatever is read again', async () => {
    const calls: string[] = []
    const reader = priceReader({
      async listAddonServicePlans(service) {
        calls.push(`plans ${service}`)
        return [
          {name: `${service}:basic`, default: true, price: {cents: 900, unit: 'month', contract: false, metered: false}},
          {name: `${service}:usage`, price: {cents: 0, unit: 'month', contract: false, metered: true}},
        ]
      },
      async listDynoSizes() {
        calls.push('dyno-sizes')
        return [
          {name: 'Standard-1X', cost: {cents: 2500, unit: 'month'}},
          {name: 'eco', cost: null},
        ]
      },
    })
    reader.prefetch(['heroku-redis', 'heroku-postgresql'])
    const first = await reader.read(['heroku-postgresql', 'heroku-redis'])
    await reader.read(['heroku-redis'])
    expect(calls.sort()).to.deep.equal(['dyno-sizes', 'plans heroku-postgresql', 'plans heroku-redis'])
    expect(planListPrice(first, 'heroku-redis')).to.deep.equal({kind: 'fixed', cents: 900})
    expect(planListPrice(first, 'heroku-redis:usage')).to.deep.equal({kind: 'metered'})
    expect(dynoPrice(first, 'standard-1x')).to.deep.equal({kind: 'fixed', cents: 2500})
  })

  it('settled: a look-up still on its way is unknown, and says an apply does not wait for it', async () => {
    let answer!: () => void
    const reader = priceReader({
      listAddonServicePlans: () =>
        new Promise(resolve => {
          answer = () => resolve([{name: 'heroku-redis:mini', default: true, price: {cents: 300, unit: 'month'}}])
        }),
      listDynoSizes: async () => [],
    })
    const now = reader.settled(['heroku-redis'])
    expect(formatPrice(planListPrice(now, 'heroku-redis:mini'))).to.match(/^unknown \(.*had not answered.*never waits/)
    answer()
    await reader.read(['heroku-redis'])
    expect(planListPrice(reader.settled(['heroku-redis']), 'heroku-redis:mini')).to.deep.equal({kind: 'fixed', cents: 300})
  })

  it('a failed look-up becomes "unknown" with the reason, not an error', async () => {
    const reader = priceReader({
      listAddonServicePlans: async () => {
        throw new Error('403 forbidden')
      },
      listDynoSizes: async () => [],
    })
    const prices = await reader.read(['papertrail'])
    expect(planListPrice(prices, 'papertrail:fixa')).to.deep.equal({kind: 'unknown', reason: 'the price look-up failed: 403 forbidden'})
  })
})
