import {EventEmitter} from 'node:events'

import {expect} from 'chai'

import {interruptedRun, resumeCommand, RunJournal, type SignalTarget, watchInterrupts} from '../../../src/lib/command/interrupt.js'
import {executePlan} from '../../../src/lib/converge/executor.js'
import type {Step} from '../../../src/lib/converge/types.js'

const step = (id: string, dependsOn: string[] = []): Step<{kind: string}> => ({
  id,
  group: 'staging',
  resource: 'x',
  action: 'create',
  summary: `create ${id}`,
  dependsOn,
  operation: {kind: id},
})

describe('interrupted runs (issue 18 item 2)', () => {
  it('the journal hears from the executor which steps finished, failed, are in flight and did not start', async () => {
    const journal = new RunJournal()
    let release!: () => void
    const hang = new Promise<void>(resolve => {
      release = resolve
    })
    let snapshot: ReturnType<RunJournal['snapshot']>
    const plan = {steps: [step('a'), step('b'), step('c', ['a']), step('d', ['b']), step('e', ['c'])], errors: []}
    const run = executePlan(plan, {
      concurrency: 4,
      journal,
      async apply(s) {
        if (s.id === 'b') throw new Error('refused')
        if (s.id === 'c') {
          snapshot = journal.snapshot()
          await hang
        }
      },
    })
    await new Promise(resolve => {
      setTimeout(resolve, 10)
    })
    release()
    await run
    expect(snapshot!).to.deep.equal({
      done: ['staging: create a'],
      failed: ['staging: create b'],
      'in-flight': ['staging: create c'],
      'not-started': ['staging: create e'],
      skipped: ['staging: create d'],
    })
  })

  it('the block: finished, in flight (every one named), not started (skipped included), the command to finish', () => {
    const journal = new RunJournal()
    const steps = Array.from({length: 9}, (_, i) => step(`s${i}`))
    journal.begin(steps)
    for (const s of steps.slice(0, 8)) journal.started(s)
    for (const s of steps.slice(0, 7)) journal.finished(s, {id: s.id, status: 'done'})
    const {lines, json} = interruptedRun('SIGINT', journal, 'heroku kit:bootstrap --yes', true)
    expect(lines).to.deep.equal([
      'Interrupted by Ctrl-C (SIGINT); heroku-kit stopped and sends nothing more.',
      'Finished (7): staging: create s0; staging: create s1; staging: create s2; staging: create s3; staging: create s4; staging: create s5; and 1 more',
      'In flight, may or may not have happened (1): staging: create s7',
      'Not started (1): staging: create s8',
      'To finish the job, run: heroku kit:bootstrap --yes (it reads Heroku again and does only what is left).',
    ])
    expect(json).to.deep.include({interrupted: true, signal: 'SIGINT', exitCode: 130, resume: 'heroku kit:bootstrap --yes'})
    expect(json.steps!.finished).to.have.length(7)
    expect(json.error.code).to.equal('interrupted')
  })

  it('before any plan step: "unchanged" only for a command whose writes are all plan steps; SIGTERM exits 143', () => {
    const planOnly = interruptedRun('SIGTERM', new RunJournal(), 'heroku kit:bootstrap', true)
    expect(planOnly.json.exitCode).to.equal(143)
    expect(planOnly.lines[1]).to.equal('Nothing had been sent yet: Heroku is unchanged.')
    expect(planOnly.json.steps).to.equal(undefined)
    const other = interruptedRun('SIGTERM', new RunJournal(), 'heroku kit:deploy', false)
    expect(other.lines[1]).to.equal('What it was sending when it stopped may or may not have happened.')
  })

  it('the command to finish quotes what a shell would split or expand', () => {
    expect(resumeCommand('heroku', 'kit:config:sync', ['.env.staging', '--confirm', 'shop-prod'])).to.equal(
      'heroku kit:config:sync .env.staging --confirm shop-prod',
    )
    expect(resumeCommand('heroku', 'kit:deploy', ['--ref', "it's $HOME"])).to.equal(String.raw`heroku kit:deploy --ref 'it'\''s $HOME'`)
  })

  it("the first signal reports; a second one exits at once with the first one's code; the listeners go first and come off", () => {
    const target = new EventEmitter() as EventEmitter & SignalTarget
    const order: string[] = []
    target.on('SIGINT', () => order.push('the CLI'))
    const exits: number[] = []
    const stop = watchInterrupts({target, onSignal: signal => order.push(`report ${signal}`), exit: code => exits.push(code)})
    target.emit('SIGINT')
    expect(order).to.deep.equal(['report SIGINT', 'the CLI'])
    target.emit('SIGTERM')
    expect(exits).to.deep.equal([130])
    expect(order).to.have.length(2)
    stop()
    expect(target.listenerCount('SIGINT')).to.equal(1)
    expect(target.listenerCount('SIGTERM')).to.equal(0)
  })
})
