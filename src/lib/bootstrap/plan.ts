import type {ReviewAppSettings} from '../api/heroku-api.js'
import {maskUrl} from '../output/mask-url.js'
import {formatMasked} from '../config/mask.js'
import {planConfigSync} from '../config/plan.js'
import type {StageName} from '../manifest/types.js'
import type {Plan, Step} from '../plan/types.js'
import type {CurrentStage, CurrentState} from './current.js'
import {primaryDatabase} from './current.js'
import {addonKey, type DesiredStage, type DesiredState} from './desired.js'
import {dnsNote} from './dns.js'
import type {Operation} from './operations.js'

export type BootstrapStep = Step<Operation>
export type BootstrapPlan = Plan<Operation>

export interface PlanOptions {
  upgradeAddons?: boolean
  scaleDown?: boolean
}

/**
 * Dyno sizes on which Heroku has refused ACM: eco (and the retired free/hobby). Basic dynos are paid dynos and
 * have ACM (Dev Center, "Automated Certificate Management"), and more recently Heroku says all applications
 * include it. [unverified] whether eco is still refused today, so heroku-kit sends the request anyway and explains
 * Heroku's answer (apply.ts, enable-acm) rather than refusing locally; the plan only warns.
 */
const ACM_DOUBTFUL_SIZES = new Set(['eco', 'free', 'hobby'])
const DASHBOARD_GITHUB = 'https://dashboard.heroku.com/account/applications'

function step(fields: Omit<BootstrapStep, 'dependsOn'> & {dependsOn?: string[]}): BootstrapStep {
  return {dependsOn: [], ...fields}
}

function normalizeSize(size: string | undefined): string | undefined {
  return size?.toLowerCase()
}

function planPipeline(desired: DesiredState, current: CurrentState, errors: string[]): BootstrapStep {
  if (current.pipelines.length > 1) {
    errors.push(`${current.pipelines.length} pipelines are named ${desired.pipeline} (Heroku allows duplicate names): ${current.pipelines.map(p => p.id).join(', ')}. Pass --pipeline-id ID to choose one; heroku-kit never creates another.`)
  }

  if (current.pipeline) {
    return step({id: 'pipeline', group: 'pipeline', resource: 'pipeline', action: 'unchanged', summary: `pipeline ${desired.pipeline} (${current.pipeline.id})`})
  }

  return step({
    id: 'pipeline',
    group: 'pipeline',
    resource: 'pipeline',
    action: 'create',
    summary: `create pipeline ${desired.pipeline}${desired.team ? ` owned by team ${desired.team}` : ''}`,
    operation: {kind: 'create-pipeline', name: desired.pipeline, owner: current.owner},
  })
}

function appOwnedByUser(stage: CurrentStage, desired: DesiredState, current: CurrentState): boolean {
  const app = stage.app
  if (!app) return false
  if (desired.team) return app.team?.name === desired.team || app.team?.id === current.owner.id
  return app.owner?.id === current.account.id || app.owner?.email === current.account.email
}

