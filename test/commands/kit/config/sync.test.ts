/**
 * kit:config:sync in-process on the dotenv bad-input corpus (test/fixtures/dotenv/bad): every file is refused with
 * its path and the line of the problem, exit 1, before any request. The parser's message and line for each file are
 * test/lib/dotenv/corpus.test.ts's; test/e2e/config.test.ts runs a few of these files through the real heroku CLI
 * (how the error is printed there, the exit code, no stack trace).
 */
import {readdirSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {captureOutput} from '@oclif/test'
import {expect} from 'chai'

import ConfigSync from '../../../../src/commands/kit/config/sync.js'
import {escapeRegExp} from '../../../../src/lib/regexp.js'
import {useStrictNock} from '../../../support/applier.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..')
const BAD_DIR = path.join('test', 'fixtures', 'dotenv', 'bad')

describe('kit:config:sync (command): the dotenv bad-input corpus', function () {
  this.timeout(60_000)
  useStrictNock() // any request, read or write, fails the test
  afterEach(() => {
    process.exitCode = undefined
  })

  const files = readdirSync(path.join(ROOT, BAD_DIR)).sort()
  it('has the corpus', () => {
    expect(files.length).to.be.at.least(25)
  })

  for (const file of files) {
    it(`${file}: refused with its path and line, exit 1, nothing sent`, async () => {
      const relative = path.join(BAD_DIR, file)
      const {stdout, stderr, error} = await captureOutput(() => ConfigSync.run([relative, '-a', 'shop-staging', '--dir', ROOT], ROOT))
      expect((error as {oclif?: {exit?: number}} | undefined)?.oclif?.exit, `${stderr}${error?.message}`).to.equal(1)
      expect(stderr).to.match(new RegExp(`^ › {3}Error: ${escapeRegExp(relative)}(:\\d+)?`))
      expect(stderr, 'a stack trace').to.not.match(/\n\s+at .*\(.*:\d+:\d+\)/)
      expect(stdout).to.equal('')
    })
  }
})
