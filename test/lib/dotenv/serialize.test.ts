import {execFile} from 'node:child_process'
import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'

import {expect} from 'chai'
import {parse as dotenvParse} from 'dotenv'
import fc from 'fast-check'

import {parseDotenv, parseDotenvText} from '../../../src/lib/dotenv/parse.js'
import {dotenvValueProblem} from '../../../src/lib/dotenv/quote.js'
import {mergeDotenv, quoteDotenvValue, serializeDotenv} from '../../../src/lib/dotenv/serialize.js'
import {FileIssuesError, KitError} from '../../../src/lib/errors.js'

const read = (text: string) => Object.fromEntries(parseDotenv(text, 'x.env').map(e => [e.key, e.value]))
const keysOf = (text: string) => parseDotenv(text, 'x.env').map(e => e.key)

function thrown(fn: () => unknown): Error {
  try {
    fn()
  } catch (error) {
    return error as Error
  }

  throw new Error('expected an error')
}

/** Valid keys, including the ones that trip up naive code. */
const key = fc.oneof(
  {weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/)},
  {weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'export', '_', 'toString')},
)

/** Strings with everything a value can hold (anything but NUL): line breaks, quotes, #, $, =, backslashes, unicode. */
const anyValue = fc.oneof(
  fc.string({unit: 'binary', maxLength: 40}).map(s => s.replaceAll('\0', '')),
  fc.string({unit: 'grapheme', maxLength: 20}),
  fc.constantFrom(
    '',
    ' ',
    '\t',
    "'",
    '"',
    '`',
    '#',
    ' # x',
    '#x',
    '$HOME',
    '${A}',
    '=',
    '==',
    '\\',
    '\\\\',
    '\\n',
    '\\"',
    "\\'",
    '\n',
    '\r',
    '\r\n',
    '\n\r',
    'a\nb',
    'it\'s "x"',
    'grüße ✓ 🚀 𝄞',
    '\uD800',
    '  lead',
    'trail  ',
    ' both ',
    '"\'`',
    "'\\'",
    '-----BEGIN KEY-----\nMIIE\n-----END KEY-----\n',
    'C:\\temp\\new',
    'export A=1',
    'A="x"',
  ),
  fc
    .array(fc.constantFrom('a', 'Z', '0', ' ', '\t', "'", '"', '`', '#', '$', '=', '\\', '\n', '\r', 'n', 'r', 't', 'é', '🚀', '\u00A0', '\u2028', '\uFEFF'), {
      maxLength: 24,
    })
    .map(parts => parts.join('')),
)

/** The values that can be written (exact, and safe to source): every one without NUL. */
const value = anyValue.filter(v => dotenvValueProblem(v) === undefined)

const vars = fc.dictionary(key, value, {maxKeys: 12})

