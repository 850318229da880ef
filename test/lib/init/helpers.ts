import {execFile} from 'node:child_process'
import {cp, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'

import {Ajv, type ValidateFunction} from 'ajv'

import {readSchema} from '../../support/schemas.js'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'init')
export const FRAMEWORK_FIXTURES = ['express', 'fastify', 'next', 'nestjs', 'django', 'flask', 'fastapi', 'rails', 'sinatra', 'go'] as const
export const ACTION_VALIDATOR = path.join(ROOT, 'node_modules', '.bin', 'action-validator')

export const run = promisify(execFile)

const temps: string[] = []

/** A fresh temporary directory, removed by `cleanTemps()`. */
export async function tempDir(prefix = 'kit-init-'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix))
  temps.push(dir)
  return dir
}

/** A copy of a fixture app in a temporary directory named like the fixture (the directory name is a naming fallback). */
export async function copyFixture(name: string): Promise<string> {
  const parent = await tempDir()
  const dir = path.join(parent, name.replaceAll('/', '-'))
  await mkdir(dir)
  await cp(path.join(FIXTURES, name), dir, {recursive: true})
  return dir
}

/** A temporary app directory with `files` (relative path → content), removed by `cleanTemps()`. */
export async function appDir(files: Record<string, string>): Promise<string> {
  const dir = await tempDir()
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), {recursive: true})
    await writeFile(path.join(dir, name), content)
  }

  return dir
}

export async function cleanTemps(): Promise<void> {
  await Promise.all(temps.splice(0).map(dir => rm(dir, {recursive: true, force: true})))
}

export async function read(dir: string, file: string): Promise<string> {
  return readFile(path.join(dir, file), 'utf8')
}

let schemaValidator: ValidateFunction | undefined

/** The vendored app.json schema (test/fixtures/schemas) compiled with ajv; a missing file throws. */
export async function appJsonSchema(): Promise<ValidateFunction> {
  if (schemaValidator !== undefined) return schemaValidator

  const ajv = new Ajv({allErrors: true, strict: false})
  ajv.addFormat('uri', (value: string) => {
    try {
      return Boolean(new URL(value))
    } catch {
      return false
    }
  })
  schemaValidator = ajv.compile(readSchema('appJson') as object)
  return schemaValidator
}

/**
 * The schema errors of `after` that `before` did not have: what kit:init added. The vendored schema is stricter than
 * Heroku (peers-and-pain-points §5: the `env` string shorthand; `environments.test.scripts["test-setup"]`, which Heroku
 * CI documents), so a user's own file may fail it already; kit:init must not add a failure. `stack: container` is
 * left out too: Heroku documents it for heroku.yml apps (Dev Center, "Building Docker Images with heroku.yml"), the
 * schema's enum lists only the heroku-NN stacks.
 */
export async function schemaErrorsAdded(before: unknown, after: unknown): Promise<string[]> {
  const validate = await appJsonSchema()
  const errors = (doc: unknown) => {
    validate(doc)
    return (validate.errors ?? [])
      .filter(e => !(e.instancePath === '/stack' && (doc as {stack?: string}).stack === 'container'))
      .map(e => `${e.instancePath} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`)
  }

  const had = new Set(before === undefined ? [] : errors(before))
  return errors(after).filter(e => !had.has(e))
}

/** Runs @action-validator/cli on a workflow file: {ok, output}. */
export async function validateWorkflow(file: string): Promise<{ok: boolean; output: string}> {
  try {
    const {stdout, stderr} = await run(ACTION_VALIDATOR, [file], {timeout: 60_000})
    return {ok: true, output: stdout + stderr}
  } catch (error) {
    const e = error as {stdout?: string; stderr?: string; message: string}
    return {ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message}
  }
}
