import {expect} from 'chai'

import {type Emulator, startEmulator} from '../src/index.js'
import {client} from './client.js'

describe('emulator: generations', () => {
  let emulator: Emulator
  let call: ReturnType<typeof client>

  beforeEach(async () => {
    emulator = await startEmulator({timings: 'instant', seed: 23})
    call = client(emulator)
  })
  afterEach(() => emulator.close())

  it('lists cedar and fir; unsupported_features only in the 3.sdk form', async () => {
    const plain = await call('GET', '/generations')
    expect(plain.body.map((g: {name: string}) => g.name)).to.have.members(['cedar', 'fir'])
    for (const generation of plain.body) expect(generation).to.have.all.keys('created_at', 'id', 'name', 'updated_at')
    const sdk = await call('GET', '/generations', undefined, {variant: 'sdk'})
    const fir = sdk.body.find((g: {name: string}) => g.name === 'fir')
    expect(fir.unsupported_features).to.include.members(['classic-buildpacks', 'log-drains', 'autoscaling'])
    expect(sdk.body.find((g: {name: string}) => g.name === 'cedar').unsupported_features).to.deep.equal([])
  })

  it('reads one by name or id; unknown → 404; a test can change what Fir lists', async () => {
    const fir = await call('GET', '/generations/fir', undefined, {variant: 'sdk'})
    expect((await call('GET', `/generations/${fir.body.id}`)).body.name).to.equal('fir')
    expect((await call('GET', '/generations/aspen')).status).to.equal(404)
    emulator.state.unsupportedFeatures.fir = ['preboot']
    expect((await call('GET', '/generations/fir', undefined, {variant: 'sdk'})).body.unsupported_features).to.deep.equal(['preboot'])
  })

  it("lists a team's available generations (members only)", async () => {
    emulator.state.createTeam('acme')
    emulator.state.createTeam('strangers', {members: []})
    const available = await call('GET', '/teams/acme/available-generations')
    expect(available.body.map((g: {name: string}) => g.name)).to.have.members(['cedar', 'fir'])
    expect((await call('GET', '/teams/strangers/available-generations')).status).to.equal(403)
  })

  it('pipelines take their generation from POST /pipelines ({name} or {id}) and keep it', async () => {
    const fir = (await call('GET', '/generations/fir')).body
    const byName = await call('POST', '/pipelines', {generation: {name: 'fir'}, name: 'shop'}, {variant: 'pipelines'})
    expect(byName.body.generation).to.deep.equal({id: fir.id, name: 'fir'})
    const byId = await call('POST', '/pipelines', {generation: {id: fir.id}, name: 'shop'}, {variant: 'pipelines'})
    expect(byId.body.generation.name).to.equal('fir')
    expect((await call('POST', '/pipelines', {generation: {name: 'aspen'}, name: 'shop'})).status).to.equal(422)
    expect((await call('POST', '/pipelines', {name: 'plain'})).body.generation.name).to.equal('cedar')
  })

  it('refuses to couple an app to a pipeline of another generation', async () => {
    emulator.state.createSpace('acme-fir', {generation: 'fir', team: 'acme'})
    emulator.state.createApp({name: 'fir-app', space: 'acme-fir'})
    emulator.state.createApp({name: 'cedar-app'})
    const firPipeline = emulator.state.createPipeline({generation: 'fir', name: 'fir-pipe', owner: emulator.state.findTeam('acme')})
    const cedarPipeline = emulator.state.createPipeline({name: 'cedar-pipe'})
    const mixed = await call('POST', '/pipeline-couplings', {app: 'cedar-app', pipeline: firPipeline.id, stage: 'staging'})
    expect(mixed.status).to.equal(422)
    expect(mixed.body.message).to.include('cedar-app')
    expect((await call('POST', '/pipeline-couplings', {app: 'fir-app', pipeline: cedarPipeline.id, stage: 'staging'})).status).to.equal(422)
    expect((await call('POST', '/pipeline-couplings', {app: 'fir-app', pipeline: firPipeline.id, stage: 'staging'})).status).to.equal(201)
    expect((await call('POST', '/pipeline-couplings', {app: 'cedar-app', pipeline: cedarPipeline.id, stage: 'staging'})).status).to.equal(201)
  })

  it('dyno sizes carry their generation; an app is offered its generation’s sizes', async () => {
    const sizes = (await call('GET', '/dyno-sizes')).body as Array<{name: string; generation: {name: string}}>
    expect(sizes.find(s => s.name === 'standard-1x')!.generation.name).to.equal('cedar')
    const fir = (await call('GET', '/dyno-sizes/dyno-2c-4gb')).body
    expect(fir).to.deep.include({compute: 2, cost: {cents: 15_000, unit: 'month'}, memory: 4, name: 'dyno-2c-4gb'})
    expect(fir.generation.name).to.equal('fir')
    expect((await call('GET', '/dyno-sizes/DYNO-1C-0.5GB')).body.generation.name).to.equal('fir')
    emulator.state.createSpace('acme-fir', {generation: 'fir', team: 'acme'})
    emulator.state.createApp({name: 'fir-app', space: 'acme-fir'})
    emulator.state.createApp({name: 'cedar-app'})
    const firOffer = (await call('GET', '/apps/fir-app/available-dyno-sizes')).body as Array<{generation: {name: string}}>
    expect(firOffer.length).to.be.greaterThan(10)
    expect(firOffer.every(s => s.generation.name === 'fir')).to.equal(true)
    const cedarOffer = (await call('GET', '/apps/cedar-app/available-dyno-sizes')).body as Array<{generation: {name: string}}>
    expect(cedarOffer.every(s => s.generation.name === 'cedar')).to.equal(true)
  })
})
