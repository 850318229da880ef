import {mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'
import {parse as dotenvParse} from 'dotenv'
import fc from 'fast-check'

import {parseDotenv} from '../../../src/lib/dotenv/parse.js'
import {readDotenvFile} from '../../../src/lib/dotenv/read.js'
import {mergeDotenv, quoteDotenvValue, serializeDotenv} from '../../../src/lib/dotenv/serialize.js'
import {FileIssuesError, KitError} from '../../../src/lib/errors.js'

const FIXTURES = path.resolve('test', 'fixtures', 'dotenv')
const vars = (text: string) => Object.fromEntries(parseDotenv(text, 'x.env').map(e => [e.key, e.value]))

describe('parseDotenv', () => {
  const grammar: Array<[string, string, Record<string, string>]> = [
    ['plain', 'A=1\nB=two words', {A: '1', B: 'two words'}],
    ['export prefix', 'export A=1\nexport\tB=2', {A: '1', B: '2'}],
    ['spaces around =', 'A = 1\n  B=  2  ', {A: '1', B: '2'}],
    ['comments', '# c\n\nA=1 # inline\nB=x#y', {A: '1', B: 'x#y'}],
    ['empty values', 'A=\nB= # only a comment\nC=""', {A: '', B: '', C: ''}],
    ['single quotes are literal', "A='$HOME \\n # x'", {A: '$HOME \\n # x'}],
    ['double quotes interpret escapes', 'A="a\\nb\\t\\"c\\" \\\\ \\q"', {A: 'a\nb\t"c" \\ \\q'}],
    ['backticks are literal', "A=`it's \"x\"`", {A: 'it\'s "x"'}],
    ['multi-line double quotes', 'A="one\ntwo"\nB=3', {A: 'one\ntwo', B: '3'}],
    ['multi-line single quotes', "A='one\ntwo'", {A: 'one\ntwo'}],
    ['CRLF and BOM', '\uFEFFA=1\r\nB="x\r\ny"\r\n', {A: '1', B: 'x\ny'}],
    ['no expansion', 'A=$B\nB=${C}', {A: '$B', B: '${C}'}],
    ['= in values', 'URL=postgres://u:p@h/db?x=1&y=2', {URL: 'postgres://u:p@h/db?x=1&y=2'}],
  ]
  for (const [name, text, expected] of grammar) {
    it(name, () => expect(vars(text)).to.deep.equal(expected))
  }

  it('agrees with the npm dotenv package on the valid forms both define', () => {
    for (const text of ['A=1\nB=two words', 'export A=1', 'A=1 # inline', "A='$HOME # x'", 'A="one\ntwo"', "A='one\ntwo'", 'A=\nB=""', 'URL=postgres://u:p@h/db?x=1']) {
      expect(vars(text), text).to.deep.equal(dotenvParse(text))
    }
  })

  it('reports every problem with its line, never a value', () => {
    const error = (() => {
      try {
        parseDotenv('GOOD=1\nno equals here\nSECRET_TOKEN="hunter2-value\n', 'bad.env')
      } catch (error_) {
        return error_
      }
    })() as FileIssuesError
    expect(error).to.be.instanceOf(FileIssuesError)
    expect(error.issues.map(i => i.line)).to.deep.equal([2, 3])
    expect(error.message).to.include('bad.env:2: not a KEY=value line').and.include('bad.env:3: unterminated double quote')
    expect(error.message).to.not.include('hunter2')
  })

  it('parses the good fixtures', async () => {
    const all = await readDotenvFile(path.join(FIXTURES, 'good', 'all-forms.env'))
    expect(all.vars).to.deep.include({EXPORTED: 'yes', SPACED: 'around equals', EMPTY: '', EMPTY_COMMENT: '', INLINE: 'value', HASH: 'abc#def', BACKTICK: 'it\'s "both"', MULTI_SINGLE: 'a\nb'})
    expect(all.vars.DOUBLE).to.equal('tab\there "quoted" back\\slash')
    expect(all.vars.PEM.split('\n')).to.have.length(3)
    expect((await readDotenvFile(path.join(FIXTURES, 'good', 'bom-crlf.env'))).vars).to.deep.equal({A: '1', B: 'two\nlines'})
  })
})

describe('bad-input corpus (test/fixtures/dotenv/bad)', () => {
  it('has at least 25 files, each refused with FILE:LINE (or a file-level reason) and no value in the message', async () => {
    const files = await readdir(path.join(FIXTURES, 'bad'))
    expect(files.length).to.be.at.least(25)
    for (const file of files) {
      // eslint-disable-next-line no-await-in-loop
      const error = await readDotenvFile(path.join(FIXTURES, 'bad', file), file).then(() => undefined, error_ => error_)
      expect(error, file).to.be.instanceOf(KitError)
      expect(error.message, file).to.match(new RegExp(`^${file.replaceAll('.', '\\.')}(:\\d+: | )`))
      for (const secret of ['hunter2', 'postgres://x']) expect(error.message, file).to.not.include(secret)
    }
  })

  it('names the line of each problem', async () => {
    const expected: Record<string, [number, RegExp]> = {
      'no-equals.env': [2, /no "="/],
      'empty-key.env': [1, /empty key/],
      'digit-leading-key.env': [1, /cannot start with a digit/],
      'key-with-dash.env': [1, /"-" is not allowed/],
      'key-with-dot.env': [1, /"\." is not allowed/],
      'unterminated-double-quote.env': [2, /unterminated double quote/],
      'garbage-after-quote.env': [1, /after the closing/],
      'duplicate-key.env': [3, /duplicate key API_KEY \(first set on line 1\)/],
      'duplicate-key-export.env': [2, /duplicate key API_KEY/],
      'nul-byte.env': [2, /NUL/],
      'lone-cr.env': [1, /carriage return/],
      'export-alone.env': [1, /export/],
    }
    for (const [file, [line, message]] of Object.entries(expected)) {
      // eslint-disable-next-line no-await-in-loop
      const error = await readDotenvFile(path.join(FIXTURES, 'bad', file), file).then(() => undefined, error_ => error_)
      expect(error, file).to.be.instanceOf(FileIssuesError)
      expect((error as FileIssuesError).issues[0].line, file).to.equal(line)
      expect(error.message, file).to.match(message)
    }
  })

  it('refuses a missing file, a directory, a binary file and a huge file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dotenv-'))
    const huge = path.join(dir, 'huge.env')
    await writeFile(huge, 'A=' + 'x'.repeat(1024 * 1024 + 10) + '\n')
    expect(await readDotenvFile(path.join(dir, 'nope.env'), 'nope.env').catch(error => error.message)).to.include('nope.env not found')
    expect(await readDotenvFile(dir, 'dir').catch(error => error.message)).to.include('is a directory')
    expect(await readDotenvFile(huge, 'huge.env').catch(error => error.message)).to.include('over 1 MiB')
    expect(await readDotenvFile(path.join(FIXTURES, 'bad', 'binary-invalid-utf8.env'), 'b.env').catch(error => error.message)).to.include('binary')
  })
})

