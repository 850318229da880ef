import {expect} from 'chai'

import type {AppFeature} from '../../../../src/lib/api/heroku-api.js'
import {evidence, PIPELINE_YML} from '../fixture.js'
import {check} from './helpers.js'

const on = (...names: string[]): AppFeature[] => names.map(name => ({name, enabled: true}) as AppFeature)
const declaring = PIPELINE_YML.replace('    acm: true\n', '    acm: true\n    features: [runtime-dyno-metadata]\n')

describe('kit:verify checks', () => {
  describe('features', () => {
    it('passes when the declared app features are on, and only those (preboot has its own check)', async () => {
      const result = check(
        await evidence({pipelineYml: declaring, live: {production: {features: on('preboot', 'runtime-dyno-metadata')}}}),
        'features',
        'production',
      )
      expect(result.status).to.equal('pass')
      expect(result.evidence).to.deep.equal(['app features on, as declared: runtime-dyno-metadata'])
      expect(check(await evidence(), 'features', 'staging').evidence).to.deep.equal(['no app features declared, none on'])
    })

    it('warns when a declared one is off, pointing at kit:bootstrap', async () => {
      const result = check(await evidence({pipelineYml: declaring, live: {production: {features: on('preboot')}}}), 'features', 'production')
      expect(result).to.deep.include({
        status: 'warn',
        evidence: ['declared in heroku-kit.yml but off on shop: runtime-dyno-metadata'],
        fix: 'heroku kit:bootstrap --yes',
      })
    })

    it('warns when a known one is on without being declared: declare it or turn it off', async () => {
      const result = check(await evidence({live: {production: {features: on('preboot', 'log-runtime-metrics')}}}), 'features', 'production')
      expect(result.status).to.equal('warn')
      expect(result.evidence).to.deep.equal(['on on shop but not declared in heroku-kit.yml: log-runtime-metrics'])
      expect(result.fix).to.include('stages.production.features').and.include('heroku features:disable log-runtime-metrics -a shop')
    })
  })
})
