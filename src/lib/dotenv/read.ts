import {isUtf8} from 'node:buffer'
import {type FileHandle, open} from 'node:fs/promises'
import {resolve} from 'node:path'

import {FileIssuesError, KitError} from '../errors.js'
import {type DotenvEntry, type DotenvLeftOut, parseDotenvText} from './parse.js'

export interface DotenvFile {
  /** the name used in messages */
  file: string
  entries: DotenvEntry[]
  /** key → value, in file order (`#heroku-kit:held` entries included) */
  vars: Record<string, string>
  /** config vars the file records as left out (`#heroku-kit:left-out`): not values, never to be pruned */
  leftOut: DotenvLeftOut[]
}

/** Config vars are small; a bigger file is a mistake (a log, a dump), and reading it whole would be too. */
const MAX_BYTES = 1024 * 1024

/**
 * Read and parse a dotenv file. Anything that is not a readable UTF-8 text file of at most 1 MiB is a `KitError`
 * (code 'dotenv_read') saying what is wrong; parse problems are a `FileIssuesError` (code 'dotenv_parse').
 * Pipes and devices are read too (up to the same limit), so `<(vault read …)` works without a file on disk.
 * An empty file, or one with only comments, gives no entries: what that means is for the caller to decide.
 */
export async function readDotenvFile(path: string, displayName: string = path): Promise<DotenvFile> {
  const bytes = await readBytes(path, displayName)
  const text = decodeText(bytes, displayName)
  const {entries, leftOut} = parseDotenvText(text, displayName)
  return {file: displayName, entries, vars: Object.fromEntries(entries.map(e => [e.key, e.value])), leftOut}
}

function readError(message: string, suggestion?: string): KitError {
  return new KitError(`${message}; nothing was sent.`, {code: 'dotenv_read', suggestion})
}

async function readBytes(path: string, name: string): Promise<Buffer> {
  let handle: FileHandle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    throw describeFailure(error, path, name)
  }

  try {
    const info = await handle.stat()
    if (info.isDirectory()) throw isDirectory(name)
    if (info.isFile() && info.size > MAX_BYTES) throw tooLarge(name)
    return await readAtMost(handle, MAX_BYTES, name)
  } catch (error) {
    throw error instanceof KitError ? error : describeFailure(error, path, name)
  } finally {
    await handle.close()
  }
}

/** Read until EOF, refusing to go past `limit` bytes (the size of a pipe is not known in advance). */
async function readAtMost(handle: FileHandle, limit: number, name: string): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  for (;;) {
    const chunk = Buffer.alloc(64 * 1024)
    // eslint-disable-next-line no-await-in-loop -- sequential reads of one file
    const {bytesRead} = await handle.read(chunk, 0, chunk.length, null)
    if (bytesRead === 0) return Buffer.concat(chunks, total)
    total += bytesRead
    if (total > limit) throw tooLarge(name)
    chunks.push(chunk.subarray(0, bytesRead))
  }
}

function tooLarge(name: string): KitError {
  return readError(`${name} is over 1 MiB, too large for a dotenv file`, 'Pass the dotenv file that holds the config vars (KEY=value lines).')
}

function isDirectory(name: string): KitError {
  return readError(`${name} is a directory, not a dotenv file`, 'Pass the path of a file, such as .env.staging.')
}

/** The errno of a failed open or read, as the user's problem: which file, what is wrong with it. */
function describeFailure(error: unknown, path: string, name: string): KitError {
  const code = (error as NodeJS.ErrnoException).code
  const where = resolve(path) === name ? '' : ` (${resolve(path)})`
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR': {
      return readError(`${name} not found${where}`, 'Check the file name; `heroku kit:config:pull FILE` writes one from an app.')
    }

    case 'EISDIR': {
      return isDirectory(name)
    }

    case 'EACCES':
    case 'EPERM': {
      return readError(`${name} can't be read: permission denied${where}`, `Check its permissions (ls -l ${name}).`)
    }

    default: {
      return readError(`${name} can't be read (${code ?? (error as Error).message})${where}`)
    }
  }
}

/**
 * The bytes as UTF-8 text, or a `FILE:LINE` error (code 'dotenv_read') when they are not text: NUL bytes or
 * invalid UTF-8 mean a binary file (or UTF-16 from a Windows editor) was passed by mistake.
 */
function decodeText(bytes: Buffer, name: string): string {
  const binary = (line: number, why: string) =>
    new FileIssuesError([{file: name, line, message: `${why}; nothing was sent`}], {
      code: 'dotenv_read',
      suggestion: 'Pass a dotenv file: UTF-8 text with KEY=value lines.',
    })
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw binary(1, 'this is UTF-16 text, not UTF-8: save the file as UTF-8')
  }

  const nul = bytes.indexOf(0)
  if (nul !== -1) throw binary(lineOfOffset(bytes, nul), 'NUL byte: this looks like a binary file, not a dotenv file')
  if (!isUtf8(bytes)) throw binary(firstInvalidUtf8Line(bytes), 'invalid UTF-8: this looks like a binary file, not a dotenv file')
  return bytes.toString('utf8')
}

function lineOfOffset(bytes: Buffer, offset: number): number {
  let line = 1
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++
  return line
}

/** UTF-8 never puts a newline byte inside a character, so each line can be checked on its own. */
function firstInvalidUtf8Line(bytes: Buffer): number {
  let start = 0
  for (let line = 1; ; line++) {
    const lf = bytes.indexOf(0x0a, start)
    const end = lf === -1 ? bytes.length : lf
    if (!isUtf8(bytes.subarray(start, end)) || lf === -1) return line
    start = lf + 1
  }
}
