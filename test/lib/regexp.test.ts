import {expect} from 'chai'

import {escapeRegExp} from '../../src/lib/regexp.js'

describe('escapeRegExp', () => {
  it('matches the text literally, special characters included', () => {
    const text = 'a.b*c+(d)?[e]{f}|g^h$i\\j'
    expect(new RegExp(`^${escapeRegExp(text)}$`).test(text)).to.equal(true)
    expect(new RegExp(escapeRegExp('a.b')).test('axb')).to.equal(false)
  })
})
