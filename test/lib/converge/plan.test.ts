import {expect} from 'chai'

import type {AppFeature} from '../../../src/lib/api/heroku-api.js'

import type {CurrentStage, CurrentState} from '../../../src/lib/converge/current.js'
import type {DesiredStage, DesiredState} from '../../../src/lib/converge/desired.js'
import {planBootstrap} from '../../../src/lib/converge/plan.js'
import {emptyCurrentStage, emptyDesiredStage} from '../../../src/lib/converge/registry.js'
import {renderPlan} from '../../../src/lib/converge/render.js'

const account = {id: 'user-1', email: 'dev@example.com'}

function desiredStage(name: 'production' | 'staging', overrides: Partial<DesiredStage> = {}): DesiredStage {
  return emptyDesiredStage(name, name === 'staging' ? 'shop-staging' : 'shop-prod', {
    buildpacks: ['heroku/nodejs'],
    addons: [
      {plan: 'heroku-postgresql:essential-0', service: 'heroku-postgresql'},
      {plan: 'heroku-redis:mini', service: 'heroku-redis'},
    ],
    config: {API_URL: 'https://api.example.test', SESSION_SECRET: 'super-secret-session-value'},
    configFile: `.env.${name}`,
    env: {SECRET_KEY_BASE: {required: true, generator: 'secret'}},
    formation: {web: {quantity: 2, size: 'standard-1x'}, worker: {quantity: 1, size: 'standard-1x'}},
    features: name === 'production' ? ['preboot'] : [],
    domains: name === 'production' ? ['www.shop.example'] : [],
    acm: name === 'production',
    backups: name === 'production' ? {hour: 3, timezone: 'UTC'} : undefined,
    drains: ['syslog+tls://logs.example.test:1234'],
    autoDeploy: name === 'staging' ? 'main' : undefined,
    ...overrides,
  })
}

function desired(): DesiredState {
  return {
    pipeline: 'shop',
    repo: 'acme/shop',
    reviewApps: {automatic: true, destroyStale: true, staleDays: 5, waitForCi: true},
    reviewConfig: {NODE_ENV: 'review'},
    stages: [desiredStage('staging'), desiredStage('production')],
  }
}

function emptyStage(): CurrentStage {
  return emptyCurrentStage('missing')
}

function fresh(): CurrentState {
  return {
    account,
    owner: {id: account.id, type: 'user'},
    pipelines: [],
    stages: {staging: emptyStage(), production: emptyStage()},
    reviewConfig: {},
    github: {token: 'gh-token', repo: {id: 42, full_name: 'acme/shop', default_branch: 'main'}, checked: true},
  }
}

function app(name: string, id: string) {
  return {id, name, acm: false, owner: {id: account.id, email: account.email}}
}

