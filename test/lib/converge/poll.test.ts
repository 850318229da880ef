import {expect} from 'chai'

import {DEFAULT_POLL_SCHEDULE, pollDelay, poller, pollScheduleFromEnv} from '../../../src/lib/converge/poll.js'

describe('poll schedule', () => {
  const middle = () => 0.5 // no jitter

  it('polls first after about 1 s, again half a second later, then backs off by 1.5 up to 5 s', () => {
    const delays = Array.from({length: 9}, (_, n) => pollDelay(n, DEFAULT_POLL_SCHEDULE, {random: middle}))
    expect(delays).to.deep.equal([1000, 500, 750, 1125, 1688, 2531, 3797, 5000, 5000])
  })

  it('jitters by ±10 %', () => {
    expect(pollDelay(0, DEFAULT_POLL_SCHEDULE, {random: () => 0})).to.equal(900)
    expect(pollDelay(0, DEFAULT_POLL_SCHEDULE, {random: () => 1})).to.equal(1100)
    expect(pollDelay(9, DEFAULT_POLL_SCHEDULE, {random: () => 1})).to.equal(5500)
  })

  it('goes straight to the ceiling when RateLimit-Remaining is low, not when it is plentiful', () => {
    expect(pollDelay(0, DEFAULT_POLL_SCHEDULE, {random: middle, rateLimitRemaining: 120})).to.equal(5000)
    expect(pollDelay(0, DEFAULT_POLL_SCHEDULE, {random: middle, rateLimitRemaining: 4000})).to.equal(1000)
  })

  it('takes a shorter first delay from HEROKU_KIT_POLL_INTERVAL_MS, with the ceiling scaled alike', () => {
    expect(pollScheduleFromEnv({HEROKU_KIT_POLL_INTERVAL_MS: '10'})).to.deep.include({firstMs: 10, secondMs: 5, maxMs: 50})
    expect(pollScheduleFromEnv({HEROKU_KIT_POLL_INTERVAL_MS: 'soon'})).to.equal(DEFAULT_POLL_SCHEDULE)
    expect(pollScheduleFromEnv({})).to.equal(DEFAULT_POLL_SCHEDULE)
  })

  it('never sleeps past the deadline, and reads the budget at each wait', async () => {
    const slept: number[] = []
    let budget = 4000
    const poll = poller({
      schedule: DEFAULT_POLL_SCHEDULE,
      random: middle,
      now: () => 0,
      rateLimitRemaining: () => budget,
      async sleep(ms) {
        slept.push(ms)
      },
    })
    await poll.wait(0)
    budget = 10
    await poll.wait(1)
    await poll.wait(5, 700)
    expect(slept).to.deep.equal([1000, 5000, 700])
  })
})
