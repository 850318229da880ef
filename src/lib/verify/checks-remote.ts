/**
 * Checks of the live pipeline: the apps, their config, health, releases, review apps, deploy settings, SSL, logs,
 * monitoring, backups, and the production pitfalls (dynos, preboot, slug size, stack, error tracking). Pure
 * functions of the evidence; a check whose evidence could not be read says "unknown" with the reason.
 */
import type {App} from '../api/heroku-api.js'
import type {CurrentStage} from '../converge/current.js'
import {primaryDatabase} from '../converge/resources/addons.js'
import {describeLatest} from '../backups/schedule.js'
import type {StageName} from '../manifest/types.js'
import {type AddonCategory, addonCategories, DEPRECATED_STACKS, END_OF_LIFE_STACKS, ERROR_TRACKING_KEYS, errorTrackingSdk, MONITORING_KEYS, monitoringBuildpack, SUGGESTED_PLANS} from './catalog.js'
import {bootstrapFix, configSyncFix, INIT_FIX} from './fixes.js'
import type {Evidence, StageEvidence, Verdict} from './types.js'
import {jobTarget, runsAutomatically, runsOnBranch} from './workflows.js'

const MB = 1024 * 1024
export const SLUG_WARN_BYTES = 300 * MB
export const SLUG_FAIL_BYTES = 500 * MB

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

interface Live {
  stage: CurrentStage
  app: App
  evidence: StageEvidence
}

/** What makes a check that could not read its evidence runnable again. */
export function unknownFix(error: string, app?: string): string {
  if (/\b403\b|no permission/.test(error)) return app ? `get access to ${app} (heroku access -a ${app} lists who has it), then run kit:verify again` : 'use a Heroku account with access to the pipeline, then run kit:verify again'
  return 'run kit:verify again once Heroku answers (the reason is above)'
}

/** The stage's live app, or the "unknown" verdict saying why it can't be checked. */
function live(evidence: Evidence, name: StageName): Live | Verdict {
  const stage = evidence.stages[name]
  const current = stage?.current
  if (!stage || !current) return {status: 'unknown', evidence: ['the live apps were not read (--local)'], fix: 'run kit:verify without --local'}
  if (!current.ok) return {status: 'unknown', evidence: [`could not read the ${name} app: ${current.error}`], fix: unknownFix(current.error, stage.desired.app)}
  if (current.value.access === 'forbidden') return {status: 'unknown', evidence: [`no access to the app ${stage.desired.app} (see the pipeline check)`], fix: 'see the pipeline check'}
  if (!current.value.app) return {status: 'unknown', evidence: [`the app ${stage.desired.app} does not exist (see the pipeline check)`], fix: bootstrapFix(evidence)}
  return {stage: current.value, app: current.value.app, evidence: stage}
}

function isVerdict(value: Live | Verdict): value is Verdict {
  return 'status' in value
}

function addonsOf(stage: CurrentStage, category: AddonCategory) {
  return stage.addons.filter(addon => addonCategories(addon.addon_service?.name ?? '').includes(category))
}

function declares(evidence: Evidence, name: StageName, category: AddonCategory): boolean {
  return evidence.desired.stages.find(s => s.name === name)!.addons.some(a => addonCategories(a.service).includes(category))
}

/** Fix for a missing add-on: bootstrap when heroku-kit.yml (or app.json) declares it, else declare it first. */
function addonFix(evidence: Evidence, name: StageName, category: AddonCategory): string {
  if (declares(evidence, name, category)) return bootstrapFix(evidence)
  const where = evidence.repository.project.pipelineFile.file ? `stages.${name}.addons in heroku-kit.yml` : 'app.json addons'
  return `add ${SUGGESTED_PLANS[category]} to ${where}, then ${bootstrapFix(evidence)}`
}

function addonLine(addon: CurrentStage['addons'][number]): string {
  return `${addon.plan?.name ?? addon.addon_service?.name} (${addon.name})${addon.state && addon.state !== 'provisioned' ? `, ${addon.state}` : ''}`
}

// ---------------------------------------------------------------- pipeline and apps

