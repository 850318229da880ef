import {expect} from 'chai'

import {type Emulator, startEmulator} from '../src/index.js'
import {client} from './client.js'

const pause = (ms: number) =>
  new Promise(resolve => {
    setTimeout(resolve, ms)
  })

describe('emulator: realistic timings (the default)', () => {
  let emulator: Emulator
  let call: ReturnType<typeof client>

  // shortened durations, same model: pending by time, whatever the number of GETs
  beforeEach(async () => {
    emulator = await startEmulator({seed: 12, addonProvisionMs: 300, releasePhaseMs: 200, acmIssueMs: 200})
    call = client(emulator)
    emulator.state.createApp({name: 'kit-app'})
  })
  afterEach(() => emulator.close())

  it('defaults to 1.5 s add-ons, 1 s release phases and 1 s certificates', async () => {
    const defaults = await startEmulator()
    expect(defaults.state.timings).to.deep.equal({addonProvisionMs: 1500, releasePhaseMs: 1000, acmIssueMs: 1000})
    await defaults.close()
    const instant = await startEmulator({timings: 'instant'})
    expect(instant.state.timings).to.deep.equal({addonProvisionMs: 0, releasePhaseMs: 0, acmIssueMs: 0})
    expect([instant.state.addonProvisionPolls, instant.state.releasePhasePolls, instant.state.acmPolls]).to.deep.equal([1, 1, 1])
    await instant.close()
  })

  it('an async add-on answers 202 and stays provisioning, however often it is polled, until its time has passed', async () => {
    const created = await call('POST', '/apps/kit-app/addons', {plan: 'heroku-postgresql:essential-0'})
    expect(created.status).to.equal(202)
    expect(created.body.state).to.equal('provisioning')
    for (let i = 0; i < 5; i++) expect((await call('GET', `/apps/kit-app/addons/${created.body.id}`)).body.state).to.equal('provisioning')
    expect((await call('GET', '/apps/kit-app/config-vars')).body).to.not.have.property('DATABASE_URL')
    await pause(320)
    expect((await call('GET', `/apps/kit-app/addons/${created.body.id}`)).body.state).to.equal('provisioned')
    expect((await call('GET', '/apps/kit-app/config-vars')).body).to.have.property('DATABASE_URL')
  })

  it('a release phase runs for its time, then settles on the next GET', async () => {
    const release = emulator.state.deploy('kit-app', {processTypes: {web: 'npm start', release: 'npm run migrate'}})
    expect((await call('GET', `/apps/kit-app/releases/${release.id}`)).body.status).to.equal('pending')
    expect((await call('GET', `/apps/kit-app/releases/${release.id}`)).body.status).to.equal('pending')
    await pause(220)
    expect((await call('GET', `/apps/kit-app/releases/${release.id}`)).body.status).to.equal('succeeded')
  })

  it('an ACM certificate is issued once its time has passed', async () => {
    emulator.state.deploy('kit-app', {processTypes: {web: 'npm start'}})
    await call('PATCH', '/apps/kit-app/formation', {updates: [{size: 'standard-1x', type: 'web'}]})
    await call('POST', '/apps/kit-app/domains', {hostname: 'www.example.com', sni_endpoint: null})
    await call('POST', '/apps/kit-app/acm', {})
    const acm = async () => (await call('GET', '/apps/kit-app/domains/www.example.com')).body.acm_status
    expect(await acm()).to.equal('pending')
    expect(await acm()).to.equal('pending')
    await pause(220)
    expect(await acm()).to.equal('cert issued')
  })
})
