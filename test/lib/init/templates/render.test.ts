import {expect} from 'chai'

import {block, fill, placeholders, render} from '../../../../src/lib/init/templates/render.js'

describe('kit:init templates: render', () => {
  it('fills inline placeholders and leaves everything else, ${{ github.ref }} included, as written', () => {
    expect(fill('app: {{APP}} ({{APP}}) ${{ github.ref }} {{ lower }} #{x}\n', {APP: 'shop'})).to.equal('app: shop (shop) ${{ github.ref }} {{ lower }} #{x}\n')
  })

  it('a placeholder alone on its line is a block: its lines replace the line, nothing removes it', () => {
    const template = 'a\n{{LINES}}\nb\n'
    expect(fill(template, {LINES: block(['x', '  y'])})).to.equal('a\nx\n  y\nb\n')
    expect(fill(template, {LINES: ''})).to.equal('a\nb\n')
    expect(fill('a\n{{LAST}}', {LAST: 'z\n'})).to.equal('a\nz\n')
  })

  it('throws on a placeholder without a value and on a value without a placeholder', () => {
    expect(() => fill('{{A}} {{B}}\n', {A: 'a'}, 't.yml')).to.throw('t.yml: no value for {{B}}')
    expect(() => fill('{{A}}\n', {A: 'a\n', C: 'c'}, 't.yml')).to.throw('t.yml: no placeholder for {{C}}')
  })

  it('throws on a block value that is not whole lines and on an inline value with a newline', () => {
    expect(() => fill('x\n{{A}}\n', {A: 'no newline'}, 't.py')).to.throw('t.py: the block {{A}} needs whole lines')
    expect(() => fill('x: {{A}}\n', {A: 'two\nlines'}, 't.py')).to.throw("t.py: {{A}} stands inside a line, so its value can't have a newline")
  })

  it('reads the template files next to the module (src/ under tsx, dist/ once built)', () => {
    const text = render('go/check-redis.go')
    expect(text).to.match(/^func kitCheckRedis\(/)
    expect(placeholders(text)).to.deep.equal([])
    expect(placeholders('{{B}} {{A}} {{B}}')).to.deep.equal(['B', 'A'])
    expect(() => render('go/nothing-here.go')).to.throw(/ENOENT/)
  })
})
