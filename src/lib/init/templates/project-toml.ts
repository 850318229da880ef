import type {Detection} from '../types.js'
import {block, render} from './render.js'

/**
 * project.toml for a Fir app: the Cloud Native Buildpacks to run, in order (the project descriptor's
 * `[[io.buildpacks.group]]`, schema 0.2: https://buildpacks.io/docs/reference/config/project-descriptor/). Heroku's
 * official buildpacks are named by id (`heroku/nodejs`), a URL by `uri`.
 */
export function projectToml(detection: Detection): string {
  const groups = detection.buildpacks.flatMap(buildpack => [
    '',
    '[[io.buildpacks.group]]',
    /^[a-z]+:\/\//.test(buildpack) ? `uri = "${buildpack}"` : `id = "${buildpack}"`,
  ])
  return render('fir/project.toml', {BUILDPACKS: block(groups)})
}
