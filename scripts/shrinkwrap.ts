/**
 * npm-shrinkwrap.json for the published package, so that `heroku plugins:install heroku-kit@<version>` installs the
 * dependency tree that was tested (package-lock.json's), not whatever the `^` ranges resolve to on the day of the
 * install, in the CI job that then gets the Heroku key. npm honours a dependency's npm-shrinkwrap.json (never its
 * package-lock.json) and installs that tree inside the package's own node_modules.
 *
 * Written at pack time (`prepack`, removed again by `postpack`), never committed: with npm-shrinkwrap.json at the
 * repository root, npm would use it instead of package-lock.json ("If both package-lock.json and npm-shrinkwrap.json
 * are present in a package root, npm-shrinkwrap.json will be preferred", npm docs, npm-shrinkwrap.json), and
 * `npm ci` would install the production tree only — no compiler, linter or test runner. package-lock.json stays the
 * lock for development.
 *
 * npm learns that a package has a shrinkwrap from the registry's metadata (`_hasShrinkwrap`, which @npmcli/arborist
 * reads), so an install from the registry uses it; an install of a `file:` tarball (as the e2e package test does) does
 * not: that test checks the file in the tarball.
 *
 * The shrinkwrap is package-lock.json without what a published package doesn't install: devDependencies (entries
 * flagged `dev`), the npm workspace (packages/heroku-emulator and its link), and the root's devDependencies and
 * workspaces fields. Run: `tsx scripts/shrinkwrap.ts` (writes ./npm-shrinkwrap.json next to package.json).
 */
import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

export const SHRINKWRAP = 'npm-shrinkwrap.json'

interface LockEntry {
  dev?: boolean
  link?: boolean
  [field: string]: unknown
}

interface Lockfile {
  name: string
  version: string
  lockfileVersion: number
  requires?: boolean
  packages: Record<string, LockEntry>
}

/** The production part of a package-lock.json (lockfileVersion 2 or 3), as a shrinkwrap of the same format. */
export function productionShrinkwrap(lock: Lockfile): Lockfile {
  if (lock.lockfileVersion < 2 || !lock.packages) throw new Error(`package-lock.json has lockfileVersion ${lock.lockfileVersion}; npm 7 or later writes 2 or 3`)
  const packages: Record<string, LockEntry> = {}
  for (const [location, entry] of Object.entries(lock.packages)) {
    if (location === '') {
      const {devDependencies: _dev, workspaces: _workspaces, ...root} = entry
      packages[''] = root
    } else if (location.startsWith('node_modules/') && !entry.dev && !entry.link) {
      packages[location] = entry
    }
  }

  return {name: lock.name, version: lock.version, lockfileVersion: lock.lockfileVersion, requires: true, packages}
}

/** Writes `dir`/npm-shrinkwrap.json from `dir`/package-lock.json; returns its path. */
export async function writeShrinkwrap(dir: string): Promise<string> {
  const lock = JSON.parse(await readFile(path.join(dir, 'package-lock.json'), 'utf8')) as Lockfile
  const file = path.join(dir, SHRINKWRAP)
  await writeFile(file, `${JSON.stringify(productionShrinkwrap(lock), null, 2)}\n`)
  return file
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeShrinkwrap(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'))
}
