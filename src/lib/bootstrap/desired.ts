import path from 'node:path'

import {readDotenvFile} from '../dotenv/read.js'
import {KitError} from '../errors.js'
import {resolveDrainReferences, withoutDrainKeys} from '../manifest/drain-references.js'
import type {AddonDecl, EnvDecl, FormationDecl, Project, StageName} from '../manifest/types.js'

export interface DesiredStage {
  name: StageName
  app: string
  buildpacks: string[]
  addons: AddonDecl[]
  /** config vars from the stage's dotenv file (empty when none is declared) */
  config: Record<string, string>
  configFile?: string
  /** app.json env declarations (generator: secret, required) */
  env: Record<string, EnvDecl>
  formation: FormationDecl
  preboot: boolean
  domains: string[]
  acm: boolean
  backups?: {hour: number; timezone: string}
  drains: string[]
  /** `${NAME}` drain references the stage's dotenv file does not resolve (see manifest/drain-references.ts) */
  unresolvedDrains?: string[]
  /** branch that auto-deploys (staging); undefined: no auto-deploy (production changes only by promotion) */
  autoDeploy?: string
}

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

/** Unique key of a declared add-on on its app: its attachment name, else its service. */
export function addonKey(addon: AddonDecl): string {
  return addon.as ?? addon.service
}

/**
 * What the repository declares, in one structure: heroku-kit.yml for the pipeline and stages, app.json for
 * buildpacks, env declarations and defaults, and each stage's dotenv file for config var values.
 */
export async function buildDesiredState(project: Project): Promise<DesiredState> {
  const {pipelineFile, appJson} = project
  const stages: DesiredStage[] = []
  for (const stage of [pipelineFile.stages.staging, pipelineFile.stages.production]) {
    let config: Record<string, string> = {}
    if (stage.config) {
      const file = path.resolve(project.dir, stage.config)
      // eslint-disable-next-line no-await-in-loop -- two files, read in order so errors come in order
      config = (await readDotenvFile(file, stage.config)).vars
    }

    const drains = resolveDrainReferences(stage.drains, config)
    config = withoutDrainKeys(config, stage.drains)

    const keys = new Set<string>()
    for (const addon of stage.addons) {
      const key = addonKey(addon)
      if (keys.has(key)) {
        throw new KitError(`Stage ${stage.name} declares the add-on ${key} twice.`, {code: 'invalid_manifest', suggestion: 'Give each add-on of the same service its own `as:` attachment name.'})
      }

      keys.add(key)
    }

    stages.push({
      name: stage.name,
      app: stage.app,
      buildpacks: appJson?.buildpacks ?? [],
      addons: stage.addons,
      config,
      configFile: stage.config,
      env: appJson?.env ?? {},
      formation: stage.formation,
      preboot: stage.preboot,
      domains: stage.domains,
      acm: stage.acm,
      backups: stage.backups,
      drains: drains.urls,
      ...(drains.unresolved.length > 0 ? {unresolvedDrains: drains.unresolved} : {}),
      autoDeploy: stage.name === 'staging' ? stage.autoDeploy : undefined,
    })
  }

  const reviewConfig: Record<string, string> = {}
  for (const [key, decl] of Object.entries(appJson?.environments.review?.env ?? {})) {
    if (decl.value !== undefined) reviewConfig[key] = decl.value
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
