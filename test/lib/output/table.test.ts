import {expect} from 'chai'

import {formatTable} from '../../../src/lib/output/table.js'

describe('formatTable', () => {
  it('prints a header, a rule and the rows in aligned columns, in the order the columns are given', () => {
    const lines = formatTable(
      [
        {stage: 'staging', step: 'create app shop-staging', result: 'done'},
        {stage: 'production', step: 'add domain shop.example.com', result: 'failed: 422'},
      ],
      {stage: {header: 'Stage'}, step: {header: 'Step'}, result: {header: 'Result'}},
    )
    expect(lines).to.deep.equal([
      '  Stage        Step                          Result',
      ` ${'─'.repeat(55)}`,
      '  staging      create app shop-staging       done',
      '  production   add domain shop.example.com   failed: 422',
    ])
  })

  it('leaves out fields without a column and prints missing ones empty', () => {
    expect(formatTable([{a: 'x', b: 'hidden'}, {b: 'y'}] as Array<Record<string, string>>, {a: {header: 'A'}})).to.deep.equal(['  A', ' ──', '  x', ''])
  })
})
