import {execFile} from 'node:child_process'
import {existsSync} from 'node:fs'
import {cp, mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {promisify} from 'node:util'

import {expect} from 'chai'

import {ROOT} from '../support/heroku-cli.js'
import {checkJsonFailures} from '../support/command-failures.js'
import {installedManifest, type InstalledPlugin, installPlugin, installedSize, type PackedPackage, packPlugin} from '../support/package-install.js'

const run = promisify(execFile)

/** One fixture app per language and the health and logging files kit:init writes for it (from templates/files/). */
const HEALTH_FILES: Record<string, string[]> = {
  express: ['health.js', 'logger.js'],
  flask: ['health.py', 'logging_config.py'],
  rails: ['app/controllers/health_controller.rb', 'config/heroku_logging.rb'],
  go: ['health.go', 'logging.go'],
}

/**
 * The package a user installs: `npm pack`, then `heroku plugins:install file:TARBALL` into the real CLI (no link),
 * offline from npm's cache. Needs `npm run build` first.
 */
describe('e2e: the packed plugin installs into the real heroku CLI', function () {
  this.timeout(600_000)
  let packed: PackedPackage
  let installed: InstalledPlugin

  before(async () => {
    packed = await packPlugin()
    installed = await installPlugin(packed.tarball)
  })

  after(async () => {
    await installed?.cli.dispose()
    await packed?.dispose()
  })

  it('packs the built plugin, its manifest, npm-shrinkwrap.json, README and LICENSE, and no sources or tests', () => {
    const top = ['package.json', 'oclif.manifest.json', 'npm-shrinkwrap.json', 'README.md', 'LICENSE']
    for (const file of [...top, 'dist/index.js', 'dist/commands/kit/bootstrap.js']) {
      expect(packed.files, file).to.include(file)
    }

    const outside = packed.files.filter(f => !f.startsWith('dist/') && !top.includes(f))
    expect(outside, 'files outside dist/').to.deep.equal([])
    // the templates of the files kit:init generates are not the plugin's sources: NestJS apps get TypeScript files
    const templates = 'dist/lib/init/templates/files/'
    const sources = packed.files.filter(
      f => (f.endsWith('.ts') && !f.startsWith(templates)) || f.startsWith('src/') || f.startsWith('test/') || f.includes('.env'),
    )
    expect(sources, 'sources, tests, env files').to.deep.equal([])
    expect(packed.files.filter(f => f.startsWith(templates) && f.endsWith('.ts')).sort(), 'TypeScript templates').to.deep.equal(
      ['check-database-pg.ts', 'check-redis-ioredis.ts', 'check-redis-redis.ts', 'health.controller.ts', 'logger.ts'].map(name => `${templates}node/${name}`),
    )
  })

  it('installs with `heroku plugins:install file:…` as a user plugin, not a link', async () => {
    expect(installed.install.code, installed.install.output).to.equal(0)
    expect(installed.install.output).to.include('installed v0.1.0')
    const plugins = await installed.cli.raw(['plugins'])
    expect(plugins.code, plugins.output).to.equal(0)
    expect(plugins.stdout).to.match(/^heroku-kit 0\.1\.0$/m) // a linked plugin would say "(link)"
  })

  it('issue 19.10: ships npm-shrinkwrap.json, package-lock.json without dev dependencies or the workspace, written for the pack only', async () => {
    const lock = JSON.parse(await readFile(path.join(ROOT, 'package-lock.json'), 'utf8')) as {packages: Record<string, {version?: string; dev?: boolean}>}
    const {stdout} = await run('tar', ['-xOzf', packed.tarball, 'package/npm-shrinkwrap.json'], {maxBuffer: 16 * 1024 * 1024})
    const shipped = JSON.parse(stdout) as {lockfileVersion: number; packages: Record<string, {version?: string; dev?: boolean; devDependencies?: unknown}>}
    const production = Object.entries(lock.packages).filter(
      ([location, entry]) => location.startsWith('node_modules/') && !entry.dev && !location.endsWith('heroku-emulator'),
    )
    expect(
      Object.keys(shipped.packages)
        .filter(location => location !== '')
        .sort(),
    ).to.deep.equal(production.map(([location]) => location).sort())
    for (const [location, entry] of production) expect(shipped.packages[location].version, location).to.equal(entry.version)
    for (const name of ['yaml', '@oclif/core', '@heroku-cli/command']) expect(shipped.packages[`node_modules/${name}`], name).to.not.equal(undefined)
    expect(shipped.packages[''].devDependencies).to.equal(undefined)
    expect(Object.values(shipped.packages).some(entry => entry.dev)).to.equal(false)
    // at the root npm would prefer it to package-lock.json, and `npm ci` would install the production tree only
    expect(existsSync(path.join(ROOT, 'npm-shrinkwrap.json')), 'left at the repository root').to.equal(false)
  })

  it('brings no ink, React or ssh2 (whose install script makes npm warn on every install)', () => {
    expect(installed.install.output).not.to.include('install-scripts') // npm 11: "packages have install scripts not yet covered by allowScripts"
    for (const name of ['ink', 'react', 'ssh2', 'cpu-features', '@heroku/heroku-cli-util', 'ajv']) {
      // at the top, or inside the plugin where npm puts a shrinkwrapped package's tree
      expect(existsSync(path.join(installed.nodeModules, name)) || existsSync(path.join(installed.dir, 'node_modules', name)), name).to.equal(false)
    }
  })

  it('says where it comes from: repository, homepage, bugs and engines in the installed package.json', async () => {
    const pjson = JSON.parse(await readFile(path.join(installed.dir, 'package.json'), 'utf8'))
    expect(pjson.repository?.url).to.match(/^git\+https:\/\/github\.com\/.+\.git$/)
    expect(pjson.homepage).to.match(/^https:\/\//)
    expect(pjson.bugs?.url).to.match(/^https:\/\/.+\/issues$/)
    expect(pjson.engines?.node).to.match(/^>=20/)
  })

  it("--json failures from the installed copy (whose oclif is not the CLI's): stdout one JSON document, no EEXIT on stderr", async () => {
    const {problems} = await checkJsonFailures((args, cwd) => installed.cli.raw(args, {cwd, env: {HEROKU_API_KEY: undefined}}))
    expect(problems).to.deep.equal([])
  })

  it('runs kit:bootstrap --help from the installed copy', async () => {
    const help = await installed.cli.raw(['kit:bootstrap', '--help'])
    expect(help.code, help.output).to.equal(0)
    expect(help.stdout).to.include('create or converge the whole pipeline the repository declares')
    expect(help.stdout).to.include('$ heroku kit:bootstrap')
    expect(help.stdout).to.include('--dry-run')
  })

  it('ships the oclif manifest with every kit command, for the version installed', async () => {
    const manifest = await installedManifest(installed.dir)
    expect(manifest.version).to.equal('0.1.0')
    expect(Object.keys(manifest.commands).sort()).to.include.members([
      'kit:bootstrap',
      'kit:config:pull',
      'kit:config:sync',
      'kit:init',
      'kit:promote',
      'kit:scale',
      'kit:verify',
    ])
  })

  it('loads its ESM entry (package.json exports) by package name', async () => {
    const script = `const kit = await import('heroku-kit'); if (typeof kit.KitError !== 'function') throw new Error('no KitError export'); console.log('ok')`
    const {stdout} = await run(process.execPath, ['--input-type=module', '-e', script], {cwd: path.dirname(installed.nodeModules)})
    expect(stdout.trim()).to.equal('ok')
    expect(existsSync(new URL('dist/index.js', pathToFileURL(`${installed.dir}/`)))).to.equal(true)
  })

  it('ships the templates of the generated files: kit:init from the installed copy writes every health and logging file', async () => {
    expect(packed.files, 'a template').to.include('dist/lib/init/templates/files/python/health.py')
    const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'init')
    for (const [fixture, files] of Object.entries(HEALTH_FILES)) {
      const dir = await mkdtemp(path.join(tmpdir(), `kit-init-installed-${fixture}-`))
      try {
        await cp(path.join(fixtures, fixture), dir, {recursive: true})
        const init = await installed.cli.raw(['kit:init', '--dir', dir, '--pipeline', 'shop'], {env: {HEROKU_API_KEY: undefined}})
        expect(init.code, init.output).to.equal(0)
        for (const file of files) expect(await readFile(path.join(dir, file), 'utf8'), `${fixture}: ${file}`).to.include('Generated by heroku kit:init')
        expect(await readFile(path.join(dir, '.github/workflows/ci.yml'), 'utf8'), `${fixture}: ci.yml`).to.include('name: CI')
      } finally {
        await rm(dir, {recursive: true, force: true})
      }
    }
  })

  it('counts what it installed: packages and bytes (the figures npm run bench prints)', async () => {
    const size = await installedSize(installed.nodeModules)
    expect(size.packages).to.be.greaterThan(10)
    expect(size.bytes).to.be.greaterThan(packed.unpackedSize)
  })
})
