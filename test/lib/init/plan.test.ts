import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {expect} from 'chai'
import fc from 'fast-check'

import {KitError} from '../../../src/lib/errors.js'
import {applyPlan} from '../../../src/lib/init/apply.js'
import {unifiedDiff} from '../../../src/lib/init/diff.js'
import {appendMissing, planFiles} from '../../../src/lib/init/plan.js'
import type {GeneratedFile} from '../../../src/lib/init/types.js'
import {cleanTemps, tempDir} from './helpers.js'

/** Applies a unified diff to `oldText` (test oracle for unifiedDiff). */
function patch(oldText: string, diff: string): string {
  if (diff === '') return oldText
  const old = oldText === '' ? [] : oldText.replace(/\n$/, '').split('\n')
  const out: string[] = []
  let cursor = 0
  const lines = diff.replace(/\n$/, '').split('\n').slice(2)
  for (let i = 0; i < lines.length; i++) {
    const header = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(lines[i])
    if (header) {
      const start = Number(header[2]) === 0 ? Number(header[1]) : Number(header[1]) - 1
      while (cursor < start) out.push(old[cursor++])
      continue
    }

    const kind = lines[i][0]
    const text = lines[i].slice(1)
    if (kind === ' ') {
      expect(old[cursor]).to.equal(text)
      out.push(old[cursor++])
    } else if (kind === '-') {
      expect(old[cursor]).to.equal(text)
      cursor++
    } else {
      out.push(text)
    }
  }

  while (cursor < old.length) out.push(old[cursor++])
  return out.length === 0 ? '' : `${out.join('\n')}\n`
}

const FILES: GeneratedFile[] = [
  {path: 'Procfile', content: 'web: node server.js\n', purpose: 'p'},
  {path: '.github/workflows/ci.yml', content: 'name: CI\n', purpose: 'ci'},
  {path: '.gitignore', content: '# kit\n.env\n.env.*\n!.env.example\n', mode: 'append', purpose: 'g'},
]

describe('kit:init plan and apply', () => {
  after(cleanTemps)

  it('unifiedDiff: empty for equal texts, and patching the old text with it gives the new one', () => {
    expect(unifiedDiff('a\n', 'a\n', 'x', 'y')).to.equal('')
    const line = fc.constantFrom('a', 'b', 'c', 'd', '')
    fc.assert(
      fc.property(fc.array(line, {maxLength: 30}), fc.array(line, {maxLength: 30}), (x, y) => {
        const a = x.length === 0 ? '' : `${x.join('\n')}\n`
        const b = y.length === 0 ? '' : `${y.join('\n')}\n`
        const diff = unifiedDiff(a, b, 'old', 'new')
        expect(diff === '').to.equal(a === b)
        expect(patch(a, diff)).to.equal(b)
      }),
      {numRuns: 300},
    )
  })

  it('unifiedDiff: readable hunks with context', () => {
    const diff = unifiedDiff(
      'web: npm start\nworker: node w.js\n',
      'web: node server.js\nworker: node w.js\nrelease: npm run migrate\n',
      'a/Procfile',
      'b/Procfile',
    )
    expect(diff).to.equal(
      '--- a/Procfile\n+++ b/Procfile\n@@ -1,2 +1,3 @@\n-web: npm start\n+web: node server.js\n worker: node w.js\n+release: npm run migrate\n',
    )
  })

  it('appendMissing adds only the missing rules under the header, keeping the file', () => {
    expect(appendMissing('node_modules\n.env\n', '# kit\n.env\n.env.*\n!.env.example\n')).to.equal('node_modules\n.env\n\n# kit\n.env.*\n!.env.example\n')
    expect(appendMissing('dist', '# kit\n.env\n')).to.equal('dist\n\n# kit\n.env\n')
    expect(appendMissing('.env\n.env.*\n!.env.example\n', '# kit\n.env\n.env.*\n!.env.example\n')).to.equal(undefined)
  })

  it('plans create, unchanged, append and conflict (with a diff); --force turns conflicts into overwrites', async () => {
    const dir = await tempDir()
    await writeFile(path.join(dir, 'Procfile'), 'web: npm start\n')
    await writeFile(path.join(dir, '.gitignore'), 'node_modules\n')
    const plan = await planFiles(dir, FILES)
    expect(plan.files.map(f => `${f.path}:${f.action}`)).to.deep.equal(['Procfile:conflict', '.github/workflows/ci.yml:create', '.gitignore:append'])
    expect(plan.conflicts[0].diff).to.include('-web: npm start\n+web: node server.js')
    const forced = await planFiles(dir, FILES, {force: true})
    expect(forced.files.map(f => f.action)).to.deep.equal(['overwrite', 'create', 'append'])
  })

  it('apply refuses a plan with conflicts and writes nothing', async () => {
    const dir = await tempDir()
    await writeFile(path.join(dir, 'Procfile'), 'web: npm start\n')
    const plan = await planFiles(dir, FILES)
    try {
      await applyPlan(dir, plan)
      expect.fail('expected a KitError')
    } catch (error) {
      expect(error).to.be.instanceOf(KitError)
      expect((error as KitError).code).to.equal('init_conflicts')
    }

    expect((await readdir(dir)).sort()).to.deep.equal(['Procfile'])
    expect(await readFile(path.join(dir, 'Procfile'), 'utf8')).to.equal('web: npm start\n')
  })

  it('apply writes everything (creating directories), then a new plan has nothing to do', async () => {
    const dir = await tempDir()
    await writeFile(path.join(dir, '.gitignore'), 'node_modules')
    const written = await applyPlan(dir, await planFiles(dir, FILES))
    expect(written).to.deep.equal(['Procfile', '.github/workflows/ci.yml', '.gitignore'])
    expect(await readFile(path.join(dir, '.gitignore'), 'utf8')).to.equal('node_modules\n\n# kit\n.env\n.env.*\n!.env.example\n')
    const again = await planFiles(dir, FILES)
    expect(again.writes).to.deep.equal([])
    expect((await readdir(dir)).sort()).to.deep.equal(['.github', '.gitignore', 'Procfile'])
  })

  it('apply is all or nothing when a write fails', async () => {
    const dir = await tempDir()
    // a file where a directory must go: writing .github/workflows/ci.yml fails after Procfile was staged
    await writeFile(path.join(dir, '.github'), 'not a directory')
    const plan = await planFiles(dir, FILES)
    try {
      await applyPlan(dir, plan)
      expect.fail('expected a KitError')
    } catch (error) {
      expect((error as KitError).code).to.equal('write_failed')
      expect((error as KitError).message).to.include('Nothing was written')
    }

    expect((await readdir(dir)).sort()).to.deep.equal(['.github'])
  })

  it('an existing file that cannot be read stops the plan with its name', async () => {
    const dir = await tempDir()
    await mkdir(path.join(dir, 'Procfile'))
    try {
      await planFiles(dir, FILES)
      expect.fail('expected a KitError')
    } catch (error) {
      expect((error as KitError).message).to.equal("Can't read Procfile: it is a directory, not a file. Nothing was written.")
    }
  })
})