export function checkPipeline(evidence: Evidence): Verdict {
  const state = evidence.remote?.state
  if (!state) return {status: 'unknown', evidence: ['the live pipeline was not read (--local)'], fix: 'run kit:verify without --local'}
  if (!state.ok) return {status: 'unknown', evidence: [`could not read the pipeline: ${state.error}`], fix: unknownFix(state.error)}
  const {pipelines, pipeline} = state.value
  const name = evidence.desired.pipeline
  const problems: string[] = []
  const lines: string[] = []
  if (pipelines.length === 0) problems.push(`no pipeline named ${name}`)
  else if (pipelines.length > 1) problems.push(`${pipelines.length} pipelines are named ${name} (${pipelines.map(p => p.id).join(', ')}); pass --pipeline-id to choose`)
  else lines.push(`pipeline ${name} (${pipeline!.id})`)
  for (const stage of evidence.desired.stages) {
    if (!evidence.stages[stage.name]) continue
    const current = state.value.stages[stage.name]
    if (current.access === 'forbidden') problems.push(`${stage.name}: the app name ${stage.app} belongs to someone else (choose another in heroku-kit.yml)`)
    else if (!current.app) problems.push(`${stage.name}: the app ${stage.app} does not exist`)
    else if (!current.coupling) problems.push(`${stage.name}: ${stage.app} is not in any pipeline`)
    else if (pipeline && current.coupling.pipeline.id !== pipeline.id) problems.push(`${stage.name}: ${stage.app} is in another pipeline (${current.coupling.pipeline.name ?? current.coupling.pipeline.id})`)
    else if (current.coupling.stage !== stage.name) problems.push(`${stage.name}: ${stage.app} is at stage ${current.coupling.stage}, not ${stage.name}`)
    else lines.push(`${stage.name}: ${stage.app}`)
  }

  if (problems.length > 0) return {status: 'fail', evidence: [...problems, ...lines], fix: bootstrapFix(evidence)}
  return {status: 'pass', evidence: lines}
}

// ---------------------------------------------------------------- 3. config vars

export function checkConfigVars(evidence: Evidence, name: StageName): Verdict {
  const found = live(evidence, name)
  if (isVerdict(found)) return found
  const {stage, app, evidence: stageEvidence} = found
  const desired = stageEvidence.desired
  const required = Object.entries(desired.env).filter(([, decl]) => decl.required)
  const missingRequired = required.filter(([key]) => !Object.hasOwn(stage.config, key))
  const fromFile = Object.keys(desired.config)
  const missingFromFile = fromFile.filter(key => !Object.hasOwn(stage.config, key) && !missingRequired.some(([k]) => k === key))
  const differing = fromFile.filter(key => Object.hasOwn(stage.config, key) && stage.config[key] !== desired.config[key] && !stage.owned.has(key))
  const lines: string[] = []
  if (required.length > 0) lines.push(`app.json requires ${plural(required.length, 'key')}: ${required.length - missingRequired.length} set on ${app.name}`)
  else lines.push('app.json declares no required keys')
  if (desired.configFile) lines.push(`${desired.configFile}: ${plural(fromFile.length, 'key')}, ${fromFile.length - missingFromFile.length - missingRequired.filter(([k]) => fromFile.includes(k)).length} set on ${app.name}`)
  if (stageEvidence.configFileMissing) lines.push(stageEvidence.configFileMissing)
  const file = desired.configFile ?? evidence.repository.project.pipelineFile.stages[name].config ?? `.env.${name}`
  if (missingRequired.length > 0 || missingFromFile.length > 0) {
    const generatedOnly = missingFromFile.length === 0 && missingRequired.every(([, decl]) => decl.generator === 'secret')
    const needFile = missingRequired.filter(([key, decl]) => decl.generator !== 'secret' && !Object.hasOwn(desired.config, key)).map(([key]) => key)
    const problems: string[] = []
    if (missingRequired.length > 0) problems.push(`not set on ${app.name}, though app.json requires ${missingRequired.length === 1 ? 'it' : 'them'}: ${missingRequired.map(([key]) => key).join(', ')}`)
    if (missingFromFile.length > 0) problems.push(`in ${desired.configFile} but not set on ${app.name}: ${missingFromFile.join(', ')}`)
    const fix = generatedOnly ? `${bootstrapFix(evidence)} (generates the secrets)`
      : needFile.length > 0 ? `add ${needFile.join(', ')} to ${file}, then ${configSyncFix(evidence, name)}`
        : configSyncFix(evidence, name)
    return {status: 'fail', evidence: [...problems, ...lines], fix}
  }

  if (differing.length > 0) {
    return {status: 'warn', evidence: [`${plural(differing.length, 'key')} of ${desired.configFile} differ${differing.length === 1 ? 's' : ''} on ${app.name} (values not shown): ${differing.join(', ')}`, ...lines], fix: configSyncFix(evidence, name)}
  }

  return {status: 'pass', evidence: lines}
}

// ---------------------------------------------------------------- 4. health

