/**
 * Following a build: its output stream (`output_stream_url`, pre-signed, no credentials) read as it comes and handed
 * on line by line, and the build polled until it is no longer pending, bounded by a deadline.
 *
 * The stream answers 404 until the build starts, and a connection may drop: the schema says a `text/plain` stream
 * resumes with a `Range` header, so a re-read asks for the bytes not seen yet (and skips them itself if the server
 * sends the whole stream again).
 */
import type {Build, HerokuApi} from '../api/heroku-api.js'
import type {HttpClient} from '../api/http.js'
import {type PollSchedule, poller} from '../converge/poll.js'

export interface BuildWaitOptions {
  deadline: number
  /** when to look again (converge/poll.ts) */
  poll: PollSchedule
  rateLimitRemaining?: () => number | undefined
  sleep: (ms: number) => Promise<void>
  now: () => number
  onOutput: (line: string) => void
}

export interface BuildWait {
  status: 'failed' | 'succeeded' | 'timeout'
  build: Build
  /** every line of build output seen */
  output: string[]
}

/** Bytes of a stream → lines, across chunk boundaries. */
class LineSplitter {
  readonly lines: string[] = []
  bytes = 0
  complete = false
  private readonly decoder = new TextDecoder()
  private partial = ''

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Uint8Array): void {
    this.bytes += chunk.byteLength
    this.take(this.decoder.decode(chunk, {stream: true}))
  }

  /** the end of the stream: a last line without its newline counts */
  end(): void {
    this.take(this.decoder.decode())
    if (this.partial !== '') this.emit(this.partial)
    this.partial = ''
    this.complete = true
  }

  private take(text: string): void {
    const parts = (this.partial + text).split('\n')
    this.partial = parts.pop() ?? ''
    for (const part of parts) this.emit(part.replace(/\r$/, ''))
  }

  private emit(line: string): void {
    this.lines.push(line)
    this.onLine(line)
  }
}

/** Reads the stream once (from where the last read stopped). Returns false when it is not there (yet). */
async function readStream(http: HttpClient, url: string, splitter: LineSplitter, options: BuildWaitOptions): Promise<boolean> {
  const skip = splitter.bytes
  let seen = 0
  try {
    const answer = await http.stream(url, {
      timeoutMs: Math.max(1000, options.deadline - options.now()),
      headers: skip > 0 ? {Range: `bytes=${skip}-`} : undefined,
      onChunk(chunk, status) {
        // a 206 starts where we asked; a 200 sends everything again: skip what was handed on before
        if (status === 200 && seen < skip) {
          const drop = Math.min(skip - seen, chunk.byteLength)
          seen += drop
          if (drop === chunk.byteLength) return
          chunk = chunk.subarray(drop)
        }

        splitter.push(chunk)
      },
    })
    if (answer.status === 416) return true // nothing after what we have: the stream is over
    if (answer.status < 200 || answer.status >= 300) return false
    splitter.end()
    return true
  } catch {
    return false // dropped or timed out: read again (with Range) on the next round
  }
}

/** Follows the build until it is no longer pending (streaming its output), or the deadline. */
export async function followBuild(heroku: HerokuApi, http: HttpClient, app: string, build: Build, options: BuildWaitOptions): Promise<BuildWait> {
  const splitter = new LineSplitter(options.onOutput)
  let current = build
  const polls = poller({schedule: options.poll, sleep: options.sleep, now: options.now, rateLimitRemaining: options.rateLimitRemaining})
  for (let n = 0; ; n++) {
    const url = current.output_stream_url
    if (url && !splitter.complete) {
      // eslint-disable-next-line no-await-in-loop -- the stream blocks until the build is over, then we poll
      await readStream(http, url, splitter, options)
    }

    // eslint-disable-next-line no-await-in-loop -- retries and polls are sequential by nature
    current = await heroku.getBuild(app, build.id)
    if (current.status !== 'pending') {
      if (current.output_stream_url && !splitter.complete) {
        // the build ended while the stream was not readable: one last read for its last lines
        // eslint-disable-next-line no-await-in-loop -- retries and polls are sequential by nature
        await readStream(http, current.output_stream_url, splitter, options)
      }

      return {status: current.status, build: current, output: splitter.lines}
    }

    if (options.now() >= options.deadline) return {status: 'timeout', build: current, output: splitter.lines}
    // eslint-disable-next-line no-await-in-loop -- retries and polls are sequential by nature
    await polls.wait(n, options.deadline)
  }
}
