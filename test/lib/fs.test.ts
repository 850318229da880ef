import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {expect} from 'chai'

import {displayPath, exists} from '../../src/lib/fs.js'

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

describe('exists', () => {
  it('tells whether a path exists, given whole or as a directory and a path under it', async () => {
    const here = path.dirname(fileURLToPath(import.meta.url))
    expect(await exists(fileURLToPath(import.meta.url))).to.equal(true)
    expect(await exists(here, 'fs.test.ts')).to.equal(true)
    expect(await exists(here, '..', 'lib')).to.equal(true)
    expect(await exists(here, 'no-such-file.ts')).to.equal(false)
  })
})
