import {expect} from 'chai'
import {parse as dotenvParse} from 'dotenv'
import fc from 'fast-check'

import {parseDotenv} from '../../../src/lib/dotenv/parse.js'
import {FileIssuesError} from '../../../src/lib/errors.js'

function parseError(text: string, file = 'x.env'): FileIssuesError {
  try {
    parseDotenv(text, file)
  } catch (error) {
    expect(error).to.be.instanceOf(FileIssuesError)
    expect((error as FileIssuesError).code).to.equal('dotenv_parse')
    return error as FileIssuesError
  }

  throw new Error(`expected ${JSON.stringify(text)} to be refused`)
}

/**
 * Every rule of the grammar, with what we read. `dotenv` is what the npm dotenv package (v17) reads: 'same', or
 * what it gives instead and why. The differences are deliberate: they are where dotenv guesses or drops text.
 */
interface GrammarCase {
  rule: string
  text: string
  expected: Record<string, string>
  dotenv: 'same' | {gives: Record<string, string>; why: string}
}

const GRAMMAR: GrammarCase[] = [
  {rule: 'KEY=value', text: 'A=1', expected: {A: '1'}, dotenv: 'same'},
  {rule: 'entries in file order', text: 'B=2\nA=1\nC=3\n', expected: {B: '2', A: '1', C: '3'}, dotenv: 'same'},
  {rule: 'last line without a newline', text: 'A=1\nB=2', expected: {A: '1', B: '2'}, dotenv: 'same'},
  {rule: 'a UTF-8 BOM is ignored', text: '\uFEFFA=1\nB=2', expected: {A: '1', B: '2'}, dotenv: 'same'},
  {rule: 'CRLF line endings', text: 'A=1\r\nB=2\r\n', expected: {A: '1', B: '2'}, dotenv: 'same'},
  {rule: 'mixed LF and CRLF', text: 'A=1\r\nB=2\nC=3\r\n', expected: {A: '1', B: '2', C: '3'}, dotenv: 'same'},
  {rule: 'blank and whitespace-only lines', text: '\n  \n\t\nA=1\n\n', expected: {A: '1'}, dotenv: 'same'},
  {rule: 'full-line comments, also indented', text: '# c\n   # indented\n\t#tab\nA=1', expected: {A: '1'}, dotenv: 'same'},
  {rule: 'a comment line may contain = and quotes', text: '# A="unterminated\n#B=2\nC=3', expected: {C: '3'}, dotenv: 'same'},
  {rule: 'export prefix', text: 'export A=1', expected: {A: '1'}, dotenv: 'same'},
  {rule: 'export followed by several spaces or tabs', text: 'export   A=1\nexport\tB=2\nexport \t C=3', expected: {A: '1', B: '2', C: '3'}, dotenv: 'same'},
  {rule: 'a key named export', text: 'export=1', expected: {export: '1'}, dotenv: 'same'},
  {rule: 'a key named export, exported', text: 'export export = 2', expected: {export: '2'}, dotenv: 'same'},
  {rule: 'spaces and tabs around =', text: 'A = 1\nB\t=\t2\nC   =3', expected: {A: '1', B: '2', C: '3'}, dotenv: 'same'},
  {rule: 'leading whitespace before the key', text: '  A=1\n\tB=2\n  export C=3', expected: {A: '1', B: '2', C: '3'}, dotenv: 'same'},
  {
    rule: 'keys: letters, digits, _ (not leading digit)',
    text: '_A1=x\nlower_case=y\n_=z\nA9_b=w',
    expected: {_A1: 'x', lower_case: 'y', _: 'z', A9_b: 'w'},
    dotenv: 'same',
  },
  {rule: 'unquoted value is trimmed', text: 'A=   two words  \t', expected: {A: 'two words'}, dotenv: 'same'},
  {rule: 'inner spaces and tabs are kept', text: 'A=a  b\tc', expected: {A: 'a  b\tc'}, dotenv: 'same'},
  {rule: 'empty value', text: 'A=\nB=   \nC=\t', expected: {A: '', B: '', C: ''}, dotenv: 'same'},
  {rule: 'inline comment after a space', text: 'A=1 # the port', expected: {A: '1'}, dotenv: 'same'},
  {rule: 'inline comment after a tab', text: 'A=1\t# the port', expected: {A: '1'}, dotenv: 'same'},
  {rule: 'an empty value with a comment', text: 'A= # nothing yet\nB=\t#x', expected: {A: '', B: ''}, dotenv: 'same'},
  {rule: '= inside a value', text: 'URL=postgres://u:p@h/db?sslmode=require&x==1', expected: {URL: 'postgres://u:p@h/db?sslmode=require&x==1'}, dotenv: 'same'},
  {rule: 'a quote inside an unquoted value is literal', text: 'A=it\'s\nB=say "hi"\nC=a`b', expected: {A: "it's", B: 'say "hi"', C: 'a`b'}, dotenv: 'same'},
  {rule: 'no variable expansion', text: 'A=$HOME\nB=${A}\nC="$A ${B}"', expected: {A: '$HOME', B: '${A}', C: '$A ${B}'}, dotenv: 'same'},
  {rule: 'backslashes in unquoted values are literal', text: 'A=C:\\temp\\n', expected: {A: 'C:\\temp\\n'}, dotenv: 'same'},
  {rule: 'unicode values', text: 'A=grüße ✓ 🚀\nB=日本語', expected: {A: 'grüße ✓ 🚀', B: '日本語'}, dotenv: 'same'},
  {rule: 'single quotes are literal', text: 'A=\'$HOME \\n "x" # not a comment\'', expected: {A: '$HOME \\n "x" # not a comment'}, dotenv: 'same'},
  {rule: 'single quotes keep surrounding spaces', text: "A='  x  '", expected: {A: '  x  '}, dotenv: 'same'},
  {rule: 'single quotes may span lines', text: "A='one\ntwo\n\nthree'\nB=2", expected: {A: 'one\ntwo\n\nthree', B: '2'}, dotenv: 'same'},
  {rule: 'a multi-line value may contain KEY= and # lines', text: "A='x\nB=2\n# not a comment'", expected: {A: 'x\nB=2\n# not a comment'}, dotenv: 'same'},
  {rule: 'double quotes: \\n and \\r escapes', text: 'A="a\\nb\\rc"', expected: {A: 'a\nb\rc'}, dotenv: 'same'},
  {rule: 'double quotes: real line breaks', text: 'A="one\ntwo"\nB=2', expected: {A: 'one\ntwo', B: '2'}, dotenv: 'same'},
  {rule: 'double quotes: CRLF inside reads as LF', text: 'A="one\r\ntwo"\r\n', expected: {A: 'one\ntwo'}, dotenv: 'same'},
  {rule: "double quotes: # and ' are literal", text: 'A="a # b \'c\'"', expected: {A: "a # b 'c'"}, dotenv: 'same'},
  {rule: 'double quotes: unknown escapes keep the backslash', text: 'A="\\q $HOME C:\\Users"', expected: {A: '\\q $HOME C:\\Users'}, dotenv: 'same'},
  {
    rule: 'double quotes: \\$ and \\` are escapes, as in a shell',
    text: 'A="\\$HOME \\`id\\` \\$(id)"',
    expected: {A: '$HOME `id` $(id)'},
    dotenv: {gives: {A: '\\$HOME \\`id\\` \\$(id)'}, why: 'dotenv expands only \\n and \\r'},
  },
  {
    rule: 'double quotes: \\t escape',
    text: 'A="a\\tb"',
    expected: {A: 'a\tb'},
    dotenv: {gives: {A: 'a\\tb'}, why: 'dotenv expands only \\n and \\r'},
  },
  {
    rule: 'double quotes: \\" and \\\\ escapes',
    text: 'A="say \\"hi\\" C:\\\\dir"',
    expected: {A: 'say "hi" C:\\dir'},
    dotenv: {gives: {A: 'say \\"hi\\" C:\\\\dir'}, why: 'dotenv keeps \\" and \\\\ as written'},
  },
  {rule: 'backticks are literal', text: 'A=`it\'s "both" \\n`', expected: {A: 'it\'s "both" \\n'}, dotenv: 'same'},
  {rule: 'backticks may span lines', text: 'A=`one\ntwo`', expected: {A: 'one\ntwo'}, dotenv: 'same'},
  {rule: 'empty quoted values', text: 'A=""\nB=\'\'\nC=``', expected: {A: '', B: '', C: ''}, dotenv: 'same'},
  {rule: 'blanks around a quoted value and a comment after it', text: 'A=  "x"  # c\nB=\'y\'\t#c', expected: {A: 'x', B: 'y'}, dotenv: 'same'},
  {rule: 'a comment right after the closing quote', text: 'A="x"#c', expected: {A: 'x'}, dotenv: 'same'},
  {
    rule: 'a # not after a blank is part of the value',
    text: 'A=abc#def\nCOLOR=#fff',
    expected: {A: 'abc#def', COLOR: '#fff'},
    dotenv: {gives: {A: 'abc', COLOR: ''}, why: 'dotenv cuts unquoted values at any #'},
  },
  {
    rule: 'only spaces and tabs are trimmed',
    text: 'A=x\u00A0',
    expected: {A: 'x\u00A0'},
    dotenv: {gives: {A: 'x'}, why: 'dotenv trims all Unicode whitespace'},
  },
  {
    rule: 'a key named __proto__ is an ordinary key',
    text: '__proto__=x\nA=1',
    expected: {['__proto__']: 'x', A: '1'},
    dotenv: {gives: {A: '1'}, why: 'dotenv assigns obj[key], which drops __proto__'},
  },
]