function planApp(stage: DesiredStage, cur: CurrentStage, desired: DesiredState, current: CurrentState, errors: string[]): BootstrapStep[] {
  const id = `${stage.name}.app`
  const steps: BootstrapStep[] = []
  if (cur.access === 'forbidden') {
    errors.push(`The app name ${stage.app} (${stage.name}) is taken by someone else. Choose another name in heroku-kit.yml (stages.${stage.name}.app).`)
  } else if (cur.app && !appOwnedByUser(cur, desired, current)) {
    const owner = cur.app.team?.name ? `team ${cur.app.team.name}` : (cur.app.owner?.email ?? 'another account')
    errors.push(`The app ${stage.app} (${stage.name}) exists but belongs to ${owner}, not ${desired.team ? `team ${desired.team}` : current.account.email}. Choose another name in heroku-kit.yml (stages.${stage.name}.app), or set team:.`)
  }

  if (cur.coupling && current.pipeline && cur.coupling.pipeline.id !== current.pipeline.id) {
    errors.push(`The app ${stage.app} is already in another pipeline (${cur.coupling.pipeline.name ?? cur.coupling.pipeline.id}). Remove it there first (heroku pipelines:remove -a ${stage.app}) or choose another app name.`)
  } else if (cur.coupling && !current.pipeline) {
    errors.push(`The app ${stage.app} is already in pipeline ${cur.coupling.pipeline.name ?? cur.coupling.pipeline.id}, not in ${desired.pipeline}. Remove it there first (heroku pipelines:remove -a ${stage.app}) or choose another app name.`)
  }

  if (cur.app) {
    steps.push(step({id, group: stage.name, resource: 'app', action: 'unchanged', summary: `app ${stage.app}`}))
  } else {
    steps.push(
      step({
        id,
        group: stage.name,
        resource: 'app',
        action: 'create',
        summary: `create app ${stage.app}${desired.region ? ` in ${desired.region}` : ''}`,
        operation: {kind: 'create-app', stage: stage.name, name: stage.app, region: desired.region, team: desired.team},
      }),
    )
  }

  const couplingId = `${stage.name}.coupling`
  if (cur.coupling && current.pipeline && cur.coupling.pipeline.id === current.pipeline.id) {
    steps.push(
      cur.coupling.stage === stage.name
        ? step({
            id: couplingId,
            group: stage.name,
            resource: 'coupling',
            action: 'unchanged',
            summary: `${stage.app} at stage ${stage.name}`,
            dependsOn: ['pipeline', id],
          })
        : step({
            id: couplingId,
            group: stage.name,
            resource: 'coupling',
            action: 'change',
            summary: `move ${stage.app} from stage ${cur.coupling.stage} to ${stage.name}`,
            dependsOn: ['pipeline', id],
            operation: {kind: 'change-coupling-stage', stage: stage.name, couplingId: cur.coupling.id},
          }),
    )
  } else {
    steps.push(
      step({
        id: couplingId,
        group: stage.name,
        resource: 'coupling',
        action: 'create',
        summary: `add ${stage.app} to the pipeline at stage ${stage.name}`,
        dependsOn: ['pipeline', id],
        operation: {kind: 'couple-app', stage: stage.name, app: stage.app},
      }),
    )
  }

  return steps
}

function planBuildpacks(stage: DesiredStage, cur: CurrentStage): BootstrapStep[] {
  if (stage.buildpacks.length === 0) return []
  const id = `${stage.name}.buildpacks`
  const same = cur.buildpacks.length === stage.buildpacks.length && cur.buildpacks.every((b, i) => b === stage.buildpacks[i])
  if (same) return [step({id, group: stage.name, resource: 'buildpacks', action: 'unchanged', summary: `buildpacks ${stage.buildpacks.join(', ')}`, dependsOn: [`${stage.name}.app`]})]
  return [step({
    id, group: stage.name, resource: 'buildpacks', action: cur.buildpacks.length > 0 ? 'change' : 'create',
    summary: `set buildpacks ${stage.buildpacks.join(', ')}${cur.buildpacks.length > 0 ? ` (was ${cur.buildpacks.join(', ')})` : ''}`,
    dependsOn: [`${stage.name}.app`], operation: {kind: 'set-buildpacks', app: stage.app, buildpacks: stage.buildpacks},
  })]
}

