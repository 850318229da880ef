import {access} from 'node:fs/promises'
import path from 'node:path'

/** Whether a path exists (any kind of file): `exists(file)`, or `exists(dir, relative)` for a path under dir. */
export async function exists(...segments: string[]): Promise<boolean> {
  try {
    await access(path.join(...segments))
    return true
  } catch {
    return false
  }
}

/**
 * How to name a file in messages: relative to the working directory when it is inside it,
 * else the absolute path (never a chain of `../`, which is hard to read and to copy).
 */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const absolute = path.resolve(cwd, file)
  const relative = path.relative(cwd, absolute)
  if (relative === '') return '.'
  return relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative
}
