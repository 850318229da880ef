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
 * The test files that take longest, longest first: the seconds each took alone (`npx mocha FILE`) on the 2-core
 * machine while other work loaded it, and the CPU seconds it used (mocha and the heroku CLI runs it starts). A file
 * that mostly waits (the emulator's realistic timings, the pipeline-create settle of a second) takes longer than its
 * CPU. The files not listed run after these, the other e2e files first. Re-measure and reorder when a file grows.
 */
const LONGEST_FIRST = [
  'test/e2e/security.test.ts', // 85 s, 80 s CPU
  'test/e2e/bootstrap-faults.test.ts', // 81 s, 16 s CPU
  'test/e2e/import.test.ts', // 73 s, 69 s CPU
  'test/e2e/command-failures.test.ts', // 52 s, 57 s CPU
  'test/e2e/package.test.ts', // 45 s, 57 s CPU
  'test/e2e/day-two-promote.test.ts', // 51 s, 34 s CPU
  'test/e2e/config.test.ts', // 50 s CPU
  'test/e2e/day-two-backups.test.ts', // 47 s, 23 s CPU
  'test/e2e/day-two-scale.test.ts', // 46 s, 37 s CPU
  'test/e2e/bootstrap-cost.test.ts', // 45 s, 27 s CPU
  'test/e2e/deploy.test.ts', // 40 s, 39 s CPU
  'test/e2e/bootstrap-concurrent.test.ts', // 38 s, 18 s CPU
  'test/e2e/day-two-acm.test.ts', // 36 s, 21 s CPU
  'test/e2e/telemetry.test.ts', // 25 s, 30 s CPU
  'test/e2e/verify.test.ts', // 28 s, 35 s CPU (the per-criterion kit:verify runs in-process)
  'test/e2e/fir.test.ts', // 27 s, 27 s CPU
  'test/e2e/interrupt.test.ts', // 27 s, 13 s CPU
  'test/e2e/features.test.ts', // 25 s, 16 s CPU
  'test/e2e/verify-init.test.ts', // 23 s, 14 s CPU
  'test/e2e/verify-fleet.test.ts', // 21 s, 15 s CPU
  'test/e2e/bootstrap.test.ts', // 21 s, 12 s CPU
  'test/e2e/help.test.ts', // 21 s, 14 s CPU
  'test/lib/init/generate.test.ts', // 19 s, 12 s CPU
  'test/e2e/bootstrap-acm.test.ts', // 18 s, 10 s CPU
  'test/lib/init/templates/workflows.test.ts', // 16 s, 11 s CPU
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