function planAddons(stage: DesiredStage, cur: CurrentStage, options: PlanOptions): BootstrapStep[] {
  const steps: BootstrapStep[] = []
  const claimed = new Set<string>()
  for (const addon of stage.addons) {
    const key = addonKey(addon)
    const id = `${stage.name}.addon.${key}`
    const ownedByApp = cur.addons.filter(a => !a.app?.name || a.app.name === stage.app)
    // match by attachment name when `as` is given, else by service: never create a second copy
    const match = ownedByApp.find(a => !claimed.has(a.id) && (addon.as ? (a.config_vars ?? []).some(v => v.startsWith(`${addon.as}_`)) : a.addon_service?.name === addon.service))
    if (!match) {
      steps.push(
        step({
          id,
          group: stage.name,
          resource: 'addon',
          action: 'create',
          summary: `create add-on ${addon.plan}${addon.as ? ` as ${addon.as}` : ''}`,
          dependsOn: [`${stage.name}.app`],
          operation: {kind: 'create-addon', stage: stage.name, app: stage.app, plan: addon.plan, service: addon.service, as: addon.as, options: addon.options},
        }),
      )
      continue
    }

    claimed.add(match.id)
    const planDeclared = addon.plan !== addon.service
    if (!planDeclared || match.plan?.name === addon.plan) {
      steps.push(
        step({
          id,
          group: stage.name,
          resource: 'addon',
          action: 'unchanged',
          summary: `add-on ${match.plan?.name ?? addon.plan} (${match.name})${match.state && match.state !== 'provisioned' ? `, ${match.state}` : ''}`,
          dependsOn: [`${stage.name}.app`],
        }),
      )
    } else if (options.upgradeAddons) {
      steps.push(
        step({
          id,
          group: stage.name,
          resource: 'addon',
          action: 'change',
          summary: `change add-on ${match.name} from ${match.plan?.name} to ${addon.plan}`,
          dependsOn: [`${stage.name}.app`],
          operation: {kind: 'change-addon-plan', app: stage.app, addonId: match.id, plan: addon.plan},
        }),
      )
    } else {
      steps.push(
        step({
          id,
          group: stage.name,
          resource: 'addon',
          action: 'drift',
          summary: `add-on ${match.name} is on ${match.plan?.name}, declared ${addon.plan}`,
          details: ['--upgrade-addons changes the plan (Heroku migrates the data for databases).'],
          dependsOn: [`${stage.name}.app`],
        }),
      )
    }
  }

  return steps
}

function planConfig(stage: DesiredStage, cur: CurrentStage, addonSteps: BootstrapStep[]): BootstrapStep[] {
  const hasEnv = Object.keys(stage.env).length > 0
  if (Object.keys(stage.config).length === 0 && !hasEnv) return []
  const id = `${stage.name}.config`
  const plan = planConfigSync({local: stage.config, remote: cur.config, owned: cur.owned, prune: false, env: stage.env, generateSecret: () => ''})
  const dependsOn = [`${stage.name}.app`, ...addonSteps.map(s => s.id)]
  const details: string[] = []
  let add = 0
  let change = 0
  for (const c of plan.changes) {
    if (c.action === 'add') {
      add++
      details.push(`+ ${c.key}  ${c.generated ? '(generated secret)' : formatMasked(c.after ?? '')}`)
    } else if (c.action === 'change') {
      change++
      details.push(`~ ${c.key}  ${formatMasked(c.before ?? '')} → ${formatMasked(c.after ?? '')}`)
    }
  }

  for (const conflict of plan.conflicts) details.push(`! ${conflict.key} is owned by ${conflict.addon}: remove it from ${stage.configFile}`)
  for (const key of plan.missingRequired) details.push(`? ${key} is required by app.json and not set (add it to ${stage.configFile ?? `a config file for ${stage.name}`})`)
  const unchanged = plan.changes.filter(c => c.action === 'unchanged').length
  if (add + change === 0 && plan.conflicts.length === 0) {
    return [step({id, group: stage.name, resource: 'config', action: 'unchanged', summary: `config vars (${unchanged} set)`, details: details.length > 0 ? details : undefined, dependsOn})]
  }

  return [step({
    id, group: stage.name, resource: 'config', action: cur.app ? 'change' : 'create',
    summary: `config vars from ${stage.configFile ?? 'app.json'}: ${add} to add, ${change} to change, ${unchanged} unchanged`,
    details, dependsOn, operation: {kind: 'sync-config', stage: stage.name, app: stage.app},
  })]
}

