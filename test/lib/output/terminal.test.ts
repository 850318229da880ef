import {expect} from 'chai'

import {terminalSafe} from '../../../src/lib/output/terminal.js'

const ESC = '\u001B'

describe('terminalSafe (issue 19.4)', () => {
  it('drops OSC sequences: clipboard (OSC 52) and window title (OSC 0), BEL- or ST-terminated, also unterminated', () => {
    expect(terminalSafe(`fix ${ESC}]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u0007login`)).to.equal('fix login')
    expect(terminalSafe(`a${ESC}]0;pwned${ESC}\\b`)).to.equal('ab')
    expect(terminalSafe(`a\u009D0;title\u009Cb`)).to.equal('ab')
    expect(terminalSafe(`a${ESC}]52;c;AAAA`)).to.equal('a')
  })

  it('drops CSI sequences other than plain SGR (clear screen, cursor moves), and SGR too unless colours are kept', () => {
    expect(terminalSafe(`x${ESC}[2J${ESC}[H${ESC}[1;1Hy`)).to.equal('xy')
    expect(terminalSafe(`x\u009B2Jy`)).to.equal('xy')
    expect(terminalSafe(`${ESC}[32mok${ESC}[0m`)).to.equal('ok')
    expect(terminalSafe(`${ESC}[32mok${ESC}[0m ${ESC}[2K`, {colors: true})).to.equal(`${ESC}[32mok${ESC}[0m `)
    expect(terminalSafe(`${ESC}[?25l`, {colors: true})).to.equal('')
  })

  it('drops C0 and C1 controls except newline and tab; keeps ordinary text and Unicode', () => {
    expect(terminalSafe('a\rb\u0008c\u0007d\u0000e\u007Ff\u0085g')).to.equal('abcdefg')
    expect(terminalSafe('line 1\n\tline 2 — ünïcode ✓')).to.equal('line 1\n\tline 2 — ünïcode ✓')
    expect(terminalSafe(`${ESC}c${ESC}7reset`)).to.equal('reset')
    expect(terminalSafe(`${ESC}P1$r${ESC}\\after`)).to.equal('after')
  })
})
