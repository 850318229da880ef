import {execFileSync, spawn} from 'node:child_process'
import {chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'
import {parse as dotenvParse} from 'dotenv'

import {readDotenvFile} from '../../../src/lib/dotenv/read.js'
import {FileIssuesError, KitError} from '../../../src/lib/errors.js'

const FIXTURES = path.resolve('test', 'fixtures', 'dotenv')
/** Every bad fixture puts this text where a value would be; no message may repeat it. */
const SECRET = 's3cr3t'

async function refusal(file: string, name = path.basename(file)): Promise<KitError> {
  const error = await readDotenvFile(file, name).then(
    () => undefined,
    (error_: unknown) => error_,
  )
  expect(error, `${name} should be refused`).to.be.instanceOf(KitError)
  return error as KitError
}

/**
 * The bad-input corpus: each file in test/fixtures/dotenv/bad, the line of its (first) problem, a fragment of the
 * message, and the error code. Files are named after their problem.
 */
const BAD: Record<string, {line: number; message: string; code?: string; lines?: number[]}> = {
  'no-equals.env': {line: 2, message: 'not a KEY=value line (no "=")'},
  'key-without-value.env': {line: 2, message: 'a key alone sets nothing'},
  'export-alone.env': {line: 1, message: '"export" alone is not an assignment'},
  'export-key-without-equals.env': {line: 2, message: 'export KEY sets nothing'},
  'empty-key.env': {line: 1, message: 'empty key'},
  'tab-only-key.env': {line: 1, message: 'empty key'},
  'digit-leading-key.env': {line: 1, message: "a key can't start with a digit"},
  'key-with-dash.env': {line: 1, message: '"-" is not allowed in a key'},
  'key-with-dot.env': {line: 1, message: '"." is not allowed in a key'},
  'key-with-space.env': {line: 1, message: 'a space is not allowed in a key'},
  'windows-set-command.env': {line: 1, message: 'a space is not allowed in a key'},
  'dollar-key.env': {line: 1, message: '"$" is not allowed in a key'},
  'unicode-key.env': {line: 1, message: '"Ü" (U+00DC) is not allowed in a key'},
  'nbsp-before-key.env': {line: 1, message: 'U+00A0 is not allowed in a key'},
  'unterminated-single-quote.env': {line: 2, message: 'unterminated single quote'},
  'unterminated-double-quote.env': {line: 2, message: 'unterminated double quote'},
  'unterminated-backtick.env': {line: 1, message: 'unterminated backtick'},
  'unterminated-pem.env': {line: 2, message: 'unterminated double quote'},
  'garbage-after-quote.env': {line: 1, message: 'unexpected text after the closing double quote'},
  'two-quoted-values.env': {line: 1, message: 'unexpected text after the closing double quote'},
  'single-quote-inside-single.env': {line: 1, message: 'unexpected text after the closing single quote'},
  'backslash-continuation.env': {line: 1, message: 'unexpected text after the closing double quote'},
  'quote-closed-on-later-line.env': {line: 2, message: 'the value opened on line 1 closes here'},
  'duplicate-key.env': {line: 5, message: 'duplicate key API_KEY (first set on line 3)'},
  'duplicate-key-export.env': {line: 2, message: 'duplicate key API_KEY (first set on line 1)'},
  'lone-cr.env': {line: 1, message: 'carriage return (CR) that does not end a line'},
  'lone-cr-in-quotes.env': {line: 1, message: 'carriage return'},
  'cr-only-line-endings.env': {line: 1, message: 'carriage return'},
  'yaml-file.env': {line: 1, message: 'is this YAML?', lines: [1, 2]},
  'json-file.env': {line: 1, message: 'not a KEY=value line', lines: [1, 2, 3]},
  'shell-script.env': {line: 2, message: 'not a KEY=value line', lines: [2, 4]},
  'html-file.env': {line: 1, message: 'not a KEY=value line'},
  'ini-section.env': {line: 1, message: 'not a KEY=value line'},
  'colon-separator.env': {line: 1, message: 'found ":" but no "="'},
  'pasted-url.env': {line: 2, message: '":" is not allowed in a key'},
  'many-problems.env': {line: 3, message: '"-" is not allowed in a key', lines: [3, 4, 5, 6]},
  'nul-byte.env': {line: 2, message: 'NUL byte: this looks like a binary file, not a dotenv file', code: 'dotenv_read'},
  'binary-invalid-utf8.env': {line: 2, message: 'NUL byte: this looks like a binary file', code: 'dotenv_read'},
  'invalid-utf8-latin1.env': {line: 2, message: 'invalid UTF-8: this looks like a binary file, not a dotenv file', code: 'dotenv_read'},
  'utf16-le.env': {line: 1, message: 'this is UTF-16 text, not UTF-8', code: 'dotenv_read'},
}

describe('dotenv bad-input corpus (test/fixtures/dotenv/bad)', () => {
  it('has at least 25 files, and each of them is in the table', async () => {
    const files = await readdir(path.join(FIXTURES, 'bad'))
    expect(files.length).to.be.at.least(25)
    expect(files.sort()).to.deep.equal(Object.keys(BAD).sort())
  })

  for (const [file, expected] of Object.entries(BAD)) {
    it(`${file}: refused at line ${expected.line}`, async () => {
      const error = await refusal(path.join(FIXTURES, 'bad', file))
      expect(error).to.be.instanceOf(FileIssuesError)
      const {issues} = error as FileIssuesError
      expect(error.code).to.equal(expected.code ?? 'dotenv_parse')
      expect(issues[0], error.message).to.include({file, line: expected.line})
      expect(issues[0].message).to.include(expected.message)
      if (expected.lines) expect(issues.map(i => i.line)).to.deep.equal(expected.lines)
      expect(error.message).to.match(new RegExp(`^${file.replaceAll('.', '\\.')}:${expected.line}: `))
      expect(`${error.message}\n${error.suggestion ?? ''}`).to.not.include(SECRET)
    })
  }

  it('npm dotenv reads every file of the corpus without an error (what we refuse, it guesses)', async () => {
    let silent = 0
    for (const file of Object.keys(BAD)) {
      const bytes = await readFile(path.join(FIXTURES, 'bad', file))
      try {
        dotenvParse(bytes)
        silent++
      } catch {}
    }

    expect(silent).to.equal(Object.keys(BAD).length)
  })
})

describe('readDotenvFile: files that are not dotenv files', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kit-dotenv-'))
  })
  after(async () => {
    await rm(dir, {recursive: true, force: true})
  })

  it('a missing file: says which path, and that nothing was sent', async () => {
    const error = await refusal(path.join(dir, 'nope.env'), '.env.nope')
    expect(error.code).to.equal('dotenv_read')
    expect(error.message).to.equal(`.env.nope not found (${path.join(dir, 'nope.env')}); nothing was sent.`)
    expect(error.suggestion).to.include('kit:config:pull')
  })

  it('a path through a file is also not found', async () => {
    await writeFile(path.join(dir, 'plain'), 'A=1\n')
    const error = await refusal(path.join(dir, 'plain', '.env'), 'plain/.env')
    expect(error.message).to.include('plain/.env not found')
  })

  it('a directory', async () => {
    const error = await refusal(dir, 'config')
    expect(error.code).to.equal('dotenv_read')
    expect(error.message).to.equal('config is a directory, not a dotenv file; nothing was sent.')
  })

  it('a huge (> 1 MiB) file', async () => {
    const huge = path.join(dir, 'huge.env')
    await writeFile(huge, `A=${'x'.repeat(1024 * 1024)}\n`)
    const error = await refusal(huge, 'huge.env')
    expect(error.code).to.equal('dotenv_read')
    expect(error.message).to.equal('huge.env is over 1 MiB, too large for a dotenv file; nothing was sent.')
  })

  it('exactly 1 MiB is still read', async () => {
    const file = path.join(dir, 'limit.env')
    const line = `A=${'x'.repeat(1024 * 1024 - 3)}\n`
    await writeFile(file, line)
    expect((await readDotenvFile(file)).vars.A).to.have.length(1024 * 1024 - 3)
  })

  it('an unreadable file (permission denied)', async function () {
    if (process.getuid?.() === 0 || process.platform === 'win32') this.skip() // root reads anything
    const file = path.join(dir, 'locked.env')
    await writeFile(file, `A=${SECRET}\n`)
    await chmod(file, 0o000)
    const error = await refusal(file, 'locked.env')
    expect(error.code).to.equal('dotenv_read')
    expect(error.message).to.include("locked.env can't be read: permission denied")
  })

  it('a symlink to a dotenv file is read; a dangling one is not found', async () => {
    await writeFile(path.join(dir, 'real.env'), 'A=1\n')
    await symlink(path.join(dir, 'real.env'), path.join(dir, 'link.env'))
    await symlink(path.join(dir, 'gone.env'), path.join(dir, 'dangling.env'))
    expect((await readDotenvFile(path.join(dir, 'link.env'))).vars).to.deep.equal({A: '1'})
    expect((await refusal(path.join(dir, 'dangling.env'), 'dangling.env')).message).to.include('dangling.env not found')
  })

  it('a pipe is read, up to the same limit (process substitution: <(vault read …))', async function () {
    if (process.platform === 'win32') this.skip()
    const fifo = path.join(dir, 'pipe.env')
    execFileSync('mkfifo', [fifo])
    const writer = spawn('sh', ['-c', `printf 'A=1\\nB="two words"\\n' > "${fifo}"`])
    const written = new Promise(resolve => {
      writer.on('close', resolve)
    })
    const file = await readDotenvFile(fifo, '/dev/fd/63')
    expect(file.vars).to.deep.equal({A: '1', B: 'two words'})
    await written
  })

  it('a pipe that goes on past 1 MiB is refused without reading it all', async function () {
    if (process.platform === 'win32') this.skip()
    const fifo = path.join(dir, 'endless.env')
    execFileSync('mkfifo', [fifo])
    const writer = spawn('sh', ['-c', `yes A=1 > "${fifo}"`])
    const stopped = new Promise(resolve => {
      writer.on('close', resolve)
    })
    const error = await refusal(fifo, 'endless.env')
    expect(error.message).to.include('endless.env is over 1 MiB')
    await stopped // `yes` ends on SIGPIPE once the pipe is closed
  })

  it('an empty file or one with only comments is valid and has no entries', async () => {
    await writeFile(path.join(dir, 'empty.env'), '')
    await writeFile(path.join(dir, 'comments.env'), '# nothing here yet\n\n# KEY=value\n')
    for (const name of ['empty.env', 'comments.env']) {
      const file = await readDotenvFile(path.join(dir, name), name)
      expect(file).to.deep.equal({file: name, entries: [], vars: {}, leftOut: []})
    }
  })

  it('parse problems name the display name given, not the path', async () => {
    await mkdir(path.join(dir, 'app'))
    await writeFile(path.join(dir, 'app', '.env'), 'A=1\nB C=2\n')
    const error = await refusal(path.join(dir, 'app', '.env'), 'app/.env')
    expect(error.message).to.match(/^app\/\.env:2: invalid key/)
  })
})