export function planFormation(stage: DesiredStage, cur: CurrentStage, options: PlanOptions): BootstrapStep[] {
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

    if (quantityDiffers || sizeDiffers) updates.push({type, ...(quantityDiffers ? {quantity: want.quantity} : {}), ...(sizeDiffers ? {dyno_size: {name: want.size!}} : {})})
  }

  const describe = (t: string) => `${t}=${stage.formation[t].quantity}${stage.formation[t].size ? `:${stage.formation[t].size}` : ''}`
  const steps: BootstrapStep[] = []
  if (updates.length > 0) {
    steps.push(step({id, group: stage.name, resource: 'formation', action: 'change', summary: `scale ${updates.map(u => describe(u.type)).join(' ')}`, dependsOn: [`${stage.name}.app`], operation: {kind: 'scale', app: stage.app, updates}}))
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

  if (drift.length > 0 && updates.length > 0) steps.push(step({id: `${id}.drift`, group: stage.name, resource: 'formation', action: 'drift', summary: 'formation scale-down not applied', details: drift, dependsOn: [`${stage.name}.app`]}))
  if (pending.length > 0) {
    steps.push(
      step({
        id: `${id}.pending`,
        group: stage.name,
        resource: 'formation',
        action: 'pending',
        summary: `${pending.map(t => describe(t)).join(' ')} pending until the first deploy (the process types come from the Procfile of a release)`,
        dependsOn: [`${stage.name}.app`],
      }),
    )
  }

  return steps
}

function planPreboot(stage: DesiredStage, cur: CurrentStage): BootstrapStep[] {
  const id = `${stage.name}.preboot`
  if (!stage.preboot) {
    return cur.preboot ? [step({id, group: stage.name, resource: 'preboot', action: 'drift', summary: 'preboot is on, declared off (left on: turning it off is not a bootstrap step)', dependsOn: [`${stage.name}.app`]})] : []
  }

  if (cur.preboot) return [step({id, group: stage.name, resource: 'preboot', action: 'unchanged', summary: 'preboot (zero-downtime deploys)', dependsOn: [`${stage.name}.app`]})]
  return [step({id, group: stage.name, resource: 'preboot', action: 'create', summary: 'enable preboot (new dynos take traffic only after they boot)', dependsOn: [`${stage.name}.app`], operation: {kind: 'enable-preboot', app: stage.app}})]
}

/**
 * The dyno sizes the app runs once the plan's formation step (if any) is applied: each running type at its
 * declared size when the step changes it, else at today's size; declared types that only appear with the first
 * deploy at their declared size.
 */
function sizesAfterPlan(stage: DesiredStage, cur: CurrentStage, formationSteps: BootstrapStep[]): string[] {
  const updates = formationSteps.flatMap(s => (s.operation?.kind === 'scale' ? s.operation.updates : []))
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
 * Domains, then ACM. ACM is judged on the formation the plan leaves behind and waits for the formation step, so
 * one run that scales up also enables ACM. `formationSteps`: the stage's steps from `planFormation` (none for
 * kit:acm, which does not scale).
 */
export function planDomains(stage: DesiredStage, cur: CurrentStage, formationSteps: BootstrapStep[] = []): BootstrapStep[] {
  const steps: BootstrapStep[] = []
  const domainIds: string[] = []
  for (const hostname of stage.domains) {
    const id = `${stage.name}.domain.${hostname}`
    domainIds.push(id)
    const found = cur.domains.find(d => d.hostname === hostname)
    steps.push(found
      ? step({id, group: stage.name, resource: 'domain', action: 'unchanged', summary: `domain ${hostname}`, details: [dnsNote(hostname, found.cname)], dependsOn: [`${stage.name}.app`]})
      : step({id, group: stage.name, resource: 'domain', action: 'create', summary: `add domain ${hostname}`, dependsOn: [`${stage.name}.app`], operation: {kind: 'add-domain', app: stage.app, hostname}}))
  }

  if (stage.acm && stage.domains.length > 0) {
    const id = `${stage.name}.acm`
    if (cur.app?.acm) {
      steps.push(step({id, group: stage.name, resource: 'acm', action: 'unchanged', summary: 'Automated Certificate Management', dependsOn: [`${stage.name}.app`]}))
    } else {
      const scaling = formationSteps.filter(s => s.operation?.kind === 'scale').map(s => s.id)
      const doubtful = sizesAfterPlan(stage, cur, formationSteps).find(size => ACM_DOUBTFUL_SIZES.has(size))
      steps.push(step({
        id, group: stage.name, resource: 'acm', action: 'create', summary: `enable Automated Certificate Management${scaling.length > 0 ? ' (after scaling)' : ''}`,
        details: doubtful
          ? [`${stage.name} runs ${doubtful} dynos: Heroku has refused ACM on ${doubtful} dynos; if it does, scale to basic or larger (stages.${stage.name}.formation) or add your own certificate with \`heroku certs:add\`.`]
          : undefined,
        dependsOn: [`${stage.name}.app`, ...domainIds, ...scaling], operation: {kind: 'enable-acm', app: stage.app},
      }))
    }
  }

  return steps
}

