/**
 * The Private Space a stage's app runs in (`space:` per stage), and through it the stage's generation: an app's
 * generation is its space's, the Common Runtime is Cedar, and apps cannot move between spaces or generations
 * ([doc] devcenter "Heroku Generations", "Migrating apps from Cedar Private Spaces to Fir Private Spaces"). So a
 * declared space is read (`GET /spaces/{name}`), never created or changed (a space takes Heroku many minutes and
 * money to allocate; `heroku spaces:create` is for the user); an app to create is created in it (create-app with
 * `space`, app.ts); an existing app elsewhere, a space of another team, and a pipeline whose apps would run on two
 * generations are plan errors, reported before anything is sent.
 */
import {HerokuApiError} from '../../api/errors.js'
import type {Generation, HerokuApi, Space} from '../../api/heroku-api.js'
import {type GenerationName, generationOf} from '../../generation.js'
import {formatPath} from '../../manifest/common.js'
import type {StageName} from '../../manifest/types.js'
import type {CurrentStage, CurrentState} from '../current.js'
import type {DesiredState} from '../desired.js'
import type {ExportStageInput, StageExport} from '../export.js'
import {type PipelinePlanInput, type Resource, type StageFields, step} from '../resource.js'
import {stageGeneration} from '../stage-generation.js'
import type {Step} from '../types.js'

/** `space:` names the Private Space of the stage's app (absent: the Common Runtime, or wherever the app already runs). */
export type SpaceStage = {
  declared: {space?: string}
  desired: {space?: string}
  current: Record<never, never>
  yaml: {space?: string}
}

/** This resource sends nothing: a space is only read. */
export type SpaceOperation = never

/** [schema] `space.name`: lowercase letters and digits, single dashes inside. */
const SPACE_NAME = /^[a-z0-9](?:[a-z0-9]|-(?!-))+[a-z0-9]$/

/** The declared spaces, by name: undefined for one that does not exist or that this account may not see (403: another team's). */
export async function readSpaces(heroku: HerokuApi, desired: Pick<DesiredState, 'stages'>): Promise<Record<string, Space | undefined>> {
  const names = [...new Set(desired.stages.flatMap(stage => (stage.space ? [stage.space] : [])))]
  const visible = async (name: string): Promise<Space | undefined> => {
    try {
      return await heroku.findSpace(name)
    } catch (error) {
      if (error instanceof HerokuApiError && error.status === 403) return undefined
      throw error
    }
  }

  return Object.fromEntries(await Promise.all(names.map(async name => [name, await visible(name)] as const)))
}

/**
 * The generations the stages run on, each with the features Heroku says it lacks (`GET /generations/{id}`, 3.sdk):
 * those of a declared space, and of an existing app off Cedar. A stage on the Common Runtime (no space, a Cedar app
 * or none yet) reads nothing: Cedar's Common Runtime is what every heroku-kit step was made for, and a Cedar
 * pipeline's requests stay as they were.
 */
export async function readGenerations(
  heroku: HerokuApi,
  desired: Pick<DesiredState, 'stages'>,
  found: Pick<CurrentState, 'spaces'> & {apps: Array<CurrentStage['app']>},
): Promise<Partial<Record<GenerationName, Generation>>> {
  const wanted = new Map<GenerationName, string>()
  for (const space of Object.values(found.spaces ?? {})) {
    const name = generationOf(space)
    if (name && space) wanted.set(name, generationId(space.generation) ?? name)
  }

  for (const app of found.apps) {
    const name = generationOf(app)
    if (name && name !== 'cedar' && app && !wanted.has(name)) wanted.set(name, generationId(app.generation) ?? name)
  }

  const read = await Promise.all([...wanted].map(async ([name, id]) => [name, await heroku.findGeneration(id)] as const))
  return Object.fromEntries(read.filter(([, generation]) => generation !== undefined))
}

/** `{id, name}` → id; the plain-name form has no id (GET /generations/{name} answers by name too: [schema] identity). */
function generationId(generation: unknown): string | undefined {
  return generation && typeof generation === 'object' && typeof (generation as {id?: unknown}).id === 'string' ? (generation as {id: string}).id : undefined
}

/** Where an app runs, in words: `the space NAME` or `the Common Runtime`. */
function whereRuns(space: string | undefined): string {
  return space ? `the space ${space}` : 'the Common Runtime (no space)'
}