describe('quoteDotenvValue', () => {
  const FORMS: Array<[string, string]> = [
    ['', ''],
    ['plain-value_1.2', 'plain-value_1.2'],
    ['postgres://u:p@db.example.com:5432/app', 'postgres://u:p@db.example.com:5432/app'],
    ['en,de,fr', 'en,de,fr'],
    ['two words', "'two words'"],
    ['#fff', "'#fff'"],
    ['$HOME', "'$HOME'"],
    ['a=b', "'a=b'"],
    ['https://x.example.com/?a=1&b=2', "'https://x.example.com/?a=1&b=2'"],
    ['  padded  ', "'  padded  '"],
    ['say "hi"', '\'say "hi"\''],
    ['C:\\temp\\new', "'C:\\temp\\new'"],
    ['grüße 🚀', "'grüße 🚀'"],
    ['line one\nline two', "'line one\nline two'"],
    ["it's", '"it\'s"'],
    ['windows\r\nline', '"windows\\r\nline"'],
    ['it\'s "quoted" \\ \n', '"it\'s \\"quoted\\" \\\\ \n"'],
    ["it's $(id) `id` $HOME", '"it\'s \\$(id) \\`id\\` \\$HOME"'],
    ['a\r$(id)', '"a\\r\\$(id)"'],
  ]
  for (const [input, output] of FORMS) {
    it(`${JSON.stringify(input)} is written as ${output === '' ? 'nothing' : JSON.stringify(output)}`, () => {
      expect(quoteDotenvValue(input)).to.equal(output)
      expect(read(`K=${output}`)).to.deep.equal({K: input})
    })
  }

  it('refuses a NUL character, which no dotenv file can hold, without repeating the value', () => {
    const error = thrown(() => quoteDotenvValue('hunter2\0'))
    expect(error).to.be.instanceOf(KitError)
    expect((error as KitError).code).to.equal('dotenv_write')
    expect(error.message).to.not.include('hunter2')
  })

  it('property: reads back exactly, also with an export prefix, spaces and an inline comment around it', () => {
    fc.assert(
      fc.property(value, v => {
        const q = quoteDotenvValue(v)
        expect(read(`K=${q}`)).to.deep.equal({K: v})
        expect(read(`export K = ${q} # comment`)).to.deep.equal({K: v})
        expect(read(`K=${q.replaceAll('\n', '\r\n')}\r\n`)).to.deep.equal({K: v})
      }),
      {numRuns: 1000},
    )
  })

  it('property: npm dotenv reads the same, except a double-quoted value with \\ " $ or ` (documented)', () => {
    fc.assert(
      fc.property(value, v => {
        const q = quoteDotenvValue(v)
        const dotenvCannot = q.startsWith('"') && /["\\$`]/.test(v)
        if (!dotenvCannot) expect(dotenvParse(`K=${q}`), JSON.stringify(q)).to.deep.equal({K: v})
      }),
      {numRuns: 1000},
    )
  })
})

describe('a written dotenv file is safe to source with sh and bash (issue 9)', function () {
  this.timeout(60_000)
  const HOSTILE = [
    '$(touch PWNED)',
    '`touch PWNED`',
    "it's $(touch PWNED)",
    "it's `touch PWNED`",
    '"; touch PWNED; "',
    "'; touch PWNED; '",
    "\\'$(touch PWNED)",
    'a\r$(touch PWNED)',
    '$(touch PWNED)\n',
    "x'\n`touch PWNED`",
    '${IFS}$(touch${IFS}PWNED)',
    "a'b\\",
    "a\nb'c",
    '\\"; touch PWNED; #',
    "it's",
    "it's fine\r\n",
    '!!',
    '$HOME',
    "'",
    '"',
    '\\',
    ';touch PWNED',
    '|touch PWNED',
    '&& touch PWNED',
  ]

  for (const shell of ['sh', 'bash']) {
    it(`${shell}: sourcing runs nothing (no marker file), and reads back what heroku-kit reads (but a CR)`, async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'kit-source-'))
      try {
        const samples = [...HOSTILE, ...fc.sample(anyValue, {numRuns: 300, seed: 9})]
        expect(samples.filter(v => dotenvValueProblem(v) !== undefined)).to.deep.equal([])
        const map = Object.fromEntries(samples.map((v, i) => [`K${i}`, v]))
        const text = serializeDotenv(map)
        expect(read(text)).to.deep.equal(map)
        await writeFile(path.join(dir, '.env'), text)
        const keys = Object.keys(map)
        const script = `set -a; . ./.env; for k in ${keys.join(' ')}; do eval "v=\\$$k"; printf '%s\\0' "$v"; done`
        const {stdout} = await promisify(execFile)(shell, ['-c', script], {cwd: dir, env: {PATH: process.env.PATH}, maxBuffer: 16 * 1024 * 1024})
        expect(await readdir(dir)).to.deep.equal(['.env'])
        const seen = stdout.split('\0').slice(0, -1)
        expect(seen).to.have.length(keys.length)
        for (const [i, k] of keys.entries()) {
          // in double quotes a shell keeps \r as two characters: a different value, but nothing run
          if (!(quoteDotenvValue(map[k]).startsWith('"') && map[k].includes('\r'))) expect(seen[i], JSON.stringify(map[k])).to.equal(map[k])
        }
      } finally {
        await rm(dir, {recursive: true, force: true})
      }
    })
  }
})

