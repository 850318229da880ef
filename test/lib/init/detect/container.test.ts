import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'

import {KitError} from '../../../../src/lib/errors.js'
import {readContainerSetup} from '../../../../src/lib/init/detect/container.js'

describe('kit:init heroku.yml (container stack)', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kit-heroku-yml-'))
  })
  afterEach(async () => {
    await rm(dir, {recursive: true, force: true})
  })

  it('is absent: undefined', async () => {
    expect(await readContainerSetup(dir)).to.equal(undefined)
  })

  it('processes from run and from build.docker (web first); release section noticed', async () => {
    const yml = 'build:\n  docker:\n    web: Dockerfile\nrun:\n  worker: x\n  web: y\nrelease:\n  image: web\n  command: [./migrate]\n'
    await writeFile(path.join(dir, 'heroku.yml'), yml)
    expect(await readContainerSetup(dir)).to.deep.equal({
      file: 'heroku.yml',
      processes: ['web', 'worker'],
      release: true,
      commands: {worker: 'x', web: 'y'},
      releaseCommand: './migrate',
    })
    await writeFile(path.join(dir, 'heroku.yml'), 'build:\n  docker:\n    web: Dockerfile\n    clock: Dockerfile.clock\n')
    expect(await readContainerSetup(dir)).to.deep.equal({file: 'heroku.yml', processes: ['web', 'clock'], release: false, commands: {}})
    // an image without a run entry still runs (its Dockerfile's CMD): web is not lost because run names only a worker
    await writeFile(path.join(dir, 'heroku.yml'), 'build:\n  docker:\n    web: Dockerfile\n    worker: Dockerfile\nrun:\n  worker: ./work\n')
    expect(await readContainerSetup(dir)).to.deep.equal({file: 'heroku.yml', processes: ['web', 'worker'], release: false, commands: {worker: './work'}})
  })

  it('that does not parse: an error naming the file and line', async () => {
    await writeFile(path.join(dir, 'heroku.yml'), 'build:\n  docker:\n    web: [Dockerfile\n')
    try {
      await readContainerSetup(dir)
      expect.fail('should throw')
    } catch (error) {
      expect(error).to.be.instanceOf(KitError)
      expect((error as KitError).message).to.match(/^heroku\.yml line \d+: /)
    }
  })
})
