import {expect} from 'chai'

import type {Build, HerokuApi} from '../../../src/lib/api/heroku-api.js'
import type {HttpClient} from '../../../src/lib/api/http.js'
import {followBuild} from '../../../src/lib/deploy/build.js'
import {DEFAULT_POLL_SCHEDULE} from '../../../src/lib/converge/poll.js'

const encode = (text: string) => new TextEncoder().encode(text)

function build(status: Build['status']): Build {
  return {id: 'b1', status, output_stream_url: 'https://build-output.heroku.com/streams/b1', source_blob: {url: 'u', version: 'v'}}
}

/** A stream that answers from a script, one answer per GET; the Range headers it was asked with are recorded. */
function fakeHttp(answers: Array<{status: number; chunks?: string[]; drop?: boolean}>, ranges: Array<string | undefined>): HttpClient {
  return {
    async stream(_url: string, options: {headers?: Record<string, string>; onChunk: (chunk: Uint8Array, status: number) => void}) {
      ranges.push(options.headers?.Range)
      const answer = answers.shift() ?? {status: 404}
      for (const chunk of answer.chunks ?? []) options.onChunk(encode(chunk), answer.status)
      if (answer.drop) throw Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'})
      return {status: answer.status}
    },
  } as unknown as HttpClient
}

function fakeHeroku(statuses: Array<Build['status']>): HerokuApi {
  return {getBuild: async () => build(statuses.length > 1 ? statuses.shift()! : statuses[0])} as unknown as HerokuApi
}

describe('deploy/build followBuild', () => {
  let clock = 0
  const options = (lines: string[]) => ({
    deadline: 60_000,
    poll: DEFAULT_POLL_SCHEDULE,
    now: () => clock,
    sleep: async (ms: number) => {
      clock += ms
    },
    onOutput: (line: string) => lines.push(line),
  })
  beforeEach(() => {
    clock = 0
  })

  it('hands on lines across chunk boundaries, then reports the settled build', async () => {
    const lines: string[] = []
    const ranges: Array<string | undefined> = []
    const http = fakeHttp([{status: 200, chunks: ['-----> Buil', 'ding\r\n       ok\n-----> Launching']}], ranges)
    const result = await followBuild(fakeHeroku(['succeeded']), http, 'app', build('pending'), options(lines))
    expect(result.status).to.equal('succeeded')
    expect(lines).to.deep.equal(['-----> Building', '       ok', '-----> Launching'])
    expect(result.output).to.deep.equal(lines)
  })

  it('waits for a stream that is not there yet (404), and resumes a dropped one with Range, never repeating a line', async () => {
    const lines: string[] = []
    const ranges: Array<string | undefined> = []
    const http = fakeHttp(
      [
        {status: 404},
        {status: 200, chunks: ['one\ntw'], drop: true},
        // a server that ignores Range sends everything again: what was seen is skipped
        {status: 200, chunks: ['one\ntwo\nthree\n']},
      ],
      ranges,
    )
    const result = await followBuild(fakeHeroku(['pending', 'pending', 'failed']), http, 'app', build('pending'), options(lines))
    expect(result.status).to.equal('failed')
    expect(lines).to.deep.equal(['one', 'two', 'three'])
    expect(ranges).to.deep.equal([undefined, undefined, 'bytes=6-'])
  })

  it('gives up at the deadline with the build still pending', async () => {
    const lines: string[] = []
    const result = await followBuild(fakeHeroku(['pending']), fakeHttp([], []), 'app', build('pending'), {...options(lines), deadline: 5000})
    expect(result.status).to.equal('timeout')
    expect(clock).to.equal(5000)
  })
})
