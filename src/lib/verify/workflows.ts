/**
 * GitHub Actions workflows as kit:verify needs them: what triggers each workflow, and per job whether it deploys
 * (or promotes) to staging or production and whether it runs behind a GitHub environment (approval gate).
 */
import {readdir, readFile} from 'node:fs/promises'
import path from 'node:path'

import {parse} from 'yaml'

import {KitError} from '../errors.js'
import {resolveInRepository} from '../fs.js'
import type {StageName} from '../manifest/types.js'
import {matchesFilterPatterns} from './filter-pattern.js'
import {type WorkflowDanger, workflowDangers} from './workflow-dangers.js'
import type {Evidence} from './types.js'

export const WORKFLOWS_DIR = '.github/workflows'

export interface BranchFilter {
  /** undefined: every branch */
  branches?: string[]
  branchesIgnore?: string[]
}

export interface WorkflowTriggers {
  /** push to branches (undefined: no branch push, e.g. tags only or no push trigger) */
  push?: BranchFilter
  /** after another workflow completes (a deploy after CI), on these branches */
  workflowRun?: BranchFilter
  pullRequest: boolean
  /** run by hand (Actions tab, `gh workflow run`) */
  dispatch: boolean
  schedule: boolean
}

export interface WorkflowJob {
  id: string
  name?: string
  /** the GitHub environment the job runs in (its protection rules are the approval gate) */
  environment?: string
  /** the job's `if:` */
  condition?: string
  /** every string of the job (steps, run scripts, with:, env:), to look for deploy commands and app names */
  text: string
  /** the steps, as far as the security checks need them */
  steps: WorkflowStep[]
  /** names of job-level env vars whose value reads a secret (every step, and every action it runs, sees them) */
  jobEnvSecrets: string[]
}

export interface WorkflowStep {
  name?: string
  uses?: string
  run?: string
  /** secrets the step reads (`secrets.NAME` anywhere in it) */
  secrets: string[]
}

const SECRET_REFERENCE = /\$\{\{[^}]*\bsecrets\.([A-Za-z_]\w*)/g

function secretsIn(value: unknown): string[] {
  return [...new Set([...strings(value).join('\n').matchAll(SECRET_REFERENCE)].map(m => m[1]))]
}

function readSteps(value: unknown): WorkflowStep[] {
  if (!Array.isArray(value)) return []
  return value
    .filter((step): step is Record<string, unknown> => Boolean(step) && typeof step === 'object')
    .map(step => {
      const out: WorkflowStep = {secrets: secretsIn(step)}
      if (typeof step.name === 'string') out.name = step.name
      if (typeof step.uses === 'string') out.uses = step.uses
      if (typeof step.run === 'string') out.run = step.run
      return out
    })
}

export interface WorkflowSummary {
  /** path relative to the repository, e.g. `.github/workflows/deploy.yml` */
  file: string
  name?: string
  triggers: WorkflowTriggers
  jobs: WorkflowJob[]
  /** workflow-level env, as text */
  env: string
  /** what lets an outsider run code with the repository's secrets, with file and line (./workflow-dangers.ts) */
  dangers: WorkflowDanger[]
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    out.push(value)
  } else if (typeof value === 'number' || typeof value === 'boolean') {
    out.push(String(value))
  } else if (Array.isArray(value)) {
    for (const item of value) strings(item, out)
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push(key)
      strings(item, out)
    }
  }

  return out
}

function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string')
  return undefined
}

function branchFilter(value: unknown): BranchFilter | undefined {
  if (value === null || value === undefined) return {}
  if (typeof value !== 'object' || Array.isArray(value)) return {}
  const spec = value as Record<string, unknown>
  const branches = stringList(spec.branches)
  const branchesIgnore = stringList(spec['branches-ignore'])
  // a push filtered to tags only never runs for a branch
  if (!branches && !branchesIgnore && (spec.tags !== undefined || spec['tags-ignore'] !== undefined)) return undefined
  const filter: BranchFilter = {}
  if (branches) filter.branches = branches
  if (branchesIgnore) filter.branchesIgnore = branchesIgnore
  return filter
}

