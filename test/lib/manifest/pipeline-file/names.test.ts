import {expect} from 'chai'

import {defaultPipelineFile} from '../../../../src/lib/manifest/pipeline-file/defaults.js'
import {sanitisePipelineName} from '../../../../src/lib/manifest/pipeline-file/names.js'

describe('manifest: heroku-kit.yml names', () => {
  it('sanitises names into pipeline names whose app names fit', () => {
    const cases: Array<[string, string]> = [
      ['Small Sharp Tool', 'small-sharp-tool'],
      ['My_Project.v2', 'my-project-v2'],
      ['2048-game', 'game'],
      ['café', 'cafe'],
      ['x', 'x-app'],
      ['', 'app'],
      ['acme-storefront-platform-services', 'acme-storefront-platfo'],
      ['acme-storefront-platform', 'acme-storefront-platfo'],
      ['abcdefghijklmnopqrstu-vw', 'abcdefghijklmnopqrstu'],
    ]
    for (const [input, output] of cases) {
      expect(sanitisePipelineName(input), input).to.equal(output)
      expect(() => defaultPipelineFile(output), output).to.not.throw()
    }
  })
})
