import path from 'node:path'

import {readDotenvFile} from '../dotenv/read.js'
import {KitError} from '../errors.js'
import {exists, resolveInRepository} from '../fs.js'
import {HEROKU_YML} from '../init/detect/container.js'
import {setEntry} from '../manifest/common.js'
import {drainReferenceName, type ReferenceSources, resolveReference, withoutDrainKeys} from '../manifest/drain-references.js'
import {drainProblem} from '../manifest/pipeline-file/index.js'
import type {AddonDecl, EnvDecl, FormationDecl, Project, StageName} from '../manifest/types.js'

export interface DesiredStage {
  name: StageName
  app: string
  /** 'container' for a repository that deploys images (heroku.yml); undefined: Heroku's default stack, not managed */
  stack?: string
  /** app.json's buildpacks (none for a container app: Heroku builds its images from heroku.yml) */
  buildpacks: string[]
  addons: AddonDecl[]
  /** config vars from the stage's dotenv file (empty when none is declared) */
  config: Record<string, string>
  configFile?: string
  /** why the stage's config file was left out (not here, as in a CI checkout, or unreadable): its keys are not compared */
  configUncompared?: string
  /** app.json env declarations (generator: secret, required) */
  env: Record<string, EnvDecl>
  formation: FormationDecl
  preboot: boolean
  domains: string[]
  acm: boolean
  backups?: {hour: number; timezone: string}
  /** drain URLs, `${NAME}` references resolved from the stage's config file or the environment */
  drains: string[]
  /** `${NAME}` drains whose value is found nowhere a reference may read (bootstrap refuses to run; verify can't compare them) */
  unresolvedDrains?: UnresolvedDrain[]
  /** the values `${NAME}` drains resolved to: secrets, for the redactor (whatever they look like) */
  referencedValues?: string[]
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

/** A `${NAME}` drain that can't be resolved: the reference and why (never a value). */
export interface UnresolvedDrain {
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
): {drains: string[]; unresolvedDrains: UnresolvedDrain[]; referencedValues: string[]} {
  const resolved: string[] = []
  const unresolvedDrains: UnresolvedDrain[] = []
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
    let config: Record<string, string> = {}
    if (stage.config) {
      // eslint-disable-next-line no-await-in-loop -- two files, read in order so errors come in order
      const file = await resolveInRepository(project.dir, stage.config, stage.config) // never a link out of the repository
      // eslint-disable-next-line no-await-in-loop -- as above
      config = (await readDotenvFile(file, stage.config)).vars
    }

    const keys = new Set<string>()
    for (const addon of stage.addons) {
      const key = addonKey(addon)
      if (keys.has(key)) {
        throw new KitError(`Stage ${stage.name} declares the add-on ${key} twice.`, {
          code: 'invalid_manifest',
          suggestion: 'Give each add-on of the same service its own `as:` attachment name.',
        })
      }

      keys.add(key)
    }

    stages.push({
      name: stage.name,
      app: stage.app,
      ...(stack ? {stack} : {}),
      buildpacks: stack === 'container' ? [] : (appJson?.buildpacks ?? []),
      addons: stage.addons,
      // a key a drain references is the drain's URL, not a config var (manifest/drain-references.ts)
      config: withoutDrainKeys(config, stage.drains),
      configFile: stage.config,
      env: appJson?.env ?? {},
      formation: stage.formation,
      preboot: stage.preboot,
      domains: stage.domains,
      acm: stage.acm,
      backups: stage.backups,
      ...resolveDrains(stage.name, stage.drains, {configFile: stage.config, config, envNames: pipelineFile.envReferences ?? [], env}),
      autoDeploy: stage.name === 'staging' ? stage.autoDeploy : undefined,
    })
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
 * says so (`configUncompared`); the rest is buildDesiredState's.
 */
export async function buildDesiredStateToCompare(project: Project): Promise<DesiredState> {
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
    for (const stage of Object.values(stages)) {
      if (stage.config) notes[stage.name] = `${stage.config} can't be read (${error.message.split('\n')[0]}), so its keys were not compared`
      delete stage.config
    }

    return withNotes(await buildDesiredState(adjusted))
  }
}
