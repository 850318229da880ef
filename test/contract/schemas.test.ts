import {readdirSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'

import {expect} from 'chai'

import {ROOT} from '../support/heroku-cli.js'
import {readSchema, SCHEMAS, schemaDigest} from '../support/schemas.js'

/** Source files of the repository (src, test, scripts), fixtures and node_modules aside. */
function sourceFiles(dir: string): string[] {
  const files: string[] = []
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && full !== path.join(ROOT, 'test', 'fixtures')) files.push(...sourceFiles(full))
    } else if (/\.(?:[cm]?[jt]s|json)$/.test(entry.name)) {
      files.push(full)
    }
  }

  return files
}

describe('contract: the vendored schemas', () => {
  it('are in the repository, byte for byte the copies its README names', () => {
    for (const name of Object.keys(SCHEMAS) as Array<keyof typeof SCHEMAS>) {
      expect(statSync(SCHEMAS[name].file).isFile(), SCHEMAS[name].file).to.equal(true)
      expect(schemaDigest(name), name).to.equal(SCHEMAS[name].sha256)
    }

    const platform = readSchema('platform') as {definitions: Record<string, {links?: unknown[]}>}
    expect(Object.keys(platform.definitions)).to.have.length(100)
    expect(Object.values(platform.definitions).flatMap(d => d.links ?? [])).to.have.length(305)
    const readme = readFileSync(path.join(ROOT, 'test', 'fixtures', 'schemas', 'README.md'), 'utf8')
    for (const {sha256} of Object.values(SCHEMAS)) expect(readme).to.include(sha256)
  })

  it('are the only copies the tests read: nothing in src/, test/ or scripts/ reads ../shared', () => {
    const readers = ['src', 'test', 'scripts']
      .flatMap(dir => sourceFiles(path.join(ROOT, dir)))
      .filter(file => /['"`/]\.\.['"`]?\s*,\s*['"`]shared['"`]|\.\.\/shared\//.test(readFileSync(file, 'utf8')))
      .filter(file => file !== path.join(ROOT, 'test', 'contract', 'schemas.test.ts'))
      .map(file => path.relative(ROOT, file))
    expect(readers).to.deep.equal([])
  })
})
