import {expect} from 'chai'

import type {AppFeature, HerokuApi} from '../../../../src/lib/api/heroku-api.js'
import {applyOperation} from '../../../../src/lib/converge/apply.js'
import type {Clients} from '../../../../src/lib/converge/current.js'
import {planBootstrap} from '../../../../src/lib/converge/plan.js'
import {emptyCurrentStage, emptyDesiredStage} from '../../../../src/lib/converge/registry.js'
import {exportFeatures, KNOWN_FEATURES} from '../../../../src/lib/converge/resources/features.js'
import {runContext} from '../../../../src/lib/converge/stage-steps.js'
import {FileIssuesError} from '../../../../src/lib/errors.js'
import {parsePipelineFile} from '../../../../src/lib/manifest/index.js'
import {currentState, liveStage} from '../../verify/fixture.js'
import {firPlan} from '../../../support/fir.js'

const feature = (name: string, enabled: boolean): AppFeature => ({name, enabled}) as AppFeature

/** The feature steps of a plan for production declaring `declared`, its app having `on` enabled (undefined: no app yet). */
function plan(declared: string[], on?: string[]) {
  const current = currentState({
    staging: liveStage('staging', {features: []}),
    production: on === undefined ? emptyCurrentStage('missing') : liveStage('production', {features: on.map(name => feature(name, true))}),
  })
  const desired = {
    pipeline: 'shop',
    reviewConfig: {},
    stages: [emptyDesiredStage('staging', 'shop-staging'), emptyDesiredStage('production', 'shop', {features: declared})],
  }
  const result = planBootstrap(desired, current)
  return {errors: result.errors, steps: result.steps.filter(s => s.resource === 'feature' || s.resource === 'preboot')}
}

describe('resource: app features', () => {
  it('heroku-kit.yml: `features:` is a list of feature names, each once, problems at their line', () => {
    const file = parsePipelineFile('pipeline: shop\nstages:\n  production:\n    features: [runtime-dyno-metadata, log-runtime-metrics]\n', 'heroku-kit.yml')
    // on top of preboot, on by default in production
    expect(file.stages.production.features).to.deep.equal(['preboot', 'runtime-dyno-metadata', 'log-runtime-metrics'])
    expect(file.stages.staging.features).to.deep.equal([])
    try {
      parsePipelineFile('pipeline: shop\nstages:\n  production:\n    features:\n      - Runtime Metadata\n      - preboot\n      - preboot\n', 'heroku-kit.yml')
      expect.fail('should throw')
    } catch (error) {
      expect((error as FileIssuesError).issues.map(i => `${i.line}: ${i.message}`)).to.deep.equal([
        '5: stages.production.features[0]: "Runtime Metadata" is not an app feature name (lowercase, e.g. runtime-dyno-metadata)',
        '7: stages.production.features[2]: preboot is listed twice; remove one',
      ])
    }
  })

  it('preboot stays as users wrote it: `preboot: true|false` is the preboot feature, on by default in production', () => {
    const read = (stages: string) => parsePipelineFile(`pipeline: shop\nstages:\n${stages}`, 'heroku-kit.yml').stages
    const {staging, production} = read('  staging:\n    preboot: true\n  production:\n    preboot: false\n    features: [log-runtime-metrics]\n')
    expect([staging.features, production.features]).to.deep.equal([['preboot'], ['log-runtime-metrics']])
    try {
      read('  production:\n    preboot: false\n    features: [preboot]\n')
      expect.fail('should throw')
    } catch (error) {
      expect((error as FileIssuesError).issues.map(i => `${i.line}: ${i.message}`)).to.deep.equal([
        '4: stages.production.preboot is false but stages.production.features lists preboot; keep one',
      ])
    }

    // its plan steps keep their ids and words; kit:import writes it as preboot:
    expect(plan(['preboot'], []).steps.map(s => `${s.id} ${s.resource} ${s.action}: ${s.summary}`)).to.deep.equal([
      'production.preboot preboot create: enable preboot (new dynos take traffic only after they boot)',
    ])
    expect(plan([], ['preboot']).steps.map(s => `${s.id} ${s.action}: ${s.summary}`)).to.deep.equal([
      'production.preboot drift: preboot is on, declared off (left on: turning it off is not a bootstrap step)',
    ])
    expect(exportFeatures({name: 'production', current: liveStage('production'), attachments: []}).fields).to.deep.equal({features: undefined, preboot: true})
  })

  it('declared and off: one step each, enabling it; declared and on: unchanged', () => {
    const {errors, steps} = plan(['runtime-dyno-metadata', 'log-runtime-metrics'], ['log-runtime-metrics'])
    expect(errors).to.deep.equal([])
    expect(steps.map(s => `${s.id} ${s.action}: ${s.summary}`)).to.deep.equal([
      'production.feature.runtime-dyno-metadata create: enable app feature runtime-dyno-metadata',
      'production.feature.log-runtime-metrics unchanged: app feature log-runtime-metrics',
    ])
    expect(steps[0].operation).to.deep.equal({kind: 'enable-feature', app: 'shop', feature: 'runtime-dyno-metadata'})
    expect(steps[0].dependsOn).to.deep.equal(['production.app'])
    // an app still to create: every declared feature is a step, after the app
    expect(plan(['runtime-dyno-metadata'], undefined).steps.map(s => `${s.action} ${s.dependsOn.join()}`)).to.deep.equal(['create production.app'])
  })

  it('on but not declared: drift, never a step that turns it off', () => {
    const {steps} = plan([], ['http-session-affinity', 'some-feature-heroku-kit-does-not-know'])
    expect(steps.map(s => `${s.id} ${s.action}`)).to.deep.equal(['production.feature.http-session-affinity drift'])
    expect(steps[0].operation).to.equal(undefined)
    expect(steps[0].details?.join('\n')).to.include('heroku features:disable http-session-affinity -a shop')
  })

  it('an unknown name is a plan error naming the known ones', () => {
    const {errors, steps} = plan(['runtime-dyno-metadta'], [])
    expect(steps).to.deep.equal([])
    expect(errors).to.deep.equal([
      `stages.production.features: "runtime-dyno-metadta" is not an app feature heroku-kit.yml knows; known: ${KNOWN_FEATURES.join(', ')}.`,
    ])
  })

  it('enables a feature with one PATCH of the app feature', async () => {
    const calls: unknown[][] = []
    const heroku = {
      setAppFeature: async (...args: unknown[]) => {
        calls.push(['setAppFeature', ...args])
        return feature('runtime-dyno-metadata', true)
      },
    } as Pick<HerokuApi, 'setAppFeature'>
    const app = {id: 'app-id', name: 'shop'} as Parameters<typeof runContext>[1]
    await applyOperation({kind: 'enable-feature', app: 'shop', feature: 'runtime-dyno-metadata'}, {heroku} as Clients, runContext('production', app), {
      pipeline: 'shop',
      reviewConfig: {},
      stages: [],
    })
    expect(calls).to.deep.equal([['setAppFeature', 'shop', 'runtime-dyno-metadata', true]])
  })

  it('kit:import writes the known features that are on, sorted; none: no key', () => {
    const on = [
      feature('runtime-dyno-metadata', true),
      feature('http-session-affinity', true),
      feature('log-runtime-metrics', false),
      feature('unknown-x', true),
    ]
    expect(exportFeatures({name: 'production', current: liveStage('production', {features: on}), attachments: []}).fields).to.deep.equal({
      features: ['http-session-affinity', 'runtime-dyno-metadata'],
      preboot: false,
    })
    expect(exportFeatures({name: 'production', current: liveStage('production', {features: []}), attachments: []}).fields).to.deep.equal({
      features: undefined,
      preboot: false,
    })
  })
})