export function planSpaces({desired, current, errors}: PipelinePlanInput): Array<Step<SpaceOperation>> {
  const steps: Array<Step<SpaceOperation>> = []
  for (const stage of desired.stages) {
    if (!stage.space) continue
    const name = stage.name as StageName
    const at = `stages.${name}.space`
    const space = current.spaces?.[stage.space]
    if (!space) {
      errors.push(
        `${at}: no Private Space named ${stage.space} that this account can see. heroku-kit does not create spaces: ` +
          `create it (heroku spaces:create ${stage.space} --team TEAM), or check the name with heroku spaces.`,
      )
      continue
    }

    const team = space.team?.name ?? space.organization?.name
    if (!desired.team) {
      errors.push(`${at}: apps in the space ${stage.space} belong to its team; set team: ${team ?? '<the space’s team>'} at the top of heroku-kit.yml.`)
    } else if (team && team !== desired.team) {
      errors.push(`${at}: the space ${stage.space} belongs to team ${team}, not ${desired.team}; an app is created in a space of its own team.`)
    }

    const region = space.region?.name
    if (desired.region && region && region !== desired.region) {
      errors.push(
        `${at}: the space ${stage.space} is in the region ${region}, and heroku-kit.yml declares region: ${desired.region}; an app in a space runs in the space's region.`,
      )
    }

    const app = current.stages[name]?.app
    const appSpace = app?.space?.name
    if (app && appSpace !== stage.space) {
      errors.push(
        `${at}: the app ${stage.app} already runs in ${whereRuns(appSpace)}, not in ${stage.space}; Heroku does not move apps between ` +
          `spaces. Declare the space it runs in, or name a new app (stages.${name}.app) to be created in ${stage.space}.`,
      )
    }

    const generation = generationOf(space) ?? 'cedar'
    steps.push(step({id: `${name}.space`, group: name, resource: 'space', action: 'unchanged', summary: `space ${stage.space} (${generation})`}))
  }

  const generations = desired.stages.map(stage => ({
    app: stage.app,
    generation: stageGeneration({stage, cur: current.stages[stage.name as StageName] ?? {}, current}).name,
  }))
  if (new Set(generations.map(g => g.generation)).size > 1) {
    errors.push(
      `A pipeline's apps run on one generation, and these would not: ${generations.map(g => `${g.app} on ${g.generation}`).join(', ')}. ` +
        `Declare spaces of one generation (stages.<stage>.space), or make two pipelines.`,
    )
  } else if (current.pipeline && generations.length > 0) {
    const pipelineGeneration = generationOf(current.pipeline)
    const appsGeneration = generations[0].generation
    if (pipelineGeneration && pipelineGeneration !== appsGeneration) {
      errors.push(
        `The pipeline ${desired.pipeline} is a ${pipelineGeneration} pipeline and its apps would run on ${appsGeneration} ` +
          `(${generations.map(g => g.app).join(', ')}); Heroku couples only apps of the pipeline's generation. Use a pipeline of another name.`,
      )
    }
  }

  return steps
}

/** `space:` when the app runs in one. */
export function exportSpace({current}: ExportStageInput): StageExport {
  return {fields: {space: current.app?.space?.name ?? undefined}, unmanaged: []}
}

const spaceStage: StageFields<SpaceStage> = {
  keys: ['space'],
  defaults: () => ({}),
  none: () => ({}),
  parse({stage, value, at, fields, report}) {
    const name = fields.string(value, 'space', at)
    if (name === undefined) return
    if (SPACE_NAME.test(name)) stage.space = name
    else
      report(
        [...at, 'space'],
        `${formatPath([...at, 'space'])}: "${name}" is not a Private Space name; use the name heroku spaces lists (lowercase letters, digits and dashes)`,
      )
  },
  desire: ({stage}) => (stage.space ? {space: stage.space} : {}),
  unread: () => ({}),
}

export const space: Resource<SpaceOperation, SpaceStage> = {
  name: 'space',
  // GET /spaces/{name} per declared space, GET /generations/{id} per generation (readCurrentState's first two waves)
  read: {state: readSpaces},
  stage: spaceStage,
  plan: {pipeline: planSpaces},
  apply: {},
  export: {stage: exportSpace},
}