export function checkHealth(evidence: Evidence, name: StageName): Verdict {
  const found = live(evidence, name)
  if (isVerdict(found)) return found
  const {stage, app, evidence: stageEvidence} = found
  const health = stageEvidence.health
  const path = evidence.repository.project.pipelineFile.healthPath
  if (!health) return {status: 'unknown', evidence: [`${app.name} has no web URL to probe`], fix: `check heroku apps:info -a ${app.name}`}
  if (health.status === 'pass') return {status: 'pass', evidence: health.evidence}
  if (health.status === 'unknown') return {status: 'unknown', evidence: health.evidence, fix: `run kit:verify again from a network that reaches ${health.url}`}
  const web = stage.formation.find(f => f.type === 'web')
  let fix: string
  if (app.maintenance) fix = `heroku maintenance:off -a ${app.name}`
  else if (stage.formation.length === 0) fix = deployFirstFix(name)
  else if (!web) fix = NO_WEB_TYPE_FIX
  else if (web.quantity === 0) fix = `heroku ps:scale web=1 -a ${app.name} (or heroku kit:scale --stage ${name})`
  else if (health.reason === 'client-error' && health.httpStatus === 404) fix = `serve ${path} with a 200 (${INIT_FIX} generates a health endpoint), or set health_path: in heroku-kit.yml to the one the app has`
  else if (health.reason === 'redirect-loop' || health.reason === 'too-many-redirects' || health.reason === 'insecure-redirect') fix = `exempt ${path} from the app's redirects (force-SSL / canonical host), so it answers 200 itself`
  else fix = `find the error with heroku logs -a ${app.name} --tail; to go back to the previous release: heroku releases:rollback -a ${app.name}`
  const extra: string[] = []
  if (app.maintenance) extra.push(`${app.name} is in maintenance mode`)
  if (stage.formation.length === 0) extra.push(noProcessTypes(app.name))
  else if (!web || web.quantity === 0) extra.push(`${app.name} runs no web dynos`)
  return {status: health.status, evidence: [...health.evidence, ...extra], fix}
}

/**
 * A fresh app has no process types until its first release (formation `[]`), and scaling it answers 404
 * "Couldn't find that process type": the fix is a deploy, not a scale.
 */
function noProcessTypes(app: string): string {
  return `${app} has no process types yet: nothing is deployed (process types come from the Procfile of a release, and Heroku refuses to scale before)`
}

function deployFirstFix(name: StageName): string {
  return name === 'production'
    ? 'promote a release from staging (heroku kit:promote), then run kit:verify again'
    : 'deploy: push to main (or run the deploy workflow), then run kit:verify again'
}

const NO_WEB_TYPE_FIX = 'declare web in the Procfile and deploy it: the current release has no web process type'

// ---------------------------------------------------------------- 5. release phase (live half)

export function checkLatestRelease(evidence: Evidence, name: StageName): Verdict {
  const found = live(evidence, name)
  if (isVerdict(found)) return found
  const {app, evidence: stageEvidence} = found
  const latest = stageEvidence.latestRelease
  if (!latest) return {status: 'unknown', evidence: ['releases were not read'], fix: 'run kit:verify again'}
  if (!latest.ok) return {status: 'unknown', evidence: [`could not read the releases of ${app.name}: ${latest.error}`], fix: unknownFix(latest.error, app.name)}
  const release = latest.value
  if (!release) return {status: 'fail', evidence: [`${app.name} has no release`], fix: 'deploy: push to main (or run the deploy workflow)'}
  const what = `v${release.version}${release.description ? ` (${release.description})` : ''}`
  if (release.status === 'succeeded' || release.status === undefined) return {status: 'pass', evidence: [`latest release ${what} succeeded`]}
  if (release.status === 'pending') return {status: 'warn', evidence: [`latest release ${what}: its release phase is still running`], fix: `wait, then check its output: heroku releases:output v${release.version} -a ${app.name}`}
  return {
    status: 'fail',
    evidence: [`latest release ${what} ${release.status}: the release command exited non-zero, so it never went live (the previous release still runs)`],
    fix: `read why: heroku releases:output v${release.version} -a ${app.name}; after fixing the cause, heroku releases:retry -a ${app.name} (or deploy again)`,
  }
}

// ---------------------------------------------------------------- 6. review apps

