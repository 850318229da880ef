import {expect} from 'chai'
import type {Emulator} from 'heroku-emulator'

import type {RunResult} from './heroku-cli.js'

/** A further `kit:bootstrap --yes` (run by `bootstrap`) of a converged pipeline: exit 0, "Nothing to do", no write request. */
export async function expectRerunWritesNothing(emulator: Emulator, bootstrap: () => Promise<RunResult>): Promise<void> {
  emulator.clearLog()
  const result = await bootstrap()
  expect(result.code, result.output).to.equal(0)
  expect(result.stdout).to.include('Nothing to do')
  expect(emulator.writes()).to.deep.equal([])
}
