import {expect} from 'chai'

import {
  backoffDelay,
  checkHealth,
  classifyAnswer,
  classifyNetworkError,
  type HealthOptions,
  healthOptions,
  healthUrl,
  type Probe,
} from '../../../src/lib/health/check.js'

type Answer = {status: number; location?: string; html?: string; body?: string; type?: string} | Error

const URL = 'https://shop-prod.herokuapp.com/health'
const HEROKU_ERROR_PAGE =
  '<!DOCTYPE html><html><head><title>Application Error</title></head><body><iframe src="//www.herokucdn.com/error-pages/application-error.html"></iframe></body></html>'

/** A probe answering from a script per URL (the last answer repeats) on a fake clock, recording every request. */
function scripted(script: Record<string, Answer[]>, clock: {now: number}, latencyMs = 5): Probe & {calls: Array<{url: string; at: number}>} {
  const calls: Array<{url: string; at: number}> = []
  const seen: Record<string, number> = {}
  const probe = async (url: string) => {
    calls.push({url, at: clock.now})
    clock.now += latencyMs
    const answers = script[url]
    if (!answers) throw new Error(`unexpected ${url}`)
    const answer = answers[Math.min(seen[url] ?? 0, answers.length - 1)]
    seen[url] = (seen[url] ?? 0) + 1
    if (answer instanceof Error) throw answer
    const headers = new Headers({'content-type': answer.type ?? (answer.html === undefined ? 'application/json' : 'text/html; charset=utf-8')})
    if (answer.location) headers.set('location', answer.location)
    return {status: answer.status, headers, text: answer.html ?? answer.body ?? '{"status":"ok"}', ms: latencyMs}
  }

  return Object.assign(probe, {calls})
}

function setup(script: Record<string, Answer[]>, overrides: Partial<HealthOptions> = {}) {
  const clock = {now: 0}
  const slept: number[] = []
  const probe = scripted(script, clock)
  const options: HealthOptions = {
    deadlineMs: 60_000,
    timeoutMs: 5000,
    intervalMs: 1000,
    backoff: 2,
    maxIntervalMs: 15_000,
    maxRedirects: 5,
    sleep: async ms => {
      slept.push(ms)
      clock.now += ms
    },
    now: () => clock.now,
    ...overrides,
  }
  return {probe, options, slept, clock}
}

function networkError(code: string): Error {
  return Object.assign(new TypeError('fetch failed'), {cause: Object.assign(new Error(`getaddrinfo ${code}`), {code})})
}

describe('health check: classification', () => {
  it('passes 2xx answers in JSON, text or plain HTML', () => {
    expect(classifyAnswer(200, 'application/json', '{"ok":true}')).to.deep.equal({reason: 'ok', retry: false})
    expect(classifyAnswer(204, '', '')).to.deep.equal({reason: 'ok', retry: false})
    expect(classifyAnswer(200, 'text/plain', 'OK')).to.deep.equal({reason: 'ok', retry: false})
    expect(classifyAnswer(200, 'text/html', '<html><title>Shop</title></html>')).to.deep.equal({reason: 'ok', retry: false})
  })

  it('fails an HTML error page even with status 200, and retries it', () => {
    expect(classifyAnswer(200, 'text/html', HEROKU_ERROR_PAGE)).to.deep.equal({reason: 'error-page', retry: true})
    expect(classifyAnswer(200, 'text/html', '<html><head><title>500 Internal Server Error</title></head></html>').reason).to.equal('error-page')
    expect(classifyAnswer(200, '', "<html><body>We're sorry, but something went wrong.</body></html>").reason).to.equal('error-page')
  })

  it('retries 5xx and the 4xx that ask to come back (408, 425, 429), not other 4xx', () => {
    expect(classifyAnswer(503, 'text/html', HEROKU_ERROR_PAGE)).to.deep.equal({reason: 'server-error', retry: true})
    expect(classifyAnswer(500, 'application/json', '{}')).to.deep.equal({reason: 'server-error', retry: true})
    for (const status of [408, 425, 429]) expect(classifyAnswer(status, '', '').retry, String(status)).to.equal(true)
    for (const status of [400, 401, 403, 404, 410]) expect(classifyAnswer(status, '', ''), String(status)).to.deep.equal({reason: 'client-error', retry: false})
    expect(classifyAnswer(101, '', '')).to.deep.equal({reason: 'unexpected-status', retry: false})
  })

  it("tells a timeout (the app is slow) from an unreachable app (not the app's fault)", () => {
    expect(classifyNetworkError(Object.assign(new Error('aborted'), {name: 'TimeoutError'})).reason).to.equal('timeout')
    expect(classifyNetworkError(networkError('ENOTFOUND'))).to.deep.equal({reason: 'unreachable', detail: 'ENOTFOUND'})
    expect(classifyNetworkError(new Error('refusing to probe http://x: only https (or http on localhost)')).reason).to.equal('insecure-redirect')
  })
})

