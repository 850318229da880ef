import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'

import {planConfigSync} from '../../../src/lib/config/plan.js'
import {parseDotenv} from '../../../src/lib/dotenv/parse.js'
import {KitError} from '../../../src/lib/errors.js'
import {loadAppJson, parseAppJson} from '../../../src/lib/manifest/app-json.js'
import {loadPipelineFile, parsePipelineFile} from '../../../src/lib/manifest/pipeline-file/index.js'

function thrown(fn: () => unknown): Error {
  try {
    fn()
  } catch (error) {
    return error as Error
  }

  throw new Error('expected an error')
}

describe('hostile manifests and keys (issue 9)', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kit-limits-'))
  })
  after(async () => {
    await rm(dir, {recursive: true, force: true})
  })

  it('refuses app.json and heroku-kit.yml over 1 MiB with a clear error, read from disk or given as text', async () => {
    const big = `{"name": "x", "description": "${'a'.repeat(1024 * 1024)}"}`
    await writeFile(path.join(dir, 'app.json'), big)
    await writeFile(path.join(dir, 'heroku-kit.yml'), `pipeline: shop\n# ${'b'.repeat(1024 * 1024)}\n`)
    for (const attempt of [() => loadAppJson(dir), () => loadPipelineFile(dir)]) {
      const error = await attempt().then(
        () => undefined,
        (error_: unknown) => error_ as KitError,
      )
      expect(error).to.be.instanceOf(KitError)
      expect(error!.code).to.equal('manifest_too_large')
      expect(error!.message).to.match(/^(app\.json|heroku-kit\.yml) is 1\.0 MiB; heroku-kit reads manifests of at most 1 MiB/)
    }

    expect((thrown(() => parseAppJson(big, 'app.json')) as KitError).code).to.equal('manifest_too_large')
  })

  it('refuses nesting deeper than 64 levels, never a RangeError (JSON and YAML, flow and block)', () => {
    const deepJson = `{"name": "x", "env": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`
    const json = thrown(() => parseAppJson(deepJson, 'app.json'))
    expect(json).to.not.be.instanceOf(RangeError)
    expect(json.message).to.include('nested deeper than 64 levels')
    const flow = `pipeline: shop\nx: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`
    const block = `pipeline: shop\n${Array.from({length: 200}, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')} 1\n`
    for (const yml of [flow, block]) {
      const error = thrown(() => parsePipelineFile(yml, 'heroku-kit.yml'))
      expect(error).to.not.be.instanceOf(RangeError)
      expect(error.message).to.equal('heroku-kit.yml is nested deeper than 64 levels; a real one is a few levels deep. Nothing was sent.')
    }
  })

  it('a __proto__ or constructor key in a dotenv file is sent and shown, never shown and silently dropped', () => {
    const local = Object.fromEntries(parseDotenv('__proto__=polluted\nconstructor=c\ntoString=t\n', '.env').map(e => [e.key, e.value]))
    const plan = planConfigSync({local, remote: {}, owned: new Map(), prune: false})
    const shown = plan.changes.map(c => c.key).sort()
    const sent = Object.keys(JSON.parse(JSON.stringify(plan.patch))).sort()
    expect(sent).to.deep.equal(shown)
    expect(sent).to.deep.equal(['__proto__', 'constructor', 'toString'])
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined)
  })

  it('a __proto__ key in app.json env is kept as a key', () => {
    const appJson = parseAppJson('{"name": "x", "env": {"__proto__": {"value": "1"}, "constructor": {"value": "2"}}}', 'app.json')
    expect(Object.keys(appJson.env).sort()).to.deep.equal(['__proto__', 'constructor'])
  })
})
