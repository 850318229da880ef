import {expect} from 'chai'

import {type Emulator, startEmulator} from '../src/index.js'
import {client} from './client.js'

describe('emulator: account, teams and apps', () => {
  let emulator: Emulator
  let call: ReturnType<typeof client>

  beforeEach(async () => {
    emulator = await startEmulator({timings: 'instant', seed: 3})
    call = client(emulator)
  })
  afterEach(() => emulator.close())

  it('creates an app with the schema representation, v1 and v2 releases and a herokuapp.com domain', async () => {
    const res = await call('POST', '/apps', {name: 'kit-staging', region: 'eu', stack: 'heroku-22'})
    expect(res.status).to.equal(201)
    expect(res.body).to.include({acm: false, git_url: 'https://git.heroku.com/kit-staging.git', maintenance: false, name: 'kit-staging'})
    expect(res.body.web_url).to.equal(`${emulator.url}/__apps/kit-staging/`)
    expect(res.body.region.name).to.equal('eu')
    expect(res.body.stack.name).to.equal('heroku-22')
    expect(res.body.build_stack.name).to.equal('heroku-22')
    expect(res.body.generation.name).to.equal('cedar')
    expect(res.body.owner).to.deep.equal({email: 'dev@example.com', id: emulator.state.defaultUser.id})
    expect(res.body.team).to.equal(null)
    const releases = await call('GET', '/apps/kit-staging/releases')
    expect(releases.body.map((r: {description: string}) => r.description)).to.deep.equal(['Initial release', 'Enable Logplex'])
    const domains = await call('GET', '/apps/kit-staging/domains')
    if (domains.status === 200) expect(domains.body[0]).to.include({hostname: 'kit-staging.herokuapp.com', kind: 'heroku'})
  })

  it('generates a name when none is given', async () => {
    const res = await call('POST', '/apps', {})
    expect(res.status).to.equal(201)
    expect(res.body.name).to.match(/^[a-z]+-[a-z]+-\d{5}$/)
  })

  it('refuses invalid names and names already taken, even by yourself', async () => {
    for (const name of ['Kit', 'ab', '1app', 'app-', 'a'.repeat(31), 'under_score']) {
      const res = await call('POST', '/apps', {name})
      expect(res.status, name).to.equal(422)
      expect(res.body.id).to.equal('invalid_params')
    }

    expect((await call('POST', '/apps', {name: 'kit-app'})).status).to.equal(201)
    const again = await call('POST', '/apps', {name: 'kit-app'})
    expect(again.status).to.equal(422)
    expect(again.body).to.deep.equal({id: 'invalid_params', message: 'Name is already taken'})
    const other = emulator.state.addUser({email: 'o@example.com', tokens: ['o']})
    emulator.state.createApp({name: 'their-app', owner: other})
    expect((await call('POST', '/apps', {name: 'their-app'})).body.message).to.equal('Name is already taken')
  })

  it('answers 404 for a missing app and 403 for an app of another user', async () => {
    const missing = await call('GET', '/apps/nope-nope')
    expect(missing.status).to.equal(404)
    expect(missing.body.message).to.equal("Couldn't find that app.")
    const other = emulator.state.addUser({email: 'o@example.com', tokens: ['o']})
    const theirs = emulator.state.createApp({name: 'their-app', owner: other})
    const forbidden = await call('GET', '/apps/their-app')
    expect(forbidden.status).to.equal(403)
    expect(forbidden.body.id).to.equal('forbidden')
    expect((await call('GET', `/apps/${theirs.id}`, undefined, {token: 'o'})).status).to.equal(200)
  })

  it('lists apps by user and by team, creates team apps and answers teams', async () => {
    const team = emulator.state.createTeam('acme')
    emulator.state.createApp({name: 'mine-app'})
    const created = await call('POST', '/teams/apps', {name: 'team-app', team: 'acme'})
    expect(created.status).to.equal(201)
    expect(created.body.team).to.deep.equal({id: team.id, name: 'acme'})
    expect(created.body.owner.email).to.equal('acme@herokumanager.com')
    expect(created.body).to.include({joined: false, locked: false})
    expect((await call('GET', '/users/~/apps')).body.map((a: {name: string}) => a.name).sort()).to.deep.equal(['mine-app', 'team-app'])
    expect((await call('GET', '/teams/acme/apps')).body.map((a: {name: string}) => a.name)).to.deep.equal(['team-app'])
    expect((await call('GET', `/teams/${team.id}`)).body).to.include({name: 'acme', type: 'team'})
    expect((await call('GET', '/teams/nope')).status).to.equal(404)
    expect((await call('POST', '/teams/apps', {name: 'x-app', team: 'nope'})).status).to.equal(404)
  })

  it('updates and deletes apps; deleting cascades', async () => {
    await call('POST', '/apps', {name: 'gone-app'})
    emulator.state.addAddon('gone-app', 'heroku-postgresql:essential-0')
    const patched = await call('PATCH', '/apps/gone-app', {maintenance: true})
    expect(patched.body.maintenance).to.equal(true)
    const deleted = await call('DELETE', '/apps/gone-app')
    expect(deleted.status).to.equal(200)
    expect(deleted.body.name).to.equal('gone-app')
    expect((await call('GET', '/apps/gone-app')).status).to.equal(404)
    expect(emulator.state.addons.size).to.equal(0)
    expect(emulator.state.attachments.size).to.equal(0)
    expect(emulator.state.releases.size).to.equal(0)
  })

  it('answers the rate-limit endpoint without spending a token', async () => {
    const first = await call('GET', '/account/rate-limits')
    const second = await call('GET', '/account/rate-limits')
    expect(first.body).to.deep.equal({remaining: 4500})
    expect(second.body).to.deep.equal({remaining: 4500})
    await call('GET', '/account')
    expect((await call('GET', '/account/rate-limits')).body.remaining).to.equal(4499)
  })
})
