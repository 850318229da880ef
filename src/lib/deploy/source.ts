/**
 * The code a deploy ships: a commit of the repository, as the gzipped tarball `git archive` makes of it —
 * committed files only, `.slugignore` honoured — written by git to a temporary file (never in this process's memory),
 * so that the upload can send it with its Content-Length.
 *
 * Only git reads the repository: nothing here opens a file of the working tree, so symlinks in it cannot point the
 * tarball at files outside it (git archives a symlink as a symlink, like `git push heroku` would).
 */
import {spawn} from 'node:child_process'
import {mkdtemp, open, rm, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {KitError} from '../errors.js'

export interface Commit {
  /** full 40-hex SHA */
  sha: string
  subject: string
  /** the ref as given */
  ref: string
  /** the directory inside the repository that is the app ('' at the top) */
  prefix: string
  /** the repository's top directory */
  toplevel: string
  /** the working tree has changes that are not in the commit (they are not deployed) */
  dirty: boolean
}

export interface Tarball {
  path: string
  size: number
  /** .slugignore patterns applied */
  ignored: string[]
  remove(): Promise<void>
}

interface GitResult {
  code: number
  stdout: string
  stderr: string
}

function git(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {cwd, stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C'}})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    child.on('error', error =>
      reject(
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? new KitError('git is not installed (or not on PATH): kit:deploy ships a commit, made with `git archive`.', {code: 'git_missing'})
          : error,
      ),
    )
    child.on('close', code => resolve({code: code ?? 1, stdout, stderr}))
  })
}

/** The commit `ref` names in the repository at `dir`, or a KitError saying what is wrong. Reads only. */
export async function resolveCommit(dir: string, ref: string): Promise<Commit> {
  if (ref.startsWith('-') || /[\0\s]/.test(ref))
    throw new KitError(`--ref ${JSON.stringify(ref)} is not a git ref.`, {
      code: 'invalid_flags',
      suggestion: 'Pass a branch, tag or commit, e.g. --ref main. Nothing was sent.',
    })
  const top = await git(dir, ['rev-parse', '--show-toplevel', '--show-prefix'])
  if (top.code !== 0) {
    throw new KitError(`${dir} is not in a git repository: kit:deploy ships a commit.`, {
      code: 'not_a_repository',
      suggestion: 'Run it in the repository (or pass --dir), after `git commit`. Nothing was sent.',
    })
  }

  const [toplevel, prefix = ''] = top.stdout.split('\n')
  const resolved = await git(dir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
  if (resolved.code !== 0) {
    const shallow = (await git(dir, ['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true'
    throw new KitError(`${ref} is not a commit of the repository at ${toplevel}.`, {
      code: 'unknown_ref',
      suggestion: shallow
        ? 'This is a shallow clone: fetch the ref first (`git fetch --depth=1 origin REF`), or deploy the checked-out commit (no --ref). Nothing was sent.'
        : 'Check it with `git log REF`; without --ref the checked-out commit (HEAD) is deployed. Nothing was sent.',
    })
  }

  const sha = resolved.stdout.trim()
  const [subject, status] = await Promise.all([
    git(dir, ['log', '-1', '--format=%s', sha]),
    git(dir, ['status', '--porcelain', '--untracked-files=no', '--', '.']),
  ])
  return {sha, subject: subject.stdout.trim(), ref, prefix: prefix.trim(), toplevel: toplevel.trim(), dirty: status.stdout.trim() !== ''}
}

/**
 * `.slugignore` lines as git attributes that make `git archive` leave the files out (`export-ignore`). Both files
 * use gitignore-style patterns; a directory pattern also needs `/**` in attributes to cover what is inside.
 * Comments, blank lines and negations (which .slugignore does not support) are skipped; patterns with spaces are
 * written quoted.
 */
export function slugignoreAttributes(text: string): {attributes: string; patterns: string[]} {
  const patterns = text
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith('#') && !line.startsWith('!'))
  const quote = (pattern: string): string => (/[\s"\\]/.test(pattern) ? JSON.stringify(pattern) : pattern)
  const lines: string[] = []
  for (const pattern of patterns) {
    const base = pattern.replace(/\/+$/, '')
    if (base === '' || base === '/') continue
    if (!pattern.endsWith('/')) lines.push(`${quote(base)} export-ignore`)
    if (!base.endsWith('/**')) lines.push(`${quote(`${base}/**`)} export-ignore`)
  }

  return {attributes: lines.length > 0 ? `${lines.join('\n')}\n` : '', patterns}
}

/**
 * The gzipped tarball of `commit` (its app directory when the app is a subdirectory of the repository), with the
 * commit's own .slugignore applied, in a temporary file. Heroku removes .slugignore'd files before the build
 * anyway: leaving them out only makes the upload smaller.
 */
export async function createTarball(commit: Commit): Promise<Tarball> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'heroku-kit-deploy-'))
  const remove = () => rm(scratch, {recursive: true, force: true})
  try {
    const prefix = commit.prefix.replace(/\/$/, '')
    const treeish = prefix ? `${commit.sha}:${prefix}` : commit.sha
    const slugignore = await git(commit.toplevel, ['show', prefix ? `${commit.sha}:${prefix}/.slugignore` : `${commit.sha}:.slugignore`])
    const {attributes, patterns} = slugignore.code === 0 ? slugignoreAttributes(slugignore.stdout) : {attributes: '', patterns: []}
    const args: string[] = []
    if (attributes) {
      const file = path.join(scratch, 'attributes')
      await writeFile(file, attributes)
      args.push('-c', `core.attributesFile=${file}`)
    }

    const file = path.join(scratch, 'source.tgz')
    // git writes the gzipped tarball straight into the file: none of it passes through this process, whose memory
    // would otherwise fill with spent buffers (about 30 MB of them before the garbage collector runs) for a tarball
    // of any size. git gzips it itself (since git 2.38; before, through `gzip -cn`), at gzip's default level, 6.
    const out = await open(file, 'wx', 0o600)
    let stderr = ''
    let exited: Promise<number>
    try {
      const child = spawn('git', [...args, 'archive', '--format=tar.gz', treeish], {
        cwd: commit.toplevel,
        stdio: ['ignore', out.fd, 'pipe'],
        env: {...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C'},
      })
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk
      })
      exited = new Promise<number>((resolve, reject) => {
        child.on('error', reject)
        child.on('close', code => resolve(code ?? 1))
      })
    } finally {
      // git has its own copy of the descriptor once started
      await out.close()
    }

    const code = await exited
    if (code !== 0) throw new KitError(`git archive ${treeish} failed: ${stderr.trim() || `exit ${code}`}`, {code: 'archive_failed'})
    const {size} = await stat(file)
    return {path: file, size, ignored: patterns, remove}
  } catch (error) {
    await remove()
    throw error
  }
}
