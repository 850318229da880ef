/**
 * What a release runs: a slug on Cedar, an OCI image on Fir. A Fir release has `slug: null`; it names its image in
 * `oci_image` (with `Accept: …version=3.sdk`, as the Heroku CLI's `pipelines:diff` reads it) and in `artifacts`
 * (`{type: "oci-image", id}`, the Platform API schema's release artifacts, in plain v3 too). Compare releases by this,
 * not by `slug`, and a Fir pipeline's promotions and "already runs" checks see what Fir runs.
 */
export interface ReleaseArtifact {
  type: 'oci-image' | 'slug'
  id: string
}

/** The parts of a release (either Accept form) that say what it runs. */
export interface ReleaseArtifactFields {
  slug?: {id?: string} | null
  oci_image?: {id?: string} | null
  artifacts?: Array<{id?: string; type?: string}> | null
}

/** The slug or OCI image a release runs; undefined for a release without code (v1 "Initial release", config changes before the first deploy). */
export function releaseArtifact(release: ReleaseArtifactFields | null | undefined): ReleaseArtifact | undefined {
  if (!release) return undefined
  if (release.slug?.id) return {type: 'slug', id: release.slug.id}
  if (release.oci_image?.id) return {type: 'oci-image', id: release.oci_image.id}
  const artifact = release.artifacts?.find(a => a.id && (a.type === 'slug' || a.type === 'oci-image'))
  return artifact ? {type: artifact.type as ReleaseArtifact['type'], id: artifact.id!} : undefined
}

/** Both releases run the same slug or the same OCI image (false when either runs none). */
export function sameArtifact(a: ReleaseArtifactFields | null | undefined, b: ReleaseArtifactFields | null | undefined): boolean {
  const left = releaseArtifact(a)
  const right = releaseArtifact(b)
  return left !== undefined && right !== undefined && left.type === right.type && left.id === right.id
}