export function planBackups(stage: DesiredStage, cur: CurrentStage, addonSteps: BootstrapStep[]): BootstrapStep[] {
  if (!stage.backups) return []
  const id = `${stage.name}.backups`
  const {hour, timezone} = stage.backups
  const when = `${String(hour).padStart(2, '0')}:00 ${timezone}`
  const declared = stage.addons.find(a => a.service === 'heroku-postgresql' && (a.as ?? 'DATABASE') === 'DATABASE') ?? stage.addons.find(a => a.service === 'heroku-postgresql')
  const dbStepId = declared ? `${stage.name}.addon.${addonKey(declared)}` : undefined
  const dependsOn = [`${stage.name}.app`, ...addonSteps.filter(s => s.id === dbStepId).map(s => s.id)]
  const database = primaryDatabase(cur.addons)
  if (!database && !stage.addons.some(a => a.service === 'heroku-postgresql')) {
    return [step({id, group: stage.name, resource: 'backups', action: 'manual', summary: `backups at ${when} need a heroku-postgresql add-on, and ${stage.name} declares none`, dependsOn})]
  }

  const existing = cur.schedules?.find(s => s.name === 'DATABASE_URL') ?? cur.schedules?.[0]
  if (existing && Number(existing.hour) === hour && existing.timezone === timezone) {
    return [step({id, group: stage.name, resource: 'backups', action: 'unchanged', summary: `Postgres backups daily at ${when}`, dependsOn})]
  }

  // One POST under the existing schedule's name changes it in place (the Data API keeps one schedule per name):
  // never a delete and a create, so there is no moment without a schedule.
  return [step({
    id, group: stage.name, resource: 'backups', action: existing ? 'change' : 'create',
    summary: existing ? `move Postgres backups from ${String(existing.hour).padStart(2, '0')}:00 ${existing.timezone} to ${when}` : `schedule Postgres backups daily at ${when}`,
    dependsOn, operation: {kind: 'schedule-backups', stage: stage.name, app: stage.app, hour, timezone, scheduleName: existing?.name ?? 'DATABASE_URL'},
  })]
}

function planDrains(stage: DesiredStage, cur: CurrentStage): BootstrapStep[] {
  const unresolved = (stage.unresolvedDrains ?? []).map(name => step({
    id: `${stage.name}.drain.${name}`, group: stage.name, resource: 'drain', action: 'manual',
    summary: `log drain \${${name}}: set neither in ${stage.configFile ?? `the ${stage.name} stage's config file`} nor in the environment`,
    details: [`Put the drain URL in ${stage.configFile ?? `.env.${stage.name}`} as ${name}=… (git-ignored), and declare it as stages.${stage.name}.config in heroku-kit.yml.`],
    dependsOn: [`${stage.name}.app`],
  }))
  return [...unresolved, ...stage.drains.map((url, index) => {
    const id = `${stage.name}.drain.${index + 1}`
    const shown = maskUrl(url) // credentials sit in user:pass@ and in the query string (?dd-api-key=…)
    return cur.drains.some(d => d.url === url)
      ? step({id, group: stage.name, resource: 'drain', action: 'unchanged', summary: `log drain ${shown}`, dependsOn: [`${stage.name}.app`]})
      : step({id, group: stage.name, resource: 'drain', action: 'create', summary: `add log drain ${shown}`, dependsOn: [`${stage.name}.app`], operation: {kind: 'add-drain', app: stage.app, url}})
  })]
}

