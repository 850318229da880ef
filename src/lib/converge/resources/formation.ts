/** A stage's formation: quantity and size per process type; scaling down only on request; types pending a deploy. */
import type {FormationEntry, FormationUpdate} from '../../api/heroku-api.js'
import type {GenerationName} from '../../generation.js'
import {closest, isFirDynoSize, parseFormationDecl} from '../../manifest/common.js'
import type {FormationDecl} from '../../manifest/types.js'
import type {CurrentStage} from '../current.js'
import type {DesiredStage} from '../desired.js'
import type {ExportStageInput, StageExport} from '../export.js'
import {type Cost, DYNO_PRICE_TABLE, dynosCost, ECO_NOTE, type PriceBook, type StepPrice} from '../pricing.js'
import {type Applier, type OperationShape, type PlanOptions, type Resource, type StageFields, type StagePlanInput, type StageReader, step} from '../resource.js'
import {stageGeneration} from '../stage-generation.js'
import type {Step} from '../types.js'

/** `formation:` (default: app.json's): quantity and size per process type. */
export type FormationStage = {
  declared: {formation: FormationDecl}
  desired: {formation: FormationDecl}
  current: {formation: FormationEntry[]}
  yaml: {formation?: Record<string, {quantity: number; size?: string}>}
}

export type FormationOperation = {kind: 'scale'; app: string; updates: FormationUpdate[]}

export const readFormation: StageReader = async ({clients, app}) => ({formation: await clients.heroku.getFormation(app.name)})

/** Dyno size names compare case-insensitively (the API answers `Standard-1X` and accepts `standard-1x`). */
export function normalizeSize(size: string | undefined): string | undefined {
  return size?.toLowerCase()
}

export function isScaleOperation(op: OperationShape | undefined): op is FormationOperation {
  return op?.kind === 'scale'
}

/** A formation as dynos to price: each entry's quantity and (lower-case) size. */
function runningDynos(entries: FormationEntry[]): Array<{quantity: number; size: string | undefined}> {
  return entries.map(entry => ({quantity: entry.quantity, size: normalizeSize(entry.dyno_size?.name ?? entry.size)}))
}

/**
 * A scale: the process types it touches, as they run → as they will (quantity × size, the size kept when only the
 * quantity changes). `pending`: process types not running yet, which cost nothing before.
 */
export function priceScale(prices: PriceBook, running: FormationEntry[], updates: FormationUpdate[]): StepPrice {
  const byType = new Map(running.map(entry => [entry.type, entry]))
  const touched = updates.map(update => byType.get(update.type)).filter((entry): entry is FormationEntry => entry !== undefined)
  const after = updates.map(update => {
    const have = byType.get(update.type)
    return {quantity: update.quantity ?? have?.quantity ?? 0, size: normalizeSize(update.dyno_size?.name ?? have?.dyno_size?.name ?? have?.size)}
  })
  return {before: touched.length > 0 ? dynosCost(prices, runningDynos(touched)).cost : null, after: dynosCost(prices, after).cost}
}

/** What the app's dynos cost now, every process type that runs; eco dynos get the note on their pooled price. */
export function formationCostNow(cur: CurrentStage, prices: PriceBook): {cost: Cost; notes: string[]} {
  const {cost, eco} = dynosCost(prices, runningDynos(cur.formation))
  return {cost, notes: eco ? [ECO_NOTE] : []}
}

/** The formation steps (kit:scale plans with this too). */
export function planFormation(stage: DesiredStage, cur: CurrentStage, options: PlanOptions): Array<Step<FormationOperation>> {
  const types = Object.keys(stage.formation)
  if (types.length === 0) return []
  const id = `${stage.name}.formation`
  const existing = new Map(cur.formation.map(f => [f.type, f]))
  const pending = types.filter(t => !existing.has(t))
  const updates: Array<{type: string; quantity?: number; dyno_size?: {name: string}}> = []
  const drift: string[] = []
  for (const type of types.filter(t => existing.has(t))) {
    const want = stage.formation[type]
    const have = existing.get(type)!
    const haveSize = normalizeSize(have.dyno_size?.name ?? have.size)
    const sizeDiffers = want.size !== undefined && normalizeSize(want.size) !== haveSize
    const quantityDiffers = want.quantity !== have.quantity
    if (quantityDiffers && want.quantity < have.quantity && !options.scaleDown) {
      drift.push(`${type}: ${have.quantity} running, declared ${want.quantity} (--scale-down applies it)`)
      if (sizeDiffers) updates.push({type, dyno_size: {name: want.size!}})
      continue
    }

    if (quantityDiffers || sizeDiffers) {
      updates.push({type, ...(quantityDiffers ? {quantity: want.quantity} : {}), ...(sizeDiffers ? {dyno_size: {name: want.size!}} : {})})
    }
  }

  const describe = (t: string) => `${t}=${stage.formation[t].quantity}${stage.formation[t].size ? `:${stage.formation[t].size}` : ''}`
  const steps: Array<Step<FormationOperation>> = []
  if (updates.length > 0) {
    steps.push(
      step({
        id,
        group: stage.name,
        resource: 'formation',
        action: 'change',
        summary: `scale ${updates.map(u => describe(u.type)).join(' ')}`,
        dependsOn: [`${stage.name}.app`],
        operation: {kind: 'scale', app: stage.app, updates},
        ...(options.prices ? {price: priceScale(options.prices, cur.formation, updates)} : {}),
      }),
    )
  } else if (pending.length < types.length) {
    steps.push(
      step({
        id,
        group: stage.name,
        resource: 'formation',
        action: drift.length > 0 ? 'drift' : 'unchanged',
        summary: `formation ${types
          .filter(t => existing.has(t))
          .map(t => describe(t))
          .join(' ')}`,
        details: drift.length > 0 ? drift : undefined,
        dependsOn: [`${stage.name}.app`],
      }),
    )
  }

  if (drift.length > 0 && updates.length > 0) {
    steps.push(
      step({
        id: `${id}.drift`,
        group: stage.name,
        resource: 'formation',
        action: 'drift',
        summary: 'formation scale-down not applied',
        details: drift,
        dependsOn: [`${stage.name}.app`],
      }),
    )
  }

  if (pending.length > 0) {
    steps.push(
      step({
        id: `${id}.pending`,
        group: stage.name,
        resource: 'formation',
        action: 'pending',
        summary: `${pending.map(t => describe(t)).join(' ')} pending until the first deploy (the process types come from the Procfile of a release)`,
        dependsOn: [`${stage.name}.app`],
        ...(options.prices
          ? {
              price: {
                before: null,
                after: dynosCost(
                  options.prices,
                  pending.map(t => ({quantity: stage.formation[t].quantity, size: normalizeSize(stage.formation[t].size)})),
                ).cost,
              },
            }
          : {}),
      }),
    )
  }

  return steps
}