function readTriggers(on: unknown): WorkflowTriggers {
  const triggers: WorkflowTriggers = {pullRequest: false, dispatch: false, schedule: false}
  const events: Record<string, unknown> = {}
  if (typeof on === 'string') {
    events[on] = null
  } else if (Array.isArray(on)) {
    for (const event of on) if (typeof event === 'string') events[event] = null
  } else if (on && typeof on === 'object') {
    Object.assign(events, on)
  }

  for (const [event, spec] of Object.entries(events)) {
    if (event === 'push') {
      const filter = branchFilter(spec)
      if (filter) triggers.push = filter
    } else if (event === 'workflow_run') {
      triggers.workflowRun = branchFilter(spec) ?? {}
    } else if (event === 'pull_request' || event === 'pull_request_target') {
      triggers.pullRequest = true
    } else if (event === 'workflow_dispatch' || event === 'repository_dispatch') {
      triggers.dispatch = true
    } else if (event === 'schedule') {
      triggers.schedule = true
    }
  }

  return triggers
}

/** Parses one workflow file's text; throws on invalid YAML. */
export function parseWorkflow(text: string, file: string): WorkflowSummary {
  const doc = parse(text) as Record<string, unknown> | null
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('not a mapping')
  // YAML 1.1 parsers read a bare `on` as true; GitHub reads it as the key "on"
  const on = 'on' in doc ? doc.on : (doc as Record<string, unknown>).true
  const jobs: WorkflowJob[] = []
  const jobMap = doc.jobs && typeof doc.jobs === 'object' ? (doc.jobs as Record<string, unknown>) : {}
  for (const [id, value] of Object.entries(jobMap)) {
    if (!value || typeof value !== 'object') continue
    const job = value as Record<string, unknown>
    const environment =
      typeof job.environment === 'string'
        ? job.environment
        : job.environment && typeof job.environment === 'object' && typeof (job.environment as Record<string, unknown>).name === 'string'
          ? (job.environment as Record<string, string>).name
          : undefined
    const jobEnv = job.env && typeof job.env === 'object' ? Object.entries(job.env as Record<string, unknown>) : []
    const entry: WorkflowJob = {
      id,
      text: strings({name: job.name, env: job.env, steps: job.steps, with: job.with, uses: job.uses}).join('\n'),
      steps: readSteps(job.steps),
      jobEnvSecrets: jobEnv.filter(([, v]) => secretsIn(v).length > 0).map(([k]) => k),
    }
    if (typeof job.name === 'string') entry.name = job.name
    if (environment) entry.environment = environment
    if (typeof job.if === 'string' || typeof job.if === 'boolean') entry.condition = String(job.if)
    jobs.push(entry)
  }

  const summary: WorkflowSummary = {file, triggers: readTriggers(on), jobs, env: strings(doc.env).join('\n'), dangers: workflowDangers(text, file)}
  if (typeof doc.name === 'string') summary.name = doc.name
  return summary
}

/** Every `.github/workflows/*.yml|yaml` of the repository: the parsed ones, and one line per file that isn't valid. */
export async function readWorkflows(dir: string): Promise<{workflows: WorkflowSummary[]; errors: string[]}> {
  const folder = path.join(dir, WORKFLOWS_DIR)
  let names: string[]
  try {
    names = (await readdir(folder)).filter(name => /\.ya?ml$/i.test(name)).sort()
  } catch {
    return {workflows: [], errors: []}
  }

  const workflows: WorkflowSummary[] = []
  const errors: string[] = []
  for (const name of names) {
    const file = `${WORKFLOWS_DIR}/${name}`
    try {
      // eslint-disable-next-line no-await-in-loop -- a handful of small files, reported in order
      workflows.push(parseWorkflow(await readFile(await resolveInRepository(dir, file, file), 'utf8'), file))
    } catch (error) {
      if (error instanceof KitError) errors.push(`${file}: ${error.message}`)
      else errors.push(`${file}: not a valid workflow (${(error as Error).message.split('\n')[0]})`)
    }
  }

  return {workflows, errors}
}

// ---------------------------------------------------------------- what a job does

