import {mkdtemp, readFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'
import {marked, type Tokens} from 'marked'

import {capMarkdown, cell, details, MARKDOWN_LIMIT, table, writeStepSummary} from '../../../src/lib/output/markdown.js'

describe('GitHub Markdown reports', () => {
  it('a cell stays one cell: pipes, newlines and HTML can neither break the table nor open a tag', () => {
    const rows = table(['step', 'price'], [['a | b\n</details><img src=x onerror=alert(1)>', '[link](https://evil.example) `x` *y*']])
    const parsed = marked.lexer(rows.join('\n'))[0] as Tokens.Table
    expect(parsed.type).to.equal('table')
    expect(parsed.rows).to.have.length(1)
    expect(parsed.rows[0]).to.have.length(2)
    expect(rows[2]).to.not.match(/<(?!br>)/)
    expect(rows[2]).to.include('a \\| b<br>&lt;/details&gt;')
    // GitHub autolinks a bare URL, as here; but no Markdown link with made-up text
    expect(marked.parse(rows.join('\n'))).to.not.include('>link</a>')
    expect(cell('<details>')).to.equal('&lt;details&gt;')
  })

  it('details: a summary, then a blank line so GitHub renders the body as Markdown', () => {
    expect(details('Staging <x>', ['| a |'])).to.deep.equal(['<details><summary>Staging &lt;x&gt;</summary>', '', '| a |', '', '</details>', ''])
  })

  it('a report over 64 KB is cut at a whole line, its open <details> closed, with a note saying how much was left out', () => {
    const lines = [
      '### title',
      '',
      ...details(
        'big',
        table(
          ['n'],
          Array.from({length: 5000}, (_, i) => [`row ${i} ${'x'.repeat(20)}`]),
        ),
      ),
    ]
    const capped = capMarkdown(lines)
    expect(Buffer.byteLength(capped)).to.be.at.most(MARKDOWN_LIMIT)
    expect(capped).to.match(/\*\*Truncated:\*\* \d+ line\(s\) \(\d+ KB\) were left out to stay under 64 KB/)
    expect(capped.match(/<details/g)).to.have.length(1)
    expect(capped.match(/<\/details>/g)).to.have.length(1)
    const small = capMarkdown(['# small'])
    expect(small).to.equal('# small\n')
  })

  it('appends to $GITHUB_STEP_SUMMARY when it is set, and writes nothing when it is not', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'kit-summary-')), 'summary.md')
    expect(await writeStepSummary('# one', {GITHUB_STEP_SUMMARY: file})).to.equal(file)
    await writeStepSummary('# two\n', {GITHUB_STEP_SUMMARY: file})
    expect(await readFile(file, 'utf8')).to.equal('# one\n# two\n')
    expect(await writeStepSummary('# three', {})).to.equal(undefined)
  })
})
