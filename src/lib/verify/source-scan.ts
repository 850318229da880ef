/**
 * Source files, line by line: URLs of the app's own hosts (hard-coded instead of read from config) and log output
 * written to files (the dyno filesystem is discarded on every restart). Best effort: a bounded walk that skips
 * dependencies, build output and tests, like kit:init's scan.
 */
import {execFile} from 'node:child_process'
import path from 'node:path'
import {promisify} from 'node:util'

import {readSource, sourceFiles} from '../init/files.js'

const run = promisify(execFile)

export interface SourceFinding {
  /** path relative to the repository */
  file: string
  line: number
  /** what matched: a host name, or the name of the logging pattern (never the line itself) */
  match: string
}

const CODE = ['.js', '.mjs', '.cjs', '.ts', '.tsx', '.jsx', '.vue', '.svelte', '.py', '.rb', '.erb', '.go', '.php', '.java', '.kt', '.ex', '.exs', '.rs', '.cs']
const CONFIG = ['.yml', '.yaml', '.toml', '.ini', '.cfg', '.conf']
/** Files that legitimately name the app's hosts (the kit's own declarations). */
const NOT_SOURCE = new Set(['heroku-kit.yml', 'heroku-kit.yaml', 'app.json', 'docker-compose.yml', 'docker-compose.yaml'])

const HEROKU_HOST = /\b[a-z0-9][a-z0-9-]*\.herokuapp\.com\b/gi

const JS = /\.(?:[cm]?js|tsx?|jsx)$/
const LOG_TO_FILE: Array<{name: string; files: RegExp; pattern: RegExp; requires?: RegExp}> = [
  {name: 'winston file transport', files: JS, pattern: /\btransports\.File\s*\(|\bDailyRotateFile\b/},
  {name: 'pino file destination', files: JS, pattern: /\bpino\.destination\s*\(\s*['"`]/},
  {name: 'write stream to a .log file', files: JS, pattern: /\bcreateWriteStream\s*\([^)]*\.log\b/},
  {name: 'append to a .log file', files: JS, pattern: /\bappendFile(?:Sync)?\s*\([^,]*\.log\b/},
  {name: 'log4js file appender', files: JS, pattern: /\btype\s*:\s*['"](?:file|dateFile|fileSync)['"]/, requires: /log4js/},
  {name: 'logging FileHandler', files: /\.py$/, pattern: /\b(?:Rotating|TimedRotating|Watched)?FileHandler\b/},
  {name: 'logging.basicConfig(filename=...)', files: /\.py$/, pattern: /\bbasicConfig\s*\([^)]*\bfilename\s*=/},
  {name: 'loguru file sink', files: /\.py$/, pattern: /\blogger\.add\s*\(\s*f?['"][^'"]*\.log\b/},
  {name: 'Logger writing to a file', files: /\.rb$/, pattern: /\bLogger\.new\s*\(\s*(?:['"][^'"]+['"]|Rails\.root|File\.(?:open|join))/},
  {name: 'log file opened', files: /\.go$/, pattern: /\bos\.(?:OpenFile|Create)\s*\(\s*"[^"]*\.log"/},
  {name: 'lumberjack rotating file', files: /\.go$/, pattern: /\blumberjack\.Logger\s*\{/},
]

export interface ScanResult {
  urls: SourceFinding[]
  fileLogging: SourceFinding[]
  scanned: number
}

/**
 * Scans the repository's source and config files. `domains`: the custom domains the pipeline declares (their
 * mentions are collected along with every `*.herokuapp.com` host; the checks decide which hosts are the app's own).
 */
export async function scanSources(dir: string, domains: string[]): Promise<ScanResult> {
  const files = (await sourceFiles(dir, [...CODE, ...CONFIG], {limit: 1000, depth: 8})).filter(file => !NOT_SOURCE.has(path.basename(file)))
  const texts = await Promise.all(files.map(async file => ({file, text: await readSource(dir, file)})))
  const urls: SourceFinding[] = []
  const fileLogging: SourceFinding[] = []
  const domainPatterns = domains.map(domain => ({domain, pattern: new RegExp(`(?<![\\w.-])${domain.replaceAll('.', '\\.')}(?![\\w-])`, 'i')}))
  for (const {file, text} of texts) {
    if (text === undefined) continue
    const lines = text.split(/\r?\n/)
    const isCode = CODE.some(ext => file.endsWith(ext))
    const loggers = isCode ? LOG_TO_FILE.filter(l => l.files.test(file) && (!l.requires || l.requires.test(text))) : []
    for (const [index, line] of lines.entries()) {
      if (line.length > 2000) continue
      for (const match of line.matchAll(HEROKU_HOST)) urls.push({file, line: index + 1, match: match[0].toLowerCase()})
      for (const {domain, pattern} of domainPatterns) if (pattern.test(line)) urls.push({file, line: index + 1, match: domain})
      for (const logger of loggers) if (logger.pattern.test(line)) fileLogging.push({file, line: index + 1, match: logger.name})
    }
  }

  return {urls, fileLogging, scanned: files.length}
}

/** Whether `dir` is inside a git work tree. */
export async function isGitWorkTree(dir: string): Promise<boolean> {
  try {
    const {stdout} = await run('git', ['rev-parse', '--is-inside-work-tree'], {cwd: dir, timeout: 10_000})
    return stdout.trim() === 'true'
  } catch {
    return false
  }
}

/** Example dotenv files hold placeholders, not secrets. */
const EXAMPLE = /(?:example|sample|template|dist|defaults?|schema)$/i

/** Dotenv files (`.env`, `.env.*`, `*.env`) that git tracks under `dir`, relative to it; [] outside a work tree. */
export async function trackedDotenvFiles(dir: string): Promise<string[]> {
  try {
    const {stdout} = await run('git', ['ls-files', '-z', '--', ':(glob)**/.env', ':(glob)**/.env.*', ':(glob)**/*.env'], {
      cwd: dir,
      timeout: 10_000,
      maxBuffer: 4 * 1024 * 1024,
    })
    return stdout
      .split('\0')
      .filter(Boolean)
      .filter(file => !EXAMPLE.test(file))
      .sort()
  } catch {
    return []
  }
}
