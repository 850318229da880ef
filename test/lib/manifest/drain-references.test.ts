import {expect} from 'chai'

import {drainReferenceName, withoutKeys} from '../../../src/lib/manifest/drain-references.js'
import {parsePipelineFile} from '../../../src/lib/manifest/pipeline-file/index.js'

describe('heroku-kit.yml drain references (${NAME})', () => {
  it('a whole-entry ${NAME} is a reference; anything else is a literal URL', () => {
    expect(drainReferenceName('${LOG_DRAIN_URL}')).to.equal('LOG_DRAIN_URL')
    expect(drainReferenceName('https://x.example/${TOKEN}')).to.equal(undefined)
    expect(drainReferenceName('$LOG_DRAIN_URL')).to.equal(undefined)
  })

  it('the referenced keys are not config vars', () => {
    expect(withoutKeys({LOG_DRAIN_URL: 'u', API_URL: 'a'}, ['LOG_DRAIN_URL'])).to.deep.equal({API_URL: 'a'})
  })

  it('the parser accepts a reference where it checks literal URLs', () => {
    const file = parsePipelineFile(
      'pipeline: shop\nstages:\n  production:\n    drains: ["${LOG_DRAIN_URL}", "syslog+tls://a.example:6514"]\n',
      'heroku-kit.yml',
    )
    expect(file.stages.production.drains).to.deep.equal(['${LOG_DRAIN_URL}', 'syslog+tls://a.example:6514'])
    expect(() => parsePipelineFile('pipeline: shop\nstages:\n  production:\n    drains: ["${not a name}"]\n', 'heroku-kit.yml')).to.throw(
      /heroku-kit.yml:4: stages.production.drains\[0\]: "\$\{not a name\}" is not a URL/,
    )
  })
})