export function checkReviewApps(evidence: Evidence): Verdict {
  const state = evidence.remote?.state
  if (!state) return {status: 'unknown', evidence: ['the live pipeline was not read (--local)'], fix: 'run kit:verify without --local'}
  if (!state.ok) return {status: 'unknown', evidence: [`could not read the pipeline: ${state.error}`], fix: unknownFix(state.error)}
  if (!state.value.pipeline) return {status: 'unknown', evidence: ['no single pipeline to read the review-app settings from (see the pipeline check)'], fix: 'see the pipeline check'}
  const config = evidence.remote?.reviewAppConfig
  if (config && !config.ok) return {status: 'unknown', evidence: [`could not read the review-app settings: ${config.error}`], fix: unknownFix(config.error)}
  const value = config?.value
  const {repo, reviewApps} = evidence.desired
  if (!value) {
    let fix = bootstrapFix(evidence)
    if (!repo) fix = `set repo: owner/name (and review_apps:) in heroku-kit.yml, then ${fix}`
    else if (!reviewApps) fix = `declare review_apps: in heroku-kit.yml, then ${fix}`
    else if (!state.value.github.token) fix = `connect GitHub once in the Dashboard (https://dashboard.heroku.com/account/applications), then ${fix}`
    return {status: 'fail', evidence: [`review apps are not enabled for pipeline ${evidence.desired.pipeline}: pull requests get no app of their own`], fix}
  }

  const lines = [`review apps enabled${value.repo?.name ? ` for ${value.repo.name}` : repo ? ` for ${repo}` : ''}${value.destroy_stale_apps ? `, destroyed after ${value.stale_days ?? '?'} days` : ''}${value.wait_for_ci ? ', after CI passes' : ''}`]
  if (!value.automatic_review_apps) {
    return {
      status: 'warn',
      evidence: ['review apps are enabled but not created automatically for each pull request', ...lines],
      fix: reviewApps?.automatic ? bootstrapFix(evidence) : `set review_apps.automatic: true in heroku-kit.yml, then ${bootstrapFix(evidence)}`,
    }
  }

  return {status: 'pass', evidence: [`${lines[0]}; created for every pull request`]}
}

// ---------------------------------------------------------------- 7. staging auto-deploys from main

function deployJobs(evidence: Evidence, stage: StageName) {
  const apps = {staging: evidence.desired.stages[0].app, production: evidence.desired.stages[1].app}
  return evidence.repository.workflows.flatMap(workflow => workflow.jobs.map(job => ({workflow, job, target: jobTarget(workflow, job, apps)})))
    .filter(entry => entry.target.deploys && entry.target.stages.includes(stage))
}

export function checkStagingAutoDeploy(evidence: Evidence): Verdict {
  const found = live(evidence, 'staging')
  if (isVerdict(found)) return found
  const {stage, app, evidence: stageEvidence} = found
  const wanted = stageEvidence.desired.autoDeploy ?? 'main'
  const state = evidence.remote!.state.ok ? evidence.remote!.state.value : undefined
  const link = stage.githubLink
  const lines: string[] = []
  const branchOf = (branch: string | undefined | null) => branch ?? state?.github.repo?.default_branch ?? 'the default branch'
  let passes = false
  if (link?.auto_deploy && branchOf(link.branch) === wanted) {
    passes = true
    lines.push(`Heroku GitHub integration: ${app.name} auto-deploys from ${wanted}${link.wait_for_ci ? ' after CI passes' : ''}`)
  } else if (link?.auto_deploy) {
    lines.push(`Heroku GitHub integration: ${app.name} auto-deploys from ${branchOf(link.branch)}, not ${wanted}`)
  } else if (link) {
    lines.push(`Heroku GitHub integration: auto-deploy of ${app.name} is off`)
  } else {
    lines.push(state?.github.token ? `${app.name} is not connected to GitHub in Heroku` : 'this Heroku account has no GitHub connection, so Heroku does not auto-deploy')
  }

  for (const {workflow, job} of deployJobs(evidence, 'staging')) {
    if (runsOnBranch(workflow, job, wanted)) {
      passes = true
      lines.push(`${workflow.file}: job ${job.id} deploys ${app.name} on every push to ${wanted}`)
    } else {
      lines.push(`${workflow.file}: job ${job.id} deploys ${app.name}, but not on push to ${wanted}`)
    }
  }

  if (passes) return {status: 'pass', evidence: lines}
  let fix: string
  if (!stageEvidence.desired.autoDeploy) fix = `set stages.staging.auto_deploy: ${wanted} in heroku-kit.yml, then ${bootstrapFix(evidence)}; or ${INIT_FIX} for the GitHub Actions deploy workflow`
  else if (evidence.desired.repo && state?.github.token) fix = bootstrapFix(evidence)
  else fix = `${INIT_FIX} (writes the GitHub Actions workflow that deploys staging on push to ${wanted}), or connect GitHub and ${bootstrapFix(evidence)}`
  return {status: 'fail', evidence: [`nothing deploys ${app.name} when ${wanted} changes`, ...lines], fix}
}

// ---------------------------------------------------------------- 8. production only by approved promotion

