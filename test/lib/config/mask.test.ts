import {createHash} from 'node:crypto'

import {expect} from 'chai'

import {formatMasked, maskValue} from '../../../src/lib/config/mask.js'

describe('maskValue fingerprint (issue 9)', () => {
  it('is stable within a run, so two mentions of one value match', () => {
    expect(maskValue('1234')).to.deep.equal(maskValue('1234'))
    expect(maskValue('1234').fingerprint).to.not.equal(maskValue('1235').fingerprint)
  })

  it('is keyed: a short value is not recovered by hashing every guess (a 4-digit PIN in 10^4 tries)', () => {
    const shown = /#([\da-f]{6})\)/.exec(formatMasked('4821'))![1]
    const recovered = Array.from({length: 10_000}, (_, i) => String(i).padStart(4, '0')).filter(
      pin => createHash('sha256').update(pin).digest('hex').slice(0, 6) === shown,
    )
    expect(recovered).to.not.include('4821')
  })
})
