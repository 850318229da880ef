/** The stages' buildpacks: app.json's list, in order, on each stage app (none for a container app). */
import type {StageName} from '../../manifest/types.js'
import type {ExportStageInput, Unmanaged} from '../export.js'
import {generationOf} from '../../generation.js'
import {type Applier, type NoStageFields, type Resource, type StagePlanInput, type StageReader, step} from '../resource.js'
import {stageGeneration} from '../stage-generation.js'
import type {Step} from '../types.js'

/** app.json's buildpacks (none for a container app: Heroku builds its images from heroku.yml); the app's, in order. */
export type BuildpacksStage = Omit<NoStageFields, 'desired' | 'current'> & {desired: {buildpacks: string[]}; current: {buildpacks: string[]}}

export type BuildpacksOperation = {kind: 'set-buildpacks'; app: string; buildpacks: string[]}

/**
 * The app's classic buildpacks; none read on a Fir app: Fir builds with Cloud Native Buildpacks chosen by the
 * repository's project.toml ([doc] Managing Buildpacks), and Heroku refuses `/buildpack-installations` for it (the
 * Heroku CLI's `buildpacks` reads a Fir app's OCI image instead).
 */
export const readBuildpacks: StageReader = async ({clients, app}) => {
  if (generationOf(app) === 'fir') return {buildpacks: []}
  const buildpacks = await clients.heroku.listBuildpacks(app.name)
  return {buildpacks: buildpacks.sort((a, b) => a.ordinal - b.ordinal).map(b => (b.buildpack.name ?? b.buildpack.url).replace(/^urn:buildpack:/, ''))}
}

export function planBuildpacks({stage, cur, current, errors}: StagePlanInput): Array<Step<BuildpacksOperation>> {
  if (stage.buildpacks.length === 0) return []
  if (stageGeneration({stage, cur, current}).name === 'fir') {
    // app.json's list is both stages': said once
    const problem =
      `app.json buildpacks (${stage.buildpacks.join(', ')}): this pipeline runs on Fir, which has no classic buildpacks; it builds with ` +
      `Cloud Native Buildpacks named in project.toml ([[io.buildpacks.group]] entries, e.g. id = "heroku/nodejs"; heroku kit:init --generation fir writes one). ` +
      `Move them there and remove "buildpacks" from app.json.`
    if (!errors.includes(problem)) errors.push(problem)
    return []
  }

  const id = `${stage.name}.buildpacks`
  const same = cur.buildpacks.length === stage.buildpacks.length && cur.buildpacks.every((b, i) => b === stage.buildpacks[i])
  if (same) {
    return [
      step({
        id,
        group: stage.name,
        resource: 'buildpacks',
        action: 'unchanged',
        summary: `buildpacks ${stage.buildpacks.join(', ')}`,
        dependsOn: [`${stage.name}.app`],
      }),
    ]
  }

  return [
    step({
      id,
      group: stage.name,
      resource: 'buildpacks',
      action: cur.buildpacks.length > 0 ? 'change' : 'create',
      summary: `set buildpacks ${stage.buildpacks.join(', ')}${cur.buildpacks.length > 0 ? ` (was ${cur.buildpacks.join(', ')})` : ''}`,
      dependsOn: [`${stage.name}.app`],
      operation: {kind: 'set-buildpacks', app: stage.app, buildpacks: stage.buildpacks},
    }),
  ]
}

const setBuildpacks: Applier<BuildpacksOperation> = async (op, {clients: {heroku}}) => {
  await heroku.setBuildpacks(op.app, op.buildpacks)
}

/**
 * app.json's buildpacks: one list for both stages (planBuildpacks compares each stage with it). Taken from
 * production (else staging); a stage that runs other buildpacks is listed.
 */
export function exportBuildpacks(stages: ExportStageInput[]): {buildpacks: string[]; unmanaged: Unmanaged[]} {
  const source = stages.find(s => s.name === 'production') ?? stages[0]
  if (!source) return {buildpacks: [], unmanaged: []}
  const buildpacks = source.current.buildpacks
  const unmanaged: Unmanaged[] = []
  for (const stage of stages.filter(s => s !== source)) {
    if (stage.current.buildpacks.join('\n') !== buildpacks.join('\n')) {
      unmanaged.push({
        scope: stage.name as StageName,
        what: `buildpacks ${stage.current.buildpacks.join(', ') || '(auto-detected)'}`,
        why: `app.json declares one list for both stages (${source.name}'s: ${buildpacks.join(', ') || 'auto-detected'}); kit:bootstrap would set it`,
      })
    }
  }

  return {buildpacks, unmanaged}
}

export const buildpacks: Resource<BuildpacksOperation, BuildpacksStage> = {
  name: 'buildpacks',
  read: {stage: readBuildpacks, requests: 1},
  stage: {
    keys: [],
    defaults: () => ({}),
    none: () => ({}),
    desire: ({appJson, stack}) => ({buildpacks: stack === 'container' ? [] : (appJson?.buildpacks ?? [])}),
    unread: () => ({buildpacks: []}),
  },
  plan: {stage: planBuildpacks},
  apply: {'set-buildpacks': setBuildpacks},
  export: {file: exportBuildpacks},
}
