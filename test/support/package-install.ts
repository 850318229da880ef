import {execFile} from 'node:child_process'
import {mkdtemp, readdir, readFile, rm, stat} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'

import {writeShrinkwrap} from '../../scripts/shrinkwrap.js'
import {HerokuCli, ROOT, type RunResult} from './heroku-cli.js'

const run = promisify(execFile)

export interface PackedPackage {
  tarball: string
  /** paths inside the package, as `npm pack --json` lists them */
  files: string[]
  /** the tarball's size and its unpacked size, in bytes */
  size: number
  unpackedSize: number
  dispose: () => Promise<void>
}

/**
 * `npm pack` of the built repository (dist/ and oclif.manifest.json must exist: `npm run build`). With
 * --ignore-scripts: prepack would build again and rewrite README.md with `oclif readme`, and postpack would delete
 * the manifest of the working tree; the package holds the same files either way. prepack's last step, the
 * npm-shrinkwrap.json written from package-lock.json (scripts/shrinkwrap.ts), is done here the same way, and removed
 * after as postpack removes it.
 */
export async function packPlugin(): Promise<PackedPackage> {
  const dir = await mkdtemp(path.join(tmpdir(), 'heroku-kit-pack-'))
  const shrinkwrap = await writeShrinkwrap(ROOT)
  let stdout: string
  try {
    ;({stdout} = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {cwd: ROOT, maxBuffer: 16 * 1024 * 1024}))
  } finally {
    await rm(shrinkwrap, {force: true})
  }

  const [packed] = JSON.parse(stdout) as Array<{filename: string; files: Array<{path: string}>; size: number; unpackedSize: number}>
  return {
    tarball: path.join(dir, path.basename(packed.filename)),
    files: packed.files.map(f => f.path).sort(),
    size: packed.size,
    unpackedSize: packed.unpackedSize,
    dispose: () => rm(dir, {recursive: true, force: true}),
  }
}

/** npm's cache as the user running the tests has it (filled by `npm ci`); the scratch HOME has none. */
export async function npmCacheDir(): Promise<string> {
  if (process.env.npm_config_cache) return process.env.npm_config_cache
  return (await run('npm', ['config', 'get', 'cache'])).stdout.trim()
}

/**
 * What `heroku plugins:install` needs to run without the network: the real CLI installs a plugin by running npm
 * (its own pinned copy, @oclif/plugin-plugins → npm) in $XDG_DATA_HOME/heroku, which inherits npm_config_* from the
 * environment. Pointing npm at the warm cache with `offline` makes every dependency come from the cache, and a
 * missing one fail with ENOTCACHED instead of a download.
 */
export async function offlineNpmEnv(): Promise<Record<string, string>> {
  return {npm_config_cache: await npmCacheDir(), npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false'}
}

export interface InstalledPlugin {
  cli: HerokuCli
  install: RunResult
  /** where the CLI put the plugin: $XDG_DATA_HOME/heroku/node_modules/heroku-kit */
  dir: string
  /** $XDG_DATA_HOME/heroku/node_modules: the plugin and everything it brought */
  nodeModules: string
}

/** `heroku plugins:install file:TARBALL` into the real CLI (the devDependency) in a scratch HOME, offline. */
export async function installPlugin(tarball: string): Promise<InstalledPlugin> {
  const cli = await HerokuCli.createUnlinked()
  const install = await cli.raw(['plugins:install', `file:${tarball}`], {env: await offlineNpmEnv(), timeoutMs: 300_000})
  const nodeModules = path.join(cli.home, '.local', 'share', 'heroku', 'node_modules')
  return {cli, install, dir: path.join(nodeModules, 'heroku-kit'), nodeModules}
}

/** Bytes of the files under `nodeModules` (as `du --apparent-size` counts them), and how many packages it holds. */
export async function installedSize(nodeModules: string): Promise<{bytes: number; packages: number}> {
  let bytes = 0
  let packages = 0
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, {withFileTypes: true})) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) await walk(full)
      else if (entry.isFile()) {
        bytes += (await stat(full)).size
        if (entry.name === 'package.json' && isPackageRoot(dir)) packages++
      }
    }
  }

  await walk(nodeModules)
  return {bytes, packages}
}

/** node_modules/NAME or node_modules/@scope/NAME */
function isPackageRoot(dir: string): boolean {
  const parent = path.dirname(dir)
  return path.basename(parent) === 'node_modules' || (path.basename(parent).startsWith('@') && path.basename(path.dirname(parent)) === 'node_modules')
}

/** The installed plugin's oclif manifest, parsed. */
export async function installedManifest(dir: string): Promise<{version: string; commands: Record<string, unknown>}> {
  return JSON.parse(await readFile(path.join(dir, 'oclif.manifest.json'), 'utf8'))
}
