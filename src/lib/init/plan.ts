import path from 'node:path'

import {KitError} from '../errors.js'
import {readFileNoFollow, refuseSymlink} from '../fs.js'
import {unifiedDiff} from './diff.js'
import {unreadable} from './files.js'
import type {GeneratedFile} from './types.js'

/**
 * What happens to one file: `create` (absent), `unchanged` (already exactly this), `append` (lines added to an
 * existing file, e.g. .gitignore; never destructive), `conflict` (exists with other content: needs --force),
 * `merge` (missing parts added to a file the user wrote, e.g. a Procfile; nothing of theirs changes),
 * `overwrite` (a conflict with --force).
 */
export type FileAction = 'create' | 'unchanged' | 'append' | 'merge' | 'conflict' | 'overwrite'

export interface PlannedFile {
  path: string
  action: FileAction
  purpose: string
  /** the full content the file will have after writing */
  content: string
  /** unified diff from the file on disk, for conflict/overwrite/append/merge (never for a dotenv file: it holds secrets) */
  diff?: string
  /** dotenv files: the keys appended to an existing file */
  addedKeys?: string[]
  /** permission bits to write the file with (0600 for dotenv files); default 0644 less the umask */
  fileMode?: number
  /** for merged files: what was kept although kit:init would write it differently (one line each) */
  notes?: string[]
}

export interface InitPlan {
  files: PlannedFile[]
  conflicts: PlannedFile[]
  /** files that would be written (create, append, merge, overwrite) */
  writes: PlannedFile[]
}

/** Lines of an append-mode file that are rules (not comments or blank). */
function ruleLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l !== '' && !l.startsWith('#'))
}

/** Existing text plus the missing rule lines of `wanted` (with its comment header), or undefined when nothing is missing. */
export function appendMissing(existing: string, wanted: string): string | undefined {
  const present = new Set(ruleLines(existing))
  const missing = ruleLines(wanted).filter(l => !present.has(l))
  if (missing.length === 0) return undefined
  const header = wanted.split('\n').filter(l => l.trim().startsWith('#'))
  const base = existing === '' || existing.endsWith('\n') ? existing : `${existing}\n`
  const gap = base.trim() === '' ? '' : '\n'
  return `${base}${gap}${[...header, ...missing].join('\n')}\n`
}

/** Keys a dotenv text sets or names in a commented placeholder (`# KEY=`), line by line; never fails. */
export function dotenvKeysMentioned(text: string): Set<string> {
  const keys = new Set<string>()
  for (const line of text.split(/\r?\n/)) {
    const match = /^[ \t]*(?:#[ \t]*)?(?:export[ \t]+)?([A-Za-z_]\w*)[ \t]*=/.exec(line)
    if (match) keys.add(match[1])
  }

  return keys
}

/**
 * A generated dotenv file against an existing one: the lines of `wanted` for keys the existing file neither sets
 * nor mentions (as a `# KEY=` placeholder), appended under a comment; undefined when none is missing.
 * The existing text is never changed, only added to.
 */
export function appendMissingKeys(existing: string, wanted: string): {content: string; keys: string[]} | undefined {
  const present = dotenvKeysMentioned(existing)
  const lines: string[] = []
  const keys: string[] = []
  for (const line of wanted.split('\n')) {
    const [key] = dotenvKeysMentioned(line)
    if (key !== undefined && !present.has(key) && !keys.includes(key)) {
      lines.push(line)
      keys.push(key)
    }
  }

  if (keys.length === 0) return undefined
  const base = existing === '' || existing.endsWith('\n') ? existing : `${existing}\n`
  return {content: `${base}\n# Added by heroku kit:init: keys the app reads that this file did not have.\n${lines.join('\n')}\n`, keys}
}

/** Reads a file for planning: refuses a symlink (the file itself or a directory on the way), undefined when absent. */
async function readForPlan(dir: string, rel: string): Promise<string | undefined> {
  const file = path.join(dir, rel)
  await refuseSymlink(file, {display: rel, under: dir})
  try {
    return await readFileNoFollow(file, rel)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined
    if (error instanceof KitError) throw error
    throw unreadable(rel, error)
  }
}

/**
 * Compares each generated file with the disk. Reads only; an unreadable existing file is a KitError naming it,
 * a symlink is refused (a link named .env.staging may point at ~/.netrc).
 */
export async function planFiles(dir: string, files: GeneratedFile[], options: {force?: boolean} = {}): Promise<InitPlan> {
  const planned: PlannedFile[] = []
  for (const file of files) {
    // eslint-disable-next-line no-await-in-loop -- in order, so the first unreadable file is the one reported
    const existing = await readForPlan(dir, file.path)
    const base = {path: file.path, purpose: file.purpose, ...(file.mode === 'dotenv' ? {fileMode: 0o600} : {})}
    if (existing === undefined) {
      planned.push({...base, action: 'create', content: file.content})
    } else if (file.mode === 'dotenv') {
      // create-only: may hold real secrets, so never diffed, never replaced (not even with --force)
      const appended = appendMissingKeys(existing, file.content)
      if (appended === undefined) planned.push({...base, action: 'unchanged', content: existing})
      else {
        const purpose = `${file.purpose}; adds ${appended.keys.join(', ')}`
        planned.push({...base, action: 'append', content: appended.content, addedKeys: appended.keys, purpose})
      }
    } else if (file.mode === 'append') {
      const content = appendMissing(existing, file.content)
      if (content === undefined) planned.push({...base, action: 'unchanged', content: existing})
      else planned.push({...base, action: 'append', content, diff: unifiedDiff(existing, content, `a/${file.path}`, `b/${file.path}`)})
    } else if (file.mode === 'merge' && file.merge) {
      const merged = file.merge(existing)
      const notes = merged?.kept.length ? {notes: merged.kept} : {}
      if (merged === undefined) {
        planned.push({
          ...base,
          action: options.force ? 'overwrite' : 'conflict',
          content: file.content,
          notes: [`${file.path} can't be merged (not valid JSON / not an object): kit:init would replace it`],
          diff: unifiedDiff(existing, file.content, `a/${file.path} (on disk)`, `b/${file.path} (kit:init)`),
        })
      } else if (merged.content === existing) {
        planned.push({...base, action: 'unchanged', content: existing, ...notes})
      } else {
        const diff = unifiedDiff(existing, merged.content, `a/${file.path}`, `b/${file.path}`)
        planned.push({...base, action: 'merge', content: merged.content, ...notes, diff})
      }
    } else if (existing === file.content) {
      planned.push({...base, action: 'unchanged', content: existing})
    } else {
      planned.push({
        ...base,
        action: options.force ? 'overwrite' : 'conflict',
        content: file.content,
        diff: unifiedDiff(existing, file.content, `a/${file.path} (on disk)`, `b/${file.path} (kit:init)`),
      })
    }
  }

  return {
    files: planned,
    conflicts: planned.filter(f => f.action === 'conflict'),
    writes: planned.filter(f => f.action === 'create' || f.action === 'append' || f.action === 'merge' || f.action === 'overwrite'),
  }
}
