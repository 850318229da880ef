import {expect} from 'chai'

import {generationName, generationOf} from '../../src/lib/generation.js'

describe('generation', () => {
  describe('generationOf (a resource)', () => {
    it('reads the object form Heroku answers with plain v3', () => {
      expect(generationOf({generation: {id: '01234567-89ab-cdef-0123-456789abcdef', name: 'cedar'}})).to.equal('cedar')
      const app = {generation: {id: '01234567-89ab-cdef-0123-456789abcdef', name: 'fir'}, name: 'shop'}
      expect(generationOf(app)).to.equal('fir')
    })

    it('reads the plain-string form apps and spaces carry with 3.sdk', () => {
      expect(generationOf({generation: 'fir'})).to.equal('fir')
      const app = {generation: 'cedar', name: 'shop-staging'}
      expect(generationOf(app)).to.equal('cedar')
    })

    it("never takes the resource's own name for its generation", () => {
      expect(generationOf({name: 'fir'} as {generation?: string})).to.equal(undefined)
    })

    it('answers undefined for what it cannot tell, never a guess', () => {
      expect(generationOf(undefined)).to.equal(undefined)
      expect(generationOf(null)).to.equal(undefined)
      expect(generationOf({})).to.equal(undefined)
      expect(generationOf({generation: null})).to.equal(undefined)
      expect(generationOf({generation: {id: '01234567-89ab-cdef-0123-456789abcdef'}})).to.equal(undefined)
      expect(generationOf({generation: 'firmware'})).to.equal(undefined)
      expect(generationOf({generation: 42})).to.equal(undefined)
    })
  })

  describe('generationName (a generation)', () => {
    it('reads both forms, whatever the case and spaces around the name', () => {
      expect(generationName('fir')).to.equal('fir')
      expect(generationName({id: '01234567-89ab-cdef-0123-456789abcdef', name: 'cedar'})).to.equal('cedar')
      expect(generationName(' Fir ')).to.equal('fir')
      expect(generationName({name: 'CEDAR'})).to.equal('cedar')
    })

    it('answers undefined for an unknown or missing name', () => {
      expect(generationName('aspen')).to.equal(undefined)
      expect(generationName(undefined)).to.equal(undefined)
      expect(generationName({})).to.equal(undefined)
    })
  })
})
