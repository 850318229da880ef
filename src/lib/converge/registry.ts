/**
 * The resources the converge engine manages, in plan order: a new resource is one module in resources/ and one line
 * in RESOURCES. The operations, their appliers, the stage readers and exporters, heroku-kit.yml's stage keys and the
 * stage types (declared, desired, current, exported) all come from this list.
 */
import {drainReferenceNames} from '../manifest/drain-references.js'
import type {StageName} from '../manifest/types.js'
import type {UnresolvedReference} from './desired.js'
import type {Appliers, DesireInput, Resource, StageDefaultsInput, StageExporter} from './resource.js'
import {acm} from './resources/acm.js'
import {addons} from './resources/addons.js'
import {app} from './resources/app.js'
import {backups} from './resources/backups.js'
import {buildpacks} from './resources/buildpacks.js'
import {config} from './resources/config.js'
import {coupling} from './resources/coupling.js'
import {domains} from './resources/domains.js'
import {drains} from './resources/drains.js'
import {features} from './resources/features.js'
import {formation} from './resources/formation.js'
import {github} from './resources/github.js'
import {pipeline} from './resources/pipeline.js'
import {reviewApps} from './resources/review-apps.js'
import {space} from './resources/space.js'
import {telemetry} from './resources/telemetry.js'

/**
 * Plan order: the pipeline-wide resources before the first stage resource are planned first, then every stage
 * resource once per stage (each sees the stage's steps planned before it), then the remaining pipeline-wide ones.
 */
export const RESOURCES = [
  space,
  pipeline,
  app,
  coupling,
  buildpacks,
  addons,
  config,
  formation,
  features,
  domains,
  acm,
  backups,
  drains,
  telemetry,
  github,
  reviewApps,
] as const

type OperationOf<R> = R extends Resource<infer Op, infer _S> ? Op : never

/** What one plan step sends: data, so the plan can be printed and tested without HTTP. */
export type Operation = OperationOf<(typeof RESOURCES)[number]>

/** Every operation kind with its applier (each resource's own `apply`: a kind without one does not compile). */
export const APPLIERS = Object.assign({}, ...RESOURCES.map(resource => resource.apply)) as Appliers<Operation>

/** Operation kinds that cost more than one round trip, with their cost (each resource's own `cost`). */
export const COSTS: Partial<Record<Operation['kind'], number>> = Object.assign({}, ...RESOURCES.map(resource => resource.cost ?? {}))

/**
 * The resources' stage exporters (each a resource's `export.stage`), in plan order, which is the order kit:import
 * writes a stage's keys in.
 */
export const STAGE_EXPORTERS: StageExporter[] = RESOURCES.flatMap(resource => (resource.export && 'stage' in resource.export ? [resource.export.stage] : []))

type ShapeOf<R> = R extends Resource<infer _Op, infer S> ? S : never
type Shape = ShapeOf<(typeof RESOURCES)[number]>
/** `A | B` → `A & B`: every resource's fields in one type. */
type Joined<U> = (U extends unknown ? (part: U) => void : never) extends (part: infer I) => void ? I : never

/** A stage of heroku-kit.yml as read: each resource's keys, with their defaults (`stage.defaults`). */
export type StageDecl = {name: StageName} & Joined<Shape['declared']>
/** What a stage should be: each resource's part (`stage.desire`). */
export type DesiredStage = {name: StageName} & Joined<Shape['desired']>
/** What a stage app is: each resource's part, from its readers (`read`). */
export type CurrentStage = Joined<Shape['current']>
/** A stage of heroku-kit.yml as kit:import writes it, with the file's own key names (each resource's exporter). */
export type StageYaml = Partial<Joined<Shape['yaml']>>

/** The keys `stages.<stage>` of heroku-kit.yml may hold: each resource's own (`stage.keys`), in plan order. */
export const STAGE_KEYS: readonly string[] = RESOURCES.flatMap(resource => resource.stage?.keys ?? [])

/** The app features heroku-kit.yml declares (each resource's `stage.appFeatures`): kit:import lists the other enabled ones. */
export const DECLARED_APP_FEATURES: ReadonlySet<string> = new Set(RESOURCES.flatMap(resource => resource.stage?.appFeatures ?? []))

/** A stage as heroku-kit.yml means it when it says nothing of it: every resource's defaults. */
export function declaredStage(input: StageDefaultsInput): StageDecl {
  return Object.assign({name: input.name}, ...RESOURCES.map(resource => resource.stage?.defaults(input) ?? {})) as StageDecl
}

/** A stage that declares nothing but its app (fleet mode; a day-two command declares the part it manages). */
export function emptyDeclaredStage(name: StageName, app: string, parts: Partial<StageDecl> = {}): StageDecl {
  return Object.assign({name}, ...RESOURCES.map(resource => resource.stage?.none() ?? {}), {app}, parts) as StageDecl
}

/**
 * The `${NAME}` references of a declared stage, per resource that has them (`stage.references`: drain URLs,
 * telemetry headers): what they are and the keys of the stage's config file they name.
 */
export function stageReferences(stage: StageDecl): Array<{what: string; keys: string[]}> {
  return RESOURCES.flatMap(resource => {
    const references = resource.stage?.references
    return references ? [{what: references.what, keys: drainReferenceNames(references.entries(stage))}] : []
  })
}

/** The secrets an app's current state holds, every resource's (`read.secrets`): the commands that read it register them with the redactor. */
export function liveSecrets(cur: CurrentStage): string[] {
  return RESOURCES.flatMap(resource => ('secrets' in resource.read && resource.read.secrets ? resource.read.secrets(cur) : []))
}

/** The `${NAME}` references of a desired stage its resources could not resolve, per key of heroku-kit.yml. */
export function unresolvedReferences(stage: DesiredStage): Array<{key: string; what: string; unresolved: UnresolvedReference[]}> {
  return RESOURCES.flatMap(resource => {
    const references = resource.stage?.references
    const unresolved = references?.unresolved(stage) ?? []
    return references && unresolved.length > 0 ? [{key: resource.stage!.keys[0], what: references.what, unresolved}] : []
  })
}

/** The desired state of a declared stage, every resource's part (input: what desire gets besides the stage). */
export function desiredStageOf(stage: StageDecl, input: Omit<DesireInput, 'stage' | 'referencedKeys'>): DesiredStage {
  const referencedKeys = stageReferences(stage).flatMap(reference => reference.keys)
  const parts: Array<Partial<DesiredStage>> = RESOURCES.map(resource => resource.stage?.desire({...input, stage, referencedKeys}) ?? {})
  // the values `${NAME}` references reached, of every resource that has them (drains, telemetry headers): all secrets
  const referencedValues = parts.flatMap(part => part.referencedValues ?? [])
  return Object.assign({name: stage.name}, ...parts, {referencedValues}) as DesiredStage
}

/** A stage that wants nothing but its app: what a day-two command hands a planner, with the part it manages (`parts`). */
export function emptyDesiredStage(name: StageName, app: string, parts: Partial<DesiredStage> = {}): DesiredStage {
  return {...desiredStageOf(emptyDeclaredStage(name, app), {configVars: {}, envReferences: [], env: {}}), ...parts}
}

/** An app's current state before anything is read: `access` and the app, every other part empty (`parts`: what was read). */
export function emptyCurrentStage(access: CurrentStage['access'], app?: CurrentStage['app'], parts: Partial<CurrentStage> = {}): CurrentStage {
  return Object.assign({}, ...RESOURCES.map(resource => resource.stage?.unread() ?? {}), {access}, app ? {app} : {}, parts) as CurrentStage
}
