import {gzipSync} from 'node:zlib'

import {expect} from 'chai'

import {type Emulator, startEmulator} from '../src/index.js'
import {client} from './client.js'

/** Apps in a Fir Private Space: OCI-image releases, Fir sizes, and what Heroku refuses on them. */
describe('emulator: Fir apps', () => {
  let emulator: Emulator
  let call: ReturnType<typeof client>

  beforeEach(async () => {
    emulator = await startEmulator({timings: 'instant', seed: 23})
    call = client(emulator)
    emulator.state.createSpace('acme-fir', {generation: 'fir', team: 'acme'})
    emulator.state.createApp({name: 'fir-app', space: 'acme-fir'})
    emulator.state.createApp({name: 'cedar-app'})
  })
  afterEach(() => emulator.close())

  it('releases carry an OCI image instead of a slug (oci_image in 3.sdk, an oci-image artifact in v3)', async () => {
    const release = emulator.state.deploy('fir-app', {commit: 'a'.repeat(40), processTypes: {web: 'node server.js'}})
    const plain = (await call('GET', `/apps/fir-app/releases/${release.version}`)).body
    expect(plain.slug).to.equal(null)
    expect(plain.artifacts).to.deep.equal([{id: release.slugId, type: 'oci-image'}])
    expect(plain).to.not.have.property('oci_image')
    const sdk = (await call('GET', '/apps/fir-app/releases', undefined, {variant: 'sdk'})).body.at(-1)
    expect(sdk.oci_image).to.deep.equal({id: release.slugId})
    expect(sdk.slug).to.equal(null)
    const images = await call('GET', `/apps/fir-app/oci-images/${release.slugId}`, undefined, {variant: 'sdk'})
    expect(images.status).to.equal(200)
    expect(images.body).to.have.length(1)
    expect(images.body[0]).to.deep.include({commit: 'a'.repeat(40), id: release.slugId})
    expect(images.body[0].process_types.web.command).to.equal('node server.js')
    expect((await call('GET', `/apps/fir-app/slugs/${release.slugId}`)).status).to.equal(404)
  })

  it('Cedar releases are unchanged: a slug, oci_image null in 3.sdk, no OCI image to read', async () => {
    const release = emulator.state.deploy('cedar-app', {processTypes: {web: 'npm start'}})
    const sdk = (await call('GET', `/apps/cedar-app/releases/${release.id}`, undefined, {variant: 'sdk'})).body
    expect(sdk.slug).to.deep.equal({id: release.slugId})
    expect(sdk.oci_image).to.equal(null)
    expect(sdk.artifacts).to.deep.equal([{id: release.slugId, type: 'slug'}])
    expect((await call('GET', `/apps/cedar-app/oci-images/${release.slugId}`)).status).to.equal(404)
  })

  it('a Fir formation starts at the smallest Fir size, answered in lowercase; Cedar sizes are refused', async () => {
    emulator.state.deploy('fir-app', {processTypes: {web: 'node server.js'}})
    const formation = (await call('GET', '/apps/fir-app/formation')).body
    expect(formation[0]).to.deep.include({quantity: 1, size: 'dyno-1c-0.5gb', type: 'web'})
    const refused = await call('PATCH', '/apps/fir-app/formation', {updates: [{dyno_size: {name: 'standard-2x'}, quantity: 1, type: 'web'}]})
    expect(refused.status).to.equal(422)
    expect(refused.body.message).to.include('fir app')
    const scaled = await call('PATCH', '/apps/fir-app/formation', {updates: [{dyno_size: {name: 'Dyno-2C-4GB'}, quantity: 2, type: 'web'}]})
    expect(scaled.body[0]).to.deep.include({quantity: 2, size: 'dyno-2c-4gb'})
    emulator.state.deploy('cedar-app', {processTypes: {web: 'npm start'}})
    expect((await call('PATCH', '/apps/cedar-app/formation', {updates: [{size: 'dyno-2c-4gb', type: 'web'}]})).status).to.equal(422)
  })

  it('a build of a Fir app makes an OCI image, no slug; a build naming buildpacks is refused', async () => {
    const source = await call('POST', '/sources')
    // an empty tar archive (two zero blocks): no Procfile, so `web: npm start`
    await fetch(source.body.source_blob.put_url, {body: gzipSync(Buffer.alloc(1024)), method: 'PUT'})
    const blob = {url: source.body.source_blob.get_url, version: 'b'.repeat(40)}
    const refused = await call('POST', '/apps/fir-app/builds', {buildpacks: [{url: 'heroku/nodejs'}], source_blob: blob})
    expect(refused.status).to.equal(422)
    expect(refused.body.message).to.include('project.toml')
    const created = await call('POST', '/apps/fir-app/builds', {source_blob: blob})
    expect(created.status).to.equal(201)
    await call('GET', `/apps/fir-app/builds/${created.body.id}`)
    const build = (await call('GET', `/apps/fir-app/builds/${created.body.id}`)).body
    expect(build).to.include({slug: null, status: 'succeeded'})
    const release = (await call('GET', `/apps/fir-app/releases/${build.release.id}`, undefined, {variant: 'sdk'})).body
    expect(release.slug).to.equal(null)
    const [image] = (await call('GET', `/apps/fir-app/oci-images/${release.oci_image.id}`)).body
    expect(image).to.deep.include({commit: 'b'.repeat(40)})
  })

  it('refuses classic buildpacks on a Fir app, and only there', async () => {
    const put = await call('PUT', '/apps/fir-app/buildpack-installations', {updates: [{buildpack: 'heroku/nodejs'}]})
    expect(put.status).to.equal(422)
    expect(put.body.message).to.include('project.toml')
    expect((await call('GET', '/apps/fir-app/buildpack-installations')).status).to.equal(422)
    expect(emulator.state.buildpacks.get(emulator.state.findApp('fir-app')!.id)).to.deep.equal([])
    expect((await call('PUT', '/apps/cedar-app/buildpack-installations', {updates: [{buildpack: 'heroku/nodejs'}]})).status).to.equal(200)
  })

  it('refuses classic log drains on a Fir app, naming telemetry drains', async () => {
    const refused = await call('POST', '/apps/fir-app/log-drains', {url: 'https://logs.example.com/in'})
    expect(refused.status).to.equal(422)
    expect(refused.body.message).to.include('telemetry')
    expect(emulator.state.drains.size).to.equal(0)
    expect((await call('POST', '/apps/cedar-app/log-drains', {url: 'https://logs.example.com/in'})).status).to.equal(201)
  })
})