/**
 * The Fir generation's dyno sizes: the Fir names of the dated price table (the Heroku CLI's `ps:type` list,
 * commands/ps/type.js `COST_MONTHLY`). Cedar's are manifest/common.ts `DYNO_SIZES`.
 */
export const FIR_DYNO_SIZES: readonly string[] = Object.keys(DYNO_PRICE_TABLE.dollarsPerMonth).filter(size => isFirDynoSize(size))

/**
 * A declared size the stage's generation does not have: a Cedar size on Fir, a Fir size on Cedar (each generation
 * has its own names; `dynoSizeProblem` in heroku-kit.yml's reader accepts both, as the generation is known only once
 * the space is read). Compared case-insensitively: Fir answers its names in lowercase, Cedar capitalised.
 */
export function sizeGenerationProblem(size: string, generation: GenerationName): string | undefined {
  const lower = size.toLowerCase()
  if (generation === 'fir') {
    if (FIR_DYNO_SIZES.includes(lower)) return undefined
    const near = closest(lower, FIR_DYNO_SIZES)
    return `"${size}" is not a Fir dyno size${near ? `; did you mean ${near}?` : ''} (Fir sizes: ${FIR_DYNO_SIZES.join(', ')})`
  }

  return isFirDynoSize(lower) ? `"${size}" is a Fir dyno size and this stage runs on Cedar; use a Cedar size such as standard-1x` : undefined
}

/** The formation steps of kit:bootstrap: declared sizes checked against the stage's generation first (plan errors). */
function planStageFormation({stage, cur, current, options, errors}: StagePlanInput): Array<Step<FormationOperation>> {
  const generation = stageGeneration({stage, cur, current}).name
  const problems = Object.entries(stage.formation).flatMap(([type, entry]) => {
    const problem = entry.size === undefined ? undefined : sizeGenerationProblem(entry.size, generation)
    return problem ? [`stages.${stage.name}.formation.${type}.size: ${problem}.`] : []
  })
  if (problems.length === 0) return planFormation(stage, cur, options)
  errors.push(...problems)
  return []
}

const scale: Applier<FormationOperation> = async (op, {clients: {heroku}}) => {
  await heroku.updateFormation(op.app, op.updates)
}

/** The running formation, every process type with its quantity and size (compared case-insensitively by planFormation). */
export function exportFormation({current}: ExportStageInput): StageExport {
  const formation: NonNullable<StageExport['fields']['formation']> = {}
  for (const entry of [...current.formation].sort((a, b) => a.type.localeCompare(b.type))) {
    const size = (entry.dyno_size?.name ?? entry.size)?.toLowerCase()
    formation[entry.type] = size ? {quantity: entry.quantity, size} : {quantity: entry.quantity}
  }

  // `formation: {}` when nothing was deployed yet: an absent key would fall back to app.json's formation
  return {fields: {formation}, unmanaged: []}
}

const formationStage: StageFields<FormationStage> = {
  keys: ['formation'],
  defaults: ({appJson}) => ({formation: structuredClone(appJson?.formation ?? {})}),
  none: () => ({formation: {}}),
  parse({stage, value, at, report}) {
    // given on a stage, it replaces app.json's entirely (not merged per process type)
    if (value.formation !== undefined) stage.formation = value.formation === null ? {} : parseFormationDecl(value.formation, [...at, 'formation'], report, true)
  },
  desire: ({stage}) => ({formation: stage.formation}),
  unread: () => ({formation: []}),
}

export const formation: Resource<FormationOperation, FormationStage> = {
  name: 'formation',
  read: {stage: readFormation, requests: 1},
  stage: formationStage,
  plan: {stage: planStageFormation},
  price: formationCostNow,
  apply: {scale},
  export: {stage: exportFormation},
}
