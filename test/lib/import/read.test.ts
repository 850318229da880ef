import {expect} from 'chai'

import type {PipelineCoupling} from '../../../src/lib/api/heroku-api.js'
import {chooseStageApps} from '../../../src/lib/import/read.js'

const coupling = (app: string, stage: string): PipelineCoupling =>
  ({id: `${app}-c`, stage, app: {id: `${app}-id`, name: app}, pipeline: {id: 'p'}}) as PipelineCoupling

describe('kit:import: which apps become stages (chooseStageApps)', () => {
  it('declares one app per stage (the first by name) and lists the others, never drops them', () => {
    const {apps, unmanaged} = chooseStageApps([
      coupling('shop-prod-eu', 'production'),
      coupling('shop-prod', 'production'),
      coupling('shop-staging', 'staging'),
      coupling('shop-dev', 'development'),
      coupling('shop-pr-12', 'review'),
    ])
    expect(apps).to.deep.equal({production: 'shop-prod', staging: 'shop-staging'})
    expect(unmanaged.map(u => `${u.scope}: ${u.what}`)).to.deep.equal([
      'pipeline: app shop-dev at stage development',
      'pipeline: app shop-pr-12 at stage review',
      'production: second production app shop-prod-eu (shop-prod is the one declared)',
    ])
  })

  it('a partial pipeline has only the stages it has', () => {
    expect(chooseStageApps([coupling('solo', 'production')])).to.deep.equal({apps: {production: 'solo'}, unmanaged: []})
  })
})
