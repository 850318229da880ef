/**
 * heroku.yml: a repository that deploys Docker images (the container stack). Heroku builds the images of
 * `build.docker` on `git push` and runs the processes of `run` (or, without `run`, each image's CMD, one process
 * type per image); `release` is the release phase; a Procfile is ignored. (Dev Center "Building Docker Images
 * with heroku.yml".)
 */
import {LineCounter, parse as parseYaml, YAMLParseError} from 'yaml'

import {KitError} from '../../errors.js'
import {readOptional} from '../files.js'

export const HEROKU_YML = 'heroku.yml'

export interface ContainerSetup {
  file: typeof HEROKU_YML
  /**
   * process types, `web` first: the `run` keys, then the `build.docker` keys `run` does not name (an image without
   * a `run` entry runs its Dockerfile's CMD)
   */
  processes: string[]
  /** whether heroku.yml declares a release phase */
  release: boolean
  /** the commands `run` gives (a list is joined with spaces); a type without one runs its image's CMD, not read here */
  commands: Record<string, string>
  /** the release phase's command, when `release.command` gives one */
  releaseCommand?: string
}

/** A heroku.yml command: `web: cmd`, `worker: {command: [cmd]}` or `release: {command: [cmd], image: web}`. */
function commandOf(entry: unknown): string | undefined {
  const value = isRecord(entry) ? entry.command : entry
  if (typeof value === 'string') return value
  if (Array.isArray(value) && value.every(part => typeof part === 'string')) return value.join(' ')
  return undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The container setup of the repository in `dir`, or undefined without heroku.yml. A heroku.yml that doesn't parse is a KitError naming the line. */
export async function readContainerSetup(dir: string): Promise<ContainerSetup | undefined> {
  const text = await readOptional(dir, HEROKU_YML)
  if (text === undefined) return undefined
  const lineCounter = new LineCounter()
  let doc: unknown
  try {
    doc = parseYaml(text, {lineCounter})
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error
    const {line} = lineCounter.linePos(error.pos[0])
    throw new KitError(`${HEROKU_YML} line ${line}: ${error.message.split('\n')[0]}. Nothing was written.`, {
      code: 'invalid_manifest',
      suggestion: `Fix ${HEROKU_YML} (Heroku can't build from it either), then run kit:init again.`,
    })
  }

  if (!isRecord(doc)) {
    throw new KitError(`${HEROKU_YML} must be a YAML mapping with build (and run, release) sections. Nothing was written.`, {code: 'invalid_manifest'})
  }

  const run = isRecord(doc.run) ? Object.keys(doc.run) : []
  const docker = isRecord(doc.build) && isRecord(doc.build.docker) ? Object.keys(doc.build.docker) : []
  const types = [...new Set([...run, ...docker])].filter(type => type !== 'release')
  const processes = types.includes('web') ? ['web', ...types.filter(t => t !== 'web')] : types
  const commands: Record<string, string> = {}
  for (const [type, entry] of isRecord(doc.run) ? Object.entries(doc.run) : []) {
    const command = commandOf(entry)
    if (command !== undefined && type !== 'release') commands[type] = command
  }

  const releaseCommand = isRecord(doc.release) ? commandOf(doc.release) : undefined
  return {file: HEROKU_YML, processes, release: isRecord(doc.release), commands, ...(releaseCommand === undefined ? {} : {releaseCommand})}
}
