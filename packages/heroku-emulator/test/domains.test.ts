import {expect} from 'chai'

import {type Emulator, startEmulator} from '../src/index.js'
import {client} from './client.js'

describe('emulator: domains, ACM and log drains', () => {
  let emulator: Emulator
  let call: ReturnType<typeof client>

  beforeEach(async () => {
    emulator = await startEmulator({timings: 'instant', seed: 8})
    call = client(emulator)
    emulator.state.createApp({name: 'kit-app'})
    emulator.state.createApp({name: 'other-app'})
  })
  afterEach(() => emulator.close())

  describe('domains', () => {
    it('needs both hostname and sni_endpoint', async () => {
      const res = await call('POST', '/apps/kit-app/domains', {hostname: 'www.example.com'})
      expect(res.status).to.equal(422)
      expect(res.body.id).to.equal('invalid_params')
      expect((await call('POST', '/apps/kit-app/domains', {sni_endpoint: null})).status).to.equal(422)
      expect((await call('POST', '/apps/kit-app/domains', {hostname: 'not a host', sni_endpoint: null})).status).to.equal(422)
    })

    it('adds a custom domain with a herokudns.com cname; pending turns succeeded after a poll', async () => {
      const created = await call('POST', '/apps/kit-app/domains', {hostname: 'WWW.Example.com', sni_endpoint: null})
      expect(created.status).to.equal(201)
      expect(created.body).to.include({
        acm_status: null,
        acm_status_reason: null,
        hostname: 'www.example.com',
        kind: 'custom',
        sni_endpoint: null,
        status: 'pending',
      })
      expect(created.body.cname).to.match(/^[a-z]+-[a-z]+-[a-z0-9]{12}\.herokudns\.com$/)
      expect((await call('GET', `/apps/kit-app/domains/${created.body.id}`)).body.status).to.equal('pending')
      expect((await call('GET', '/apps/kit-app/domains/www.example.com')).body.status).to.equal('succeeded')
      const all = await call('GET', '/apps/kit-app/domains')
      expect(all.body.map((d: {kind: string}) => d.kind).sort()).to.deep.equal(['custom', 'heroku'])
    })

    it('refuses duplicates on the same app and hostnames used by another app', async () => {
      await call('POST', '/apps/kit-app/domains', {hostname: 'www.example.com', sni_endpoint: null})
      const again = await call('POST', '/apps/kit-app/domains', {hostname: 'www.example.com', sni_endpoint: null})
      expect(again.body).to.deep.equal({id: 'invalid_params', message: 'Domain already added to this app.'})
      const other = await call('POST', '/apps/other-app/domains', {hostname: 'www.example.com', sni_endpoint: null})
      expect(other.body).to.deep.equal({id: 'invalid_params', message: 'www.example.com is currently in use by another app.'})
    })

    it('deletes custom domains', async () => {
      await call('POST', '/apps/kit-app/domains', {hostname: 'www.example.com', sni_endpoint: null})
      expect((await call('DELETE', '/apps/kit-app/domains/www.example.com')).status).to.equal(200)
      expect((await call('GET', '/apps/kit-app/domains/www.example.com')).status).to.equal(404)
      expect((await call('DELETE', '/apps/kit-app/domains/kit-app.herokuapp.com')).status).to.equal(422)
    })
  })

  describe('ACM', () => {
    it('refuses apps running Eco dynos, and enables ACM on Basic dynos (paid dynos)', async () => {
      emulator.state.deploy('kit-app', {processTypes: {web: 'npm start'}})
      await call('PATCH', '/apps/kit-app/formation', {updates: [{size: 'eco', type: 'web'}]})
      const res = await call('POST', '/apps/kit-app/acm', {})
      expect(res.status).to.equal(422)
      expect(res.body.message).to.include('Eco dynos')
      await call('PATCH', '/apps/kit-app/formation', {updates: [{size: 'basic', type: 'web'}]})
      expect(emulator.state.appFormation(emulator.state.findApp('kit-app')!).map(f => f.size)).to.deep.equal(['basic'])
      const basic = await call('POST', '/apps/kit-app/acm', {})
      expect(basic.status).to.equal(200)
      expect(basic.body.acm).to.equal(true)
    })

    it('issues certificates: pending, then cert issued after a poll; failAcm marks hostnames failing', async () => {
      emulator.state.deploy('kit-app', {processTypes: {web: 'npm start'}})
      await call('PATCH', '/apps/kit-app/formation', {updates: [{size: 'standard-1x', type: 'web'}]})
      await call('POST', '/apps/kit-app/domains', {hostname: 'www.example.com', sni_endpoint: null})
      await call('POST', '/apps/kit-app/domains', {hostname: 'api.example.com', sni_endpoint: null})
      emulator.state.failAcm('api.example.com', 'CDN detected: the domain does not point at Heroku')
      const enabled = await call('POST', '/apps/kit-app/acm', {})
      expect(enabled.status).to.equal(200)
      expect(enabled.body.acm).to.equal(true)
      expect((await call('GET', '/apps/kit-app')).body.acm).to.equal(true)
      const status = async (): Promise<Record<string, [string, string | null]>> =>
        Object.fromEntries(
          (await call('GET', '/apps/kit-app/domains')).body
            .filter((d: {kind: string}) => d.kind === 'custom')
            .map((d: {hostname: string; acm_status: string; acm_status_reason: string | null}) => [d.hostname, [d.acm_status, d.acm_status_reason]]),
        )
      expect(await status()).to.deep.equal({
        'api.example.com': ['failing', 'CDN detected: the domain does not point at Heroku'],
        'www.example.com': ['pending', null],
      })
      expect(await status()).to.deep.equal({
        'api.example.com': ['failing', 'CDN detected: the domain does not point at Heroku'],
        'www.example.com': ['cert issued', null],
      })
      const endpoints = await call('GET', '/apps/kit-app/sni-endpoints')
      expect(endpoints.body).to.have.length(1)
      expect(endpoints.body[0].ssl_cert).to.include({acm: true})
      expect(endpoints.body[0].ssl_cert.cert_domains).to.deep.equal(['www.example.com'])
      // A domain added later starts issuing too.
      const later = await call('POST', '/apps/kit-app/domains', {hostname: 'later.example.com', sni_endpoint: null})
      expect(later.body.acm_status).to.equal('pending')
      expect((await call('PATCH', '/apps/kit-app/acm', {acm_refresh: true})).status).to.equal(200)
      const disabled = await call('DELETE', '/apps/kit-app/acm')
      expect(disabled.body.acm).to.equal(false)
      expect(Object.values(await status()).map(([s]) => s)).to.deep.equal([null, null, null])
      expect((await call('GET', '/apps/kit-app/sni-endpoints')).body).to.deep.equal([])
    })
  })

  describe('log drains', () => {
    it('adds, reads and removes user drains; duplicates are refused', async () => {
      const created = await call('POST', '/apps/kit-app/log-drains', {url: 'syslog+tls://logs.example.com:6514'})
      expect(created.status).to.equal(201)
      expect(created.body).to.include({addon: null, url: 'syslog+tls://logs.example.com:6514'})
      expect(created.body.token).to.match(/^d\.[\da-f-]{36}$/)
      expect((await call('POST', '/apps/kit-app/log-drains', {url: 'syslog+tls://logs.example.com:6514'})).status).to.equal(422)
      expect((await call('POST', '/apps/kit-app/log-drains', {url: 'ftp://nope'})).status).to.equal(422)
      expect((await call('GET', `/apps/kit-app/log-drains/${created.body.token}`)).body.id).to.equal(created.body.id)
      expect((await call('GET', `/apps/kit-app/log-drains/${encodeURIComponent(created.body.url)}`)).body.id).to.equal(created.body.id)
      expect((await call('DELETE', `/apps/kit-app/log-drains/${created.body.id}`)).status).to.equal(200)
      expect((await call('GET', '/apps/kit-app/log-drains')).body).to.deep.equal([])
    })

    it('lists add-on drains, which only go away with their add-on', async () => {
      const addon = emulator.state.addAddon('kit-app', 'papertrail:choklad')
      const drains = (await call('GET', '/apps/kit-app/log-drains')).body
      expect(drains).to.have.length(1)
      expect(drains[0].addon).to.deep.include({id: addon.id, name: addon.name})
      expect((await call('DELETE', `/apps/kit-app/log-drains/${drains[0].id}`)).status).to.equal(422)
      expect((await call('GET', `/addons/${addon.id}/log-drains`)).body).to.have.length(1)
    })

    it('answers the log-channel error for young apps when the state asks for it', async () => {
      emulator.state.logChannelDelayMs = 60_000
      const res = await call('POST', '/apps/kit-app/log-drains', {url: 'https://logs.example.com/drain'})
      expect(res.status).to.equal(422)
      expect(res.body.message).to.equal("App hasn't yet been assigned a log channel. Please try again momentarily.")
      emulator.state.logChannelDelayMs = 0
      expect((await call('POST', '/apps/kit-app/log-drains', {url: 'https://logs.example.com/drain'})).status).to.equal(201)
    })
  })
})