/** The state bootstrap leaves behind, as the API would report it. */
function converged(): CurrentState {
  const pipeline = {id: 'pipe-1', name: 'shop'}
  const stage = (name: 'production' | 'staging', appId: string): CurrentStage => {
    const d = desiredStage(name)
    return {
      access: 'ok',
      app: {...app(d.app, appId), acm: name === 'production'},
      coupling: {id: `c-${name}`, stage: name, app: {id: appId}, pipeline: {id: pipeline.id}},
      buildpacks: ['heroku/nodejs'],
      addons: [
        {
          id: `pg-${name}`,
          name: `postgresql-${name}`,
          state: 'provisioned',
          addon_service: {name: 'heroku-postgresql'},
          plan: {name: 'heroku-postgresql:essential-0'},
          app: {name: d.app},
          config_vars: ['DATABASE_URL'],
        },
        {
          id: `redis-${name}`,
          name: `redis-${name}`,
          state: 'provisioned',
          addon_service: {name: 'heroku-redis'},
          plan: {name: 'heroku-redis:mini'},
          app: {name: d.app},
          config_vars: ['REDIS_URL'],
        },
      ],
      config: {...d.config, SECRET_KEY_BASE: 'generated', DATABASE_URL: 'postgres://x', REDIS_URL: 'redis://x'},
      owned: new Map([
        ['DATABASE_URL', 'postgresql'],
        ['REDIS_URL', 'redis'],
      ]),
      formation: [
        {type: 'web', quantity: 2, size: 'Standard-1X'},
        {type: 'worker', quantity: 1, size: 'Standard-1X'},
      ],
      features: name === 'production' ? [{name: 'preboot', enabled: true} as AppFeature] : [],
      domains: d.domains.map(hostname => ({id: hostname, hostname, kind: 'custom', cname: 'x.herokudns.com'})),
      drains: d.drains.map(url => ({id: url, url, addon: null})),
      schedules: name === 'production' ? [{uuid: 's1', name: 'DATABASE_URL', hour: 3, timezone: 'UTC'}] : undefined,
      githubLink: name === 'staging' ? {auto_deploy: true, branch: 'main'} : {auto_deploy: false},
    }
  }

  return {
    ...fresh(),
    pipelines: [pipeline],
    pipeline,
    stages: {staging: stage('staging', 'app-s'), production: stage('production', 'app-p')},
    reviewAppConfig: {automatic_review_apps: true, destroy_stale_apps: true, stale_days: 5, wait_for_ci: true},
    reviewConfig: {NODE_ENV: 'review'},
    github: {...fresh().github, pipelineRepository: {repository: {id: 42, name: 'acme/shop'}}},
  }
}