const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/)
const hostile = fc.oneof(
  fc.string({unit: 'binary', maxLength: 40}).map(s => s.replaceAll('\0', '')),
  fc.constantFrom('', ' ', "'", '"', '`', '#', ' # x', '$HOME', '=', '\\', '\\n', '\n', '\r', '\r\n', 'a\nb', "it's \"x\"", 'grüße ✓ 🚀', '  lead', 'trail  ', '"\'`', '\\"', "'\\'"),
  fc.array(fc.constantFrom('a', ' ', "'", '"', '`', '#', '$', '=', '\\', '\n', '\r', 'é', '🚀', 'n'), {maxLength: 20}).map(parts => parts.join('')),
)

describe('serialize / merge round trip (property)', () => {
  it('serializeDotenv → parseDotenv gives back exactly the same values', () => {
    fc.assert(fc.property(fc.dictionary(key, hostile, {maxKeys: 12}), map => {
      expect(vars(serializeDotenv(map, {header: 'pulled\nby a test'}))).to.deep.equal(map)
    }), {numRuns: 600})
  })

  it('mergeDotenv keeps comments and order and reads back to the merged values', () => {
    const existing = '# header comment\r\nexport KEEP=1 # why\r\nCHANGE=old\r\n\r\nMULTI="a\r\nb"\r\n'
    fc.assert(fc.property(fc.dictionary(key, hostile, {maxKeys: 8}), hostile, hostile, (extra, change, multi) => {
      const merged = mergeDotenv(existing, 'x.env', {...extra, CHANGE: change, MULTI: multi})
      const expected = {KEEP: '1', ...extra, CHANGE: change, MULTI: multi}
      if (Object.hasOwn(extra, 'KEEP')) expected.KEEP = extra.KEEP
      expect(vars(merged.text)).to.deep.equal(expected)
      expect(merged.text.startsWith('# header comment\r\n')).to.equal(true)
      if (!Object.hasOwn(extra, 'KEEP')) expect(merged.text).to.include('export KEEP=1 # why\r\n')
    }), {numRuns: 600})
  })

  it('writes readable forms', () => {
    expect(quoteDotenvValue('plain-value_1.2')).to.equal('plain-value_1.2')
    expect(quoteDotenvValue('two words')).to.equal("'two words'")
    expect(quoteDotenvValue("it's")).to.equal('"it\'s"')
    expect(quoteDotenvValue('')).to.equal('')
  })

  it('keeps a real file: the reference fixture merges with itself unchanged', async () => {
    const text = await readFile(path.resolve('test', 'fixtures', 'manifest', 'reference', '.env.staging'), 'utf8')
    const values = vars(text)
    const merged = mergeDotenv(text, '.env.staging', values)
    expect(merged.text).to.equal(text)
    expect(merged.updated).to.deep.equal([])
  })
})
