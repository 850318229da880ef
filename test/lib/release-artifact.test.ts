import {expect} from 'chai'

import {releaseArtifact, sameArtifact} from '../../src/lib/release-artifact.js'

const SLUG = '11111111-1111-4111-a111-111111111111'
const IMAGE = '22222222-2222-4222-a222-222222222222'

describe('releaseArtifact', () => {
  it('a Cedar release runs its slug', () => {
    expect(releaseArtifact({artifacts: [{id: SLUG, type: 'slug'}], slug: {id: SLUG}})).to.deep.equal({id: SLUG, type: 'slug'})
  })

  it('a Fir release runs an OCI image: from oci_image (3.sdk) or from its artifacts (v3)', () => {
    expect(releaseArtifact({oci_image: {id: IMAGE}, slug: null})).to.deep.equal({id: IMAGE, type: 'oci-image'})
    expect(releaseArtifact({artifacts: [{id: IMAGE, type: 'oci-image'}], slug: null})).to.deep.equal({id: IMAGE, type: 'oci-image'})
  })

  it('a release without code runs nothing', () => {
    expect(releaseArtifact({artifacts: [], oci_image: null, slug: null})).to.equal(undefined)
    expect(releaseArtifact({})).to.equal(undefined)
    expect(releaseArtifact(undefined)).to.equal(undefined)
    expect(releaseArtifact({artifacts: [{id: IMAGE, type: 'buildpack'}]})).to.equal(undefined)
  })

  it('sameArtifact compares what two releases run, across the two Accept forms, never equal when nothing runs', () => {
    expect(sameArtifact({oci_image: {id: IMAGE}}, {artifacts: [{id: IMAGE, type: 'oci-image'}]})).to.equal(true)
    expect(sameArtifact({slug: {id: SLUG}}, {slug: {id: SLUG}})).to.equal(true)
    expect(sameArtifact({slug: {id: SLUG}}, {oci_image: {id: SLUG}})).to.equal(false)
    expect(sameArtifact({oci_image: {id: IMAGE}}, {oci_image: {id: SLUG}})).to.equal(false)
    expect(sameArtifact({}, {})).to.equal(false)
  })
})
