import {randomBytes} from 'node:crypto'
import {constants} from 'node:fs'
import {access, lstat, open, readdir, realpath, rename, rm} from 'node:fs/promises'
import path from 'node:path'

import {KitError} from './errors.js'
import {escapeRegExp} from './regexp.js'

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

/**
 * Where a file the kit reads from the repository (heroku-kit.yml, app.json, Procfile, heroku.yml, a stage's config
 * file, a workflow, a source file…) really is: its path with every link resolved, refused when that leaves the
 * repository root `root` — a link to ~/.netrc or to another project's .env must not be read, parsed, echoed in an
 * error or sent to Heroku. A link that stays inside the repository is fine. The one rule for every such read: callers
 * read the returned path (so a link changed after this check is not followed). A path that doesn't exist (or a
 * dangling link) comes back as given: reading it then fails as a missing file.
 */
export async function resolveInRepository(root: string, file: string, display: string = displayPath(path.resolve(root, file))): Promise<string> {
  const absolute = path.resolve(root, file)
  let real: string
  let realRoot: string
  try {
    ;[real, realRoot] = await Promise.all([realpath(absolute), realpath(root)])
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return absolute
    throw error
  }

  const relative = path.relative(realRoot, real)
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new KitError(`${display} is a link to a file outside the repository; heroku-kit reads only files inside it. Nothing was sent.`, {
      code: 'outside_repository',
      suggestion: `Replace ${display} with a regular file (or a link to a file inside ${displayPath(root)}).`,
    })
  }

  return real
}

/**
 * Refuse a symlink at `file` (also a dangling one): heroku-kit never reads a secret file through a link (the
 * link may point at ~/.netrc) nor writes through one (the secrets would land wherever it points). With `under`,
 * every directory between `under` and `file` is checked too. Missing paths are fine (nothing to follow).
 */
export async function refuseSymlink(file: string, options: {display?: string; under?: string} = {}): Promise<void> {
  const display = options.display ?? displayPath(file)
  const chain = [file]
  if (options.under) {
    const relative = path.relative(options.under, file)
    if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
      const parts = relative.split(path.sep)
      for (let i = parts.length - 1; i > 0; i--) chain.push(path.join(options.under, ...parts.slice(0, i)))
    }
  }

  for (const candidate of chain) {
    let info
    try {
      info = await lstat(candidate) // eslint-disable-line no-await-in-loop -- a few components
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'ENOTDIR') continue
      throw error
    }

    if (info.isSymbolicLink()) {
      const which = candidate === file ? display : `${displayPath(candidate)} (a directory on the way to ${display})`
      throw new KitError(`${which} is a symbolic link; heroku-kit does not read or write files through links. Nothing was written.`, {
        code: 'symlink_refused',
        suggestion: `Replace the link with a regular file (rm ${displayPath(candidate)}), or pass the real path instead.`,
      })
    }
  }
}

/** Text of `file`, or undefined when it doesn't exist; refuses a symlink (O_NOFOLLOW, so no race with lstat). */
export async function readFileNoFollow(file: string, display: string = displayPath(file)): Promise<string | undefined> {
  let handle
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return undefined
    if (code === 'ELOOP') await refuseSymlink(file, {display})
    throw error
  }

  try {
    return await handle.readFile('utf8')
  } finally {
    await handle.close()
  }
}

/**
 * Write `content` to `target` without ever following a link and without a moment where `target` is half-written:
 * a temporary file in the same directory, created exclusively (O_EXCL) with `mode` (default 0600), then renamed
 * over the target (rename replaces a link itself, never what it points at). The temporary file is removed on error.
 */
export async function writeFileAtomic(target: string, content: string, options: {mode?: number} = {}): Promise<void> {
  const mode = options.mode ?? 0o600
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`)
  try {
    const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode)
    try {
      await handle.writeFile(content)
      await handle.chmod(mode) // exactly `mode`, whatever the umask
    } finally {
      await handle.close()
    }

    await rename(temp, target)
  } catch (error) {
    await rm(temp, {force: true})
    throw error
  }
}

const TEMP_SUFFIX = '.tmp'

/** A write still in progress is never older than this; older temporary files are left-overs whatever their pid. */
const TEMP_MAX_AGE_MS = 60 * 60_000

/**
 * Remove the temporary files that `writeFileAtomic(target)` left behind when its process was killed between creating
 * and renaming one (`.NAME.PID.RANDOM.tmp` next to `target`): those whose process is gone, or that are older than an
 * hour. A write of another process still running is left alone; links and directories are never touched. Returns
 * the names removed.
 */
export async function removeStaleTempFiles(target: string, now: number = Date.now()): Promise<string[]> {
  const dir = path.dirname(target)
  const pattern = new RegExp(`^\\.${escapeRegExp(path.basename(target))}\\.(\\d+)\\.[0-9a-f]{12}${escapeRegExp(TEMP_SUFFIX)}$`)
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return []
  }

  const removed: string[] = []
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1])
    if (!pid) continue
    const file = path.join(dir, name)
    const info = await lstat(file).catch(() => undefined) // eslint-disable-line no-await-in-loop -- a few files at most
    if (!info?.isFile()) continue
    if (pid !== process.pid && processRuns(pid) && now - info.mtimeMs < TEMP_MAX_AGE_MS) continue
    await rm(file, {force: true}) // eslint-disable-line no-await-in-loop -- a few files at most
    removed.push(name)
  }

  return removed
}

/** Whether a process with this id exists (signal 0 only checks; EPERM: it exists, owned by someone else). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