describe('health check: retries with backoff until a deadline', () => {
  it('passes on the first 2xx', async () => {
    const {probe, options, slept} = setup({[URL]: [{status: 200}]})
    const result = await checkHealth(probe, URL, options)
    expect(result).to.deep.include({status: 'pass', reason: 'ok', httpStatus: 200, attempts: 1})
    expect(result.evidence).to.deep.equal([`GET ${URL} → 200 in 5 ms`])
    expect(slept).to.deep.equal([])

    const noContent = setup({[URL]: [{status: 204, body: ''}]})
    expect(await checkHealth(noContent.probe, URL, noContent.options)).to.deep.include({status: 'pass', reason: 'ok', httpStatus: 204, attempts: 1})
  })

  it('recovers: 503, 503, then 200 passes, waiting 1 s then 2 s', async () => {
    const {probe, options, slept} = setup({[URL]: [{status: 503, html: HEROKU_ERROR_PAGE}, {status: 503}, {status: 200}]})
    const result = await checkHealth(probe, URL, options)
    expect(result).to.deep.include({status: 'pass', attempts: 3})
    expect(slept).to.deep.equal([1000, 2000])
    expect(result.evidence[1]).to.match(/^healthy after 3 attempts over 3 s/)
  })

  it('grows the waits exponentially up to the cap, and makes its last attempt at the deadline', async () => {
    const {probe, options, slept} = setup({[URL]: [{status: 502}]}, {deadlineMs: 20_000, maxIntervalMs: 5000})
    const result = await checkHealth(probe, URL, options)
    expect(result).to.deep.include({status: 'fail', reason: 'server-error', httpStatus: 502})
    // attempts at 0, 1, 3, 7, 12, 17 (+5 ms each), then the rest of the 20 s
    expect(slept.slice(0, 5)).to.deep.equal([1000, 2000, 4000, 5000, 5000])
    expect(probe.calls.at(-1)!.at).to.be.at.least(20_000)
    expect(probe.calls.filter(c => c.at > 20_000)).to.have.length(0)
    expect(result.evidence[1]).to.match(/^7 attempts over 20(\.\d)? s; earlier answers: 502$/)
  })

  it('honours maxAttempts before the deadline', async () => {
    const {probe, options} = setup({[URL]: [{status: 500}]}, {maxAttempts: 2})
    expect((await checkHealth(probe, URL, options)).attempts).to.equal(2)
  })

  it('follows redirects to a healthy endpoint, but fails at once on a loop or a redirect off https', async () => {
    const redirected = setup({[URL]: [{status: 301, location: '/health/'}], [`${URL}/`]: [{status: 200}]})
    const ok = await checkHealth(redirected.probe, URL, redirected.options)
    expect(ok.status).to.equal('pass')
    expect(ok.evidence[0]).to.include('via 301')

    const login = 'https://shop-prod.herokuapp.com/login'
    const loop = setup({[URL]: [{status: 302, location: login}], [login]: [{status: 302, location: URL}]})
    const looped = await checkHealth(loop.probe, URL, loop.options)
    expect(looped).to.deep.include({status: 'fail', reason: 'redirect-loop', attempts: 1})
    expect(looped.evidence[0]).to.equal(`redirect loop: ${URL} → 302 ${login} → 302 ${URL}`)

    const plain = setup({
      [URL]: [{status: 301, location: 'http://shop.example/health'}],
      'http://shop.example/health': [new Error('refusing to probe http://shop.example: only https (or http on localhost)')],
    })
    expect(await checkHealth(plain.probe, URL, plain.options)).to.deep.include({status: 'fail', reason: 'insecure-redirect', attempts: 1})

    const chain = setup(Object.fromEntries(Array.from({length: 8}, (_, i) => [i === 0 ? URL : `${URL}/${i}`, [{status: 302, location: `${URL}/${i + 1}`}]])))
    expect(await checkHealth(chain.probe, URL, {...chain.options, maxRedirects: 3})).to.deep.include({status: 'fail', reason: 'too-many-redirects'})
  })

  it('fails at once on a 404 (no health endpoint), without waiting out the deadline', async () => {
    const {probe, options, slept} = setup({[URL]: [{status: 404}]})
    expect(await checkHealth(probe, URL, options)).to.deep.include({status: 'fail', reason: 'client-error', httpStatus: 404, attempts: 1})
    expect(slept).to.deep.equal([])
  })

  it('fails an error page served with 200 that never goes away', async () => {
    const {probe, options} = setup({[URL]: [{status: 200, html: HEROKU_ERROR_PAGE}]}, {deadlineMs: 5000})
    const result = await checkHealth(probe, URL, options)
    expect(result).to.deep.include({status: 'fail', reason: 'error-page', httpStatus: 200})
    expect(result.evidence[0]).to.include('an HTML error page')
  })

  it("says unknown only when no attempt reached the app; a timeout is the app's", async () => {
    const unreachable = setup({[URL]: [networkError('ENOTFOUND')]}, {deadlineMs: 3000})
    const unknown = await checkHealth(unreachable.probe, URL, unreachable.options)
    expect(unknown).to.deep.include({status: 'unknown', reason: 'unreachable'})
    expect(unknown.evidence[0]).to.include('ENOTFOUND')
    expect(unknown.evidence.at(-1)).to.include('could not be reached from here')

    const slow = setup({[URL]: [Object.assign(new Error('The operation was aborted due to timeout'), {name: 'TimeoutError'})]}, {deadlineMs: 3000})
    expect(await checkHealth(slow.probe, URL, slow.options)).to.deep.include({status: 'fail', reason: 'timeout'})

    // the app answered 503 before the network went away: that answer is the verdict
    const flaky = setup({[URL]: [{status: 503}, {status: 503}, networkError('ECONNRESET')]}, {deadlineMs: 3000})
    expect(await checkHealth(flaky.probe, URL, flaky.options)).to.deep.include({status: 'fail', reason: 'server-error', httpStatus: 503})
  })

  it("with kit:verify's settings (backoff 1, at most 5 attempts): a fixed interval, 5 attempts, one last attempt at the deadline", async () => {
    const verify = {backoff: 1, maxIntervalMs: 1000, maxAttempts: 5}
    const recovering = setup({[URL]: [{status: 503}, {status: 503}, {status: 200}]}, verify)
    const recovered = await checkHealth(recovering.probe, URL, recovering.options)
    expect(recovered).to.deep.include({status: 'pass', attempts: 3})
    expect(recovering.slept).to.deep.equal([1000, 1000])
    expect(recovered.evidence[1]).to.match(/^healthy after 3 attempts/)

    const failing = setup({[URL]: [{status: 500}]}, verify)
    const failed = await checkHealth(failing.probe, URL, failing.options)
    expect(failed).to.deep.include({status: 'fail', reason: 'server-error', httpStatus: 500, attempts: 5})
    expect(failing.probe.calls).to.have.length(5)
    expect(failing.slept).to.deep.equal([1000, 1000, 1000, 1000])
    expect(failed.evidence[1]).to.match(/^5 attempts over 4 s; earlier answers: 500$/)

    // attempts at 0, 1005, 2010, then the rest of the 2.5 s: the deadline stops it with attempts left
    const short = setup({[URL]: [{status: 502}]}, {...verify, deadlineMs: 2500})
    expect(await checkHealth(short.probe, URL, short.options)).to.deep.include({status: 'fail', attempts: 4})
    expect(short.slept).to.deep.equal([1000, 1000, 485])
    expect(short.probe.calls.at(-1)!.at).to.equal(2500)
  })

  it('backoffDelay, healthUrl and options from the environment', () => {
    expect([1, 2, 3, 4, 5, 6].map(n => backoffDelay(n, {intervalMs: 1000, backoff: 2, maxIntervalMs: 15_000}))).to.deep.equal([
      1000, 2000, 4000, 8000, 15_000, 15_000,
    ])
    expect(healthUrl('https://shop-prod.herokuapp.com/', '/health')).to.equal('https://shop-prod.herokuapp.com/health')
    expect(healthUrl('http://127.0.0.1:9/__apps/shop-prod/', '/up/ready')).to.equal('http://127.0.0.1:9/__apps/shop-prod/up/ready')
    expect(healthOptions(30, {})).to.deep.include({deadlineMs: 30_000, intervalMs: 1000, backoff: 2})
    expect(healthOptions(1, {HEROKU_KIT_POLL_INTERVAL_MS: '10'})).to.deep.include({deadlineMs: 1000, intervalMs: 10})
    expect(healthOptions(1, {HEROKU_KIT_POLL_INTERVAL_MS: 'soon'}).intervalMs).to.equal(1000)
    // a command's own defaults (kit:verify's), still shortened by the environment
    const verify = {intervalMs: 2000, backoff: 1, maxIntervalMs: 2000, maxAttempts: 5}
    expect(healthOptions(60, {}, verify)).to.deep.include({
      deadlineMs: 60_000,
      timeoutMs: 10_000,
      intervalMs: 2000,
      backoff: 1,
      maxIntervalMs: 2000,
      maxAttempts: 5,
    })
    expect(healthOptions(60, {HEROKU_KIT_POLL_INTERVAL_MS: '10'}, verify)).to.deep.include({intervalMs: 10, backoff: 1, maxIntervalMs: 2000, maxAttempts: 5})
  })
})