describe('planBootstrap', () => {
  it('creates everything from scratch, with formation pending until the first deploy', () => {
    const plan = planBootstrap(desired(), fresh())
    expect(plan.errors).to.deep.equal([])
    const byId = Object.fromEntries(plan.steps.map(s => [s.id, s]))
    expect(byId.pipeline.operation).to.deep.include({kind: 'create-pipeline', name: 'shop'})
    expect(byId['staging.app'].operation).to.deep.include({kind: 'create-app', name: 'shop-staging'})
    expect(byId['production.coupling'].dependsOn).to.include.members(['pipeline', 'production.app'])
    expect(byId['production.addon.heroku-postgresql'].action).to.equal('create')
    expect(byId['production.config'].dependsOn).to.include('production.addon.heroku-postgresql')
    expect(byId['production.formation.pending'].action).to.equal('pending')
    expect(byId['production.preboot'].operation).to.deep.equal({kind: 'enable-feature', app: 'shop-prod', feature: 'preboot'})
    expect(byId['production.acm'].dependsOn).to.include('production.domain.www.shop.example')
    expect(byId['production.backups'].operation).to.deep.include({kind: 'schedule-backups', hour: 3, timezone: 'UTC'})
    expect(byId['production.backups'].dependsOn).to.include('production.addon.heroku-postgresql')
    expect(byId['staging.auto-deploy'].operation).to.deep.include({enabled: true, branch: 'main'})
    expect(byId['pipeline.review-apps'].operation?.kind).to.equal('create-review-app-config')
    expect(byId['staging.backups']).to.equal(undefined)
  })

  it('has nothing to send once converged', () => {
    const plan = planBootstrap(desired(), converged())
    expect(plan.errors).to.deep.equal([])
    expect(plan.steps.filter(s => s.operation).map(s => s.id)).to.deep.equal([])
  })

  it('never prints config values, only masked', () => {
    const text = renderPlan(planBootstrap(desired(), fresh())).join('\n')
    expect(text).to.include('SESSION_SECRET').and.not.include('super-secret-session-value')
  })

  it('stops on duplicate pipeline names, foreign apps and apps in another pipeline', () => {
    const dup = {
      ...fresh(),
      pipelines: [
        {id: 'p1', name: 'shop'},
        {id: 'p2', name: 'shop'},
      ],
    }
    expect(planBootstrap(desired(), dup).errors.join('\n')).to.include('p1').and.include('p2').and.include('--pipeline-id')

    const taken = fresh()
    taken.stages.production = {...emptyStage(), access: 'forbidden'}
    expect(planBootstrap(desired(), taken).errors.join('\n')).to.include('shop-prod').and.include('taken by someone else')

    const elsewhere = converged()
    elsewhere.stages.staging.coupling = {id: 'c', stage: 'staging', app: {id: 'app-s'}, pipeline: {id: 'other', name: 'legacy'}}
    expect(planBootstrap(desired(), elsewhere).errors.join('\n')).to.include('another pipeline (legacy)')
  })

  it('adopts apps outside any pipeline and couples them', () => {
    const current = converged()
    current.pipelines = []
    current.pipeline = undefined
    current.stages.staging.coupling = undefined
    current.stages.production.coupling = undefined
    const plan = planBootstrap(desired(), current)
    expect(plan.errors).to.deep.equal([])
    expect(plan.steps.filter(s => s.operation).map(s => s.id)).to.include.members(['pipeline', 'staging.coupling', 'production.coupling'])
    expect(plan.steps.find(s => s.id === 'staging.app')?.action).to.equal('unchanged')
  })

  it('reports an add-on on another plan as drift, and changes it only with upgradeAddons', () => {
    const current = converged()
    current.stages.production.addons[0].plan = {name: 'heroku-postgresql:essential-1'}
    const want = desired()
    want.stages[1].addons[0] = {plan: 'heroku-postgresql:standard-0', service: 'heroku-postgresql'}
    expect(planBootstrap(want, current).steps.find(s => s.id === 'production.addon.heroku-postgresql')?.action).to.equal('drift')
    expect(planBootstrap(want, current, {upgradeAddons: true}).steps.find(s => s.id === 'production.addon.heroku-postgresql')?.operation).to.deep.include({
      kind: 'change-addon-plan',
      plan: 'heroku-postgresql:standard-0',
    })
  })

  it('scales in one batch, and never down without scaleDown', () => {
    const current = converged()
    current.stages.production.formation = [
      {type: 'web', quantity: 4, size: 'standard-1x'},
      {type: 'worker', quantity: 0, size: 'standard-1x'},
    ]
    const plan = planBootstrap(desired(), current)
    expect(plan.steps.find(s => s.id === 'production.formation')?.operation).to.deep.equal({
      kind: 'scale',
      app: 'shop-prod',
      updates: [{type: 'worker', quantity: 1}],
    })
    expect(plan.steps.find(s => s.id === 'production.formation.drift')?.details?.[0]).to.include('web: 4 running, declared 2')
    expect(planBootstrap(desired(), current, {scaleDown: true}).steps.find(s => s.id === 'production.formation')?.operation).to.deep.equal({
      kind: 'scale',
      app: 'shop-prod',
      updates: [
        {type: 'web', quantity: 2},
        {type: 'worker', quantity: 1},
      ],
    })
  })

  it('enables ACM on basic dynos (paid dynos have ACM), and on eco tries too, warning in the plan', () => {
    const want = desired()
    want.stages[1].formation = {web: {quantity: 1, size: 'basic'}}
    const basic = planBootstrap(want, fresh()).steps.find(s => s.id === 'production.acm')
    expect(basic).to.deep.include({action: 'create', operation: {kind: 'enable-acm', app: 'shop-prod'}})
    expect(basic?.details).to.equal(undefined)
    want.stages[1].formation = {web: {quantity: 1, size: 'eco'}}
    const eco = planBootstrap(want, fresh()).steps.find(s => s.id === 'production.acm')
    expect(eco).to.deep.include({action: 'create', operation: {kind: 'enable-acm', app: 'shop-prod'}})
    expect(eco?.details?.[0]).to.include('Heroku has refused ACM on eco dynos')
  })

  it('judges ACM on the formation the plan leaves behind, after the scale step: one run scales up and enables ACM', () => {
    const current = converged()
    current.stages.production.app!.acm = false
    current.stages.production.formation = [
      {type: 'web', quantity: 1, size: 'Eco', dyno_size: {name: 'eco'}},
      {type: 'worker', quantity: 1, size: 'Eco', dyno_size: {name: 'eco'}},
    ]
    const plan = planBootstrap(desired(), current, {scaleDown: true})
    const scale = plan.steps.find(s => s.id === 'production.formation')
    expect(scale?.operation).to.deep.equal({
      kind: 'scale',
      app: 'shop-prod',
      updates: [
        {type: 'web', quantity: 2, dyno_size: {name: 'standard-1x'}},
        {type: 'worker', dyno_size: {name: 'standard-1x'}},
      ],
    })
    const acm = plan.steps.find(s => s.id === 'production.acm')
    expect(acm).to.deep.include({
      action: 'create',
      summary: 'enable Automated Certificate Management (after scaling)',
      operation: {kind: 'enable-acm', app: 'shop-prod'},
    })
    expect(acm?.dependsOn).to.include('production.formation')
    expect(acm?.details, 'no eco warning: the plan leaves standard dynos').to.equal(undefined)
    // eco that stays (not declared otherwise) is warned about, still tried
    const want = desired()
    want.stages[1].formation = {}
    const stays = planBootstrap(want, current).steps.find(s => s.id === 'production.acm')
    expect(stays?.action).to.equal('create')
    expect(stays?.dependsOn).to.not.include('production.formation')
    expect(stays?.details?.[0]).to.include('eco')
  })

  it('goes on without a GitHub connection and says what to do in the Dashboard', () => {
    const current = fresh()
    current.github = {checked: true}
    const plan = planBootstrap(desired(), current)
    const github = plan.steps.find(s => s.id === 'pipeline.github')
    expect(github?.action).to.equal('manual')
    expect(github?.details?.join(' ')).to.include('dashboard.heroku.com')
    expect(plan.steps.find(s => s.id === 'pipeline.review-apps')?.action).to.equal('manual')
    expect(plan.steps.find(s => s.id === 'staging.app')?.action).to.equal('create')
  })

  it('turns production auto-deploy off when something turned it on', () => {
    const current = converged()
    current.stages.production.githubLink = {auto_deploy: true, branch: 'main'}
    expect(planBootstrap(desired(), current).steps.find(s => s.id === 'production.auto-deploy')?.operation).to.deep.include({enabled: false})
  })
})

