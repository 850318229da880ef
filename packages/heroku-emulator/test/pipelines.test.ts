import {expect} from 'chai'

import {type Emulator, startEmulator} from '../src/index.js'
import {client} from './client.js'

describe('emulator: pipelines and couplings', () => {
  let emulator: Emulator
  let call: ReturnType<typeof client>

  beforeEach(async () => {
    emulator = await startEmulator({timings: 'instant', seed: 6})
    call = client(emulator)
  })
  afterEach(() => emulator.close())

  it('creates a new pipeline on every POST, even with the same name', async () => {
    const body = {generation: {name: 'cedar'}, name: 'kit', owner: {type: 'user'}}
    const first = await call('POST', '/pipelines', body, {variant: 'pipelines'})
    const second = await call('POST', '/pipelines', body, {variant: 'pipelines'})
    expect(first.status).to.equal(201)
    expect(second.status).to.equal(201)
    expect(first.body.id).to.not.equal(second.body.id)
    expect(first.body.owner).to.deep.equal({id: emulator.state.defaultUser.id, type: 'user'})
    expect(first.body.generation.name).to.equal('cedar')
    const found = await call('GET', '/pipelines?eq[name]=kit', undefined, {variant: 'pipelines'})
    expect(found.body.map((p: {id: string}) => p.id).sort()).to.deep.equal([first.body.id, second.body.id].sort())
    expect((await call('GET', '/pipelines?eq[name]=other', undefined, {variant: 'pipelines'})).body).to.deep.equal([])
  })

  it('validates names and owners; team pipelines need membership', async () => {
    expect((await call('POST', '/pipelines', {name: 'Kit'})).status).to.equal(422)
    expect((await call('POST', '/pipelines', {})).status).to.equal(422)
    const team = emulator.state.createTeam('acme')
    const teamPipeline = await call('POST', '/pipelines', {name: 'kit', owner: {id: team.id, type: 'team'}})
    expect(teamPipeline.body.owner).to.deep.equal({id: team.id, type: 'team'})
    const stranger = emulator.state.createTeam('strangers', {members: []})
    expect((await call('POST', '/pipelines', {name: 'kit', owner: {id: stranger.id, type: 'team'}})).status).to.equal(403)
  })

  it('reads, renames and deletes pipelines by id; by name only when it has apps', async () => {
    const pipeline = emulator.state.createPipeline({name: 'kit'})
    expect((await call('GET', `/pipelines/${pipeline.id}`, undefined, {variant: 'pipelines'})).body.name).to.equal('kit')
    expect((await call('GET', '/pipelines/kit')).status).to.equal(404)
    emulator.state.couple(emulator.state.createApp({name: 'kit-staging'}), pipeline, 'staging')
    expect((await call('GET', '/pipelines/kit')).body.id).to.equal(pipeline.id)
    const renamed = await call('PATCH', `/pipelines/${pipeline.id}`, {name: 'kit-two'})
    expect(renamed.body.name).to.equal('kit-two')
    expect((await call('DELETE', `/pipelines/${pipeline.id}`, undefined, {variant: 'pipelines'})).status).to.equal(200)
    expect((await call('GET', `/pipelines/${pipeline.id}`)).status).to.equal(404)
    expect(emulator.state.couplings.size).to.equal(0)
  })

  it('couples apps to stages; an app belongs to one pipeline only', async () => {
    const pipeline = emulator.state.createPipeline({name: 'kit'})
    const other = emulator.state.createPipeline({name: 'other'})
    const app = emulator.state.createApp({name: 'kit-staging'})
    expect((await call('GET', '/apps/kit-staging/pipeline-couplings')).status).to.equal(404)
    const created = await call('POST', '/pipeline-couplings', {app: 'kit-staging', pipeline: pipeline.id, stage: 'staging'})
    expect(created.status).to.equal(201)
    expect(created.body).to.deep.include({app: {id: app.id}, pipeline: {id: pipeline.id, name: 'kit'}, stage: 'staging'})
    const again = await call('POST', '/pipeline-couplings', {app: app.id, pipeline: other.id, stage: 'production'})
    expect(again.status).to.equal(422)
    expect(again.body.id).to.equal('invalid_params')
    expect((await call('POST', '/pipeline-couplings', {app: 'kit-staging', pipeline: pipeline.id, stage: 'qa'})).status).to.equal(422)
    expect((await call('POST', '/pipeline-couplings', {app: 'nope-app', pipeline: pipeline.id, stage: 'staging'})).status).to.equal(404)
    const info = await call('GET', '/apps/kit-staging/pipeline-couplings', undefined, {variant: 'sdk'})
    expect(info.body.id).to.equal(created.body.id)
    const list = await call('GET', `/pipelines/${pipeline.id}/pipeline-couplings`, undefined, {variant: 'sdk'})
    expect(list.body).to.have.length(1)
    const moved = await call('PATCH', `/pipeline-couplings/${created.body.id}`, {stage: 'production'})
    expect(moved.body.stage).to.equal('production')
    expect((await call('GET', `/pipeline-couplings/${created.body.id}`)).body.stage).to.equal('production')
    expect((await call('DELETE', `/pipeline-couplings/${created.body.id}`)).status).to.equal(200)
    expect((await call('GET', '/apps/kit-staging/pipeline-couplings')).status).to.equal(404)
  })

  it('keeps review and test stage config vars (null deletes) and refuses other stages', async () => {
    const pipeline = emulator.state.createPipeline({name: 'kit'})
    const path = `/pipelines/${pipeline.id}/stage/review/config-vars`
    expect((await call('GET', path, undefined, {variant: 'pipelines'})).body).to.deep.equal({})
    expect((await call('PATCH', path, {A: '1', B: '2'}, {variant: 'pipelines'})).body).to.deep.equal({A: '1', B: '2'})
    expect((await call('PATCH', path, {A: null})).body).to.deep.equal({B: '2'})
    expect((await call('PATCH', path, {'NO-DASH': '1'})).status).to.equal(422)
    expect((await call('GET', `/pipelines/${pipeline.id}/stage/test/config-vars`)).body).to.deep.equal({})
    expect((await call('GET', `/pipelines/${pipeline.id}/stage/production/config-vars`)).status).to.equal(404)
  })

  it('answers latest releases per coupled app', async () => {
    const pipeline = emulator.state.createPipeline({name: 'kit'})
    emulator.state.couple(emulator.state.createApp({name: 'kit-staging'}), pipeline, 'staging')
    emulator.state.couple(emulator.state.createApp({name: 'kit-prod'}), pipeline, 'production')
    emulator.state.deploy('kit-staging', {processTypes: {web: 'npm start'}})
    const res = await call('GET', `/pipelines/${pipeline.id}/latest-releases`)
    const byApp = Object.fromEntries(res.body.map((r: {app: {name: string}; version: number; description: string}) => [r.app.name, r.version]))
    expect(byApp).to.deep.equal({'kit-prod': 2, 'kit-staging': 3})
  })
})