/** Inputs we refuse and npm dotenv reads anyway (silently dropping or guessing): exactly what users were bitten by. */
const DOTENV_GUESSES: Array<{text: string; dotenvGives: Record<string, string>}> = [
  {text: 'A=1\njust some words\nB=2', dotenvGives: {A: '1', B: '2'}},
  {text: 'A="x"y', dotenvGives: {A: '"x"y'}},
  {text: 'A: 1', dotenvGives: {A: '1'}},
  {text: 'a.b-c=1', dotenvGives: {'a.b-c': '1'}},
  {text: 'A=1\nA=2', dotenvGives: {A: '2'}},
  {text: 'A=one\rB=two', dotenvGives: {A: 'one', B: 'two'}},
  {text: 'A="never closed\nB=2', dotenvGives: {A: '"never closed', B: '2'}},
]

describe('parseDotenv: grammar', () => {
  for (const c of GRAMMAR) {
    it(c.rule, () => {
      const entries = parseDotenv(c.text, 'x.env')
      expect(Object.fromEntries(entries.map(e => [e.key, e.value]))).to.deep.equal(c.expected)
      expect(entries.map(e => e.key)).to.deep.equal(Object.keys(c.expected))
    })
  }

  describe('cross-check with the npm dotenv package', () => {
    for (const {rule, text, expected, dotenv} of GRAMMAR) {
      if (dotenv === 'same') {
        it(`reads the same: ${rule}`, () => expect({...dotenvParse(text)}).to.deep.equal(expected))
      } else {
        it(`differs, by design: ${rule} (${dotenv.why})`, () => expect({...dotenvParse(text)}).to.deep.equal(dotenv.gives))
      }
    }

    for (const {text, dotenvGives} of DOTENV_GUESSES) {
      it(`dotenv guesses, we refuse: ${JSON.stringify(text)}`, () => {
        expect({...dotenvParse(text)}).to.deep.equal(dotenvGives)
        parseError(text)
      })
    }
  })

  it('gives each entry the line where it starts', () => {
    const entries = parseDotenv('# c\r\n\r\nA=1\r\nB="x\r\ny\r\nz"\r\nC=\'\n\'\nD=4', 'x.env')
    expect(entries.map(e => [e.key, e.line])).to.deep.equal([
      ['A', 3],
      ['B', 4],
      ['C', 7],
      ['D', 9],
    ])
  })

  it('reads an empty text, a BOM alone, or only comments as no entries', () => {
    for (const text of ['', '\uFEFF', '\n\n', '# only\n# comments\r\n', '   ']) expect(parseDotenv(text, 'x.env'), JSON.stringify(text)).to.deep.equal([])
  })
})

