// The mocha configuration of `npm test`: .mocharc.json's settings and the list of every test file, each once, the
// longest first. In parallel mode mocha hands the files to its workers in the order listed; a long file that started
// last would run alone at the end of the suite, so the long files start first and the short ones fill in around them.
// test/suite.test.ts checks that the list holds every test file exactly once (a name in LONGEST_FIRST that is not a
// test file, or one listed twice, fails it).
// (.mocharc.json lists no spec: mocha adds a config's spec to the files given on its command line, so
// `npx mocha FILE` runs just FILE.)
const {readdirSync} = require('node:fs')
const path = require('node:path')

/**
 * The test files that take longest, longest first: seconds each took alone, measured with `npx mocha FILE` on the
 * 2-core machine under load (quiet, each takes about a third of that). Any file not listed here runs after these,
 * the other e2e files first. Re-measure and reorder when a file grows.
 */
const LONGEST_FIRST = [
  'test/e2e/verify.test.ts', // 232 s
  'test/e2e/verify-init.test.ts', // 186 s
  'test/e2e/security.test.ts', // 123 s
  'test/e2e/import.test.ts', // 88 s
  'test/e2e/package.test.ts', // 81 s
  'test/e2e/bootstrap-faults.test.ts', // 78 s
  'test/e2e/config.test.ts', // 71 s
  'test/e2e/command-failures.test.ts', // 42 s
  'test/e2e/deploy.test.ts', // 39 s
]

/** The test files of `dir` and its subdirectories (POSIX paths relative to the repository), in name order. */
function testFiles(dir) {
  return readdirSync(path.join(__dirname, dir), {recursive: true})
    .filter(file => file.endsWith('.test.ts'))
    .map(file => path.posix.join(dir, file.split(path.sep).join('/')))
    .sort()
}

/** Every test file: test/ and each workspace package's test/. */
function allTestFiles() {
  const packages = readdirSync(path.join(__dirname, 'packages')).sort()
  return [...testFiles('test'), ...packages.flatMap(name => testFiles(`packages/${name}/test`))]
}

const rest = allTestFiles().filter(file => !LONGEST_FIRST.includes(file))
const e2e = rest.filter(file => file.startsWith('test/e2e/'))

module.exports = {
  ...require('./.mocharc.json'),
  spec: [...LONGEST_FIRST, ...e2e, ...rest.filter(file => !e2e.includes(file))],
}
