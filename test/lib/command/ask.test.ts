import {expect} from 'chai'
import {PassThrough} from 'node:stream'

import {askYesNo} from '../../../src/lib/command/ask.js'
import {KitError} from '../../../src/lib/errors.js'

/** A fake terminal: what the user types goes to `input`, what the prompt prints is collected from `output`. */
function terminal(): {input: PassThrough; output: PassThrough; printed: () => string} {
  const input = new PassThrough()
  const output = new PassThrough()
  let text = ''
  output.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8')
  })
  return {input, output, printed: () => text}
}

describe('askYesNo', () => {
  it('is yes when the user types y and Enter, and prints the question', async () => {
    const term = terminal()
    const answer = askYesNo('Apply 3 change(s)?', {input: term.input, output: term.output})
    setTimeout(() => term.input.write('y\n'), 20)
    expect(await answer).to.equal(true)
    expect(term.printed()).to.contain('Apply 3 change(s)?')
  })

  it('is no when the user types n, and no (the default) on a bare Enter', async () => {
    const no = terminal()
    const typedNo = askYesNo('Continue?', {input: no.input, output: no.output})
    setTimeout(() => no.input.write('n\n'), 20)
    expect(await typedNo).to.equal(false)

    const enter = terminal()
    const bareEnter = askYesNo('Continue?', {input: enter.input, output: enter.output})
    setTimeout(() => enter.input.write('\n'), 20)
    expect(await bareEnter).to.equal(false)
  })

  it('is no when nobody answers before the timeout, instead of waiting for ever', async () => {
    const term = terminal()
    expect(await askYesNo('Continue?', {input: term.input, output: term.output, timeoutMs: 50})).to.equal(false)
  })

  it('Ctrl-C at the question is a cancel with exit code 130 that says nothing was sent, not a stack trace', async () => {
    const term = terminal()
    const answer = askYesNo('Continue?', {input: term.input, output: term.output})
    setTimeout(() => term.input.write('\u0003'), 20)
    const error = await answer.then(
      () => undefined,
      (error_: unknown) => error_ as KitError,
    )
    expect(error).to.be.instanceOf(KitError)
    expect(error).to.include({code: 'cancelled', exitCode: 130, message: 'Cancelled by Ctrl-C at the question; nothing was sent.'})
  })
})