/** [what is wrong, text, line of the (first) issue, fragment of its message] */
const ERRORS: Array<[string, string, number, string | RegExp]> = [
  ['a line without =', 'A=1\njust some words', 2, 'not a KEY=value line (no "=")'],
  ['a key alone', 'A=1\nDEBUG', 2, 'a key alone sets nothing'],
  ['export alone', 'export', 1, '"export" alone is not an assignment'],
  ['export KEY without =', 'export API_KEY', 1, 'export KEY sets nothing'],
  ['YAML-style KEY: value', 'API_KEY: x', 1, 'is this YAML?'],
  ['empty key', '=value', 1, 'empty key'],
  ['blanks only before =', '  \t =value', 1, 'empty key'],
  ['key starting with a digit', '1PASSWORD=x', 1, "a key can't start with a digit"],
  ['key with a dash', 'MY-KEY=x', 1, '"-" is not allowed in a key'],
  ['key with a dot', 'a.b.c=x', 1, '"." is not allowed in a key'],
  ['key with a space', 'MY KEY=x', 1, 'a space is not allowed in a key'],
  ['key with a tab', 'MY\tKEY=x', 1, 'a tab is not allowed in a key'],
  ['unicode key', 'SCHLÜSSEL=x', 1, '"Ü" (U+00DC) is not allowed in a key'],
  ['invisible character in a key', '\u200BKEY=x', 1, 'U+200B is not allowed in a key'],
  ['key with a quote', '"A"=1', 1, `'"' is not allowed in a key`],
  ['unterminated single quote', "A=1\nB='x\nC=3", 2, "unterminated single quote (')"],
  ['unterminated double quote', 'A=1\nB="x\nC=3', 2, 'unterminated double quote (")'],
  ['unterminated backtick', 'A=`x', 1, 'unterminated backtick (`)'],
  ['a double quote escaped at the end', 'A="x\\"', 1, 'unterminated double quote'],
  ['text after the closing quote', 'A="x"y', 1, 'unexpected text after the closing double quote (")'],
  ['two quoted strings', 'KEY = "a" "b"', 1, 'unexpected text after the closing double quote'],
  ['a single quote inside single quotes', "A='it's'", 1, "to put a ' inside a value, wrap the value in double quotes"],
  ['a quote closed on a later line, then text', 'A="x\nB="y"', 2, 'the value opened on line 1 closes here'],
  ['duplicate key', '# c\n\nAPI_KEY=1\nB=2\nAPI_KEY=3', 5, 'duplicate key API_KEY (first set on line 3)'],
  ['duplicate key differing by export', 'API_KEY=1\nexport API_KEY=2', 2, 'duplicate key API_KEY (first set on line 1)'],
  ['NUL byte', 'A=1\nB=x\0y', 2, 'NUL byte'],
  ['NUL byte in a comment', '# \0\nA=1', 1, 'NUL byte'],
  ['lone CR in an unquoted value', 'A=one\rB=two', 1, 'carriage return (CR) that does not end a line'],
  ['lone CR in a quoted value', 'A=1\nB="one\rtwo"', 2, 'carriage return'],
  ['lone CR in a comment (CR-only line endings)', '# settings\rA=1\rB=2\r', 1, 'carriage return'],
  ['lone CR at the end of the text', 'A=1\r', 1, 'carriage return'],
]

