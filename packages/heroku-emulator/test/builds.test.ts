import {execFileSync} from 'node:child_process'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'

import {deployBed, parseProcfile, scriptBuild} from '../src/builds.js'
import {type Emulator, startEmulator} from '../src/index.js'
import {client} from './client.js'

const SHA = 'c0ffee'.padEnd(40, '0')

/** A gzipped tarball as `git archive` makes it, of a repository with this Procfile. */
async function tarball(procfile: string): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'emulator-builds-'))
  try {
    const env = {...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@b', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@b'}
    await writeFile(path.join(dir, 'Procfile'), procfile)
    for (const args of [
      ['init', '-q'],
      ['add', '-A'],
      ['commit', '-qm', 'x'],
    ])
      execFileSync('git', args, {cwd: dir, env})
    return execFileSync('git', ['archive', '--format=tar.gz', 'HEAD'], {cwd: dir, maxBuffer: 1 << 24})
  } finally {
    await rm(dir, {recursive: true, force: true})
  }
}

describe('emulator: sources and builds', () => {
  let emulator: Emulator
  let call: ReturnType<typeof client>
  beforeEach(async () => {
    emulator = await startEmulator({seed: 14})
    call = client(emulator)
    emulator.state.createApp({name: 'kit-staging'})
  })
  afterEach(() => emulator.close())

  async function upload(body: Buffer, headers: Record<string, string> = {}): Promise<{getUrl: string; status: number; text: string}> {
    const source = await call('POST', '/sources')
    expect(source.status).to.equal(201)
    const put = await fetch(source.body.source_blob.put_url, {method: 'PUT', body, headers})
    return {getUrl: source.body.source_blob.get_url, status: put.status, text: await put.text()}
  }

  it('builds an uploaded tarball: a slug with the Procfile and the commit, a release that runs the release phase', async () => {
    const {getUrl, status} = await upload(await tarball('web: node server.js\nrelease: npm run migrate\n'))
    expect(status).to.equal(200)
    const created = await call('POST', '/apps/kit-staging/builds', {source_blob: {url: getUrl, version: SHA}})
    expect(created.status).to.equal(201)
    expect(created.body).to.include({status: 'pending', release: null, slug: null, stack: 'heroku-24'})
    expect(created.body.source_blob).to.deep.equal({checksum: null, url: getUrl, version: SHA, version_description: null})
    expect(created.body.output_stream_url).to.match(/\/__streams\/builds\//)

    // the stream, read to its end, is the build running
    const stream = await fetch(created.body.output_stream_url)
    const output = await stream.text()
    expect(output).to.include('Procfile declares types -> release, web').and.include('Released v3')
    const rest = await fetch(created.body.output_stream_url, {headers: {Range: 'bytes=10-'}})
    expect(rest.status).to.equal(206)
    expect(await rest.text()).to.equal(output.slice(10))
    expect((await fetch(created.body.output_stream_url, {headers: {Range: `bytes=${output.length}-`}})).status).to.equal(416)

    const build = await call('GET', `/apps/kit-staging/builds/${created.body.id}`)
    expect(build.body.status).to.equal('succeeded')
    const slug = await call('GET', `/apps/kit-staging/slugs/${build.body.slug.id}`)
    expect(slug.body).to.include({commit: SHA})
    expect(slug.body.process_types).to.deep.equal({web: 'node server.js', release: 'npm run migrate'})
    const release = await call('GET', `/apps/kit-staging/releases/${build.body.release.id}`)
    expect(release.body).to.include({status: 'pending', version: 3, description: 'Deploy c0ffee00'})
    expect(release.body.output_stream_url).to.be.a('string')

    const list = await call('GET', '/apps/kit-staging/builds')
    expect(list.body.map((b: {id: string}) => b.id)).to.deep.equal([created.body.id])
  })

  it('a build also runs when it is polled, without its stream being read', async () => {
    const {getUrl} = await upload(await tarball('web: node server.js\n'))
    const created = await call('POST', '/apps/kit-staging/builds', {source_blob: {url: getUrl, version: SHA}})
    expect((await call('GET', `/apps/kit-staging/builds/${created.body.id}`)).body.status).to.equal('pending')
    expect((await call('GET', `/apps/kit-staging/builds/${created.body.id}`)).body.status).to.equal('succeeded')
    expect(emulator.state.currentSlug(emulator.state.findApp('kit-staging')!)?.commit).to.equal(SHA)
  })

  it('fails a build as scripted (its output, no slug, no release), and a build of a source never uploaded', async () => {
    scriptBuild(emulator.state, 'kit-staging', {outcome: 'fails', output: ['-----> Build failed', ' !     compile error']})
    const releases = emulator.state.appReleases(emulator.state.findApp('kit-staging')!).length
    const {getUrl} = await upload(await tarball('web: x\n'))
    const failed = await call('POST', '/apps/kit-staging/builds', {source_blob: {url: getUrl, version: SHA}})
    expect(await (await fetch(failed.body.output_stream_url)).text()).to.equal('-----> Build failed\n !     compile error\n')
    expect((await call('GET', `/apps/kit-staging/builds/${failed.body.id}`)).body).to.include({status: 'failed', release: null, slug: null})

    const source = await call('POST', '/sources')
    const never = await call('POST', '/apps/kit-staging/builds', {source_blob: {url: source.body.source_blob.get_url, version: SHA}})
    expect(await (await fetch(never.body.output_stream_url)).text()).to.include('Unable to fetch the source')
    expect(emulator.state.appReleases(emulator.state.findApp('kit-staging')!)).to.have.length(releases)
  })

  it('the upload URL acts like a pre-signed S3 URL: no Authorization header, a Content-Length, the right signature', async () => {
    const body = await tarball('web: x\n')
    const withToken = await upload(body, {Authorization: 'Bearer test-api-key'})
    expect(withToken.status).to.equal(400)
    expect(withToken.text).to.include('Only one auth mechanism allowed')

    const source = await call('POST', '/sources')
    const wrongUrl = source.body.source_blob.get_url as string // the GET signature does not sign a PUT
    expect((await fetch(wrongUrl, {method: 'PUT', body})).status).to.equal(403)
    // no Content-Length: a chunked body
    const chunked = await fetch(source.body.source_blob.put_url, {method: 'PUT', body: new Blob([body]).stream(), duplex: 'half'} as RequestInit)
    expect(chunked.status).to.equal(411)
    expect(deployBed(emulator.state).sources.get(new URL(source.body.source_blob.put_url).pathname.split('/').pop()!.replace('.tgz', ''))?.bytes).to.equal(
      undefined,
    )
  })

  it("rejects a build without source_blob.url, and answers 404 for another app's build", async () => {
    expect((await call('POST', '/apps/kit-staging/builds', {source_blob: {}})).status).to.equal(422)
    emulator.state.createApp({name: 'kit-other'})
    const {getUrl} = await upload(await tarball('web: x\n'))
    const created = await call('POST', '/apps/kit-staging/builds', {source_blob: {url: getUrl, version: SHA}})
    expect((await call('GET', `/apps/kit-other/builds/${created.body.id}`)).status).to.equal(404)
  })

  it('parses Procfile lines', () => {
    expect(parseProcfile('# c\nweb: node a.js --port $PORT\n\nworker:bin/w\nbad line\n')).to.deep.equal({web: 'node a.js --port $PORT', worker: 'bin/w'})
  })
})