/**
 * Whether a branch filter lets `branch` through, by GitHub's filter pattern rules (./filter-pattern.ts): `branches`
 * in order with `!` negations; `branches-ignore` excludes what its patterns match.
 */
export function branchMatches(filter: BranchFilter, branch: string): boolean {
  if (filter.branchesIgnore && matchesFilterPatterns(filter.branchesIgnore, branch)) return false
  if (!filter.branches) return true
  return matchesFilterPatterns(filter.branches, branch)
}

/** The branch a job's `if:` pins it to (`github.ref == 'refs/heads/main'`), if any. */
export function conditionBranch(condition: string | undefined): string | undefined {
  if (!condition) return undefined
  const match = /github\.ref\s*==\s*['"]refs\/heads\/([^'"]+)['"]/.exec(condition) ?? /github\.ref_name\s*==\s*['"]([^'"]+)['"]/.exec(condition)
  return match?.[1]
}

/** A step that ships code or a release to Heroku. */
const DEPLOY = [
  /\bgit\s+push\b[^\n]*(?:heroku|git\.heroku\.com)/i,
  /akhileshns\/heroku-deploy/i,
  /\bheroku\s+(?:builds:create|container:release|container:push|deploy:\w+|releases:rollback)\b/,
  /api\.heroku\.com\/apps\/[^\s/]+\/builds/,
  /\bheroku\s+kit:(?:deploy|release)\b/,
]

/** A promotion: staging's slug to production. */
const PROMOTE = [/\bpipelines:promote\b/, /\bkit:promote\b/, /\/pipeline-promotions\b/]

function mentions(text: string, word: string): boolean {
  const escaped = word.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`).test(text)
}

export interface JobTarget {
  deploys: boolean
  promotes: boolean
  stages: StageName[]
}

/** Whether the job deploys or promotes, and to which stages (by app name, `--stage`, environment or job name). */
export function jobTarget(workflow: WorkflowSummary, job: WorkflowJob, apps: Record<StageName, string>): JobTarget {
  const text = `${job.text}\n${workflow.env}`
  const promotes = PROMOTE.some(pattern => pattern.test(text))
  const deploys = promotes || DEPLOY.some(pattern => pattern.test(text))
  if (promotes) return {deploys, promotes, stages: ['production']}
  const stages = new Set<StageName>()
  for (const stage of ['staging', 'production'] as const) {
    if (mentions(text, apps[stage]) || new RegExp(`--stage[= ]${stage}\\b`).test(text)) stages.add(stage)
  }

  if (stages.size === 0) {
    const label = `${job.id} ${job.name ?? ''} ${job.environment ?? ''}`.toLowerCase()
    if (/\bstag(?:ing|e)\b/.test(label)) stages.add('staging')
    if (/\bprod(?:uction)?\b/.test(label)) stages.add('production')
  }

  return {deploys, promotes, stages: [...stages]}
}

/** Whether the workflow runs by itself when `branch` changes (push, or after another workflow on that branch). */
export function runsOnBranch(workflow: WorkflowSummary, job: WorkflowJob, branch: string): boolean {
  const pinned = conditionBranch(job.condition)
  if (pinned !== undefined && pinned !== branch) return false
  const {push, workflowRun} = workflow.triggers
  return Boolean((push && branchMatches(push, branch)) || (workflowRun && branchMatches(workflowRun, branch)))
}

/** Whether anything but a person starts the workflow (push, pull request, schedule, another workflow). */
export function runsAutomatically(workflow: WorkflowSummary): boolean {
  const t = workflow.triggers
  return Boolean(t.push || t.workflowRun || t.pullRequest || t.schedule)
}

/** The jobs that deploy (or promote) to `stage`, with their targets; apps named as heroku-kit.yml declares them. */
export function stageDeployJobs(evidence: Evidence, stage: StageName): Array<{workflow: WorkflowSummary; job: WorkflowJob; target: JobTarget}> {
  const apps = {staging: evidence.desired.stages[0].app, production: evidence.desired.stages[1].app}
  return evidence.repository.workflows
    .flatMap(workflow => workflow.jobs.map(job => ({workflow, job, target: jobTarget(workflow, job, apps)})))
    .filter(entry => entry.target.deploys && entry.target.stages.includes(stage))
}
