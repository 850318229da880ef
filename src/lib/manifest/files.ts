/** Reading the manifest files of a repository directory. */
import {readdir, readFile, stat} from 'node:fs/promises'

import {KitError} from '../errors.js'
import {resolveInRepository} from '../fs.js'

/** Manifests are small: a bigger file is a mistake (or hostile), and parsing it whole would be one too. */
export const MAX_MANIFEST_BYTES = 1024 * 1024
/** Deeper nesting than any real app.json or heroku-kit.yml needs; beyond it parsers risk a stack overflow. */
export const MAX_MANIFEST_DEPTH = 64

/** Refuses a manifest text over MAX_MANIFEST_BYTES, naming the file. */
export function assertManifestSize(text: string, file: string): void {
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes > MAX_MANIFEST_BYTES) throw manifestTooLarge(file, bytes)
}

function manifestTooLarge(file: string, bytes: number): KitError {
  return new KitError(`${file} is ${(bytes / 1024 / 1024).toFixed(1)} MiB; heroku-kit reads manifests of at most 1 MiB. Nothing was sent.`, {
    code: 'manifest_too_large',
    suggestion: `Check ${file}: a real one is a few kilobytes.`,
  })
}

/**
 * Reads `dir/name` (refused when it is a link that leaves `dir`: fs.ts resolveInRepository); undefined when
 * absent. A file that differs only in case (`App.json`, `procfile`) is an
 * error: Heroku builds on Linux and only reads the exact name (and a case-insensitive disk would hide that).
 */
export async function readManifestFile(dir: string, name: string, lookalike: RegExp, reader = 'Heroku'): Promise<string | undefined> {
  let entries: string[]
  try {
    entries = await readdir(dir)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new KitError(`${dir} ${code === 'ENOENT' ? 'does not exist' : 'is not a directory'}`, {
        code: 'not_a_directory',
        suggestion: 'Run the command in your repository, or pass --dir.',
      })
    }

    throw error
  }

  if (!entries.includes(name)) {
    const near = entries.find(entry => lookalike.test(entry))
    if (near) {
      throw new KitError(`Found ${near} but not ${name}: ${reader} only reads a file named exactly ${name}.`, {
        code: 'misnamed_manifest',
        suggestion: `Rename it: git mv ${near} ${name}`,
      })
    }

    return undefined
  }

  const file = await resolveInRepository(dir, name, name) // a link out of the repository is refused
  const {size} = await stat(file)
  if (size > MAX_MANIFEST_BYTES) throw manifestTooLarge(name, size)
  return readFile(file, 'utf8')
}
