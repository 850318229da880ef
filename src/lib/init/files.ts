import {readFile, readdir, stat} from 'node:fs/promises'
import path from 'node:path'

import {KitError} from '../errors.js'
import {resolveInRepository} from '../fs.js'

/**
 * Reads `rel` under `dir`: its text, or undefined when it doesn't exist. A link that leaves `dir` is refused
 * (fs.ts resolveInRepository); anything else is a KitError naming the file.
 */
export async function readOptional(dir: string, rel: string): Promise<string | undefined> {
  try {
    return await readFile(await resolveInRepository(dir, rel, rel), 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    if (error instanceof KitError) throw error
    throw unreadable(rel, error)
  }
}

export function unreadable(rel: string, error: unknown): KitError {
  const code = (error as NodeJS.ErrnoException).code
  const why = code === 'EISDIR' ? 'it is a directory, not a file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message
  return new KitError(`Can't read ${rel}: ${why}. Nothing was written.`, {
    code: 'unreadable_file',
    suggestion:
      code === 'EISDIR' ? `Remove or rename the directory ${rel}, then run kit:init again.` : `Make ${rel} readable (or remove it), then run kit:init again.`,
    cause: error,
  })
}

export async function isDirectory(dir: string, rel: string): Promise<boolean> {
  try {
    return (await stat(path.join(dir, rel))).isDirectory()
  } catch {
    return false
  }
}

/** Sorted entry names of a directory ([] when it is missing or unreadable). */
export async function list(dir: string, rel = '.'): Promise<string[]> {
  try {
    return (await readdir(path.join(dir, rel))).sort()
  } catch {
    return []
  }
}

const SKIP_DIRS = new Set([
  'node_modules',
  '.git',
  '.venv',
  'venv',
  'env',
  '__pycache__',
  'vendor',
  'dist',
  'build',
  '.next',
  'tmp',
  'log',
  'coverage',
  'public',
  'static',
  'bin',
  '.bundle',
  'test',
  'tests',
  'spec',
  '.github',
])

/**
 * Source files (by extension) under `dir`, breadth-first, sorted, skipping dependency and build directories,
 * at most `limit` files and `depth` levels. Used to find env var reads and app objects; best effort.
 */
export async function sourceFiles(dir: string, extensions: string[], options: {limit?: number; depth?: number; exclude?: Set<string>} = {}): Promise<string[]> {
  const limit = options.limit ?? 400
  const depth = options.depth ?? 6
  const out: string[] = []
  let level: string[] = ['']
  for (let d = 0; d <= depth && level.length > 0 && out.length < limit; d++) {
    const next: string[] = []
    for (const rel of level) {
      // eslint-disable-next-line no-await-in-loop -- bounded breadth-first walk, deterministic order
      const entries = await readdirTyped(path.join(dir, rel))
      for (const entry of entries) {
        const child = rel ? `${rel}/${entry.name}` : entry.name
        if (entry.isDirectory()) {
          if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) next.push(child)
        } else if (entry.isFile() && extensions.some(e => entry.name.endsWith(e)) && !options.exclude?.has(child)) {
          out.push(child)
          if (out.length >= limit) break
        }
      }

      if (out.length >= limit) break
    }

    level = next
  }

  return out
}

async function readdirTyped(dir: string): Promise<Array<{name: string; isDirectory(): boolean; isFile(): boolean}>> {
  try {
    const entries = await readdir(dir, {withFileTypes: true})
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  } catch {
    return []
  }
}

/** Reads a source file for scanning; unreadable or large files, and links out of `dir`, are skipped (undefined). */
export async function readSource(dir: string, rel: string): Promise<string | undefined> {
  try {
    const file = await resolveInRepository(dir, rel, rel)
    const info = await stat(file)
    if (info.size > 512 * 1024) return undefined
    return await readFile(file, 'utf8')
  } catch {
    return undefined
  }
}
