import {expect} from 'chai'

import {filterPatternRegExp, matchesFilterPatterns} from '../../../src/lib/verify/filter-pattern.js'
import {branchMatches} from '../../../src/lib/verify/workflows.js'

/**
 * The examples of GitHub's documentation, workflow syntax for GitHub Actions: "Filter pattern cheat sheet" (its
 * table "Patterns to match branches and tags", and the special characters above it) and the `!` example of
 * "on.pull_request.branches" (`releases/**`, `!releases/**-alpha`). Each row: patterns, names they match, names they don't.
 */
const TABLE: Array<{patterns: string[]; matches: string[]; not: string[]}> = [
  {patterns: ['feature/*'], matches: ['feature/my-branch', 'feature/your-branch'], not: ['feature/beta-a/my-branch', 'feature']},
  {patterns: ['feature/**'], matches: ['feature/beta-a/my-branch', 'feature/your-branch', 'feature/mona/the/octocat'], not: ['features/x']},
  {patterns: ['main', 'releases/mona-the-octocat'], matches: ['main', 'releases/mona-the-octocat'], not: ['main2', 'releases/mona']},
  {patterns: ['*'], matches: ['main', 'releases'], not: ['releases/10']},
  {patterns: ['**'], matches: ['all/the/branches', 'every/tag'], not: []},
  {patterns: ['*feature'], matches: ['mona-feature', 'feature', 'ver-10-feature'], not: ['feature-x', 'a/feature']},
  {patterns: ['v2*'], matches: ['v2', 'v2.0', 'v2.9'], not: ['v1.2', 'v2/x']},
  {patterns: ['v[12].[0-9]+.[0-9]+'], matches: ['v1.10.1', 'v2.0.0'], not: ['v3.0.0', 'v1.x.1', 'v1.10', 'v1a10a1']},
  // the special characters: `Octo*`, `?` (zero or one of the preceding character, as in `*.jsx?`), `[CB]at`, `[1-2]00`
  {patterns: ['Octo*'], matches: ['Octocat'], not: ['octocat']},
  {patterns: ['*.jsx?'], matches: ['page.js', 'page.jsx'], not: ['page.jsxx', 'pagexjs']},
  {patterns: ['[CB]at'], matches: ['Cat', 'Bat'], not: ['Rat', 'at']},
  {patterns: ['[1-2]00'], matches: ['100', '200'], not: ['300']},
  // `!` negates the positive patterns before it; a positive pattern after it includes again
  {patterns: ['releases/**', '!releases/**-alpha'], matches: ['releases/10', 'releases/beta/mona'], not: ['releases/10-alpha', 'releases/beta/3-alpha']},
  {patterns: ['*.md', '!README.md', 'README*'], matches: ['hello.md', 'README.md', 'README.doc'], not: ['docs/hello.md']},
  {patterns: ['*.md', '!README.md'], matches: ['hello.md'], not: ['README.md', 'docs/hello.md']},
  // the three cases of issue 22
  {patterns: ['ma[a-z]n'], matches: ['main'], not: ['ma1n', 'man']},
  {patterns: ['v[0-9]+'], matches: ['v12', 'v1'], not: ['v', 'v1a']},
  {patterns: ['mai?n'], matches: ['main', 'man'], not: ['maxn', 'maiin']},
  // `\` makes a special character literal
  {patterns: ['release\\+1'], matches: ['release+1'], not: ['releasee1']},
]

describe('verify/filter-pattern: GitHub branch filter patterns', () => {
  for (const row of TABLE) {
    it(`${row.patterns.join(', ')}: matches ${row.matches.join(', ')}${row.not.length > 0 ? `; not ${row.not.join(', ')}` : ''}`, () => {
      for (const name of row.matches) expect(matchesFilterPatterns(row.patterns, name), name).to.equal(true)
      for (const name of row.not) expect(matchesFilterPatterns(row.patterns, name), name).to.equal(false)
    })
  }

  it('a pattern matches the whole name, and regular-expression characters are literal', () => {
    expect(filterPatternRegExp('main').test('my-main')).to.equal(false)
    expect(filterPatternRegExp('a.b').test('axb')).to.equal(false)
    expect(filterPatternRegExp('(x)|y').test('y')).to.equal(false)
    expect(filterPatternRegExp('(x)|y').test('(x)|y')).to.equal(true)
  })

  it('a `?` or `+` with nothing to repeat is a plain character; an unclosed `[` too', () => {
    expect(matchesFilterPatterns(['+x'], '+x')).to.equal(true)
    expect(matchesFilterPatterns(['a++'], 'aa+')).to.equal(true)
    expect(matchesFilterPatterns(['v[1'], 'v[1')).to.equal(true)
  })

  it('branches-ignore excludes what it matches; branches and its negations decide the rest', () => {
    expect(branchMatches({branchesIgnore: ['releases/**-alpha']}, 'releases/10-alpha')).to.equal(false)
    expect(branchMatches({branchesIgnore: ['releases/**-alpha']}, 'main')).to.equal(true)
    expect(branchMatches({branches: ['v[0-9]+']}, 'v12')).to.equal(true)
    expect(branchMatches({branches: ['**', '!main']}, 'main')).to.equal(false)
    expect(branchMatches({}, 'anything')).to.equal(true)
  })
})
