import {expect} from 'chai'

import {type Emulator, startEmulator} from '../src/index.js'
import {client} from './client.js'

describe('emulator: deploys, release phase, formation, buildpacks and features', () => {
  let emulator: Emulator
  let call: ReturnType<typeof client>

  beforeEach(async () => {
    emulator = await startEmulator({timings: 'instant', seed: 7})
    call = client(emulator)
    emulator.state.createApp({name: 'kit-app'})
  })
  afterEach(() => emulator.close())

  describe('deploy and the release phase', () => {
    it('a deploy without a release process is current at once', async () => {
      const release = emulator.state.deploy('kit-app', {commit: 'abcdef1234567890', processTypes: {web: 'npm start'}})
      expect(release.status).to.equal('succeeded')
      const info = await call('GET', `/apps/kit-app/releases/${release.version}`)
      expect(info.body).to.include({current: true, description: 'Deploy abcdef12', output_stream_url: null, status: 'succeeded', version: 3})
      expect(info.body.slug).to.deep.equal({id: release.slugId})
      const slug = await call('GET', `/apps/kit-app/slugs/${release.slugId}`)
      expect(slug.body.process_types).to.deep.equal({web: 'npm start'})
    })

    it('the release phase keeps the release pending for releasePhasePolls GETs, then succeeds', async () => {
      emulator.state.deploy('kit-app', {processTypes: {web: 'npm start'}})
      const release = emulator.state.deploy('kit-app', {processTypes: {release: 'npm run migrate', web: 'npm start', worker: 'npm run worker'}})
      expect(release.status).to.equal('pending')
      const first = await call('GET', `/apps/kit-app/releases/${release.id}`)
      expect(first.body).to.include({current: false, status: 'pending'})
      expect(first.body.output_stream_url).to.equal(`${emulator.url}/__streams/releases/${release.id}`)
      // The previous release is still current and the formation still follows its slug.
      expect((await call('GET', '/apps/kit-app/formation')).body.map((f: {type: string}) => f.type)).to.deep.equal(['web'])
      const second = await call('GET', `/apps/kit-app/releases/${release.id}`)
      expect(second.body).to.include({current: true, status: 'succeeded'})
      expect((await call('GET', '/apps/kit-app/formation')).body.map((f: {type: string}) => f.type).sort()).to.deep.equal(['web', 'worker'])
      const stream = await fetch(first.body.output_stream_url)
      expect(stream.status).to.equal(200)
      expect(await stream.text()).to.include('Release command completed successfully')
    })

    it('a failed release phase leaves the release failed and not current', async () => {
      const good = emulator.state.deploy('kit-app', {processTypes: {web: 'npm start'}})
      const bad = emulator.state.deploy('kit-app', {processTypes: {release: 'exit 1', web: 'npm start'}, releasePhase: 'fails'})
      await call('GET', '/apps/kit-app/releases')
      const list = await call('GET', '/apps/kit-app/releases', undefined, {headers: {Range: 'version ..; max=2, order=desc'}})
      expect(
        list.body.map((r: {version: number; status: string; current: boolean; eligible_for_rollback: boolean}) => [
          r.version,
          r.status,
          r.current,
          r.eligible_for_rollback,
        ]),
      ).to.deep.equal([
        [bad.version, 'failed', false, false],
        [good.version, 'succeeded', true, true],
      ])
    })

    it('config changes run the release phase of the current slug too', async () => {
      emulator.state.deploy('kit-app', {processTypes: {release: 'migrate', web: 'npm start'}})
      await call('GET', '/apps/kit-app/releases')
      await call('GET', '/apps/kit-app/releases')
      await call('PATCH', '/apps/kit-app/config-vars', {A: '1'})
      const latest = await call('GET', '/apps/kit-app/releases', undefined, {headers: {Range: 'version ..; order=desc,max=1'}})
      expect(latest.body[0]).to.include({description: 'Set A config vars', status: 'pending'})
    })
  })

  describe('formation', () => {
    it('has no process types before the first deploy: scaling answers 404', async () => {
      expect((await call('GET', '/apps/kit-app/formation')).body).to.deep.equal([])
      const res = await call('PATCH', '/apps/kit-app/formation', {updates: [{quantity: 1, type: 'worker'}]})
      expect(res.status).to.equal(404)
      expect(res.body).to.deep.equal({id: 'not_found', message: "Couldn't find that process type (worker)."})
    })

    it('scales with numbers or (relative) strings, size or dyno_size, case-insensitively', async () => {
      emulator.state.deploy('kit-app', {processTypes: {web: 'npm start', worker: 'npm run worker'}})
      const initial = await call('GET', '/apps/kit-app/formation', undefined, {headers: {Range: 'type ..'}})
      expect(initial.body.map((f: {type: string; quantity: number; size: string}) => [f.type, f.quantity, f.size])).to.deep.equal([
        ['web', 1, 'Basic'],
        ['worker', 0, 'Basic'],
      ])
      const scaled = await call('PATCH', '/apps/kit-app/formation', {
        updates: [
          {quantity: '2', size: 'Standard-1X', type: 'web'},
          {dyno_size: {name: 'standard-2x'}, quantity: 1, type: 'worker'},
        ],
      })
      expect(scaled.status).to.equal(200)
      expect(scaled.body.map((f: {type: string; quantity: number; dyno_size: {name: string}}) => [f.type, f.quantity, f.dyno_size.name])).to.deep.equal([
        ['web', 2, 'standard-1x'],
        ['worker', 1, 'standard-2x'],
      ])
      const plus = await call('PATCH', '/apps/kit-app/formation/web', {quantity: '+1'})
      expect(plus.body.quantity).to.equal(3)
      expect((await call('GET', '/apps/kit-app/dynos')).body).to.have.length(4)
    })

    it('refuses unknown sizes, bad quantities, and more than one eco/basic dyno per type', async () => {
      emulator.state.deploy('kit-app', {processTypes: {web: 'npm start'}})
      expect((await call('PATCH', '/apps/kit-app/formation', {updates: [{size: 'huge', type: 'web'}]})).status).to.equal(422)
      expect((await call('PATCH', '/apps/kit-app/formation', {updates: [{quantity: 'lots', type: 'web'}]})).status).to.equal(422)
      expect((await call('PATCH', '/apps/kit-app/formation', {updates: [{quantity: 2, type: 'web'}]})).status).to.equal(422)
      expect((await call('PATCH', '/apps/kit-app/formation', {})).status).to.equal(422)
    })

    it('serves dyno sizes', async () => {
      const names = (await call('GET', '/dyno-sizes')).body.map((s: {name: string}) => s.name)
      expect(names).to.have.members(['eco', 'basic', 'standard-1x', 'standard-2x', 'performance-m', 'performance-l'])
      expect((await call('GET', '/apps/kit-app/available-dyno-sizes')).body).to.have.length(6)
    })
  })

  describe('buildpacks and features', () => {
    it('PUT replaces the whole buildpack list', async () => {
      const put = await call(
        'PUT',
        '/apps/kit-app/buildpack-installations',
        {updates: [{buildpack: 'heroku/nodejs'}, {buildpack: 'https://github.com/acme/bp'}]},
        {headers: {Range: ''}},
      )
      expect(put.body).to.deep.equal([
        {buildpack: {name: 'heroku/nodejs', url: 'urn:buildpack:heroku/nodejs'}, ordinal: 0},
        {buildpack: {name: 'https://github.com/acme/bp', url: 'https://github.com/acme/bp'}, ordinal: 1},
      ])
      await call('PUT', '/apps/kit-app/buildpack-installations', {updates: [{buildpack: 'heroku/python'}]})
      expect((await call('GET', '/apps/kit-app/buildpack-installations')).body).to.have.length(1)
      expect((await call('PUT', '/apps/kit-app/buildpack-installations', {updates: [{buildpack: ''}]})).status).to.equal(422)
    })

    it('serves the buildpack registry; its blob URLs install as urn:buildpack names', async () => {
      const found = await fetch(`${emulator.url}/buildpacks/${encodeURIComponent('heroku/nodejs')}`)
      expect(found.status).to.equal(200)
      const {blob_url: blobUrl} = (await found.json()) as {blob_url: string}
      const put = await call('PUT', '/apps/kit-app/buildpack-installations', {updates: [{buildpack: blobUrl}]})
      expect(put.body).to.deep.equal([{buildpack: {name: 'heroku/nodejs', url: 'urn:buildpack:heroku/nodejs'}, ordinal: 0}])
      expect((await fetch(`${emulator.url}/buildpacks/not-a-slug`)).status).to.equal(404)
    })

    it('toggles preboot (disabled by default)', async () => {
      expect((await call('GET', '/apps/kit-app/features/preboot')).body).to.include({enabled: false, name: 'preboot'})
      expect((await call('PATCH', '/apps/kit-app/features/preboot', {enabled: true})).body.enabled).to.equal(true)
      expect((await call('GET', '/apps/kit-app/features')).body.find((f: {name: string}) => f.name === 'preboot').enabled).to.equal(true)
      expect((await call('PATCH', '/apps/kit-app/features/preboot', {})).status).to.equal(422)
      expect((await call('GET', '/apps/kit-app/features/nope')).status).to.equal(404)
    })
  })
})
