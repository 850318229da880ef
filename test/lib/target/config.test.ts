import {expect} from 'chai'

import {stageFromFileName} from '../../../src/lib/target/config.js'

describe('stageFromFileName', () => {
  it('infers the stage from the file name', () => {
    expect(stageFromFileName('.env.staging')).to.equal('staging')
    expect(stageFromFileName('config/.env.prod')).to.equal('production')
    expect(stageFromFileName('.env.production')).to.equal('production')
    expect(stageFromFileName('.env.review')).to.equal('review')
    expect(stageFromFileName('.env.test')).to.equal('test')
    expect(stageFromFileName('.env')).to.equal(undefined)
    expect(stageFromFileName('.env.local')).to.equal(undefined)
  })
})
