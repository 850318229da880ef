import path from 'node:path'

import {readDotenvFile} from '../dotenv/read.js'
import {KitError} from '../errors.js'
import {exists, resolveInRepository} from '../fs.js'
import {HEROKU_YML} from '../init/detect/container.js'
import {setEntry} from '../manifest/common.js'
import {drainReferenceName, type ReferenceSources, resolveReference} from '../manifest/drain-references.js'
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

/** A `${NAME}` drain that can't be resolved: the reference and why (never a value). */
export interface UnresolvedReference {
  name: string
  why: string
}

/**
 * A drain may be declared as `${NAME}` so that heroku-kit.yml (committed) holds no credential: the URL comes from
 * the stage's config file, else from the environment for a name heroku-kit.yml lists under `env_references`
 * (manifest/drain-references.ts). A resolved URL is checked like a literal one, and its error names the reference,
 * never the value; every resolved value is returned in `referencedValues`, for the redactor.
 */
export function resolveDrains(
  stage: StageName,
  drains: string[],
  sources: ReferenceSources,
): {drains: string[]; unresolvedDrains: UnresolvedReference[]; referencedValues: string[]} {
  const resolved: string[] = []
  const unresolvedDrains: UnresolvedReference[] = []
  const referencedValues: string[] = []
  for (const drain of drains) {
    const name = drainReferenceName(drain)
    if (name === undefined) {
      resolved.push(drain)
      continue
    }

    const reference = resolveReference(name, sources)
    if (reference.value === undefined) {
      unresolvedDrains.push({name, why: reference.why})
      continue
    }

    referencedValues.push(reference.value)
    const problem = drainProblem(reference.value, `\${${name}} (from ${reference.source})`)
    if (problem) {
      throw new KitError(`stages.${stage}.drains: ${problem}. Nothing was sent.`, {
        code: 'invalid_manifest',
        suggestion: `Set ${name} in ${reference.source} to the drain's URL, or remove \${${name}} from stages.${stage}.drains.`,
      })
    }

    if (!resolved.includes(reference.value)) resolved.push(reference.value)
  }

  return {drains: resolved, unresolvedDrains, referencedValues}
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
      // eslint-disable-next-line no-await-in-loop -- two files, read in order so errors come in order
      const file = await resolveInRepository(project.dir, stage.config, stage.config) // never a link out of the repository
      // eslint-disable-next-line no-await-in-loop -- as above
      configVars = (await readDotenvFile(file, stage.config)).vars
    }

    stages.push(desiredStageOf(stage, {appJson, stack, configVars, envReferences: pipelineFile.envReferences ?? [], env}))
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

/**
 * The declared state for a command that only reads (kit:bootstrap --dry-run, kit:verify): a stage config file
 * (.env.production) that isn't here — CI checkouts don't have them — or doesn't parse is left out, and the stage
 * says so (`configUncompared`); the rest is buildDesiredState's. A config file that is a link out of the repository
 * (fs.ts resolveInRepository, issue 19.5) is refused as kit:bootstrap refuses it, unless `linksOut` is 'leave-out'
 * (kit:verify, a report: its keys are then not compared, and nothing of it is read).
 */
export async function buildDesiredStateToCompare(project: Project, {linksOut = 'refuse'}: {linksOut?: 'leave-out' | 'refuse'} = {}): Promise<DesiredState> {
  const notes: Partial<Record<StageName, string>> = {}
  const stages = structuredClone(project.pipelineFile.stages)
  for (const stage of Object.values(stages)) {
    // eslint-disable-next-line no-await-in-loop -- two files
    if (stage.config && !(await exists(path.resolve(project.dir, stage.config)))) {
      notes[stage.name] = `${stage.config} is not here, so its keys were not compared (only app.json's required keys)`
      delete stage.config
    }
  }

  const adjusted: Project = {...project, pipelineFile: {...project.pipelineFile, stages}}
  const withNotes = (desired: DesiredState): DesiredState => ({
    ...desired,
    stages: desired.stages.map(stage => (notes[stage.name] ? {...stage, configUncompared: notes[stage.name]} : stage)),
  })
  try {
    return withNotes(await buildDesiredState(adjusted))
  } catch (error) {
    if (!(error instanceof KitError) || error.code === 'invalid_manifest') throw error
    if (error.code === 'outside_repository' && linksOut === 'refuse') throw error
    for (const stage of Object.values(stages)) {
      if (stage.config) notes[stage.name] = `${stage.config} can't be read (${error.message.split('\n')[0]}), so its keys were not compared`
      delete stage.config
    }

    return withNotes(await buildDesiredState(adjusted))
  }
}
