/**
 * What the checks of a stage's live app share: the app (or the "unknown" verdict saying why it can't be checked),
 * its add-ons by category, and the fix for a missing add-on.
 */
import type {App} from '../api/heroku-api.js'
import type {CurrentStage} from '../converge/current.js'
import type {StageName} from '../manifest/types.js'
import {type AddonCategory, addonCategories, SUGGESTED_PLANS} from './catalog.js'
import {bootstrapFix, unknownFix} from './fixes.js'
import type {Evidence, StageEvidence, Verdict} from './types.js'

export interface LiveApp {
  stage: CurrentStage
  app: App
  evidence: StageEvidence
}

/** The stage's live app, or the "unknown" verdict saying why it can't be checked. */
export function liveApp(evidence: Evidence, name: StageName): LiveApp | Verdict {
  const stage = evidence.stages[name]
  const current = stage?.current
  if (!stage || !current) return {status: 'unknown', evidence: ['the live apps were not read (--local)'], fix: 'run kit:verify without --local'}
  if (!current.ok) return {status: 'unknown', evidence: [`could not read the ${name} app: ${current.error}`], fix: unknownFix(current.error, stage.desired.app)}
  if (current.value.access === 'forbidden') {
    return {status: 'unknown', evidence: [`no access to the app ${stage.desired.app} (see the pipeline check)`], fix: 'see the pipeline check'}
  }

  if (!current.value.app) {
    return {
      status: 'unknown',
      evidence: [`the app ${stage.desired.app} does not exist (see the pipeline check)`],
      fix: bootstrapFix(evidence),
    }
  }

  return {stage: current.value, app: current.value.app, evidence: stage}
}

export function isVerdict(value: LiveApp | Verdict): value is Verdict {
  return 'status' in value
}

/** The app's add-ons of a category. */
export function addonsOf(stage: CurrentStage, category: AddonCategory): CurrentStage['addons'] {
  return stage.addons.filter(addon => addonCategories(addon.addon_service?.name ?? '').includes(category))
}

/** Whether the stage declares (heroku-kit.yml, or app.json) an add-on of a category. */
export function declaresAddon(evidence: Evidence, name: StageName, category: AddonCategory): boolean {
  return evidence.desired.stages.find(s => s.name === name)!.addons.some(a => addonCategories(a.service).includes(category))
}

/** Fix for a missing add-on: bootstrap when heroku-kit.yml (or app.json) declares it, else declare it first. */
export function addonFix(evidence: Evidence, name: StageName, category: AddonCategory): string {
  if (declaresAddon(evidence, name, category)) return bootstrapFix(evidence)
  const where = evidence.repository.project.pipelineFile.file ? `stages.${name}.addons in heroku-kit.yml` : 'app.json addons'
  return `add ${SUGGESTED_PLANS[category]} to ${where}, then ${bootstrapFix(evidence)}`
}

/** An add-on as evidence: its plan, its name, and its state unless provisioned. */
export function addonLine(addon: CurrentStage['addons'][number]): string {
  return `${addon.plan?.name ?? addon.addon_service?.name} (${addon.name})${addon.state && addon.state !== 'provisioned' ? `, ${addon.state}` : ''}`
}

/**
 * A fresh app has no process types until its first release (formation `[]`), and scaling it answers 404
 * "Couldn't find that process type": the fix is a deploy, not a scale.
 */
export function noProcessTypes(app: string): string {
  return `${app} has no process types yet: nothing is deployed (process types come from the Procfile of a release, and Heroku refuses to scale before)`
}
