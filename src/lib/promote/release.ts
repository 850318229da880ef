/**
 * Waiting for releases: the promotion target until it has a release, then the release until its release phase is
 * over (status no longer `pending`), streaming the release-phase output as it comes. Bounded by a deadline.
 */
import type {HerokuApi, PromotionTarget, Release} from '../api/heroku-api.js'
import type {Probe} from '../health/check.js'
import {type PollSchedule, poller} from '../converge/poll.js'

export interface WaitOptions {
  /** when the wait gives up (an absolute time from `now`) */
  deadline: number
  /** when to look again (converge/poll.ts: first after about 1 s, backing off to 5 s) */
  poll: PollSchedule
  sleep: (ms: number) => Promise<void>
  /** RateLimit-Remaining as last seen: polls back off when it runs low */
  rateLimitRemaining?: () => number | undefined
  random?: () => number
  now: () => number
  /** GETs the pre-signed output stream (HttpClient.probe) */
  probe: Probe
  /** each new line of release-phase output */
  onOutput?: (line: string) => void
}

export type SettledRelease = Release & {status?: string; output_stream_url?: string | null}

export interface ReleaseWait {
  status: 'failed' | 'succeeded' | 'timeout'
  release: SettledRelease
  /** the release-phase output seen, line by line */
  output: string[]
}

/** Reads a release-output stream and hands on the lines not seen before. 404: the stream has not started yet. */
class OutputStream {
  readonly lines: string[] = []

  constructor(
    private readonly url: string,
    private readonly options: WaitOptions,
  ) {}

  async pull(final: boolean): Promise<void> {
    const remaining = this.options.deadline - this.options.now()
    let text: string
    try {
      // a live stream answers when the release phase ends (or the timeout does); the emulator answers at once
      const answer = await this.options.probe(this.url, {timeoutMs: Math.max(1000, Math.min(remaining, 600_000))})
      if (answer.status < 200 || answer.status >= 300) return
      text = answer.text
    } catch {
      return
    }

    const lines = text.split(/\r?\n/)
    // a line without its newline may still grow, unless the release is over
    if (!final && !text.endsWith('\n')) lines.pop()
    else if (lines.at(-1) === '') lines.pop()
    for (const line of lines.slice(this.lines.length)) {
      this.lines.push(line)
      this.options.onOutput?.(line)
    }
  }
}

/** Polls a release until it is no longer pending, or the deadline. */
function pollerFor(options: WaitOptions) {
  return poller({schedule: options.poll, sleep: options.sleep, now: options.now, random: options.random, rateLimitRemaining: options.rateLimitRemaining})
}

export async function waitForRelease(heroku: HerokuApi, app: string, releaseId: string, options: WaitOptions): Promise<ReleaseWait> {
  let stream: OutputStream | undefined
  const poll = pollerFor(options)
  for (let n = 0; ; n++) {
    // eslint-disable-next-line no-await-in-loop -- polling is sequential by nature
    const release = (await heroku.getRelease(app, releaseId)) as SettledRelease
    if (release.output_stream_url) stream ??= new OutputStream(release.output_stream_url, options)
    const settled = release.status !== 'pending'
    // eslint-disable-next-line no-await-in-loop -- polling is sequential by nature
    if (stream) await stream.pull(settled)
    if (settled) return {status: release.status === 'succeeded' ? 'succeeded' : 'failed', release, output: stream?.lines ?? []}
    if (options.now() >= options.deadline) return {status: 'timeout', release, output: stream?.lines ?? []}
    // eslint-disable-next-line no-await-in-loop -- polling is sequential by nature
    await poll.wait(n, options.deadline)
  }
}

export interface TargetWait {
  /** 'no-release': the target failed before a release was made */
  status: 'no-release' | 'release' | 'timeout'
  target?: PromotionTarget
}

/** Polls the promotion's target for production until it names its release (or fails without one). */
export async function waitForPromotionTarget(heroku: HerokuApi, promotionId: string, appId: string, options: WaitOptions): Promise<TargetWait> {
  const poll = pollerFor(options)
  for (let n = 0; ; n++) {
    // eslint-disable-next-line no-await-in-loop -- polling is sequential by nature
    const targets = await heroku.listPromotionTargets(promotionId)
    const target = targets.find(t => t.app?.id === appId) ?? (targets.length === 1 ? targets[0] : undefined)
    if (target?.release?.id) return {status: 'release', target}
    if (target?.status === 'failed' || target?.status === 'succeeded') return {status: 'no-release', target}
    if (options.now() >= options.deadline) return {status: 'timeout', target}
    // eslint-disable-next-line no-await-in-loop -- polling is sequential by nature
    await poll.wait(n, options.deadline)
  }
}