describe('planBootstrap with prices', () => {
  const prices: NonNullable<Parameters<typeof planBootstrap>[2]>['prices'] = {
    services: {
      'heroku-postgresql': {ok: true, value: {prices: {'essential-0': {kind: 'fixed', cents: 500}, 'standard-0': {kind: 'fixed', cents: 5000}}}},
      'heroku-redis': {ok: true, value: {prices: {mini: {kind: 'fixed', cents: 300}}}},
    },
    dynoSizes: {ok: true, value: {'standard-1x': {kind: 'fixed', cents: 2500}, 'standard-2x': {kind: 'fixed', cents: 5000}}},
  }

  it('prices every create, and totals each stage and the pipeline: now nothing, after the declaration', () => {
    const plan = planBootstrap(desired(), fresh(), {prices})
    const pg = plan.steps.find(s => s.id === 'staging.addon.heroku-postgresql')!
    expect(pg.price).to.deep.equal({before: null, after: {cents: 500, metered: 0, contract: 0, unknown: 0, reasons: []}})
    // the formation is pending (no release yet): it is in "after", with a note
    const pending = plan.steps.find(s => s.id === 'staging.formation.pending')!
    expect(pending.price?.after?.cents).to.equal(3 * 2500)
    expect(plan.costs!.stages.staging!.now.cents).to.equal(0)
    expect(plan.costs!.stages.staging!.after.cents).to.equal(500 + 300 + 3 * 2500)
    expect(plan.costs!.pipeline.after.cents).to.equal(2 * (500 + 300 + 3 * 2500))
    expect(plan.costs!.notes.join('\n')).to.include('pending until the first deploy')
    const text = renderPlan(plan).join('\n')
    expect(text).to.include('+ create add-on heroku-postgresql:essential-0  (none → $5.00/month)')
    expect(text).to.include('  Cost: now $0.00/month, after $83.00/month, change +$83.00/month')
    expect(text).to.include('Pipeline cost: now $0.00/month, after $166.00/month, change +$166.00/month')
  })

  it('a resize is a delta: the process types it touches before → after; the stage total counts what runs now', () => {
    const state = converged()
    const want = desired()
    want.stages[1].formation = {web: {quantity: 2, size: 'standard-2x'}, worker: {quantity: 1, size: 'standard-1x'}}
    want.stages[1].addons = [
      {plan: 'heroku-postgresql:standard-0', service: 'heroku-postgresql'},
      {plan: 'heroku-redis:mini', service: 'heroku-redis'},
    ]
    const plan = planBootstrap(want, state, {prices, upgradeAddons: true})
    const scale = plan.steps.find(s => s.id === 'production.formation')!
    expect(scale.action).to.equal('change')
    expect(scale.price!.before!.cents).to.equal(2 * 2500)
    expect(scale.price!.after!.cents).to.equal(2 * 5000)
    const upgrade = plan.steps.find(s => s.id === 'production.addon.heroku-postgresql')!
    expect([upgrade.price!.before!.cents, upgrade.price!.after!.cents]).to.deep.equal([500, 5000])
    // now: 2 add-ons + 3 standard-1x dynos; after: Postgres standard-0 and web on standard-2x
    expect(plan.costs!.stages.production).to.deep.include({
      now: {cents: 500 + 300 + 3 * 2500, metered: 0, contract: 0, unknown: 0, reasons: []},
      after: {cents: 5000 + 300 + 2 * 5000 + 2500, metered: 0, contract: 0, unknown: 0, reasons: []},
    })
    expect(plan.costs!.stages.staging!.now).to.deep.equal(plan.costs!.stages.staging!.after)
    expect(renderPlan(plan).join('\n')).to.include('change +$95.00/month')
  })

  it('an unknown price makes the totals say "at least", with the reason', () => {
    const plan = planBootstrap(desired(), fresh(), {prices: {...prices, services: {'heroku-postgresql': {ok: false, reason: 'the price look-up failed: 503'}}}})
    const text = renderPlan(plan).join('\n')
    expect(text).to.include('(none → unknown (the price look-up failed: 503))')
    expect(text).to.match(/after at least \$\d+\.\d\d\/month \(\+ 2 unknown: the price look-up failed: 503; the plans of heroku-redis were not looked up\)/)
  })

  it('without prices (--no-cost) the plan has none: no step price, no totals', () => {
    const plan = planBootstrap(desired(), fresh())
    expect(plan.costs).to.equal(undefined)
    expect(plan.steps.some(s => s.price)).to.equal(false)
    expect(renderPlan(plan).join('\n')).to.not.include('Cost')
  })

  it('eco dynos count $0 each, with a note that the account pays one pooled eco plan', () => {
    const want = desired()
    want.stages[0].formation = {web: {quantity: 1, size: 'eco'}}
    const plan = planBootstrap(want, fresh(), {prices})
    expect(plan.steps.find(s => s.id === 'staging.formation.pending')!.price!.after!.cents).to.equal(0)
    expect(plan.costs!.notes).to.include(
      'eco dynos are counted as $0 here: the account pays one eco plan, $5/month for 1,000 dyno hours shared by all its eco dynos',
    )
    expect(renderPlan(plan).join('\n')).to.include('  Note: eco dynos are counted as $0 here')
  })
})
