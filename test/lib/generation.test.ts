import {expect} from 'chai'

import {generationOf} from '../../src/lib/generation.js'

describe('generationOf', () => {
  it('reads the object form Heroku answers with plain v3', () => {
    expect(generationOf({id: '01234567-89ab-cdef-0123-456789abcdef', name: 'fir'})).to.equal('fir')
    expect(generationOf({generation: {id: '01234567-89ab-cdef-0123-456789abcdef', name: 'cedar'}})).to.equal('cedar')
  })

  it('reads the plain-string form apps and spaces carry with 3.sdk', () => {
    expect(generationOf('fir')).to.equal('fir')
    expect(generationOf({generation: 'fir'})).to.equal('fir')
    expect(generationOf({generation: 'cedar', name: 'shop-staging'})).to.equal('cedar')
  })

  it("reads a resource's generation, not the resource's own name", () => {
    expect(generationOf({generation: {name: 'fir'}, name: 'cedar'} as {generation: {name: string}})).to.equal('fir')
  })

  it('tolerates case and spaces around the name', () => {
    expect(generationOf(' Fir ')).to.equal('fir')
    expect(generationOf({name: 'CEDAR'})).to.equal('cedar')
  })

  it('answers undefined for what it cannot tell, never a guess', () => {
    expect(generationOf(undefined)).to.equal(undefined)
    expect(generationOf(null)).to.equal(undefined)
    expect(generationOf({generation: null})).to.equal(undefined)
    expect(generationOf({})).to.equal(undefined)
    expect(generationOf('aspen')).to.equal(undefined)
    expect(generationOf({generation: {id: '01234567-89ab-cdef-0123-456789abcdef'}})).to.equal(undefined)
    expect(generationOf({generation: 'firmware'})).to.equal(undefined)
  })
})
