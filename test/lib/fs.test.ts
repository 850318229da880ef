import {mkdir, mkdtemp, realpath, rm, symlink, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {expect} from 'chai'

import {KitError} from '../../src/lib/errors.js'
import {displayPath, exists, resolveInRepository} from '../../src/lib/fs.js'
import {readOptional} from '../../src/lib/init/files.js'
import {loadAppJson} from '../../src/lib/manifest/app-json.js'
import {loadPipelineFile} from '../../src/lib/manifest/pipeline-file/index.js'
import {loadProcfile} from '../../src/lib/manifest/procfile.js'

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

describe('resolveInRepository (issue 19.5)', () => {
  let root: string
  let outside: string
  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'kit-repo-'))
    outside = await mkdtemp(path.join(tmpdir(), 'kit-outside-'))
    await writeFile(path.join(outside, 'netrc'), 'machine api.heroku.com\n  password hrku-outside-secret\n')
    await writeFile(path.join(root, 'real.env'), 'A=1\n')
    await mkdir(path.join(root, 'config'))
    await symlink(path.join(outside, 'netrc'), path.join(root, 'Procfile'))
    await symlink('real.env', path.join(root, '.env.staging'))
    await symlink(outside, path.join(root, 'config', 'linked-dir'))
  })
  after(async () => {
    await rm(root, {recursive: true, force: true})
    await rm(outside, {recursive: true, force: true})
  })

  it('refuses a link that leaves the repository (also through a linked directory), naming the file and not where it points', async () => {
    for (const rel of ['Procfile', 'config/linked-dir/netrc', '../' + path.basename(outside) + '/netrc']) {
      const error = await resolveInRepository(root, rel, rel).catch((error_: unknown) => error_ as KitError)
      expect(error, rel).to.be.instanceOf(KitError)
      expect((error as KitError).code).to.equal('outside_repository')
      expect((error as KitError).message)
        .to.include(rel)
        .and.not.include(outside)
    }
  })

  it('follows a link that stays inside the repository; a missing file comes back as given', async () => {
    expect(await resolveInRepository(root, '.env.staging')).to.equal(await realpath(path.join(root, 'real.env')))
    expect(await resolveInRepository(root, 'missing.env')).to.equal(path.join(root, 'missing.env'))
  })

  it('every repository reader uses it: heroku-kit.yml, Procfile and app.json are refused through a link out, their content never echoed', async () => {
    const error = await loadProcfile(root).catch((error_: unknown) => error_ as KitError)
    expect((error as KitError).code).to.equal('outside_repository')
    expect((error as KitError).message).to.not.include('hrku-outside-secret')
    const yml = await mkdtemp(path.join(tmpdir(), 'kit-repo-yml-'))
    try {
      await symlink(path.join(outside, 'netrc'), path.join(yml, 'heroku-kit.yml'))
      await symlink(path.join(outside, 'netrc'), path.join(yml, 'app.json'))
      for (const load of [() => loadPipelineFile(yml), () => loadAppJson(yml), () => readOptional(yml, 'heroku-kit.yml')]) {
        const refused = await load().catch((error_: unknown) => error_ as KitError)
        expect((refused as KitError).code).to.equal('outside_repository')
      }
    } finally {
      await rm(yml, {recursive: true, force: true})
    }
  })
})
