import {expect} from 'chai'

import {stageGeneration, unsupported} from '../../../src/lib/converge/stage-generation.js'
import {appIn, CEDAR_SPACE, FIR_SPACE, firState} from '../../support/fir.js'

describe('stageGeneration', () => {
  const current = firState({unsupported: ['preboot', 'Automated-Certificate-Management']})

  it("is the declared space's generation, with the unsupported_features read for it", () => {
    expect(stageGeneration({stage: {space: FIR_SPACE.name}, cur: {}, current})).to.deep.equal({
      name: 'fir',
      unsupportedFeatures: ['preboot', 'Automated-Certificate-Management'],
    })
    // the declared space wins over where an app runs now (that mismatch is the space resource's plan error)
    expect(stageGeneration({stage: {space: CEDAR_SPACE.name}, cur: {app: appIn('shop', FIR_SPACE)}, current}).name).to.equal('cedar')
  })

  it("else the existing app's, in either of Heroku's forms (object, or the 3.sdk string)", () => {
    expect(stageGeneration({stage: {}, cur: {app: appIn('shop', FIR_SPACE)}, current}).name).to.equal('fir')
    expect(stageGeneration({stage: {}, cur: {app: appIn('shop', FIR_SPACE, 'fir')}, current}).name).to.equal('fir')
  })

  it('else Cedar (the Common Runtime), with nothing unsupported when its generation was not read', () => {
    expect(stageGeneration({stage: {}, cur: {}, current: {}})).to.deep.equal({name: 'cedar', unsupportedFeatures: []})
    // a declared space that could not be read: its generation is unknown, the app's (none) and then Cedar stand
    expect(stageGeneration({stage: {space: 'gone'}, cur: {}, current}).name).to.equal('cedar')
  })

  it('unsupported: any of the names, compared case-insensitively; the name as Heroku wrote it', () => {
    const generation = stageGeneration({stage: {space: FIR_SPACE.name}, cur: {}, current})
    expect(unsupported(generation, 'acm', 'automated-certificate-management')).to.equal('Automated-Certificate-Management')
    expect(unsupported(generation, 'PREBOOT')).to.equal('preboot')
    expect(unsupported(generation, 'http-session-affinity')).to.equal(undefined)
  })
})
