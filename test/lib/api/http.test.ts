import {expect} from 'chai'
import nock from 'nock'

import {HerokuApiError, HerokuNetworkError} from '../../../src/lib/api/errors.js'
import {resolveServiceUrls} from '../../../src/lib/api/hosts.js'
import {HttpClient} from '../../../src/lib/api/http.js'
import {useStrictNock} from '../../support/applier.js'

const V3 = 'application/vnd.heroku+json; version=3'

function client(sleeps: number[] = []) {
  return new HttpClient({
    urls: resolveServiceUrls({}),
    token: 'secret-token-123',
    userAgent: 'heroku-kit/test',
    retry: {maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000},
    sleep: async ms => {
      sleeps.push(ms)
    },
    random: () => 0.5,
  })
}

/** What node:http raises when the server drops the connection (an Error: a plain object from nock never reaches the request's listener). */
function connectionReset(): Error {
  return Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'})
}

describe('HttpClient', () => {
  useStrictNock()

  it('sends Accept v3, the bearer token, a fresh Request-Id and the user agent', async () => {
    const ids: string[] = []
    nock('https://api.heroku.com', {reqheaders: {accept: V3, authorization: 'Bearer secret-token-123', 'user-agent': 'heroku-kit/test'}})
      .get('/apps/a')
      .times(2)
      .reply(function () {
        ids.push(String(this.req.headers['request-id']))
        return [200, {name: 'a'}]
      })
    const http = client()
    expect((await http.get('/apps/a')).body).to.deep.equal({name: 'a'})
    await http.get('/apps/a')
    expect(ids[0]).to.match(/^[\da-f-]{36}$/)
    expect(ids[0]).to.not.equal(ids[1])
  })

  it('sends Accept variants and the Data API / kolkrabbi / GitHub headers', async () => {
    nock('https://api.heroku.com', {reqheaders: {accept: `${V3}.pipelines`}})
      .get('/pipelines')
      .reply(200, [])
    nock('https://api.data.heroku.com', {reqheaders: {accept: V3, authorization: 'Bearer secret-token-123'}})
      .get('/client/v11/databases/x')
      .reply(200, {})
    nock('https://kolkrabbi.heroku.com', {reqheaders: {authorization: 'Bearer secret-token-123'}})
      .get('/account/github/token')
      .reply(200, {github: {token: 't'}})
    nock('https://api.github.com', {reqheaders: {authorization: 'Token gh'}, badheaders: []})
      .get('/repos/o/r')
      .reply(200, {id: 1})
    const http = client()
    await http.get('/pipelines', {variant: 'pipelines'})
    await http.get('/client/v11/databases/x', {service: 'data'})
    await http.get('/account/github/token', {service: 'kolkrabbi'})
    await http.get('/repos/o/r', {service: 'github', headers: {Authorization: 'Token gh'}})
  })

  it('follows Next-Range on 206 and concatenates the pages', async () => {
    nock('https://api.heroku.com')
      .get('/apps')
      .reply(206, [{id: 1}, {id: 2}], {'Next-Range': 'id ]2..; max=2'})
    nock('https://api.heroku.com', {reqheaders: {range: 'id ]2..; max=2'}})
      .get('/apps')
      .reply(200, [{id: 3}])
    const http = client()
    expect((await http.get('/apps')).body).to.deep.equal([{id: 1}, {id: 2}, {id: 3}])
    expect(http.stats.requests).to.equal(2)
  })

  it('retries GET on 503 and 500 with exponential backoff', async () => {
    nock('https://api.heroku.com').get('/apps/a').reply(503, {id: 'unavailable', message: 'try later'})
    nock('https://api.heroku.com').get('/apps/a').reply(500, 'boom')
    nock('https://api.heroku.com').get('/apps/a').reply(200, {name: 'a'})
    const sleeps: number[] = []
    const http = client(sleeps)
    expect((await http.get('/apps/a')).body).to.deep.equal({name: 'a'})
    expect(http.stats.retries).to.equal(2)
    expect(sleeps[1]).to.be.greaterThan(sleeps[0])
  })

  it('honours Retry-After on 429', async () => {
    nock('https://api.heroku.com').get('/apps/a').reply(429, {id: 'rate_limit', message: 'slow down'}, {'Retry-After': '3'})
    nock('https://api.heroku.com').get('/apps/a').reply(200, {})
    const sleeps: number[] = []
    await client(sleeps).get('/apps/a')
    expect(sleeps).to.deep.equal([3000])
  })

  it('retries PATCH, PUT and DELETE (idempotent) after a connection reset', async () => {
    nock('https://api.heroku.com').patch('/apps/a/config-vars').replyWithError(connectionReset())
    nock('https://api.heroku.com').patch('/apps/a/config-vars', {A: '1'}).reply(200, {A: '1'})
    expect((await client().patch('/apps/a/config-vars', {body: {A: '1'}})).body).to.deep.equal({A: '1'})
  })

  it('treats 404 on a retried DELETE as done', async () => {
    nock('https://api.heroku.com').delete('/apps/a/log-drains/d').reply(503, {id: 'unavailable', message: 'x'})
    nock('https://api.heroku.com').delete('/apps/a/log-drains/d').reply(404, {id: 'not_found', message: 'gone'})
    expect((await client().delete('/apps/a/log-drains/d')).status).to.equal(204)
  })

  it('never repeats a POST after a 5xx: the error says the write is uncertain', async () => {
    nock('https://api.heroku.com').post('/apps').reply(503, {id: 'unavailable', message: 'Could not complete the action.'})
    const http = client()
    const error = await http.post('/apps', {body: {name: 'x'}}).catch(error_ => error_)
    expect(error).to.be.instanceOf(HerokuApiError)
    expect(error.uncertain).to.equal(true)
    expect(http.stats.requests).to.equal(1)
  })

  it('never repeats a POST after a connection reset', async () => {
    nock('https://api.heroku.com').post('/apps').replyWithError(connectionReset())
    const http = client()
    const error = await http.post('/apps', {body: {name: 'x'}}).catch(error_ => error_)
    expect(error).to.be.instanceOf(HerokuNetworkError)
    expect(error.uncertain).to.equal(true)
    expect(error.message).to.include('ECONNRESET')
    expect(http.stats.requests).to.equal(1)
  })

  it('repeats a POST refused by the rate limiter (429: Heroku did not act on it)', async () => {
    nock('https://api.heroku.com').post('/apps').reply(429, {id: 'rate_limit', message: 'Your account reached the API rate limit'})
    nock('https://api.heroku.com').post('/apps').reply(201, {name: 'x'})
    expect((await client().post('/apps', {body: {name: 'x'}})).status).to.equal(201)
  })

  it('retries read-only POSTs like GETs', async () => {
    nock('https://api.heroku.com').post('/filters/apps').reply(502, '')
    nock('https://api.heroku.com').post('/filters/apps').reply(200, [])
    await client().post('/filters/apps', {body: {in: {id: []}}, readOnly: true, variant: 'filters'})
  })

  it('gives up after maxRetries and reports the error id and request id', async () => {
    nock('https://api.heroku.com').get('/apps/a').times(4).reply(503, {id: 'unavailable', message: 'Could not complete the action.'}, {'Request-Id': 'req-123'})
    const error = await client()
      .get('/apps/a')
      .catch(error_ => error_)
    expect(error).to.be.instanceOf(HerokuApiError)
    expect(error.message).to.include('Error ID: unavailable').and.include('Request-Id: req-123')
  })

  for (const [status, id, advice] of [
    [401, 'unauthorized', /heroku login/],
    [403, 'forbidden', /no access/],
    [403, 'two_factor', /second factor/],
    [402, 'verification_required', /verify/],
    [422, 'verification_needed', /verify/],
    [422, 'invalid_params', undefined],
    [404, 'not_found', undefined],
  ] as const) {
    it(`maps ${status} ${id} to a clear message`, async () => {
      nock('https://api.heroku.com')
        .get('/apps/a')
        .reply(status, {id, message: `message for ${id}`})
      const error = await client()
        .get('/apps/a')
        .catch(error_ => error_)
      expect(error).to.be.instanceOf(HerokuApiError)
      expect(error.id).to.equal(id)
      expect(error.message).to.include(`message for ${id}`).and.include(`Error ID: ${id}`)
      if (advice) expect(error.suggestion).to.match(advice)
      expect(error.message + error.suggestion).to.not.include('secret-token-123')
    })
  }

  it('spaces requests out when RateLimit-Remaining runs low', async () => {
    nock('https://api.heroku.com').get('/apps/a').reply(200, {}, {'RateLimit-Remaining': '10'})
    nock('https://api.heroku.com').get('/apps/b').reply(200, {}, {'RateLimit-Remaining': '9'})
    nock('https://api.heroku.com').get('/apps/c').reply(200, {}, {'RateLimit-Remaining': '8'})
    const sleeps: number[] = []
    const http = client(sleeps)
    await http.get('/apps/a')
    await http.get('/apps/b')
    await http.get('/apps/c')
    expect(sleeps.length).to.be.greaterThan(0)
  })

  it('treats a 3xx answer as an error, never as success, and does not follow it', async () => {
    nock('https://api.heroku.com').patch('/apps/a/config-vars').reply(302, '', {Location: 'https://evil.example/steal'})
    const error = await client()
      .patch('/apps/a/config-vars', {body: {A: '1'}})
      .then(
        () => undefined,
        (error_: unknown) => error_,
      )
    expect(error).to.be.instanceOf(HerokuApiError)
    expect((error as HerokuApiError).status).to.equal(302)
    expect((error as HerokuApiError).message).to.match(/redirect to evil\.example.*not a success/)
    expect((error as HerokuApiError).uncertain).to.equal(true)
  })
})
