import {expect} from 'chai'

import {checkHealthEndpoint, type HealthOptions, type Probe} from '../../../src/lib/verify/health.js'

type Answer = {status: number; location?: string; html?: string; body?: string} | Error

/** A probe answering from a script per URL (the last answer repeats), recording every request. */
function scripted(script: Record<string, Answer[]>): Probe & {calls: string[]} {
  const calls: string[] = []
  const seen: Record<string, number> = {}
  const probe = async (url: string) => {
    calls.push(url)
    const answers = script[url]
    if (!answers) throw new Error(`unexpected ${url}`)
    const index = Math.min(seen[url] ?? 0, answers.length - 1)
    seen[url] = (seen[url] ?? 0) + 1
    const answer = answers[index]
    if (answer instanceof Error) throw answer
    const headers = new Headers()
    if (answer.location) headers.set('location', answer.location)
    headers.set('content-type', answer.html === undefined ? 'application/json' : 'text/html')
    return {status: answer.status, headers, text: answer.html ?? answer.body ?? '{"status":"ok"}', ms: 5}
  }

  return Object.assign(probe, {calls})
}

const URL = 'https://shop.herokuapp.com/health'

function options(overrides: Partial<HealthOptions> = {}): HealthOptions & {slept: number[]} {
  const slept: number[] = []
  let clock = 0
  return {
    attempts: 5, intervalMs: 1000, timeoutMs: 5000, deadlineMs: 60_000, maxRedirects: 5,
    sleep: async ms => {
      slept.push(ms)
      clock += ms
    },
    now: () => clock,
    slept,
    ...overrides,
  }
}

function networkError(code: string): Error {
  return Object.assign(new TypeError('fetch failed'), {cause: Object.assign(new Error(code), {code})})
}

describe('kit:verify health probe', () => {
  it('passes on the first 200, with the URL and the status as evidence', async () => {
    const probe = scripted({[URL]: [{status: 200}]})
    const result = await checkHealthEndpoint(probe, URL, options())
    expect(result).to.deep.include({status: 'pass', reason: 'ok', httpStatus: 200, attempts: 1})
    expect(result.evidence).to.deep.equal([`GET ${URL} → 200 in 5 ms`])
  })

  it('retries 5xx answers and passes once the app answers 200', async () => {
    const probe = scripted({[URL]: [{status: 503}, {status: 503}, {status: 200}]})
    const o = options()
    const result = await checkHealthEndpoint(probe, URL, o)
    expect(result.status).to.equal('pass')
    expect(result.attempts).to.equal(3)
    expect(o.slept).to.deep.equal([1000, 1000])
    expect(result.evidence[1]).to.include('healthy after 3 attempts')
  })

  it('fails on a 5xx that persists through every attempt', async () => {
    const probe = scripted({[URL]: [{status: 500}]})
    const result = await checkHealthEndpoint(probe, URL, options())
    expect(result).to.deep.include({status: 'fail', reason: 'server-error', httpStatus: 500, attempts: 5})
    expect(probe.calls).to.have.length(5)
  })

  it('stops at the deadline even with attempts left', async () => {
    const probe = scripted({[URL]: [{status: 502}]})
    const result = await checkHealthEndpoint(probe, URL, options({deadlineMs: 2500}))
    expect(result.status).to.equal('fail')
    expect(result.attempts).to.equal(3)
  })

  it('follows a redirect to the healthy endpoint', async () => {
    const probe = scripted({[URL]: [{status: 301, location: '/health/'}], [`${URL}/`]: [{status: 200}]})
    const result = await checkHealthEndpoint(probe, URL, options())
    expect(result.status).to.equal('pass')
    expect(result.evidence[0]).to.include('via 301')
  })

  it('fails on a redirect loop without retrying', async () => {
    const other = 'https://shop.herokuapp.com/login'
    const probe = scripted({[URL]: [{status: 302, location: other}], [other]: [{status: 302, location: URL}]})
    const result = await checkHealthEndpoint(probe, URL, options())
    expect(result).to.deep.include({status: 'fail', reason: 'redirect-loop', attempts: 1})
    expect(result.evidence[0]).to.include('redirect loop')
  })

  it('fails on a redirect to plain http', async () => {
    const probe = scripted({[URL]: [{status: 301, location: 'http://shop.example/health'}], 'http://shop.example/health': [new Error('refusing to probe http://shop.example: only https (or http on localhost)')]})
    const result = await checkHealthEndpoint(probe, URL, options())
    expect(result).to.deep.include({status: 'fail', reason: 'insecure-redirect'})
  })

  it('fails on a 200 whose body is Heroku\'s application error page', async () => {
    const html = '<html><head><title>Heroku | Application Error</title></head><body><iframe src="//www.herokucdn.com/error-pages/application-error.html"></iframe></body></html>'
    const result = await checkHealthEndpoint(scripted({[URL]: [{status: 200, html}]}), URL, options())
    expect(result).to.deep.include({status: 'fail', reason: 'error-page'})
  })

  it('passes a plain HTML 200 that is not an error page', async () => {
    const result = await checkHealthEndpoint(scripted({[URL]: [{status: 200, html: '<html><title>OK</title></html>'}]}), URL, options())
    expect(result.status).to.equal('pass')
  })

  it('fails at once on a 404 (the endpoint is missing), warns on another 2xx', async () => {
    const missing = await checkHealthEndpoint(scripted({[URL]: [{status: 404}]}), URL, options())
    expect(missing).to.deep.include({status: 'fail', reason: 'client-error', httpStatus: 404, attempts: 1})
    const noContent = await checkHealthEndpoint(scripted({[URL]: [{status: 204}]}), URL, options())
    expect(noContent).to.deep.include({status: 'warn', reason: 'not-200'})
  })

  it('fails on timeouts, says unknown when the app can\'t be reached at all', async () => {
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), {name: 'TimeoutError'})
    const slow = await checkHealthEndpoint(scripted({[URL]: [timeout]}), URL, options({attempts: 2}))
    expect(slow).to.deep.include({status: 'fail', reason: 'timeout'})
    const unreachable = await checkHealthEndpoint(scripted({[URL]: [networkError('ENOTFOUND')]}), URL, options({attempts: 2}))
    expect(unreachable).to.deep.include({status: 'unknown', reason: 'unreachable'})
    expect(unreachable.evidence[0]).to.include('ENOTFOUND')
  })
})
