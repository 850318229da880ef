import {expect} from 'chai'

import {globMatch} from '../src/faults.js'
import {type Emulator, startEmulator} from '../src/index.js'
import {client} from './client.js'

describe('emulator: faults, latency and rate limit', () => {
  let emulator: Emulator
  let call: ReturnType<typeof client>

  afterEach(() => emulator.close())

  describe('faults', () => {
    beforeEach(async () => {
      emulator = await startEmulator({timings: 'instant', seed: 5})
      call = client(emulator)
      emulator.state.createApp({name: 'kit-app'})
    })

    it('matches paths exactly or by glob', () => {
      expect(globMatch('/apps/*/config-vars', '/apps/kit-app/config-vars')).to.equal(true)
      expect(globMatch('/apps/*', '/apps/kit-app/config-vars')).to.equal(false)
      expect(globMatch('/apps/**', '/apps/kit-app/config-vars')).to.equal(true)
      expect(globMatch('/apps/*/addons/*', '/apps/kit-app/addons/x')).to.equal(true)
    })

    it('a gate holds the first N matching requests until the last of them arrives, then lets everything through', async () => {
      emulator.gate({method: 'GET', path: '/apps/kit-app', count: 2})
      let firstDone = false
      const first = call('GET', '/apps/kit-app').then(res => {
        firstDone = true
        return res
      })
      expect((await call('GET', '/account')).status, 'other requests pass').to.equal(200)
      expect(firstDone, 'held until the second arrives').to.equal(false)
      const second = await call('GET', '/apps/kit-app')
      expect([(await first).status, second.status]).to.deep.equal([200, 200])
      expect((await call('GET', '/apps/kit-app')).status, 'the gate is gone').to.equal(200)
    })

    it('answers a scripted status once (times defaults to 1), with a Heroku error body', async () => {
      emulator.faults.add({method: 'GET', path: '/apps/*', status: 503})
      const failed = await call('GET', '/apps/kit-app')
      expect(failed.status).to.equal(503)
      expect(failed.body.id).to.equal('unavailable')
      expect((await call('GET', '/apps/kit-app')).status).to.equal(200)
      expect(emulator.faults.hits()).to.equal(1)
      expect(emulator.log[0].fault).to.equal('503')
    })

    it('sends custom headers and bodies, several times or forever, and filters by host', async () => {
      emulator.faults.add({headers: {'Retry-After': '1'}, status: 429, times: 2})
      emulator.faults.add({body: {id: 'boom', message: 'Boom'}, host: 'data', status: 500, times: Number.POSITIVE_INFINITY})
      const limited = await call('GET', '/account')
      expect(limited.status).to.equal(429)
      expect(limited.headers.get('retry-after')).to.equal('1')
      expect(limited.body.id).to.equal('rate_limit')
      expect((await call('GET', '/account')).status).to.equal(429)
      expect((await call('GET', '/account')).status).to.equal(200)
      for (let i = 0; i < 3; i++) expect((await call('GET', '/client/v11/databases/x')).body).to.deep.equal({id: 'boom', message: 'Boom'})
    })

    it("'before' faults leave state alone", async () => {
      emulator.faults.add({method: 'PATCH', path: '/apps/kit-app/config-vars', status: 500})
      expect((await call('PATCH', '/apps/kit-app/config-vars', {A: '1'})).status).to.equal(500)
      expect(emulator.state.configVars.get(emulator.state.findApp('kit-app')!.id)).to.deep.equal({})
    })

    it("'after' faults apply the request to state, then fail", async () => {
      emulator.faults.add({method: 'POST', path: '/apps', status: 502, when: 'after'})
      const res = await call('POST', '/apps', {name: 'ghost-app'})
      expect(res.status).to.equal(502)
      expect(emulator.state.findApp('ghost-app')).to.not.equal(undefined)
      expect((await call('POST', '/apps', {name: 'ghost-app'})).body.message).to.equal('Name is already taken')
      expect(emulator.log[0].fault).to.equal('502:after')
    })

    it('resets the socket, before or after applying the request', async () => {
      emulator.faults.add({path: '/account', reset: true})
      let error: unknown
      try {
        await call('GET', '/account')
      } catch (error_) {
        error = error_
      }

      expect(error).to.be.instanceOf(TypeError)
      expect(emulator.log[0]).to.include({fault: 'reset', status: 0})
      emulator.faults.add({method: 'PATCH', reset: true, when: 'after'})
      await call('PATCH', '/apps/kit-app/config-vars', {B: '2'}).catch(() => null)
      expect(emulator.state.configVars.get(emulator.state.findApp('kit-app')!.id)).to.deep.equal({B: '2'})
      expect((await call('GET', '/account')).status).to.equal(200)
    })

    it('random faults are reproducible for a seed', async () => {
      const run = async (seed: number): Promise<number[]> => {
        emulator.faults.clear()
        emulator.faults.random({probability: 0.3, seed, statuses: [500, 503]})
        const statuses: number[] = []
        for (let i = 0; i < 40; i++) statuses.push((await call('GET', '/account')).status)
        return statuses
      }

      const first = await run(42)
      const second = await run(42)
      const other = await run(7)
      expect(first).to.deep.equal(second)
      expect(first).to.not.deep.equal(other)
      expect(first.filter(s => s !== 200).length).to.be.within(4, 24)
      expect(new Set(first)).to.have.keys([200, 500, 503])
    })

    it('random faults can be limited to methods and can reset sockets', async () => {
      emulator.faults.random({methods: ['POST'], probability: 1, reset: true, seed: 1})
      expect((await call('GET', '/account')).status).to.equal(200)
      const outcome = await call('POST', '/apps', {name: 'reset-app'}).then(
        () => 'answered',
        () => 'reset',
      )
      expect(outcome).to.equal('reset')
      expect(emulator.state.findApp('reset-app')).to.equal(undefined)
      emulator.faults.clear()
      expect((await call('POST', '/apps', {name: 'reset-app'})).status).to.equal(201)
    })
  })

  describe('latency', () => {
    it('adds latencyMs to every response and can be changed at run time', async () => {
      emulator = await startEmulator({timings: 'instant', latencyMs: 120})
      call = client(emulator)
      const started = Date.now()
      await call('GET', '/account')
      expect(Date.now() - started).to.be.at.least(110)
      expect(emulator.log[0].durationMs).to.be.at.least(110)
      emulator.setLatency(0)
      await call('GET', '/account')
      // the emulator's own figure: a loaded machine (tests run in parallel) stretches the round trip, not the latency
      expect(emulator.log[1].durationMs).to.be.below(110)
    })
  })

  describe('rate limit', () => {
    it('spends one token per platform call, answers 429 when the pool is empty and refills over time', async () => {
      emulator = await startEmulator({timings: 'instant', rateLimit: {capacity: 3, refillPerMinute: 600}})
      call = client(emulator)
      const remaining: Array<string | null> = []
      for (let i = 0; i < 3; i++) remaining.push((await call('GET', '/account')).headers.get('ratelimit-remaining'))
      expect(remaining).to.deep.equal(['2', '1', '0'])
      const limited = await call('GET', '/account')
      expect(limited.status).to.equal(429)
      expect(limited.body).to.include({id: 'rate_limit', message: 'Your account reached the API rate limit'})
      expect(limited.headers.get('ratelimit-remaining')).to.equal('0')
      // Free: the rate-limit endpoint, the Data API, kolkrabbi, GitHub.
      expect((await call('GET', '/account/rate-limits')).status).to.equal(200)
      await new Promise(resolve => {
        setTimeout(resolve, 250)
      })
      expect((await call('GET', '/account')).status).to.equal(200)
    })

    it('keeps one pool per user', async () => {
      emulator = await startEmulator({timings: 'instant', rateLimit: {capacity: 1, refillPerMinute: 0}})
      call = client(emulator)
      emulator.state.addUser({email: 'b@example.com', tokens: ['b']})
      expect((await call('GET', '/account')).status).to.equal(200)
      expect((await call('GET', '/account')).status).to.equal(429)
      expect((await call('GET', '/account', undefined, {token: 'b'})).status).to.equal(200)
      emulator.state.pool(emulator.state.defaultUser).set(1)
      expect((await call('GET', '/account')).status).to.equal(200)
    })
  })
})
