import {chmod, mkdir, rename, rm, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {KitError} from '../errors.js'
import type {InitPlan} from './plan.js'

/**
 * Writes the plan's files, all or nothing as far as the filesystem allows: every file is first written to a
 * temporary file next to its target, and only when all of them were written are they renamed into place.
 * Refuses (writes nothing) when the plan still has conflicts. Returns the paths written.
 */
export async function applyPlan(dir: string, plan: InitPlan): Promise<string[]> {
  if (plan.conflicts.length > 0) {
    throw new KitError(`${plan.conflicts.length} file(s) exist with other content: ${plan.conflicts.map(c => c.path).join(', ')}. Nothing was written.`, {
      code: 'init_conflicts',
      suggestion: 'Review the diffs, then run again with --force to overwrite them.',
    })
  }

  const staged: Array<{temp: string; target: string}> = []
  const createdDirs: string[] = []
  try {
    for (const file of plan.writes) {
      const target = path.join(dir, file.path)
      // eslint-disable-next-line no-await-in-loop -- sequential: a failure stops before anything is renamed
      const made = await mkdir(path.dirname(target), {recursive: true})
      if (made) createdDirs.push(made)
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.kit-init-${process.pid}.tmp`)
      // eslint-disable-next-line no-await-in-loop -- see above
      await writeFile(temp, file.content, {flag: 'wx', mode: file.fileMode ?? 0o644})
      // eslint-disable-next-line no-await-in-loop -- see above
      if (file.fileMode !== undefined) await chmod(temp, file.fileMode) // exactly 0600 for dotenv files, whatever the umask
      staged.push({temp, target})
    }
  } catch (error) {
    await Promise.all(staged.map(s => rm(s.temp, {force: true})))
    for (const made of createdDirs.reverse()) {
      await rm(made, {recursive: true, force: true}) // eslint-disable-line no-await-in-loop -- innermost directories first
    }

    const failed = path.relative(dir, staged.length < plan.writes.length ? path.join(dir, plan.writes[staged.length].path) : dir) || '.'
    throw new KitError(`Could not write ${failed}: ${(error as Error).message}. Nothing was written.`, {
      code: 'write_failed',
      cause: error,
    })
  }

  const written: string[] = []
  for (const [index, {temp, target}] of staged.entries()) {
    try {
      // eslint-disable-next-line no-await-in-loop -- in order
      await rename(temp, target)
      written.push(plan.writes[index].path)
    } catch (error) {
      await Promise.all(staged.slice(index).map(s => rm(s.temp, {force: true}))) // eslint-disable-line no-await-in-loop -- once: a throw follows
      const before = written.join(', ') || 'nothing'
      throw new KitError(`Could not write ${plan.writes[index].path}: ${(error as Error).message}. Written before the failure: ${before}.`, {
        code: 'write_failed',
        cause: error,
      })
    }
  }

  return written
}
