/**
 * The resources the converge engine manages, in plan order: a new resource is one module in resources/ and one line
 * in RESOURCES. The operations, their appliers and the stage readers and exporters all come from this list.
 */
import type {Appliers, Resource, StageExporter} from './resource.js'
import {acm, exportAcm} from './resources/acm.js'
import {addons, exportAddons} from './resources/addons.js'
import {app, exportApp} from './resources/app.js'
import {backups, exportBackups} from './resources/backups.js'
import {buildpacks} from './resources/buildpacks.js'
import {config} from './resources/config.js'
import {coupling} from './resources/coupling.js'
import {domains, exportDomains} from './resources/domains.js'
import {drains, exportDrains} from './resources/drains.js'
import {exportFormation, formation} from './resources/formation.js'
import {exportAutoDeploy, github} from './resources/github.js'
import {pipeline} from './resources/pipeline.js'
import {exportPreboot, preboot} from './resources/preboot.js'
import {reviewApps} from './resources/review-apps.js'

/**
 * Plan order: the pipeline-wide resources before the first stage resource are planned first, then every stage
 * resource once per stage (each sees the stage's steps planned before it), then the remaining pipeline-wide ones.
 */
export const RESOURCES = [pipeline, app, coupling, buildpacks, addons, config, formation, preboot, domains, acm, backups, drains, github, reviewApps] as const

type OperationOf<R> = R extends Resource<infer Op> ? Op : never

/** What one plan step sends: data, so the plan can be printed and tested without HTTP. */
export type Operation = OperationOf<(typeof RESOURCES)[number]>

/** Every operation kind with its applier (each resource's own `apply`: a kind without one does not compile). */
export const APPLIERS = Object.assign({}, ...RESOURCES.map(resource => resource.apply)) as Appliers<Operation>

/** Operation kinds that cost more than one round trip, with their cost (each resource's own `cost`). */
export const COSTS: Partial<Record<Operation['kind'], number>> = Object.assign({}, ...RESOURCES.map(resource => resource.cost ?? {}))

/** The resources' stage exporters (each a resource's `export.stage`), in heroku-kit.yml's key order: kit:import writes the keys so. */
export const STAGE_EXPORTERS: StageExporter[] = [
  exportApp,
  exportFormation,
  exportAddons,
  exportAutoDeploy,
  exportDomains,
  exportAcm,
  exportBackups,
  exportDrains,
  exportPreboot,
]