describe('resource: app features where the generation lacks them (unsupported_features)', () => {
  it('preboot on only by default (production) and unsupported: skipped with the reason, never requested', () => {
    const file = parsePipelineFile('pipeline: shop\n', 'heroku-kit.yml')
    const production = {
      ...emptyDesiredStage('production', 'shop'),
      features: file.stages.production.features,
      featuresByDefault: file.stages.production.featuresByDefault,
    }
    const plan = firPlan({unsupported: ['preboot'], production})
    expect(plan.errors).to.deep.equal([])
    const preboot = plan.steps.find(s => s.id === 'production.preboot')!
    expect([preboot.action, preboot.operation, preboot.details]).to.deep.equal([
      'skip',
      undefined,
      ['fir does not offer preboot (unsupported_features of GET /generations/fir: preboot)'],
    ])
  })

  it('declared (`preboot: true`, or a feature listed) and unsupported: a plan error naming the key', () => {
    const declared = parsePipelineFile('pipeline: shop\nstages:\n  production:\n    preboot: true\n', 'heroku-kit.yml').stages.production
    expect(declared.featuresByDefault).to.equal(undefined)
    const plan = firPlan({
      unsupported: ['preboot', 'runtime-dyno-metadata'],
      production: {features: declared.features},
      staging: {features: ['runtime-dyno-metadata']},
    })
    expect(plan.errors).to.deep.equal([
      'stages.staging.features: fir does not offer runtime-dyno-metadata (unsupported_features of GET /generations/fir: runtime-dyno-metadata). ' +
        'Remove runtime-dyno-metadata from stages.staging.features.',
      'stages.production.preboot: fir does not offer preboot (unsupported_features of GET /generations/fir: preboot). ' +
        'Remove preboot from stages.production.preboot (or set it to false).',
    ])
  })

  it('not listed as unsupported: enabled as on Cedar', () => {
    const plan = firPlan({production: {features: ['preboot'], featuresByDefault: ['preboot']}})
    expect(plan.steps.find(s => s.id === 'production.preboot')?.operation).to.deep.equal({kind: 'enable-feature', app: 'shop', feature: 'preboot'})
  })
})