function planGithub(desired: DesiredState, current: CurrentState): BootstrapStep[] {
  const steps: BootstrapStep[] = []
  if (!desired.repo) {
    if (desired.reviewApps) steps.push(step({id: 'pipeline.review-apps', group: 'pipeline', resource: 'review-apps', action: 'manual', summary: 'review apps need the GitHub repository: set repo: owner/name in heroku-kit.yml'}))
    return steps
  }

  if (!current.github.token) {
    steps.push(
      step({
        id: 'pipeline.github',
        group: 'pipeline',
        resource: 'github',
        action: 'manual',
        summary: `connect ${desired.repo}: this Heroku account has no GitHub connection`,
        details: [
          `Once, in the Dashboard: ${DASHBOARD_GITHUB} → Third-party Services → GitHub → Connect, then run kit:bootstrap again.`,
          'Until then staging can deploy from the generated GitHub Actions workflow instead.',
        ],
      }),
    )
  } else if (!current.github.repo) {
    steps.push(
      step({
        id: 'pipeline.github',
        group: 'pipeline',
        resource: 'github',
        action: 'manual',
        summary: `GitHub repository ${desired.repo} not found, or the connected GitHub account can't see it`,
        details: ['Check repo: in heroku-kit.yml, and that the GitHub account connected to Heroku has access to it.'],
      }),
    )
  } else if (current.github.pipelineRepository) {
    steps.push(step({id: 'pipeline.github', group: 'pipeline', resource: 'github', action: 'unchanged', summary: `pipeline linked to ${current.github.pipelineRepository.repository?.name ?? desired.repo}`, dependsOn: ['pipeline']}))
  } else {
    steps.push(step({id: 'pipeline.github', group: 'pipeline', resource: 'github', action: 'create', summary: `link the pipeline to GitHub ${desired.repo}`, dependsOn: ['pipeline'], operation: {kind: 'link-repository', repo: desired.repo}}))
  }

  const connected = Boolean(current.github.token && current.github.repo)
  for (const stage of desired.stages) {
    const id = `${stage.name}.auto-deploy`
    const link = current.stages[stage.name].githubLink
    const want = stage.autoDeploy !== undefined
    if (!connected) {
      if (want) steps.push(step({id, group: stage.name, resource: 'auto-deploy', action: 'manual', summary: `auto-deploy of ${stage.autoDeploy} waits for the GitHub connection`}))
      continue
    }

    const dependsOn = ['pipeline.github', `${stage.name}.coupling`]
    if (want && (!link?.auto_deploy || link.branch !== stage.autoDeploy)) {
      steps.push(
        step({
          id,
          group: stage.name,
          resource: 'auto-deploy',
          action: link ? 'change' : 'create',
          summary: `auto-deploy ${stage.app} from ${stage.autoDeploy}`,
          dependsOn,
          operation: {kind: 'set-auto-deploy', stage: stage.name, app: stage.app, enabled: true, branch: stage.autoDeploy},
        }),
      )
    } else if (!want && (!link || link.auto_deploy)) {
      // explicitly off, not just "never turned on": production changes only by promotion
      steps.push(
        step({
          id,
          group: stage.name,
          resource: 'auto-deploy',
          action: link ? 'change' : 'create',
          summary: `auto-deploy of ${stage.app} off: ${stage.name} changes only by promotion`,
          dependsOn,
          operation: {kind: 'set-auto-deploy', stage: stage.name, app: stage.app, enabled: false},
        }),
      )
    } else {
      steps.push(step({id, group: stage.name, resource: 'auto-deploy', action: 'unchanged', summary: want ? `auto-deploy from ${stage.autoDeploy}` : 'no auto-deploy (changes only by promotion)', dependsOn}))
    }
  }

  if (desired.reviewApps) {
    const id = 'pipeline.review-apps'
    const wanted: ReviewAppSettings = {automatic_review_apps: desired.reviewApps.automatic, destroy_stale_apps: desired.reviewApps.destroyStale, stale_days: desired.reviewApps.staleDays, wait_for_ci: desired.reviewApps.waitForCi}
    const existing = current.reviewAppConfig
    if (!connected) {
      steps.push(step({id, group: 'pipeline', resource: 'review-apps', action: 'manual', summary: 'review apps wait for the GitHub connection (Heroku requires a linked repository)'}))
    } else if (!existing) {
      steps.push(
        step({
          id,
          group: 'pipeline',
          resource: 'review-apps',
          action: 'create',
          summary: `enable review apps (automatic: ${wanted.automatic_review_apps}, destroy after ${wanted.stale_days} days: ${wanted.destroy_stale_apps})`,
          dependsOn: ['pipeline', 'pipeline.github'],
          operation: {kind: 'create-review-app-config', repo: desired.repo, settings: wanted},
        }),
      )
    } else {
      const differing = (Object.keys(wanted) as Array<keyof ReviewAppSettings>).filter(k => existing[k] !== wanted[k])
      steps.push(
        differing.length === 0
          ? step({
              id,
              group: 'pipeline',
              resource: 'review-apps',
              action: 'unchanged',
              summary: 'review apps enabled',
              dependsOn: ['pipeline', 'pipeline.github'],
            })
          : step({
              id,
              group: 'pipeline',
              resource: 'review-apps',
              action: 'change',
              summary: `update review apps: ${differing.join(', ')}`,
              dependsOn: ['pipeline', 'pipeline.github'],
              operation: {kind: 'update-review-app-config', settings: Object.fromEntries(differing.map(k => [k, wanted[k]]))},
            }),
      )
    }
  }

  return steps
}

