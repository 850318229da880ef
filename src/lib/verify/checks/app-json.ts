/** Criterion 2: app.json validates and declares the add-ons the pipeline needs (database, Redis, logging, scheduler, monitoring). */
import type {AddonDecl} from '../../manifest/types.js'
import {appJsonFindingKind, findingLine} from '../app-json-findings.js'
import {type AddonCategory, addonCategories, CATEGORY_LABELS, monitoringBuildpack, SUGGESTED_PLANS} from '../catalog.js'
import {INIT_FIX} from '../fixes.js'
import type {Evidence, RepositoryCheck, Verdict} from '../types.js'
import {plural} from '../wording.js'

/** What the app is known to use, and why (kit:init's detection, app.json env, heroku-kit.yml add-ons). */
function uses(evidence: Evidence, category: 'database' | 'redis'): string | undefined {
  const {detection, project} = evidence.repository
  const feature = category === 'database' ? detection?.database : detection?.redis
  if (feature) return feature.via
  const key = category === 'database' ? 'DATABASE_URL' : 'REDIS_URL'
  if (project.appJson?.env[key]?.required) return `app.json env requires ${key}`
  for (const stage of Object.values(project.pipelineFile.stages)) {
    const declared = stage.addons.find(a => addonCategories(a.service).includes(category))
    if (declared && project.pipelineFile.file) return `heroku-kit.yml stages.${stage.name}.addons: ${declared.plan}`
  }

  return undefined
}

function describeAddon(addon: AddonDecl): string {
  return `${addon.plan}${addon.as ? ` as ${addon.as}` : ''}`
}

interface Need {
  category: AddonCategory
  why: string
  /** a warning when missing instead of a failure */
  optional?: boolean
}

function checkAppJsonAddons(evidence: Evidence): Verdict {
  const {appJsonErrors, appJsonChecks, project} = evidence.repository
  if (appJsonErrors) {
    return {
      status: 'fail',
      evidence: ['app.json does not validate:', ...appJsonErrors],
      fix: 'fix app.json as each line says (https://devcenter.heroku.com/articles/app-json-schema)',
    }
  }

  const appJson = project.appJson
  if (!appJson) {
    return {
      status: 'fail',
      evidence: ["no app.json: review apps and Heroku CI can't create apps, and the pipeline's add-ons are declared nowhere"],
      fix: `${INIT_FIX} (writes app.json)`,
    }
  }

  const lines: string[] = []
  const failures: string[] = []
  const warnings: string[] = []
  const missing: AddonCategory[] = []
  const needs: Need[] = []
  const database = uses(evidence, 'database')
  if (database) needs.push({category: 'database', why: database})
  const redis = uses(evidence, 'redis')
  if (redis) needs.push({category: 'redis', why: redis})
  needs.push(
    {category: 'logging', why: 'logs must outlive the dyno'},
    {category: 'scheduler', why: 'cron jobs', optional: true},
    {category: 'monitoring', why: 'production metrics'},
  )
  const drainsEverywhere = Object.values(project.pipelineFile.stages).every(stage => stage.drains.length > 0)
  for (const need of needs) {
    const found = appJson.addons.filter(a => addonCategories(a.service).includes(need.category))
    const label = CATEGORY_LABELS[need.category]
    if (found.length > 0) {
      lines.push(`${label}: ${found.map(a => describeAddon(a)).join(', ')}`)
    } else if (need.category === 'logging' && drainsEverywhere && project.pipelineFile.file) {
      lines.push(`${label}: log drains declared for both stages in heroku-kit.yml`)
    } else if (need.category === 'monitoring' && appJson.buildpacks.some(b => monitoringBuildpack(b))) {
      lines.push(`${label}: ${appJson.buildpacks.find(b => monitoringBuildpack(b))} buildpack`)
    } else {
      missing.push(need.category)
      const text = `no ${label} add-on in app.json addons (${need.why})`
      if (need.optional) warnings.push(text)
      else failures.push(text)
    }
  }

  const own = appJsonChecks.filter(c => appJsonFindingKind(c) === 'app-json')
  for (const check of own) (check.level === 'error' ? failures : warnings).push(findingLine(check, appJson.file))
  const fixes: string[] = []
  if (missing.length > 0) {
    const addons = missing.map(c => JSON.stringify({plan: SUGGESTED_PLANS[c], ...(c === 'database' ? {as: 'DATABASE'} : c === 'redis' ? {as: 'REDIS'} : {})}))
    fixes.push(`add ${addons.join(', ')} to app.json "addons" (${INIT_FIX} generates them)`)
  }

  if (own.length > 0) fixes.push('fix the app.json keys named above')
  lines.unshift(`app.json validates; ${plural(appJson.addons.length, 'add-on')} declared`)
  if (failures.length > 0) return {status: 'fail', evidence: [...failures, ...warnings, ...lines.slice(1)], fix: fixes.join('; ')}
  if (warnings.length > 0) return {status: 'warn', evidence: [...warnings, ...lines], fix: fixes.join('; ')}
  return {status: 'pass', evidence: lines}
}

export const appJsonAddonsCheck: RepositoryCheck = {
  id: 'app-json',
  criterion: '2. app.json includes the add-ons the pipeline needs, and validates',
  scope: 'repository',
  run: checkAppJsonAddons,
}