describe('serializeDotenv', () => {
  it('writes KEY=value lines in the given order, LF, a final newline, and the header as comments', () => {
    const text = serializeDotenv({B: '2', A: 'two words', C: "it's\nhere"}, {header: 'config vars of my-app\n\nwritten by a test'})
    expect(text).to.equal("# config vars of my-app\n#\n# written by a test\nB=2\nA='two words'\nC=\"it's\nhere\"\n")
    expect(keysOf(text)).to.deep.equal(['B', 'A', 'C'])
  })

  it('writes nothing for no vars', () => {
    expect(serializeDotenv({})).to.equal('')
    expect(read(serializeDotenv({}, {header: 'empty'}))).to.deep.equal({})
  })

  it("refuses keys a dotenv file can't hold (Heroku allows 1PASSWORD) and NUL values, naming keys only", () => {
    const error = thrown(() => serializeDotenv({'1PASSWORD': 'hunter2', OK: 'x', 'a.b': 'y', NUL: 'hunter2\0'}))
    expect(error).to.be.instanceOf(KitError)
    expect((error as KitError).code).to.equal('dotenv_write')
    expect(error.message)
      .to.include('1PASSWORD (starts with a digit)')
      .and.include('a.b')
      .and.include('NUL (its value contains a NUL character)')
      .and.include('nothing was written')
    expect(error.message).to.not.include('hunter2')
  })

  it('property: serializeDotenv → parseDotenv gives back exactly the same map, in the same order', () => {
    fc.assert(
      fc.property(vars, fc.option(fc.string({maxLength: 30}).map(s => s.replaceAll('\0', ''))), (map, header) => {
        const text = serializeDotenv(map, header === null ? {} : {header})
        expect(read(text)).to.deep.equal({...map})
        expect(keysOf(text)).to.deep.equal(Object.keys(map))
        expect(text).to.not.include('\r')
      }),
      {numRuns: 1000},
    )
  })
})