describe('parseDotenv: errors', () => {
  for (const [what, text, line, fragment] of ERRORS) {
    it(what, () => {
      const error = parseError(text)
      expect(error.issues[0].line, error.message).to.equal(line)
      expect(error.issues[0].file).to.equal('x.env')
      if (typeof fragment === 'string') expect(error.issues[0].message).to.include(fragment)
      else expect(error.issues[0].message).to.match(fragment)
      expect(error.message.split('\n')[0]).to.equal(`x.env:${line}: ${error.issues[0].message}`)
    })
  }

  it('reports every problem, sorted by line, not just the first', () => {
    const text = 'GOOD=1\nBAD-KEY=x\nplain words\nGOOD=2\nQ="x"y\nA=one\rtwo\nLAST=ok\n'
    const error = parseError(text, '.env.staging')
    expect(error.issues.map(i => i.line)).to.deep.equal([2, 3, 4, 5, 6])
    expect(error.message.split('\n').map(l => l.split(': ')[0])).to.deep.equal([
      '.env.staging:2',
      '.env.staging:3',
      '.env.staging:4',
      '.env.staging:5',
      '.env.staging:6',
    ])
    expect(error.suggestion).to.include('nothing was sent')
  })

  it('stops at an unterminated quote: the rest of the file is inside it', () => {
    const error = parseError('A="open\nB-B=1\nC')
    expect(error.issues.map(i => i.line)).to.deep.equal([1])
    expect(error.issues[0].message).to.include('the rest of the file was not checked')
  })

  it('never puts a value (or a line that may be a secret) in a message', () => {
    const secret = 'hunter2'
    const texts = [
      `A=1\n${secret} words`,
      `${secret}`,
      `=${secret}`,
      `A="${secret}"${secret}`,
      `A='${secret}`,
      `postgres://u:${secret}@h/db?x=1`,
      `A=${secret}\nA=${secret}`,
      `A=${secret}\r`,
      `A=${secret}\0`,
      `export ${secret}`,
      `${secret}: x`,
      `x-${secret}=1`,
      `${secret}.key=1`,
    ]
    for (const text of texts) expect(parseError(text).message, text).to.not.include(secret)
  })

  // No wall-clock bound here (tests assert no timings): a parser gone quadratic on these 200,000-character inputs
  // would take minutes and trip mocha's hang guard; the figures belong to a benchmark.
  it('gets through hostile input: long runs of blanks, escapes, lines (each under 1 MiB): parsed, or refused with issues', () => {
    const n = 200_000
    const hostile = [
      `A=${' '.repeat(n)}x${' '.repeat(n)}y`,
      `A${' '.repeat(n)}B=1`,
      `A="${'\\"'.repeat(n)}"`,
      `A=${' \t'.repeat(n)}#`,
      `A="x"${' '.repeat(n)}y`,
      `${'a'.repeat(n)}${' '.repeat(n)}`,
      '\r'.repeat(n),
      `A="${'\n'.repeat(n)}"`,
      Array.from({length: 40_000}, (_, i) => `K${i}=v${i}`).join('\n'),
      Array.from({length: 40_000}, (_, i) => `bad line ${i}`).join('\n'),
      Array.from({length: 40_000}, () => 'A=1').join('\n'),
    ]
    for (const text of hostile) {
      try {
        parseDotenv(text, 'x.env')
      } catch (error) {
        expect(error, text.slice(0, 20)).to.be.instanceOf(FileIssuesError)
      }
    }
  })

  it('property: any text either parses or is refused with FileIssuesError issues inside the text, never a crash', () => {
    const alphabet = fc.constantFrom(
      'A',
      'b',
      '_',
      '1',
      '=',
      ' ',
      '\t',
      '\n',
      '\r',
      '\r\n',
      '#',
      "'",
      '"',
      '`',
      '\\',
      'export ',
      '$',
      'é',
      '🚀',
      '\0',
      '\uFEFF',
      '-',
      '.',
      ':',
    )
    const text = fc.oneof(
      fc.string({unit: 'binary', maxLength: 60}),
      fc.array(alphabet, {maxLength: 40}).map(parts => parts.join('')),
    )
    fc.assert(
      fc.property(text, text => {
        const lines = text.split('\n').length
        try {
          const entries = parseDotenv(text, 'fuzz.env')
          for (const entry of entries) expect(entry.line).to.be.within(1, lines)
        } catch (error) {
          expect(error).to.be.instanceOf(FileIssuesError)
          for (const issue of (error as FileIssuesError).issues) expect(issue.line).to.be.within(1, lines)
        }
      }),
      {numRuns: 2000},
    )
  })

  it('property: a marker value never appears in an error message, whatever the line around it', () => {
    const marker = 'Zq9!secret'
    const piece = fc.constantFrom('A=', 'B = ', 'export ', '"', "'", '`', '#', ' ', 'x', '-', '.', ':', '\r', '\0', marker)
    const line = fc.array(piece, {minLength: 1, maxLength: 8}).map(parts => parts.join(''))
    fc.assert(
      fc.property(fc.array(line, {minLength: 1, maxLength: 6}), lines => {
        try {
          parseDotenv(lines.join('\n'), 'x.env')
        } catch (error) {
          expect((error as Error).message).to.not.include(marker)
          expect((error as Error).message).to.not.include('Zq9')
        }
      }),
      {numRuns: 1000},
    )
  })
})
