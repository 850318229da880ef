/**
 * The schemas the contract tests check against, vendored under test/fixtures/schemas (source, license and
 * digests in its README.md). They are read from the repository, never from outside it, so the contracts run on
 * every clone; a missing file is an error, never a reason to skip.
 */
import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

export const SCHEMAS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'schemas')

export const SCHEMAS = {
  /** heroku/heroku-go v6/schema.json at 605eb02 (MIT): the Platform API hyper-schema */
  platform: {file: path.join(SCHEMAS_DIR, 'platform-schema.json'), sha256: 'd1e1a890e356075202201c8ac58bdc99214842d1308af2f08575f1939e3a3991'},
  /** @heroku/mcp-server 1.2.8 dist/utils/app-json.schema.json (Apache-2.0): the app.json manifest */
  appJson: {file: path.join(SCHEMAS_DIR, 'app-json.schema.json'), sha256: '4cd270d2fc8b7f7c9552714a398e36a54934c55806646be87970347ab4ffd53e'},
} as const

export type SchemaName = keyof typeof SCHEMAS

/** The schema's text; throws (failing the test that needs it) when the vendored file is missing. */
export function readSchemaText(name: SchemaName): string {
  const {file} = SCHEMAS[name]
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw new Error(
      `The vendored schema ${path.relative(process.cwd(), file)} cannot be read (${(error as Error).message}): the contract tests need it. Restore it from git (see test/fixtures/schemas/README.md).`,
    )
  }
}

export function readSchema(name: SchemaName): unknown {
  return JSON.parse(readSchemaText(name))
}

export function schemaDigest(name: SchemaName): string {
  return createHash('sha256').update(readFileSync(SCHEMAS[name].file)).digest('hex')
}