export function checkProductionApproval(evidence: Evidence): Verdict {
  const found = live(evidence, 'production')
  if (isVerdict(found)) return found
  const {stage, app} = found
  const failures: string[] = []
  const warnings: string[] = []
  const lines: string[] = []
  const fixes: string[] = []
  const link = stage.githubLink
  if (link?.auto_deploy) {
    failures.push(`Heroku GitHub integration auto-deploys ${app.name} from ${link.branch ?? 'the default branch'}: every merge goes to production unreviewed`)
    fixes.push(bootstrapFix(evidence))
  } else {
    lines.push(link ? `no Heroku auto-deploy on ${app.name}` : `${app.name} has no Heroku GitHub auto-deploy`)
  }

  const jobs = deployJobs(evidence, 'production')
  for (const {workflow, job, target} of jobs) {
    const what = `${workflow.file}: job ${job.id} ${target.promotes ? 'promotes to' : 'deploys'} ${app.name}`
    if (job.environment) {
      lines.push(`${what} in environment ${job.environment} (its required reviewers approve each run)`)
    } else if (runsAutomatically(workflow)) {
      failures.push(`${what} on ${workflow.triggers.push ? 'push' : workflow.triggers.workflowRun ? 'another workflow' : workflow.triggers.schedule ? 'a schedule' : 'pull requests'}, without an environment: nobody approves it`)
      fixes.push(`add \`environment: production\` (with required reviewers) to job ${job.id} in ${workflow.file}, or run it only on workflow_dispatch`)
    } else {
      warnings.push(`${what} when run by hand, without an environment: anyone with write access can ship to production`)
      fixes.push(`add \`environment: production\` (with required reviewers in the repository settings) to job ${job.id} in ${workflow.file}`)
    }
  }

  if (jobs.length === 0) lines.push('no workflow deploys production; it changes by promotion (heroku kit:promote)')
  if (failures.length > 0) return {status: 'fail', evidence: [...failures, ...warnings, ...lines], fix: fixes.join('; ')}
  if (warnings.length > 0) return {status: 'warn', evidence: [...warnings, ...lines], fix: fixes.join('; ')}
  return {status: 'pass', evidence: lines}
}

// ---------------------------------------------------------------- 9. SSL for custom domains

const ISSUED = new Set(['cert issued', 'ok'])
const FAILED = new Set(['failing', 'failed'])

export function checkSsl(evidence: Evidence, name: StageName): Verdict {
  const found = live(evidence, name)
  if (isVerdict(found)) return found
  const {stage, app, evidence: stageEvidence} = found
  const custom = stage.domains.filter(d => d.kind === 'custom')
  const missing = stageEvidence.desired.domains.filter(host => !custom.some(d => d.hostname === host))
  const failures: string[] = []
  const warnings: string[] = []
  const lines: string[] = []
  const acmFix = `heroku kit:acm --stage ${name} --wait`
  const fixes = new Set<string>()
  if (missing.length > 0) {
    failures.push(`declared in heroku-kit.yml but not on ${app.name}: ${missing.join(', ')}`)
    fixes.add(bootstrapFix(evidence))
  }

  if (custom.length === 0 && missing.length === 0) return {status: 'pass', evidence: [`no custom domains: ${app.name} is served on its herokuapp.com address, which has Heroku's certificate`]}
  if (!app.acm) {
    const uncovered = custom.filter(d => !d.sni_endpoint)
    if (uncovered.length > 0) {
      failures.push(`ACM is off on ${app.name} and ${uncovered.map(d => d.hostname).join(', ')} ${uncovered.length === 1 ? 'has' : 'have'} no certificate`)
      fixes.add(stageEvidence.desired.acm ? bootstrapFix(evidence) : acmFix)
    }

    for (const domain of custom.filter(d => d.sni_endpoint)) lines.push(`${domain.hostname}: certificate ${domain.sni_endpoint?.name ?? ''} (uploaded, not ACM)`.replace('  ', ' '))
  } else {
    lines.push(`ACM enabled on ${app.name}`)
    for (const domain of custom) {
      const status = domain.acm_status ?? 'waiting'
      if (ISSUED.has(status)) {
        lines.push(`${domain.hostname}: ${status}`)
      } else if (FAILED.has(status)) {
        failures.push(`${domain.hostname}: ACM ${status}${domain.acm_status_reason ? ` (${domain.acm_status_reason})` : ''}; DNS must point at ${domain.cname ?? 'the DNS target Heroku shows'}`)
        fixes.add(`point ${domain.hostname} (CNAME/ALIAS) at ${domain.cname ?? 'its DNS target'}, then ${acmFix}`)
      } else {
        warnings.push(`${domain.hostname}: certificate not issued yet (ACM ${status})`)
        fixes.add(acmFix)
      }
    }
  }

  const fix = [...fixes].join('; ')
  if (failures.length > 0) return {status: 'fail', evidence: [...failures, ...warnings, ...lines], fix}
  if (warnings.length > 0) return {status: 'warn', evidence: [...warnings, ...lines], fix}
  return {status: 'pass', evidence: lines}
}

