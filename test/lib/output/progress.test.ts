import {expect} from 'chai'

import {type StatusLine, StepProgress, terminalStatusLine} from '../../../src/lib/output/progress.js'

function recorder(): StatusLine & {events: string[]} {
  const events: string[] = []
  return {events, start: t => events.push(`start ${t}`), update: s => events.push(`status ${s}`), stop: m => events.push(`stop ${m}`)}
}

describe('StepProgress', () => {
  it('shows how many steps finished and which run now: the oldest by name, a count for the rest', () => {
    const line = recorder()
    const progress = new StepProgress(5, line)
    progress.begin('Applying 5 changes')
    progress.started('a', 'create app shop-staging')
    progress.started('b', 'create app shop-prod')
    progress.started('c', 'create add-on DATABASE')
    progress.started('d', 'set 20 config vars')
    expect(progress.status()).to.equal('0/5 · create app shop-staging and 3 more')
    progress.done('a')
    progress.done('e') // skipped: finished without starting
    expect(progress.status()).to.equal('2/5 · create app shop-prod and 2 more')
    for (const id of ['b', 'c', 'd']) progress.done(id)
    expect(progress.status()).to.equal('5/5')
    progress.end('done')
    expect(line.events[0]).to.equal('start Applying 5 changes')
    expect(line.events[1]).to.equal('status 0/5')
    expect(line.events.at(-1)).to.equal('stop done')
  })

  it("needs no status line: without a terminal the steps' own lines are the progress", () => {
    const progress = new StepProgress(1)
    progress.begin('Applying')
    progress.started('a', 'x')
    progress.done('a')
    progress.end('done')
    expect(progress.status()).to.equal('1/1')
  })

  it('draws no spinner when stderr is not a terminal (as in this test run)', function () {
    if (process.stderr.isTTY && !process.env.CI) this.skip()
    expect(terminalStatusLine(text => text)).to.equal(undefined)
  })
})
