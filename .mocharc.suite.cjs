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
 * The test files that take longest, longest first, with the seconds each took alone (`npx mocha FILE`) on the 2-core
 * machine while other work loaded it (quiet, each takes a third to a half of that). The files not listed run after
 * these, the other e2e files first. Re-measure and reorder when a file grows a lot.
 */
const LONGEST_FIRST = [
  'test/e2e/verify.test.ts', // 232 s
  'test/e2e/security.test.ts', // 123 s
  'test/e2e/import.test.ts', // 88 s
  'test/e2e/package.test.ts', // 81 s
  'test/e2e/bootstrap-faults.test.ts', // 78 s
  'test/e2e/command-failures.test.ts', // 42 s
  'test/e2e/deploy.test.ts', // 39 s
  'test/lib/init/templates/workflows.test.ts', // 38 s
  'test/e2e/config.test.ts', // 37 s
  'test/e2e/verify-init.test.ts', // 37 s
  'test/lib/init/generate.test.ts', // 30 s
  'test/e2e/day-two-scale.test.ts', // 28 s
  'test/e2e/day-two-promote.test.ts', // 28 s
  'test/e2e/verify-fleet.test.ts', // 28 s
  'test/e2e/day-two-acm.test.ts', // 25 s
  'test/e2e/interrupt.test.ts', // 24 s
  'test/lib/init/health.test.ts', // 23 s
  'test/e2e/bootstrap-concurrent.test.ts', // 23 s
  'test/e2e/bootstrap-cost.test.ts', // 21 s
  'test/lib/init/templates/snapshot.test.ts', // 21 s
  'test/e2e/day-two-backups.test.ts', // 20 s
  'test/contract/cli-fir.test.ts', // 19 s
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
