import {createRequire} from 'node:module'
import path from 'node:path'

import {expect} from 'chai'

import {ROOT} from './support/heroku-cli.js'

const require = createRequire(import.meta.url)
/** How mocha expands a spec pattern into files (what `mocha 'test/**\/*.test.ts'` runs). */
const lookupFiles = require('mocha/lib/cli/lookup-files.js') as (pattern: string, extensions: string[], recursive: boolean) => string[]
/** The mocha configuration of `npm test`. */
const suite = require(path.join(ROOT, '.mocharc.suite.cjs')) as {spec: string[]; parallel?: boolean}

/** The patterns every test file matches: test/ and the workspace packages' test/. */
const PATTERNS = ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts']

describe('npm test: the list of test files (.mocharc.suite.cjs)', () => {
  it('holds every test file exactly once (mocha would run a file listed twice twice)', () => {
    const listed = suite.spec
    expect(
      listed.filter((file, index) => listed.indexOf(file) !== index),
      'listed twice',
    ).to.deep.equal([])
    const found = PATTERNS.flatMap(pattern => lookupFiles(path.join(ROOT, pattern), ['ts'], true)).map(file =>
      path.relative(ROOT, file).split(path.sep).join('/'),
    )
    expect(found.length).to.be.greaterThan(100)
    expect(
      listed.filter(file => !found.includes(file)),
      'listed but not a test file',
    ).to.deep.equal([])
    expect(
      found.filter(file => !listed.includes(file)),
      'test files left out',
    ).to.deep.equal([])
  })
})
