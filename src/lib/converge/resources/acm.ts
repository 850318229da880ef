/**
 * Automated Certificate Management, for a stage with custom domains: judged on the formation the plan leaves behind
 * and enabled after the domains and any scaling, so one run that scales up also enables ACM.
 */
import {HerokuApiError} from '../../api/errors.js'
import type {App} from '../../api/heroku-api.js'
import {KitError} from '../../errors.js'
import type {CurrentStage} from '../current.js'
import type {DesiredStage} from '../desired.js'
import type {ExportStageInput, StageExport} from '../export.js'
import {type Applier, type OperationShape, type Resource, type StageFields, type StagePlanInput, step} from '../resource.js'
import {createOnce} from '../run-context.js'
import {stageGeneration, unsupported} from '../stage-generation.js'
import type {Step} from '../types.js'
import {dnsNote, domainStepId, type DomainsOperation, planDomains} from './domains.js'
import {isScaleOperation, normalizeSize} from './formation.js'

/**
 * `acm:` (default: on when the stage declares domains; `acmByDefault`: on only for that, not written in
 * heroku-kit.yml); the app's `acm` flag, read with the app.
 */
export type AcmStage = {
  declared: {acm: boolean; acmByDefault?: true}
  desired: {acm: boolean; acmByDefault?: true}
  current: Record<never, never>
  yaml: {acm?: boolean}
}

/**
 * How `unsupported_features` may name ACM. [unverified] No source gives its spelling; these are the names Heroku uses
 * for it elsewhere (the app's `acm` flag, the Dev Center title).
 */
export const ACM_FEATURE_NAMES = ['acm', 'automated-certificate-management']

export type AcmOperation = {kind: 'enable-acm'; app: string}

/**
 * Dyno sizes on which Heroku has refused ACM: eco (and the retired free/hobby). Basic dynos are paid dynos and
 * have ACM (Dev Center, "Automated Certificate Management"), and more recently Heroku says all applications
 * include it. [unverified] whether eco is still refused today, so heroku-kit sends the request anyway and explains
 * Heroku's answer (enableAcm below) rather than refusing locally; the plan only warns.
 */
const ACM_DOUBTFUL_SIZES = new Set(['eco', 'free', 'hobby'])

/** ACM's state is the app's `acm` flag, read with the app itself (GET /apps/{app}). */
export function readAcm(app: App | undefined): boolean {
  return app?.acm === true
}

/**
 * The dyno sizes the app runs once the plan's formation step (if any) is applied: each running type at its
 * declared size when the step changes it, else at today's size; declared types that only appear with the first
 * deploy at their declared size.
 */
function sizesAfterPlan(stage: DesiredStage, cur: CurrentStage, formationSteps: Array<Step<OperationShape>>): string[] {
  const updates = formationSteps.flatMap(s => (isScaleOperation(s.operation) ? s.operation.updates : []))
  const sizes: string[] = []
  for (const entry of cur.formation) {
    const update = updates.find(u => u.type === entry.type)
    const quantity = update?.quantity ?? entry.quantity
    const size = normalizeSize(update?.dyno_size?.name ?? entry.dyno_size?.name ?? entry.size)
    if (typeof quantity === 'number' && quantity > 0 && size) sizes.push(size)
  }

  for (const [type, declared] of Object.entries(stage.formation)) {
    if (!cur.formation.some(f => f.type === type) && declared.size && declared.quantity > 0) sizes.push(normalizeSize(declared.size)!)
  }

  return sizes
}

/**
 * ACM, after the stage's domains. `formationSteps`: the stage's steps from `planFormation` (none for kit:acm, which
 * does not scale); ACM waits for the ones that scale.
 */
export function planAcm(stage: DesiredStage, cur: CurrentStage, formationSteps: Array<Step<OperationShape>> = []): Array<Step<AcmOperation>> {
  if (!stage.acm || stage.domains.length === 0) return []
  const id = `${stage.name}.acm`
  if (readAcm(cur.app)) {
    return [step({id, group: stage.name, resource: 'acm', action: 'unchanged', summary: 'Automated Certificate Management', dependsOn: [`${stage.name}.app`]})]
  }

  const scaling = formationSteps.filter(s => s.operation?.kind === 'scale').map(s => s.id)
  const doubtful = sizesAfterPlan(stage, cur, formationSteps).find(size => ACM_DOUBTFUL_SIZES.has(size))
  return [
    step({
      id,
      group: stage.name,
      resource: 'acm',
      action: 'create',
      summary: `enable Automated Certificate Management${scaling.length > 0 ? ' (after scaling)' : ''}`,
      details: doubtful
        ? [
            `${stage.name} runs ${doubtful} dynos: Heroku has refused ACM on ${doubtful} dynos; if it does, scale to basic or larger ` +
              `(stages.${stage.name}.formation) or add your own certificate with \`heroku certs:add\`.`,
          ]
        : undefined,
      dependsOn: [`${stage.name}.app`, ...stage.domains.map(hostname => domainStepId(stage, hostname)), ...scaling],
      operation: {kind: 'enable-acm', app: stage.app},
    }),
  ]
}