/** The good fixtures: what each reads as, and whether npm dotenv reads the same (where it doesn't, why). */
const GOOD: Record<string, {vars: Record<string, string>; dotenv: 'same' | {differs: string[]; why: string}}> = {
  'bom-crlf.env': {vars: {A: '1', B: 'two\nlines', C: 'three'}, dotenv: 'same'},
  'pem-key.env': {
    vars: {
      PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----',
      ESCAPED_KEY: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n',
      SINGLE_KEY: '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE\n-----END CERTIFICATE-----',
    },
    dotenv: 'same',
  },
  'all-quotes.env': {
    vars: {
      SINGLE: 'literal $HOME \\n # not a comment "x"',
      DOUBLE: 'tab\there "quoted" back\\slash C:\\temp \\q',
      BACKTICK: 'it\'s "both" $X',
      SPACES: '  padded  ',
      HASH: 'a # b',
      EMPTY_SINGLE: '',
      EMPTY_DOUBLE: '',
      EMPTY_BACKTICK: '',
    },
    dotenv: {differs: ['DOUBLE'], why: 'dotenv leaves \\t \\" \\\\ as written'},
  },
  'inline-comments.env': {
    vars: {PORT: '5000', TAB: 'yes', COLOR: '#fff', URL: 'https://example.com/#anchor', QUOTED: 'x', TIGHT: 'y', NONE: ''},
    dotenv: {differs: ['COLOR', 'URL'], why: 'dotenv cuts unquoted values at any #'},
  },
  'export-prefix.env': {vars: {A: '1', B: '2', C: '3', D: '4', export: '5', EXPORTED: '6'}, dotenv: 'same'},
  'empty-values.env': {vars: {A: '', B: '', C: '', D: '', E: '', F: ''}, dotenv: 'same'},
}