// ---------------------------------------------------------------- 10. logs

/** A drain URL without credentials or path: scheme and host. */
export function drainHost(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}`
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//').replace(/^([^:]+:\/\/[^/]+).*$/, '$1')
  }
}

export function checkLogs(evidence: Evidence, name: StageName): Verdict {
  const found = live(evidence, name)
  if (isVerdict(found)) return found
  const {stage, app, evidence: stageEvidence} = found
  const loggers = addonsOf(stage, 'logging')
  const addonIds = new Set(stage.addons.map(a => a.id))
  const userDrains = stage.drains.filter(d => !d.addon)
  const orphans = stage.drains.filter(d => d.addon?.id && !addonIds.has(d.addon.id))
  const lines: string[] = []
  for (const addon of loggers) lines.push(`logging add-on ${addonLine(addon)}`)
  for (const drain of userDrains) lines.push(`log drain to ${drainHost(drain.url)}`)
  const missingDrains = stageEvidence.desired.drains.filter(url => !stage.drains.some(d => d.url === url))
  if (loggers.length === 0 && userDrains.length === 0) {
    const fix = stageEvidence.desired.drains.length > 0 || declares(evidence, name, 'logging') ? bootstrapFix(evidence) : addonFix(evidence, name, 'logging')
    return {status: 'fail', evidence: [`${app.name} has no log drain and no logging add-on: its logs are kept only as the last 1500 lines`, ...orphans.map(d => `drain ${drainHost(d.url)} belongs to a removed add-on`)], fix}
  }

  const warnings = [
    ...orphans.map(d => `drain ${drainHost(d.url)} belongs to an add-on that no longer exists`),
    ...missingDrains.map(url => `drain ${drainHost(url)} is declared in heroku-kit.yml but not on ${app.name}`),
  ]
  if (warnings.length > 0) return {status: 'warn', evidence: [...warnings, ...lines], fix: missingDrains.length > 0 ? bootstrapFix(evidence) : `heroku drains -a ${app.name}, then heroku drains:remove URL -a ${app.name} for the orphans`}
  return {status: 'pass', evidence: lines}
}

// ---------------------------------------------------------------- 11. monitoring

export function checkMonitoring(evidence: Evidence, name: StageName): Verdict {
  const found = live(evidence, name)
  if (isVerdict(found)) return found
  const {stage, app} = found
  const addons = addonsOf(stage, 'monitoring')
  const lines = addons.map(addon => `monitoring add-on ${addonLine(addon)}`)
  const buildpack = stage.buildpacks.find(b => monitoringBuildpack(b))
  if (buildpack) lines.push(`monitoring agent buildpack ${buildpack}`)
  const keys = MONITORING_KEYS.filter(key => Object.hasOwn(stage.config, key) && !stage.owned.has(key))
  if (keys.length > 0 && addons.length === 0) lines.push(`agent configured by ${keys.join(', ')}`)
  if (lines.length > 0) return {status: 'pass', evidence: lines}
  return {status: 'fail', evidence: [`${app.name} has no monitoring add-on (e.g. New Relic) or agent (e.g. the Datadog buildpack)`], fix: addonFix(evidence, name, 'monitoring')}
}

/** Monitoring is required in production, and in staging when heroku-kit.yml asks for it there. */
export function monitoringStages(evidence: Evidence): StageName[] {
  return ['staging', 'production'].filter(name => name === 'production' || declares(evidence, name as StageName, 'monitoring')) as StageName[]
}

// ---------------------------------------------------------------- 12. backups

export function checkBackups(evidence: Evidence, name: StageName): Verdict {
  const found = live(evidence, name)
  if (isVerdict(found)) return found
  const {stage, app, evidence: stageEvidence} = found
  const database = primaryDatabase(stage.addons)
  const declared = stageEvidence.desired.backups
  const when = declared ? `${String(declared.hour).padStart(2, '0')}:00 ${declared.timezone}` : '03:00 UTC'
  if (!database) {
    if (declares(evidence, name, 'database')) return {status: 'fail', evidence: [`${app.name} has no Heroku Postgres database, though it is declared`], fix: bootstrapFix(evidence)}
    return {status: 'pass', evidence: [`${app.name} has no Heroku Postgres database: nothing to back up`]}
  }

  const schedules = stage.schedules
  if (!schedules) return {status: 'warn', evidence: [`${addonLine(database)}: still ${database.state ?? 'provisioning'}, its backup schedule can't be read yet`], fix: 'run kit:verify again once the database is provisioned'}
  const fix = declared ? bootstrapFix(evidence) : `heroku kit:backups --stage ${name} --at "${when}"`
  if (schedules.length === 0) return {status: 'fail', evidence: [`${addonLine(database)} has no backup schedule: no daily backup to restore from`], fix}
  const lines = schedules.map(s => `daily backup of ${s.name} at ${String(s.hour).padStart(2, '0')}:00 ${s.timezone} (${database.plan?.name ?? database.name})`)
  const latest = latestBackupVerdict(stageEvidence, app.name)
  if (latest.line) lines.push(latest.line)
  if (declared && !schedules.some(s => Number(s.hour) === declared.hour && s.timezone === declared.timezone)) {
    return {status: 'warn', evidence: [`heroku-kit.yml schedules backups at ${when}, Heroku has ${schedules.map(s => `${s.hour}:00 ${s.timezone}`).join(', ')}`, ...lines], fix: bootstrapFix(evidence)}
  }

  if (latest.problem) return {status: 'warn', evidence: lines, fix: latest.fix}
  return {status: 'pass', evidence: lines}
}

