import {readFile, stat} from 'node:fs/promises'

import {KitError} from '../errors.js'
import {type DotenvEntry, parseDotenv} from './parse.js'

export interface DotenvFile {
  file: string
  entries: DotenvEntry[]
  /** key → value, in file order */
  vars: Record<string, string>
}

const MAX_BYTES = 1024 * 1024

function readError(message: string, suggestion?: string): KitError {
  return new KitError(message, {code: 'dotenv_read', suggestion})
}

/** Read and parse a dotenv file, with a clear error for anything that is not a readable text file. */
export async function readDotenvFile(path: string, displayName: string = path): Promise<DotenvFile> {
  let size: number
  try {
    const info = await stat(path)
    if (info.isDirectory()) throw readError(`${displayName} is a directory, not a dotenv file. Nothing was sent.`, 'Pass the path of a file such as .env.staging.')
    if (!info.isFile()) throw readError(`${displayName} is not a regular file. Nothing was sent.`)
    size = info.size
  } catch (error) {
    if (error instanceof KitError) throw error
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw readError(`${displayName} not found. Nothing was sent.`, 'Check the path; `heroku kit:config:pull FILE` writes one from an app.')
    if (code === 'EACCES') throw readError(`${displayName} is not readable (permission denied). Nothing was sent.`)
    throw readError(`${displayName} can't be read: ${(error as Error).message}. Nothing was sent.`)
  }

  if (size > MAX_BYTES) throw readError(`${displayName} is ${(size / MAX_BYTES).toFixed(1)} MiB; a dotenv file over 1 MiB is not a config file. Nothing was sent.`)
  let buffer: Buffer
  try {
    buffer = await readFile(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw readError(`${displayName} is not readable${code === 'EACCES' ? ' (permission denied)' : ''}. Nothing was sent.`)
  }

  let text: string
  try {
    text = new TextDecoder('utf-8', {fatal: true}).decode(buffer)
  } catch {
    throw readError(`${displayName} looks like a binary file, not a dotenv file (it is not UTF-8 text). Nothing was sent.`)
  }

  if (text.includes('\0') && text.split('\0').length > 4) {
    throw readError(`${displayName} looks like a binary file, not a dotenv file (NUL bytes). Nothing was sent.`)
  }

  const entries = parseDotenv(text, displayName)
  const vars: Record<string, string> = {}
  for (const entry of entries) vars[entry.key] = entry.value
  return {file: displayName, entries, vars}
}
