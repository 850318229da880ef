import {expect} from 'chai'

import {type Emulator, startEmulator} from '../src/index.js'
import {client, V3} from './client.js'

describe('emulator: server core', () => {
  let emulator: Emulator
  let call: ReturnType<typeof client>

  beforeEach(async () => {
    emulator = await startEmulator({timings: 'instant', seed: 1})
    call = client(emulator)
  })
  afterEach(() => emulator.close())

  describe('authentication', () => {
    it('accepts the default token and answers the account', async () => {
      const res = await call('GET', '/account')
      expect(res.status).to.equal(200)
      expect(res.body.email).to.equal('dev@example.com')
      expect(res.body.id).to.equal(emulator.state.defaultUser.id)
    })

    for (const [label, token] of [
      ['missing', null],
      ['Bearer undefined', 'undefined'],
      ['unknown', 'nope'],
    ] as const) {
      it(`answers 401 unauthorized for a ${label} token`, async () => {
        const res = await call('GET', '/apps', undefined, {token})
        expect(res.status).to.equal(401)
        expect(res.body).to.deep.equal({id: 'unauthorized', message: 'Invalid credentials provided.'})
      })
    }

    it('protects the Data API and kolkrabbi too, but not app web traffic', async () => {
      expect((await call('GET', '/client/v11/databases/x', undefined, {token: null})).status).to.equal(401)
      expect((await call('GET', '/account/github/token', undefined, {token: 'bad'})).status).to.equal(401)
      emulator.state.createApp({name: 'web-app'})
      expect((await call('GET', '/__apps/web-app/', undefined, {token: null})).status).to.equal(503)
    })

    it('knows users added to the state', async () => {
      const other = emulator.state.addUser({email: 'other@example.com', tokens: ['other-token']})
      const res = await call('GET', '/users/~', undefined, {token: 'other-token'})
      expect(res.body.id).to.equal(other.id)
    })
  })

  describe('Accept header', () => {
    it('answers 406 without the Heroku media type', async () => {
      const res = await call('GET', '/account', undefined, {headers: {Accept: 'application/json'}})
      expect(res.status).to.equal(406)
      expect(res.body.id).to.equal('not_acceptable')
    })

    it('accepts the known variants and rejects unknown ones', async () => {
      for (const variant of ['pipelines', 'review-apps', 'sdk', 'filters', 'repositories-api']) {
        expect((await call('GET', '/account', undefined, {variant})).status, variant).to.equal(200)
      }

      expect((await call('GET', '/account', undefined, {variant: 'bogus'})).status).to.equal(406)
      expect((await call('GET', '/account', undefined, {headers: {Accept: 'application/vnd.heroku+json; version=2'}})).status).to.equal(406)
    })

    it('requires version=3.filters on POST /filters/apps', async () => {
      const app = emulator.state.createApp({name: 'filtered'})
      expect((await call('POST', '/filters/apps', {in: {id: [app.id]}})).status).to.equal(406)
      const res = await call('POST', '/filters/apps', {in: {id: [app.id]}}, {headers: {Range: 'id ..; max=1000;'}, variant: 'filters'})
      expect(res.status).to.equal(200)
      expect(res.body.map((a: {name: string}) => a.name)).to.deep.equal(['filtered'])
      expect(res.body[0]).to.include({joined: false, locked: false})
    })
  })

  describe('headers, errors and the log', () => {
    it('sends a Request-Id on every response, after the one the client sent', async () => {
      const mine = (await call('GET', '/account')).headers.get('request-id')
      expect(mine).to.match(/^[\da-f-]{36}$/)
      const chained = (await call('GET', '/account', undefined, {headers: {'Request-Id': 'abc'}})).headers.get('request-id')
      expect(chained).to.match(/^abc,[\da-f-]{36}$/)
      const failed = await call('GET', '/account', undefined, {token: null})
      expect(failed.headers.get('request-id')).to.match(/^[\da-f-]{36}$/)
      expect(failed.headers.get('ratelimit-remaining')).to.match(/^\d+$/)
    })

    it('answers unknown endpoints with the API not_found error', async () => {
      const res = await call('GET', '/no/such/thing')
      expect(res.status).to.equal(404)
      expect(res.body.id).to.equal('not_found')
      expect(res.body.message).to.include('endpoint was not found')
    })

    it('refuses invalid JSON and bodies that are not sent as JSON', async () => {
      const bad = await fetch(`${emulator.url}/apps`, {
        body: '{nope',
        headers: {Accept: V3, Authorization: 'Bearer test-api-key', 'Content-Type': 'application/json'},
        method: 'POST',
      })
      expect(bad.status).to.equal(400)
      const plain = await fetch(`${emulator.url}/apps`, {body: '{"name":"x-app"}', headers: {Accept: V3, Authorization: 'Bearer test-api-key'}, method: 'POST'})
      expect(plain.status).to.equal(400)
    })

    it('logs every request with host, redacted auth and parsed body; writes() leaves out read-only POSTs', async () => {
      await call('POST', '/apps', {name: 'logged-app'})
      await call('GET', '/apps/logged-app')
      await call('POST', '/filters/apps', {in: {id: []}}, {variant: 'filters'})
      await call('POST', '/actions/addon-attachments/resolve', {addon_attachment: 'DATABASE_URL', app: 'logged-app'}, {variant: 'sdk'})
      await call('GET', '/client/v11/databases/x')
      await call('GET', '/repos/acme/widget', undefined, {headers: {Authorization: 'token nope'}})
      const [create, info, filter, resolve, data, github] = emulator.log
      expect(create).to.include({host: 'platform', method: 'POST', path: '/apps', seq: 1, status: 201, write: true})
      expect(create.body).to.deep.equal({name: 'logged-app'})
      expect(create.headers.authorization).to.equal('Bearer <redacted>')
      expect(create.headers.accept).to.equal(V3)
      expect(info).to.include({status: 200, write: false})
      expect(filter.write).to.equal(false)
      expect(resolve).to.include({status: 404, write: false})
      expect(data.host).to.equal('data')
      expect(github).to.include({host: 'github', status: 401})
      expect(github.headers.authorization).to.equal('Token <redacted>')
      expect(emulator.writes().map(e => e.path)).to.deep.equal(['/apps'])
      emulator.clearLog()
      expect(emulator.log).to.have.length(0)
    })

    it('answers Particleboard calls harmlessly when they are marked', async () => {
      const res = await call('GET', '/account', undefined, {headers: {'X-Heroku-Kit-Emulator': 'particleboard'}})
      expect(res.status).to.equal(200)
      expect(res.body).to.deep.equal({})
      expect(emulator.log[0].particleboard).to.equal(true)
    })
  })
})
