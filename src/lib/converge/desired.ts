import path from 'node:path'

import {readDotenvFile} from '../dotenv/read.js'
import {KitError} from '../errors.js'
import {exists} from '../fs.js'
import {HEROKU_YML} from '../init/detect/container.js'
import {setEntry} from '../manifest/common.js'
import {drainReferenceName} from '../manifest/drain-references.js'
import {drainProblem} from '../manifest/pipeline-file/values.js'
import type {AddonDecl, Project, StageName} from '../manifest/types.js'
import {type DesiredStage, desiredStageOf} from './registry.js'

/** What a stage should be, each resource's part (registry.ts joins them): the app, its add-ons, config vars, … */
export type {DesiredStage} from './registry.js'

export interface DesiredState {
  pipeline: string
  team?: string
  region?: string
  repo?: string
  reviewApps?: {automatic: boolean; destroyStale: boolean; staleDays: number; waitForCi: boolean}
  /** review-stage config vars: app.json environments.review.env values */
  reviewConfig: Record<string, string>
  stages: DesiredStage[]
}

/**
 * A drain may be declared as `${NAME}` so that heroku-kit.yml (committed) holds no credential: the URL comes from
 * the stage's config file, else from the environment. A resolved URL is checked like a literal one.
 */
export function resolveDrains(
  stage: StageName,
  drains: string[],
  config: Record<string, string>,
  env: NodeJS.ProcessEnv,
): {drains: string[]; unresolvedDrains: string[]} {
  const resolved: string[] = []
  const unresolvedDrains: string[] = []
  for (const drain of drains) {
    const name = drainReferenceName(drain)
    if (name === undefined) {
      resolved.push(drain)
      continue
    }

    const value = Object.hasOwn(config, name) ? config[name] : env[name]
    if (value === undefined || value.trim() === '') {
      unresolvedDrains.push(name)
      continue
    }

    const problem = drainProblem(value.trim())
    if (problem) {
      throw new KitError(`stages.${stage}.drains: \${${name}} ${problem}`, {
        code: 'invalid_manifest',
        suggestion: `Fix ${name} in the stage's config file or the environment.`,
      })
    }

    if (!resolved.includes(value.trim())) resolved.push(value.trim())
  }

  return {drains: resolved, unresolvedDrains}
}

/** Unique key of a declared add-on on its app: its attachment name, else its service. */
export function addonKey(addon: AddonDecl): string {
  return addon.as ?? addon.service
}

/**
 * The stack the repository declares: 'container' when app.json says `"stack": "container"` or heroku.yml is at the
 * repository's root (Dev Center "Building Docker Images with heroku.yml": such an app needs the container stack);
 * else undefined (a buildpack stack: Heroku's default, which kit:bootstrap leaves alone).
 */
export async function declaredStack(project: Project): Promise<'container' | undefined> {
  if (project.appJson?.stack === 'container') return 'container'
  return (await exists(project.dir, HEROKU_YML)) ? 'container' : undefined
}

/**
 * What the repository declares, in one structure: heroku-kit.yml for the pipeline and stages, app.json for
 * buildpacks, env declarations and defaults, and each stage's dotenv file for config var values.
 */
export async function buildDesiredState(project: Project, env: NodeJS.ProcessEnv = process.env): Promise<DesiredState> {
  const {pipelineFile, appJson} = project
  const stack = await declaredStack(project)
  const stages: DesiredStage[] = []
  for (const stage of [pipelineFile.stages.staging, pipelineFile.stages.production]) {
    let configVars: Record<string, string> = {}
    if (stage.config) {
      const file = path.resolve(project.dir, stage.config)
      // eslint-disable-next-line no-await-in-loop -- two files, read in order so errors come in order
      configVars = (await readDotenvFile(file, stage.config)).vars
    }

    stages.push(desiredStageOf(stage, {appJson, stack, configVars, env}))
  }

  const reviewConfig: Record<string, string> = {}
  for (const [key, decl] of Object.entries(appJson?.environments.review?.env ?? {})) {
    if (decl.value !== undefined) setEntry(reviewConfig, key, decl.value)
  }

  return {
    pipeline: pipelineFile.pipeline,
    team: pipelineFile.team,
    region: pipelineFile.region,
    repo: pipelineFile.repo,
    reviewApps: pipelineFile.reviewApps,
    reviewConfig,
    stages,
  }
}