describe('mergeDotenv', () => {
  const EXISTING = [
    '# Staging config',
    '',
    'export API_URL=https://old.example.com # the API',
    'PORT = 5000',
    'SECRET="old\\nvalue"',
    '# a key pasted from the provider',
    "PEM='-----BEGIN KEY-----",
    'MIIE',
    "-----END KEY-----'",
    'KEEP=unchanged',
    'EMPTY= # fill me',
    '',
  ].join('\n')

  it('updates values in place, keeps comments, blank lines, order, export, spacing and inline comments', () => {
    const result = mergeDotenv(EXISTING, '.env', {
      PORT: '5001',
      API_URL: 'https://new.example.com',
      KEEP: 'unchanged',
      SECRET: 'new secret',
      EMPTY: 'filled',
      PEM: 'short',
    })
    expect(result.text).to.equal(
      [
        '# Staging config',
        '',
        'export API_URL=https://new.example.com # the API',
        'PORT = 5001',
        "SECRET='new secret'",
        '# a key pasted from the provider',
        'PEM=short',
        'KEEP=unchanged',
        'EMPTY= filled # fill me',
        '',
      ].join('\n'),
    )
    expect(result.updated).to.deep.equal(['API_URL', 'PORT', 'SECRET', 'PEM', 'EMPTY'])
    expect(result.unchanged).to.deep.equal(['KEEP'])
    expect(result.added).to.deep.equal([])
  })

  it('appends new keys at the end in the given order and never removes a key', () => {
    const result = mergeDotenv(EXISTING, '.env', {NEW_B: 'b', NEW_A: 'two words'})
    expect(result.text).to.equal(`${EXISTING}NEW_B=b\nNEW_A='two words'\n`)
    expect(result.added).to.deep.equal(['NEW_B', 'NEW_A'])
    expect(keysOf(result.text)).to.deep.equal(['API_URL', 'PORT', 'SECRET', 'PEM', 'KEEP', 'EMPTY', 'NEW_B', 'NEW_A'])
  })

  it('replaces a multi-line value whole, and can write one', () => {
    const result = mergeDotenv('A=1\nPEM="x\ny\nz" # key\nB=2\n', '.env', {PEM: 'one\ntwo'})
    expect(result.text).to.equal("A=1\nPEM='one\ntwo' # key\nB=2\n")
  })

  it('keeps CRLF line endings and the BOM of a Windows file, also inside new multi-line values', () => {
    const existing = '\uFEFF# c\r\nA=1\r\nB="x\r\ny"\r\n'
    const result = mergeDotenv(existing, '.env', {B: 'p\nq', C: 'new\nlines'})
    expect(result.text).to.equal("\uFEFF# c\r\nA=1\r\nB='p\r\nq'\r\nC='new\r\nlines'\r\n")
    expect(read(result.text)).to.deep.equal({A: '1', B: 'p\nq', C: 'new\nlines'})
  })

  it('leaves mixed line endings alone where nothing changed', () => {
    const existing = 'A=1\r\nB=2\nC=3\r\n'
    expect(mergeDotenv(existing, '.env', {B: '20'}).text).to.equal('A=1\r\nB=20\nC=3\r\n')
  })

  it('starts a new line when the file does not end with one', () => {
    expect(mergeDotenv('A=1 # no newline', '.env', {B: '2'}).text).to.equal('A=1 # no newline\nB=2\n')
    expect(mergeDotenv('A=1\r\nB=2', '.env', {C: '3'}).text).to.equal('A=1\r\nB=2\r\nC=3\r\n')
    expect(mergeDotenv('', '.env', {A: '1'}).text).to.equal('A=1\n')
  })

  it('keeps a blank between a new value and a comment that touched the old one', () => {
    expect(mergeDotenv('A="x"#c\nB=#fff\n', '.env', {A: 'y', B: ''}).text).to.equal('A=y #c\nB=\n')
    expect(mergeDotenv('A="x"#c\n', '.env', {A: ''}).text).to.equal('A= #c\n')
  })

  it('returns the text unchanged, byte for byte, when nothing changes', () => {
    const existing = '\uFEFF# c\r\nexport A = "1" # x\r\nB=\'two\'\n'
    const result = mergeDotenv(existing, '.env', {A: '1', B: 'two'})
    expect(result.text).to.equal(existing)
    expect(result).to.deep.include({updated: [], added: [], unchanged: ['A', 'B']})
  })

  it('parses the existing text strictly first: its problems are reported, nothing is merged', () => {
    const error = thrown(() => mergeDotenv('A=1\nnot an entry\nA=2\n', '.env.local', {A: 'hunter2'}))
    expect(error).to.be.instanceOf(FileIssuesError)
    expect((error as FileIssuesError).code).to.equal('dotenv_parse')
    expect(error.message).to.equal(
      '.env.local:2: not a KEY=value line (no "="); write KEY=value, or start the line with # to make it a comment\n.env.local:3: duplicate key A (first set on line 1): remove one of the two, a key may be set only once',
    )
    expect((error as FileIssuesError).suggestion).to.include('nothing was written')
  })

  it("refuses keys a dotenv file can't hold", () => {
    const error = thrown(() => mergeDotenv('A=1\n', '.env', {'9LIVES': 'x'}))
    expect((error as KitError).code).to.equal('dotenv_write')
  })

  it('the reference fixture merges with its own values unchanged', async () => {
    const text = await readFile(path.resolve('test', 'fixtures', 'manifest', 'reference', '.env.staging'), 'utf8')
    const merged = mergeDotenv(text, '.env.staging', read(text))
    expect(merged.text).to.equal(text)
    expect(merged.updated).to.deep.equal([])
    expect(merged.added).to.deep.equal([])
  })

  /** An existing file with comments, blank lines, export, inline comments and multi-line values, in LF or CRLF. */
  const existingFile = fc
    .constantFrom('\n', '\r\n')
    .chain(eol =>
      fc
        .boolean()
        .map(
          bom =>
            (bom ? '\uFEFF' : '') +
            [
              '# header comment',
              '',
              'export KEEP=1 # why',
              'CHANGE = old',
              '  # indented comment',
              "MULTI='a",
              "b' # multi",
              'DQ="x\\ty"',
              'EMPTY=',
              'LAST=last',
            ].join(eol) +
            eol,
        ),
    )

  it('property: any vars merged into a file read back as the old values overlaid with them; comments and order stay', () => {
    fc.assert(
      fc.property(existingFile, vars, value, value, (existing, extra, change, multi) => {
        const incoming: Record<string, string> = {...extra, CHANGE: change, MULTI: multi}
        const before = read(existing)
        const result = mergeDotenv(existing, 'x.env', incoming)
        expect(read(result.text)).to.deep.equal({...before, ...incoming})
        const oldKeys = Object.keys(before)
        expect(keysOf(result.text)).to.deep.equal([...oldKeys, ...Object.keys(incoming).filter(k => !oldKeys.includes(k))])
        expect([...result.updated, ...result.unchanged].sort()).to.deep.equal(
          Object.keys(incoming)
            .filter(k => oldKeys.includes(k))
            .sort(),
        )
        expect(result.added).to.deep.equal(Object.keys(incoming).filter(k => !oldKeys.includes(k)))
        for (const k of result.updated) expect(before[k]).to.not.equal(incoming[k])

        const eol = existing.includes('\r\n') ? '\r\n' : '\n'
        const lines = result.text.replace(/^\uFEFF/, '').split(eol)
        for (const comment of ['# header comment', '  # indented comment']) expect(lines).to.include(comment)
        expect(lines.indexOf('# header comment')).to.be.below(lines.indexOf('  # indented comment'))
        expect(result.text.startsWith('\uFEFF')).to.equal(existing.startsWith('\uFEFF'))
        if (eol === '\r\n') expect(result.text.replaceAll('\r\n', '')).to.not.match(/[\r\n]/)
        else expect(result.text).to.not.include('\r')
        if (!Object.hasOwn(incoming, 'KEEP') || incoming.KEEP === '1') expect(lines).to.include('export KEEP=1 # why')

        const again = mergeDotenv(result.text, 'x.env', incoming)
        expect(again.text).to.equal(result.text)
        expect(again.updated).to.deep.equal([])
      }),
      {numRuns: 600},
    )
  })
})

