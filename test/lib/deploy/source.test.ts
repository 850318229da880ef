import {execFileSync} from 'node:child_process'
import {mkdir, mkdtemp, readFile, rm, symlink, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {gunzipSync} from 'node:zlib'

import {expect} from 'chai'

import {createTarball, resolveCommit, slugignoreAttributes} from '../../../src/lib/deploy/source.js'
import {KitError} from '../../../src/lib/errors.js'
import {tarFiles} from 'heroku-emulator'

const GIT_ENV = {...process.env, GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com'}
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, {cwd, env: GIT_ENV, encoding: 'utf8'}).trim()

async function files(tarball: string): Promise<string[]> {
  return [...tarFiles(gunzipSync(await readFile(tarball))).keys()].sort()
}

describe('deploy/source', () => {
  describe('slugignoreAttributes', () => {
    it('turns .slugignore patterns into export-ignore attributes, directories with their contents', () => {
      const {attributes, patterns} = slugignoreAttributes('# comment\n\n*.psd\ndocs/\n/spec\n!keep.psd\nmy file.txt\n')
      expect(patterns).to.deep.equal(['*.psd', 'docs/', '/spec', 'my file.txt'])
      expect(attributes.split('\n')).to.deep.equal([
        '*.psd export-ignore',
        '*.psd/** export-ignore',
        'docs/** export-ignore',
        '/spec export-ignore',
        '/spec/** export-ignore',
        '"my file.txt" export-ignore',
        '"my file.txt/**" export-ignore',
        '',
      ])
    })

    it('is empty for a file of comments', () => {
      expect(slugignoreAttributes('# nothing\n').attributes).to.equal('')
    })
  })

  describe('resolveCommit and createTarball', () => {
    let repo: string
    beforeEach(async () => {
      repo = await mkdtemp(path.join(tmpdir(), 'heroku-kit-source-'))
      git(repo, 'init', '-q', '-b', 'main')
      await mkdir(path.join(repo, 'docs', 'api'), {recursive: true})
      await mkdir(path.join(repo, 'web', 'spec'), {recursive: true})
      await writeFile(path.join(repo, 'Procfile'), 'web: node server.js\n')
      await writeFile(path.join(repo, 'server.js'), 'console.log(1)\n')
      await writeFile(path.join(repo, 'logo.psd'), 'psd')
      await writeFile(path.join(repo, 'docs', 'api', 'index.md'), '# api')
      await writeFile(path.join(repo, '.slugignore'), 'docs\n*.psd\n')
      await writeFile(path.join(repo, 'web', 'Procfile'), 'web: bin/web\n')
      await writeFile(path.join(repo, 'web', 'spec', 'a.rb'), 'spec')
      await writeFile(path.join(repo, 'web', '.slugignore'), 'spec/\n')
      await symlink('/etc/passwd', path.join(repo, 'passwd-link'))
      git(repo, 'add', '-A')
      git(repo, 'commit', '-q', '-m', 'first')
    })
    afterEach(() => rm(repo, {recursive: true, force: true}))

    it('packs the committed files only, without what .slugignore names; a symlink stays a link', async () => {
      await writeFile(path.join(repo, 'uncommitted.js'), 'not committed')
      await writeFile(path.join(repo, 'server.js'), 'changed, not committed\n')
      const commit = await resolveCommit(repo, 'HEAD')
      expect(commit.sha).to.match(/^[\da-f]{40}$/)
      expect(commit).to.include({subject: 'first', prefix: '', dirty: true})
      const tarball = await createTarball(commit)
      try {
        expect(await files(tarball.path)).to.deep.equal(['.slugignore', 'Procfile', 'server.js', 'web/.slugignore', 'web/Procfile', 'web/spec/a.rb'])
        expect(tarball.ignored).to.deep.equal(['docs', '*.psd'])
        const tar = gunzipSync(await readFile(tarball.path))
        expect(tarFiles(tar).get('server.js')!.toString()).to.equal('console.log(1)\n')
        // the link is in the archive as a link (type 2) to its target, not the target's contents
        const link = tar.indexOf('passwd-link')
        expect(link).to.be.greaterThan(-1)
        expect(String.fromCodePoint(tar[link + 156])).to.equal('2')
        expect(tar.includes('root:x:0:0')).to.equal(false)
      } finally {
        await tarball.remove()
      }
    })

    it('packs the app directory when the app is a subdirectory of the repository, with its own .slugignore', async () => {
      const commit = await resolveCommit(path.join(repo, 'web'), 'main')
      expect(commit.prefix).to.equal('web/')
      const tarball = await createTarball(commit)
      try {
        expect(await files(tarball.path)).to.deep.equal(['.slugignore', 'Procfile'])
      } finally {
        await tarball.remove()
      }
    })

    it('rejects a ref that is not a commit, or looks like an option, saying nothing was sent', async () => {
      for (const ref of ['no-such-branch', '--output=/tmp/x', 'a b']) {
        const error = await resolveCommit(repo, ref).catch(error_ => error_)
        expect(error, ref).to.be.instanceOf(KitError)
        expect((error as KitError).suggestion).to.include('Nothing was sent')
      }
    })

    it('rejects a directory outside any git repository', async () => {
      const plain = await mkdtemp(path.join(tmpdir(), 'heroku-kit-plain-'))
      try {
        const error = await resolveCommit(plain, 'HEAD').catch(error_ => error_)
        expect((error as KitError).code).to.equal('not_a_repository')
      } finally {
        await rm(plain, {recursive: true, force: true})
      }
    })
  })
})
