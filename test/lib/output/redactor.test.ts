import {expect} from 'chai'

import {Redactor} from '../../../src/lib/output/redactor.js'

describe('Redactor (issue 9)', () => {
  const secret = 'p@ss word/"quoted"+more'

  it('masks a secret also URL-encoded, form-encoded and JSON-escaped', () => {
    const redactor = new Redactor()
    redactor.add([secret])
    for (const form of [secret, encodeURIComponent(secret), encodeURIComponent(secret).replaceAll('%20', '+'), JSON.stringify(secret).slice(1, -1)]) {
      expect(redactor.redact(`before ${form} after`), form).to.equal('before [masked] after')
    }

    expect(redactor.redact(JSON.stringify({url: `https://h.example/?k=${encodeURIComponent(secret)}`, value: secret})))
      .to.not.include('ss word')
      .and.not.include('ss%20word')
  })

  it('redacts the message, the stack and the cause chain of an error', () => {
    const redactor = new Redactor()
    redactor.add(['tok-0123456789'])
    const inner = new Error('inner failed with tok-0123456789')
    const error = new Error('outer tok-0123456789', {cause: new AggregateError([inner], 'aggregate tok-0123456789')})
    redactor.redactError(error)
    const everything = [error.message, error.stack, (error.cause as Error).message, (error.cause as Error).stack, inner.message, inner.stack].join('\n')
    expect(everything).to.not.include('tok-0123456789')
    expect(everything).to.include('[masked]')
  })
})