/** A daily schedule whose newest backup is older than this has missed at least one run. */
const STALE_BACKUP_MS = 48 * 60 * 60 * 1000

/** The newest backup as evidence: its age and status; a failed or stale one is a problem. */
function latestBackupVerdict(stage: StageEvidence, app: string): {line?: string; problem?: boolean; fix?: string} {
  const read = stage.latestBackup
  if (!read) return {}
  if (!read.ok) return {line: `the latest backup could not be read: ${read.error}`}
  const {backup, readAt} = read.value
  const line = describeLatest(backup, readAt)
  if (!backup) return {line: `${line}: the first scheduled one runs at the scheduled hour`}
  if (backup.status === 'failed') return {line, problem: true, fix: `read why: heroku pg:backups:info ${backup.name} -a ${app}; take one now: heroku pg:backups:capture -a ${app}`}
  const created = backup.createdAt ? Date.parse(backup.createdAt) : Number.NaN
  if (Number.isFinite(created) && readAt - created > STALE_BACKUP_MS) {
    return {line: `${line}: older than two days, so daily backups are not running`, problem: true, fix: `heroku pg:backups -a ${app} shows every backup; take one now: heroku pg:backups:capture -a ${app}`}
  }

  return {line}
}

/** Backups are required in production, and in staging when heroku-kit.yml schedules them there. */
export function backupStages(evidence: Evidence): StageName[] {
  return evidence.desired.stages.filter(s => s.name === 'production' || s.backups).map(s => s.name)
}

// ---------------------------------------------------------------- pitfalls of the live apps

export function checkSlugSize(evidence: Evidence, name: StageName): Verdict {
  const found = live(evidence, name)
  if (isVerdict(found)) return found
  const {app} = found
  const size = app.slug_size
  if (size === null || size === undefined) return {status: 'unknown', evidence: [`${app.name} has no slug yet (nothing deployed)`], fix: 'deploy: push to main (or run the deploy workflow), then run kit:verify again'}
  const shown = `${Math.round(size / MB)} MB`
  const fix = 'shrink the slug: list build-only files in .slugignore, prune dev dependencies, keep assets out of git (max 500 MB)'
  if (size > SLUG_FAIL_BYTES) return {status: 'fail', evidence: [`slug of ${app.name} is ${shown}: over Heroku's 500 MB limit, the next build will be rejected`], fix}
  if (size > SLUG_WARN_BYTES) return {status: 'warn', evidence: [`slug of ${app.name} is ${shown}: over 300 MB, deploys and dyno starts get slow`], fix}
  return {status: 'pass', evidence: [`slug of ${app.name} is ${shown}`]}
}

const SINGLE_DYNO = new Set(['eco', 'basic', 'free', 'hobby'])

