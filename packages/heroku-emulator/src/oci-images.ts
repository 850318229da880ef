/**
 * OCI images: what a Fir app's builds produce instead of slugs. `GET /apps/{app}/oci-images/{id}` answers a LIST
 * ([schema] `oci-image` Info: targetSchema is an array; [cli] `commands/pipelines/diff.js` reads `ociImages[0].commit`,
 * `lib/buildpacks/buildpacks.js` reads `ociImages[0].buildpacks`). The emulator's build artifact of a Fir app (its
 * Slug entity) is shown here: commit, process types, stack.
 */
import {appFor} from './apps.js'
import {stableId, stackRef} from './catalog.js'
import {isFirApp} from './generations.js'
import {notFound, type Router} from './http.js'
import type {Slug} from './state.js'

export function ociImageJson(image: Slug): Record<string, unknown> {
  return {
    architecture: 'amd64',
    base_image_name: 'heroku/heroku:24-cnb',
    base_top_layer: `sha256:${stableId(`base:${image.stack}`).replaceAll('-', '')}`,
    // [unverified] the Node.js CNB, as slugs here say 'Node.js'
    buildpacks: [{homepage: 'https://github.com/heroku/buildpacks-nodejs', id: 'heroku/nodejs', version: '3.0.0'}],
    commit: image.commit,
    commit_description: image.commitDescription,
    created_at: image.createdAt,
    digest: `sha256:${image.id.replaceAll('-', '').padEnd(64, '0')}`,
    id: image.id,
    image_repo: `${image.appId}/builds`,
    process_types: Object.fromEntries(
      Object.entries(image.processTypes).map(([name, command]) => [name, {command, display_cmd: command, name, working_dir: '/workspace'}]),
    ),
    stack: stackRef(image.stack),
    updated_at: image.updatedAt,
  }
}

export function registerOciImages(router: Router): void {
  router.get('/apps/:app/oci-images/:image', ctx => {
    const app = appFor(ctx)
    const wanted = ctx.params.image
    const image = [...ctx.state.slugs.values()].find(s => s.appId === app.id && (s.id === wanted || ociImageJson(s).digest === wanted))
    if (!image || !isFirApp(ctx.state, app)) throw notFound("Couldn't find that OCI image.")
    return {list: {fields: ['id'], items: [ociImageJson(image)]}}
  })
}