describe('dotenv good fixtures (test/fixtures/dotenv/good)', () => {
  it('each file is in the table', async () => {
    expect((await readdir(path.join(FIXTURES, 'good'))).sort()).to.deep.equal(Object.keys(GOOD).sort())
  })

  for (const [file, expected] of Object.entries(GOOD)) {
    it(`${file} reads as expected, in file order`, async () => {
      const result = await readDotenvFile(path.join(FIXTURES, 'good', file), file)
      expect(result.file).to.equal(file)
      expect(result.vars).to.deep.equal(expected.vars)
      expect(Object.keys(result.vars)).to.deep.equal(Object.keys(expected.vars))
      expect(result.entries.map(e => e.key)).to.deep.equal(Object.keys(expected.vars))
    })

    it(`${file}: npm dotenv ${expected.dotenv === 'same' ? 'reads the same' : `differs on ${expected.dotenv.differs.join(', ')} (${expected.dotenv.why})`}`, async () => {
      const theirs = dotenvParse(await readFile(path.join(FIXTURES, 'good', file)))
      const differs = Object.keys(expected.vars).filter(key => theirs[key] !== expected.vars[key])
      expect(differs).to.deep.equal(expected.dotenv === 'same' ? [] : expected.dotenv.differs)
    })
  }

  it('entry lines point at where each entry starts (multi-line values counted)', async () => {
    const {entries} = await readDotenvFile(path.join(FIXTURES, 'good', 'pem-key.env'))
    expect(entries.map(e => [e.key, e.line])).to.deep.equal([
      ['PRIVATE_KEY', 2],
      ['ESCAPED_KEY', 6],
      ['SINGLE_KEY', 7],
    ])
  })
})