export function checkDynos(evidence: Evidence, name: StageName): Verdict {
  const found = live(evidence, name)
  if (isVerdict(found)) return found
  const {stage, app, evidence: stageEvidence} = found
  const formation = stage.formation.filter(f => f.type !== 'release')
  const sizeOf = (f: (typeof formation)[number]) => (f.dyno_size?.name ?? f.size ?? '').toLowerCase()
  const web = formation.find(f => f.type === 'web')
  const declared = stageEvidence.desired.formation.web
  const declaredOk = declared && declared.quantity >= 2 && (!declared.size || !SINGLE_DYNO.has(declared.size.toLowerCase()))
  const scaleFix = declaredOk ? `heroku kit:scale --stage ${name} (or ${bootstrapFix(evidence)})` : `declare web: {quantity: 2, size: standard-1x} under stages.${name}.formation in heroku-kit.yml, then heroku kit:scale --stage ${name}`
  const lines = formation.map(f => `${f.type}=${f.quantity}:${sizeOf(f) || '?'}`)
  if (formation.length === 0) return {status: 'fail', evidence: [noProcessTypes(app.name)], fix: deployFirstFix(name)}
  const summary = `formation ${lines.join(' ')}`
  if (!web) return {status: 'fail', evidence: [`no web process type on ${app.name}`, summary], fix: NO_WEB_TYPE_FIX}
  if (web.quantity === 0) return {status: 'fail', evidence: [`no web dyno runs on ${app.name}`, summary], fix: scaleFix}
  const cheap = formation.filter(f => f.quantity > 0 && SINGLE_DYNO.has(sizeOf(f)))
  if (cheap.length > 0) {
    return {
      status: 'fail',
      evidence: [
        `${cheap.map(f => `${f.type} runs on ${sizeOf(f)}`).join(', ')} in ${name}: one dyno per type at most, no preboot, ${cheap.some(f => sizeOf(f) === 'eco') ? 'sleeps when idle, ' : ''}no ACM on eco`,
        summary,
      ],
      fix: scaleFix,
    }
  }

  if (web.quantity < 2) return {status: 'warn', evidence: [`a single web dyno on ${app.name}: a dyno restart (daily, or on failure) is downtime`, summary], fix: scaleFix}
  return {status: 'pass', evidence: [summary]}
}

export function checkPreboot(evidence: Evidence, name: StageName): Verdict {
  const found = live(evidence, name)
  if (isVerdict(found)) return found
  const {stage, app, evidence: stageEvidence} = found
  if (stage.preboot) return {status: 'pass', evidence: [`preboot on: new dynos take traffic only once they have booted (zero-downtime deploys)`]}
  return {
    status: 'warn',
    evidence: [`preboot off on ${app.name}: every deploy and restart drops requests while dynos boot`],
    fix: stageEvidence.desired.preboot ? bootstrapFix(evidence) : `set preboot: true under stages.${name} in heroku-kit.yml, then ${bootstrapFix(evidence)}`,
  }
}

export function checkErrorTracking(evidence: Evidence, name: StageName): Verdict {
  const found = live(evidence, name)
  if (isVerdict(found)) return found
  const {stage, app} = found
  const lines = addonsOf(stage, 'errors').map(addon => `error-tracking add-on ${addonLine(addon)}`)
  const keys = ERROR_TRACKING_KEYS.filter(key => Object.hasOwn(stage.config, key))
  if (lines.length === 0 && keys.length > 0) lines.push(`error tracking configured on ${app.name} by ${keys.join(', ')}`)
  const sdk = errorTrackingSdk(evidence.repository.manifests)
  if (sdk) lines.push(`SDK in ${sdk}`)
  if (lines.length > 0) return {status: 'pass', evidence: lines}
  return {
    status: 'warn',
    evidence: [`no error tracking: no Sentry-like add-on on ${app.name}, no SENTRY_DSN-like config var, no SDK in the dependencies; exceptions are seen only in the log stream`],
    fix: `${addonFix(evidence, name, 'errors')}, and add its SDK (e.g. @sentry/node, sentry-sdk, sentry-ruby)`,
  }
}

export function checkStack(evidence: Evidence, name: StageName): Verdict {
  const found = live(evidence, name)
  if (isVerdict(found)) return found
  const {app} = found
  const stack = app.stack?.name ?? 'unknown'
  const build = app.build_stack?.name
  const fix = `heroku stack:set heroku-24 -a ${app.name}, then deploy again`
  if (END_OF_LIFE_STACKS[stack]) {
    if (build && build !== stack && !END_OF_LIFE_STACKS[build]) return {status: 'warn', evidence: [`${app.name} runs ${stack} (${END_OF_LIFE_STACKS[stack]}); the next build uses ${build}`], fix: 'deploy again to move to the new stack'}
    return {status: 'fail', evidence: [`${app.name} runs ${stack}: ${END_OF_LIFE_STACKS[stack]}, with no security updates`], fix}
  }

  if (DEPRECATED_STACKS[stack]) return {status: 'warn', evidence: [`${app.name} runs ${stack}: ${DEPRECATED_STACKS[stack]}`], fix}
  return {status: 'pass', evidence: [`${app.name} runs ${stack}`]}
}
