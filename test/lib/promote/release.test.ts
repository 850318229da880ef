import {expect} from 'chai'

import type {HerokuApi, PromotionTarget} from '../../../src/lib/api/heroku-api.js'
import {DEFAULT_POLL_SCHEDULE} from '../../../src/lib/converge/poll.js'
import {waitForPromotionTarget, waitForRelease, type WaitOptions} from '../../../src/lib/promote/release.js'

const STREAM = 'https://release-output.heroku.com/streams/abc'

/** Heroku answering from scripts (the last answer repeats), on a fake clock. */
function fake(script: {releases?: Array<Record<string, unknown>>; targets?: PromotionTarget[][]; stream?: Array<{status: number; text: string} | Error>}) {
  const clock = {now: 0}
  const calls = {release: 0, targets: 0, stream: 0}
  const pick = <T>(list: T[], n: number): T => list[Math.min(n, list.length - 1)]
  const heroku = {
    getRelease: async () => pick(script.releases!, calls.release++),
    listPromotionTargets: async () => pick(script.targets!, calls.targets++),
  } as unknown as HerokuApi
  const lines: string[] = []
  const options: WaitOptions = {
    deadline: 10_000,
    poll: {...DEFAULT_POLL_SCHEDULE, jitter: 0},
    now: () => clock.now,
    sleep: async ms => {
      clock.now += ms
    },
    probe: async () => {
      const answer = pick(script.stream ?? [{status: 404, text: ''}], calls.stream++)
      if (answer instanceof Error) throw answer
      return {status: answer.status, headers: new Headers(), text: answer.text, ms: 1}
    },
    onOutput: line => lines.push(line),
  }
  return {heroku, options, lines, calls, clock}
}

const release = (status: string, stream: string | null = STREAM) => ({id: 'rel', version: 8, status, output_stream_url: stream})

describe('waiting for a release', () => {
  it('polls until the release phase is over, streaming each output line once (404 until the stream starts)', async () => {
    const {heroku, options, lines} = fake({
      releases: [release('pending'), release('pending'), release('pending'), release('succeeded')],
      stream: [
        {status: 404, text: ''},
        {status: 200, text: 'Running release command...\nMigrating 1/2'},
        {status: 200, text: 'Running release command...\nMigrating 1/2\nMigrating 2/2\n'},
        {status: 200, text: 'Running release command...\nMigrating 1/2\nMigrating 2/2\nDone\n'},
      ],
    })
    const wait = await waitForRelease(heroku, 'shop-prod', 'rel', options)
    expect(wait.status).to.equal('succeeded')
    expect(lines).to.deep.equal(['Running release command...', 'Migrating 1/2', 'Migrating 2/2', 'Done'])
    expect(wait.output).to.deep.equal(lines)
  })

  it('reports a failed release phase', async () => {
    const {heroku, options} = fake({releases: [release('pending'), release('failed')], stream: [{status: 200, text: 'Release command failed\n'}]})
    expect((await waitForRelease(heroku, 'shop-prod', 'rel', options)).status).to.equal('failed')
  })

  it('gives up at the deadline while the release is pending, and survives a stream that errors', async () => {
    const {heroku, options, clock} = fake({releases: [release('pending')], stream: [new Error('socket hang up')]})
    const wait = await waitForRelease(heroku, 'shop-prod', 'rel', options)
    expect(wait.status).to.equal('timeout')
    expect(clock.now).to.equal(10_000)
  })

  it('needs no stream for a release without a release phase', async () => {
    const {heroku, options, calls} = fake({releases: [release('succeeded', null)]})
    expect((await waitForRelease(heroku, 'shop-prod', 'rel', options)).status).to.equal('succeeded')
    expect(calls.stream).to.equal(0)
  })
})

describe('waiting for the promotion target', () => {
  const target = (fields: Partial<PromotionTarget>): PromotionTarget => ({id: 't', status: 'pending', app: {id: 'prod-id'}, release: null, ...fields})

  it('waits until the target names its release', async () => {
    const {heroku, options} = fake({targets: [[target({})], [target({release: {id: 'rel'}})]]})
    const wait = await waitForPromotionTarget(heroku, 'promo', 'prod-id', options)
    expect(wait).to.deep.include({status: 'release'})
    expect(wait.target!.release).to.deep.equal({id: 'rel'})
  })

  it("reports a target that failed without a release, with Heroku's message", async () => {
    const {heroku, options} = fake({targets: [[target({status: 'failed', error_message: 'Slug is for another stack'})]]})
    const wait = await waitForPromotionTarget(heroku, 'promo', 'prod-id', options)
    expect(wait.status).to.equal('no-release')
    expect(wait.target!.error_message).to.equal('Slug is for another stack')
  })

  it('gives up at the deadline', async () => {
    const {heroku, options} = fake({targets: [[target({})]]})
    expect((await waitForPromotionTarget(heroku, 'promo', 'prod-id', options)).status).to.equal('timeout')
  })
})
