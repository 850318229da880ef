import path from 'node:path'

import {expect} from 'chai'

import {displayPath} from '../../src/lib/fs.js'

describe('displayPath', () => {
  it('names files inside the working directory relative to it', () => {
    expect(displayPath('/repo/.env.staging', '/repo')).to.equal('.env.staging')
    expect(displayPath('config/.env.prod', '/repo')).to.equal(path.join('config', '.env.prod'))
    expect(displayPath('/repo', '/repo')).to.equal('.')
  })

  it('names files outside it by their absolute path, never by a chain of ../', () => {
    expect(displayPath('/elsewhere/deep/.env', '/repo/sub')).to.equal('/elsewhere/deep/.env')
    expect(displayPath('../.env', '/repo/sub')).to.equal('/repo/.env')
  })
})