describe('#heroku-kit:held and #heroku-kit:left-out lines (issues 18.4, 19.7)', () => {
  const parsed = (text: string) => parseDotenvText(text, 'x.env')

  it('a held key is written commented out on one line with its note, and read back as its value', () => {
    const text = serializeDotenv({A: '1', BASH_ENV: '/tmp/x.sh\n$(touch PWNED)'}, {held: {BASH_ENV: 'commented out: bash runs it'}})
    expect(text).to.equal('A=1\n#heroku-kit:held BASH_ENV="/tmp/x.sh\\n\\$(touch PWNED)" # commented out: bash runs it\n')
    expect(parsed(text).entries).to.deep.equal([
      {key: 'A', value: '1', line: 1},
      {key: 'BASH_ENV', value: '/tmp/x.sh\n$(touch PWNED)', line: 2, held: true},
    ])
  })

  it('a left-out key is recorded as a comment that parseDotenvText returns, and that is no entry', () => {
    const text = serializeDotenv({A: '1'}, {leftOut: {'1PASSWORD': 'starts with a digit', NUL: 'its value contains a NUL character'}})
    expect(text).to.equal('A=1\n#heroku-kit:left-out 1PASSWORD (starts with a digit)\n#heroku-kit:left-out NUL (its value contains a NUL character)\n')
    expect(parsed(text)).to.deep.equal({
      entries: [{key: 'A', value: '1', line: 1}],
      leftOut: [
        {key: '1PASSWORD', line: 2},
        {key: 'NUL', line: 3},
      ],
    })
    expect(dotenvParse(text)).to.deep.equal({A: '1'})
  })

  it('a held entry must end on its own line (else a shell would run the rest), and a key is set once in any form', () => {
    const open = thrown(() => parsed('#heroku-kit:held A="x\ntouch PWNED"\n'))
    expect(open.message).to.include('x.env:1: a #heroku-kit:held entry must end on its own line')
    const twice = thrown(() => parsed('A=1\n#heroku-kit:held A=1\n#heroku-kit:left-out A\n'))
    expect(twice.message).to.include('x.env:2: duplicate key A').and.include('x.env:3: duplicate key A')
  })

  it('property: held values of any kind read back exactly and stay on one line', () => {
    fc.assert(
      fc.property(value, v => {
        const text = serializeDotenv({K: v}, {held: {K: 'note'}})
        expect(text.split('\n')).to.have.length(2)
        expect(parsed(text).entries).to.deep.equal([{key: 'K', value: v, line: 1, held: true}])
      }),
      {numRuns: 500},
    )
  })

  it('merge: the form follows the options, unchanged lines stay byte for byte', () => {
    const existing =
      'A=1\nexport BASH_ENV=/old # mine\n#heroku-kit:held LD_PRELOAD=/x.so # note\n#heroku-kit:left-out TOKEN (its value contains a NUL character)\nB=2\n'
    const unchanged = mergeDotenv(existing, '.env', {A: '1', BASH_ENV: '/old', LD_PRELOAD: '/x.so'}, {held: {LD_PRELOAD: 'note'}, leftOut: {TOKEN: 'x'}})
    expect(unchanged.text).to.equal(existing)
    expect(unchanged.updated).to.deep.equal([])

    const result = mergeDotenv(
      existing,
      '.env',
      {A: '1', BASH_ENV: '/new', LD_PRELOAD: '/x.so', TOKEN: 'writable', PS1: '$(id)'},
      {held: {BASH_ENV: 'runs'}, leftOut: {B: 'its value contains a NUL character'}},
    )
    expect(result.text).to.equal(
      [
        'A=1',
        '#heroku-kit:held BASH_ENV=/new # runs',
        'LD_PRELOAD=/x.so',
        'TOKEN=writable',
        '#heroku-kit:left-out B (its value contains a NUL character)',
        "PS1='$(id)'",
        '',
      ].join('\n'),
    )
    expect(result.updated).to.deep.equal(['BASH_ENV', 'LD_PRELOAD', 'TOKEN', 'B'])
    expect(result.added).to.deep.equal(['PS1'])
  })
})
