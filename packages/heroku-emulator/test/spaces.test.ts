import {expect} from 'chai'

import {type Emulator, startEmulator} from '../src/index.js'
import {client} from './client.js'

describe('emulator: Private Spaces', () => {
  let emulator: Emulator
  let call: ReturnType<typeof client>

  beforeEach(async () => {
    emulator = await startEmulator({timings: 'instant', seed: 23})
    call = client(emulator)
  })
  afterEach(() => emulator.close())

  it('lists and reads the spaces of the teams the user belongs to, with their generation', async () => {
    const fir = emulator.state.createSpace('acme-fir', {generation: 'fir', team: 'acme'})
    emulator.state.createSpace('acme-cedar', {team: 'acme'})
    emulator.state.createTeam('strangers', {members: []})
    emulator.state.createSpace('hidden', {team: 'strangers'})
    const list = await call('GET', '/spaces')
    expect(list.status).to.equal(200)
    expect(list.body.map((s: {name: string}) => s.name).sort()).to.deep.equal(['acme-cedar', 'acme-fir'])
    const byName = await call('GET', '/spaces/acme-fir')
    expect(byName.body).to.deep.include({id: fir.id, name: 'acme-fir', shield: false, state: 'allocated'})
    expect(byName.body.team).to.deep.equal({id: emulator.state.findTeam('acme')!.id, name: 'acme'})
    expect(byName.body.generation).to.deep.equal({id: (await call('GET', '/generations/fir')).body.id, name: 'fir'})
    expect((await call('GET', `/spaces/${fir.id}`)).body.name).to.equal('acme-fir')
  })

  it('answers generation as a plain string with Accept 3.sdk, as the CLI types it', async () => {
    emulator.state.createSpace('acme-fir', {generation: 'fir', team: 'acme'})
    expect((await call('GET', '/spaces/acme-fir', undefined, {variant: 'sdk'})).body.generation).to.equal('fir')
    expect((await call('GET', '/spaces', undefined, {variant: 'sdk'})).body[0].generation).to.equal('fir')
  })

  it('404s an unknown space and 403s another team’s', async () => {
    emulator.state.createTeam('strangers', {members: []})
    emulator.state.createSpace('hidden', {team: 'strangers'})
    const missing = await call('GET', '/spaces/nope')
    expect(missing.status).to.equal(404)
    expect(missing.body).to.deep.equal({id: 'not_found', message: "Couldn't find that space."})
    expect((await call('GET', '/spaces/hidden')).status).to.equal(403)
  })

  it('POST /teams/apps with space creates the app in the space: its team, region and generation', async () => {
    const space = emulator.state.createSpace('acme-fir', {generation: 'fir', team: 'acme'})
    const created = await call('POST', '/teams/apps', {name: 'shop-staging', space: 'acme-fir', team: 'acme'})
    expect(created.status).to.equal(201)
    expect(created.body.space).to.deep.equal({id: space.id, name: 'acme-fir', shield: false})
    expect(created.body.generation.name).to.equal('fir')
    expect(created.body.team.name).to.equal('acme')
    expect(emulator.state.findApp('shop-staging')!.spaceId).to.equal(space.id)
    // without `team`, the space's team owns it
    const untold = await call('POST', '/teams/apps', {name: 'shop', space: space.id})
    expect(untold.body.team.name).to.equal('acme')
    expect((await call('GET', '/apps/shop', undefined, {variant: 'sdk'})).body.generation).to.equal('fir')
  })

  it('refuses a space that does not exist, and one of another team than the app’s', async () => {
    emulator.state.createSpace('acme-fir', {generation: 'fir', team: 'acme'})
    emulator.state.createTeam('other')
    const missing = await call('POST', '/teams/apps', {name: 'shop', space: 'nope', team: 'acme'})
    expect(missing.status).to.equal(404)
    expect(missing.body.message).to.equal("Couldn't find that space.")
    const mismatch = await call('POST', '/teams/apps', {name: 'shop', space: 'acme-fir', team: 'other'})
    expect(mismatch.status).to.equal(422)
    expect(emulator.state.findApp('shop')).to.equal(undefined)
  })

  it('Common Runtime apps stay Cedar with space null', async () => {
    const created = await call('POST', '/apps', {name: 'plain-app'})
    expect(created.body.space).to.equal(null)
    expect(created.body.generation.name).to.equal('cedar')
    expect((await call('GET', '/apps/plain-app', undefined, {variant: 'sdk'})).body.generation).to.equal('cedar')
  })

  it('seeds spaces through the control endpoint too (for scripts that run the emulator apart)', async () => {
    const response = await fetch(`${emulator.url}/__emulator/spaces`, {
      body: JSON.stringify({generation: 'fir', name: 'demo-fir', team: 'demo'}),
      headers: {'Content-Type': 'application/json'},
      method: 'POST',
    })
    expect(response.status).to.equal(201)
    expect(await response.json()).to.deep.include({generation: 'fir', name: 'demo-fir', team: 'demo'})
    expect(emulator.state.findSpace('demo-fir')?.generation).to.equal('fir')
    const again = await fetch(`${emulator.url}/__emulator/spaces`, {
      body: JSON.stringify({name: 'demo-fir'}),
      headers: {'Content-Type': 'application/json'},
      method: 'POST',
    })
    expect(again.status).to.equal(422)
  })
})