function planReviewConfig(desired: DesiredState, current: CurrentState): BootstrapStep[] {
  const keys = Object.keys(desired.reviewConfig)
  if (keys.length === 0) return []
  const patch: Record<string, string> = {}
  for (const key of keys) if (current.reviewConfig[key] !== desired.reviewConfig[key]) patch[key] = desired.reviewConfig[key]
  const changed = Object.keys(patch)
  return [
    changed.length === 0
      ? step({
          id: 'pipeline.review-config',
          group: 'pipeline',
          resource: 'review-config',
          action: 'unchanged',
          summary: `review-app config vars (${keys.length} from app.json environments.review)`,
          dependsOn: ['pipeline'],
        })
      : step({
          id: 'pipeline.review-config',
          group: 'pipeline',
          resource: 'review-config',
          action: current.pipeline ? 'change' : 'create',
          summary: `set review-app config vars ${changed.join(', ')} (app.json environments.review)`,
          dependsOn: ['pipeline'],
          operation: {kind: 'set-review-config', patch},
        }),
  ]
}

/**
 * The bootstrap plan: pure — the declaration and the current state in, the steps out. Problems that would make
 * the run create things it can't finish (a name someone else owns, an app in another pipeline, duplicate
 * pipelines) are plan errors, reported before any request that writes.
 */
export function planBootstrap(desired: DesiredState, current: CurrentState, options: PlanOptions = {}): BootstrapPlan {
  const errors: string[] = []
  const steps: BootstrapStep[] = [planPipeline(desired, current, errors)]
  for (const stage of desired.stages) {
    const cur = current.stages[stage.name as StageName]
    steps.push(...planApp(stage, cur, desired, current, errors), ...planBuildpacks(stage, cur))
    const addonSteps = planAddons(stage, cur, options)
    const formationSteps = planFormation(stage, cur, options)
    steps.push(
      ...addonSteps,
      ...planConfig(stage, cur, addonSteps),
      ...formationSteps,
      ...planPreboot(stage, cur),
      ...planDomains(stage, cur, formationSteps),
      ...planBackups(stage, cur, addonSteps),
      ...planDrains(stage, cur),
    )
  }

  steps.push(...planGithub(desired, current), ...planReviewConfig(desired, current))
  return {steps, errors}
}
