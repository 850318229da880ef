/** Reading the manifest files of a repository directory. */
import {readdir, readFile} from 'node:fs/promises'
import path from 'node:path'

import {KitError} from '../errors.js'

/**
 * Reads `dir/name`; undefined when absent. A file that differs only in case (`App.json`, `procfile`) is an
 * error: Heroku builds on Linux and only reads the exact name (and a case-insensitive disk would hide that).
 */
export async function readManifestFile(dir: string, name: string, lookalike: RegExp, reader = 'Heroku'): Promise<string | undefined> {
  let entries: string[]
  try {
    entries = await readdir(dir)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new KitError(`${dir} ${code === 'ENOENT' ? 'does not exist' : 'is not a directory'}`, {code: 'not_a_directory', suggestion: 'Run the command in your repository, or pass --dir.'})
    }

    throw error
  }

  if (!entries.includes(name)) {
    const near = entries.find(entry => lookalike.test(entry))
    if (near) {
      throw new KitError(`Found ${near} but not ${name}: ${reader} only reads a file named exactly ${name}.`, {code: 'misnamed_manifest', suggestion: `Rename it: git mv ${near} ${name}`})
    }

    return undefined
  }

  return readFile(path.join(dir, name), 'utf8')
}
