import {expect} from 'chai'

import {KitError} from '../../../../src/lib/errors.js'
import {parseAppJson} from '../../../../src/lib/manifest/app-json.js'
import {defaultPipelineFile} from '../../../../src/lib/manifest/pipeline-file/defaults.js'
import type {AppJson} from '../../../../src/lib/manifest/types.js'
import {fixture} from '../helpers.js'

const referenceAppJson = (): AppJson => parseAppJson(fixture('reference', 'app.json'), 'app.json')

describe('manifest: heroku-kit.yml defaults', () => {
  describe('defaultPipelineFile', () => {
    it('names the apps after the pipeline and copies app.json formation and add-ons to both stages', () => {
      const appJson = referenceAppJson()
      const file = defaultPipelineFile('shop', appJson)
      expect(file.file).to.equal(undefined)
      expect(file.healthPath).to.equal('/health')
      expect(file.reviewApps).to.equal(undefined)
      const fromAppJson = {formation: appJson.formation, addons: appJson.addons}
      expect(file.stages.staging).to.deep.include({app: 'shop-staging', autoDeploy: 'main', features: [], ...fromAppJson})
      expect(file.stages.production).to.deep.include({app: 'shop-prod', features: ['preboot'], formation: appJson.formation, addons: appJson.addons})
      expect(file.stages.production.autoDeploy).to.equal(undefined)
    })

    it('refuses names that are invalid or too long for the default app names', () => {
      for (const [name, fragment] of [
        ['My Shop', 'Pass --pipeline my-shop'],
        ['acme-storefront-platform', 'at most 22 characters'],
      ]) {
        let error: unknown
        try {
          defaultPipelineFile(name)
        } catch (caught) {
          error = caught
        }

        expect(error).to.be.instanceOf(KitError)
        expect((error as KitError).suggestion).to.include(fragment)
      }
    })
  })
})