/** What kit:acm runs: the stage's domains, then ACM (kit:acm does not scale). */
export function planDomainsWithAcm(stage: DesiredStage, cur: CurrentStage): Array<Step<AcmOperation | DomainsOperation>> {
  return [...planDomains(stage, cur), ...planAcm(stage, cur)]
}

const enableAcm: Applier<AcmOperation> = async (op, {clients: {heroku}, sleep}) => {
  try {
    // a POST: when its outcome is unknown, the app's acm flag says whether it happened
    await createOnce(
      () => heroku.enableAcm(op.app),
      async () => {
        const app = await heroku.findApp(op.app)
        return app?.acm ? app : undefined
      },
      sleep,
    )
  } catch (error) {
    if (error instanceof HerokuApiError && error.status === 422) {
      // Heroku's own reason, explained: heroku-kit does not refuse ACM locally (see ACM_DOUBTFUL_SIZES)
      throw new KitError(`Heroku refused ACM for ${op.app}: ${error.herokuMessage}`, {
        code: 'acm_refused',
        suggestion:
          'Heroku has refused ACM on eco dynos: scale to basic or larger (stages.STAGE.formation in heroku-kit.yml, then kit:scale or kit:bootstrap), ' +
          'or add your own certificate with `heroku certs:add`; then run kit:acm again.',
      })
    }

    throw error
  }

  const domains = (await heroku.listDomains(op.app)).filter(d => d.kind === 'custom')
  return domains.map(d => dnsNote(d.hostname, d.cname))
}

/** Whether ACM is on. */
export function exportAcm({current}: ExportStageInput): StageExport {
  return {fields: {acm: readAcm(current.app)}, unmanaged: []}
}

const acmStage: StageFields<AcmStage> = {
  keys: ['acm'],
  defaults: () => ({acm: false}),
  none: () => ({acm: false}),
  parse({stage, value, at, fields}) {
    // after domains (registry order): on by default when the stage has custom domains
    const declared = fields.boolean(value, 'acm', at)
    stage.acm = declared ?? stage.domains.length > 0
    if (declared === undefined && stage.acm) stage.acmByDefault = true
    else delete stage.acmByDefault
  },
  desire: ({stage}) => ({acm: stage.acm, ...(stage.acmByDefault ? {acmByDefault: true as const} : {})}),
  unread: () => ({}),
}

/**
 * kit:bootstrap's ACM step. ACM the stage's generation lists in `unsupported_features` is never requested: `acm: true`
 * in heroku-kit.yml is a plan error; on only by default (the stage has domains), a step skipped with the reason.
 */
function planStageAcm({stage, cur, current, planned, errors}: StagePlanInput): Array<Step<AcmOperation>> {
  const generation = stageGeneration({stage, cur, current})
  const lacking = stage.acm && stage.domains.length > 0 ? unsupported(generation, ...ACM_FEATURE_NAMES) : undefined
  if (lacking === undefined) {
    return planAcm(
      stage,
      cur,
      planned.filter(s => s.resource === 'formation'),
    )
  }

  const reason = `${generation.name} does not offer Automated Certificate Management (unsupported_features of GET /generations/${generation.name}: ${lacking})`
  if (!stage.acmByDefault) {
    errors.push(`stages.${stage.name}.acm: ${reason}. Set stages.${stage.name}.acm: false and add your certificate with heroku certs:add.`)
    return []
  }

  return [
    step({
      id: `${stage.name}.acm`,
      group: stage.name,
      resource: 'acm',
      action: 'skip',
      summary: 'Automated Certificate Management: skipped',
      details: [reason, 'Add the domains’ certificate with heroku certs:add.'],
      dependsOn: [`${stage.name}.app`],
    }),
  ]
}

export const acm: Resource<AcmOperation, AcmStage> = {
  name: 'acm',
  read: {state: readAcm},
  stage: acmStage,
  plan: {stage: planStageAcm},
  apply: {'enable-acm': enableAcm},
  cost: {'enable-acm': 2},
  export: {stage: exportAcm},
}
