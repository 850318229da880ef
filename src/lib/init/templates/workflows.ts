import type {Detection} from '../types.js'
import {block, render} from './render.js'

export interface WorkflowContext {
  pipeline: string
  stagingApp: string
  productionApp: string
  /** files that exist in the repository, for version files (.nvmrc, .python-version, .ruby-version) */
  has: (file: string) => boolean
  /** the heroku-kit version generating the workflows: the deploy jobs install exactly this one */
  kitVersion: string
}

/**
 * Every action the generated workflows use, pinned to a commit SHA (a tag can be moved to other code; a SHA can't),
 * with the tag it was as a comment. Renovate and Dependabot update this form ("SHA # tag") themselves.
 */
export const PINNED_ACTIONS = {
  checkout: 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
  setupNode: 'actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0',
  setupPython: 'actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065 # v5.6.0',
  setupRuby: 'ruby/setup-ruby@afeafc3d1ab54a631816aba4c914a0081c12ff2f # v1.310.0',
  setupGo: 'actions/setup-go@d35c59abb061a4a6fb18e82ac0862c26744d6ab5 # v5.5.0',
} as const

/**
 * The Heroku CLI the deploy jobs install: the npm package at this exact version (the one heroku-kit is tested
 * against, its devDependency), never a script downloaded and piped into a shell.
 */
export const HEROKU_CLI_VERSION = '11.10.0'
/** Node.js for the Heroku CLI in the deploy jobs (heroku 11 needs Node >= 20). */
const CLI_NODE_VERSION = '22'

/** Checkout without leaving the job's GITHUB_TOKEN in .git/config for later steps. */
function checkout(): string {
  return render('workflows/checkout.yml', {CHECKOUT_ACTION: PINNED_ACTIONS.checkout})
}

/** Node.js, then the pinned Heroku CLI and the exact heroku-kit version that generated the workflow. No secret here. */
function installTools(kitVersion: string): string {
  return render('workflows/install-tools.yml', {
    SETUP_NODE_ACTION: PINNED_ACTIONS.setupNode,
    NODE_VERSION: CLI_NODE_VERSION,
    HEROKU_CLI_VERSION,
    KIT_VERSION: kitVersion,
  })
}

/** The steps of a deploy job around its one step with the key: checkout, tools, and (the Heroku CLI can leave credentials in ~/.netrc) its removal. */
function deployStepValues(kitVersion: string): Record<string, string> {
  return {CHECKOUT: checkout(), INSTALL_TOOLS: installTools(kitVersion), REMOVE_NETRC: render('workflows/remove-netrc.yml')}
}

/** Dummy values for generated secrets in CI (the test job needs them set; they protect nothing). */
function ciSecretEnv(detection: Detection): string[] {
  return detection.env.filter(e => e.kind === 'generated').map(e => `      ${e.key}: insecure-ci-only-value`)
}

/** The service containers of the CI job: Postgres and Redis when the app uses them. */
function services(detection: Detection): string {
  if (!detection.database && !detection.redis) return ''
  return [
    block(['    services:']),
    detection.database ? render('workflows/service-postgres.yml') : '',
    detection.redis ? render('workflows/service-redis.yml') : '',
  ].join('')
}

/** One step that runs a command. */
function step(name: string, run: string): string {
  return render('workflows/step.yml', {NAME: name, RUN: run})
}

/** Setup, install and test steps for the stack (files/workflows/steps-STACK.yml). */
function stackSteps(detection: Detection, context: WorkflowContext): string {
  const test = detection.testCommand
  switch (detection.stack) {
    case 'node': {
      const node = detection.node!
      const pm = node.packageManager
      const install =
        pm === 'pnpm' ? 'pnpm install --frozen-lockfile' : pm === 'yarn' ? 'yarn install --frozen-lockfile' : node.lockfile ? 'npm ci' : 'npm install'
      const versionFile = context.has('.nvmrc') ? '.nvmrc' : node.nodeVersion ? 'package.json' : undefined
      return render('workflows/steps-node.yml', {
        SETUP_NODE_ACTION: PINNED_ACTIONS.setupNode,
        NODE_VERSION_KEY: versionFile ? 'node-version-file' : 'node-version',
        NODE_VERSION: versionFile ?? 'lts/*',
        CACHE: pm === 'npm' && node.lockfile ? block(['          cache: npm']) : '',
        COREPACK: pm === 'npm' ? '' : step('Enable corepack', 'corepack enable'),
        INSTALL: install,
        BUILD: node.scripts.build ? step('Build', `${pm} run build`) : '',
        TEST: test ? step('Test', test) : '',
      })
    }

    case 'python': {
      const py = detection.python!
      const dev = ['requirements-dev.txt', 'requirements-test.txt']
        .filter(f => context.has(f))
        .map(f => ` -r ${f}`)
        .join('')
      const install: Record<typeof py.manager, string> = {
        pip: `python -m pip install -r requirements.txt${dev}`,
        pipenv: 'python -m pip install pipenv && pipenv install --deploy --dev --system',
        poetry: 'pipx install poetry && poetry install --no-interaction',
        uv: 'python -m pip install uv && uv sync',
      }
      const prefix = py.manager === 'poetry' ? 'poetry run ' : py.manager === 'uv' ? 'uv run ' : ''
      const versionFile = context.has('.python-version')
      return render('workflows/steps-python.yml', {
        SETUP_PYTHON_ACTION: PINNED_ACTIONS.setupPython,
        PYTHON_VERSION_KEY: versionFile ? 'python-version-file' : 'python-version',
        PYTHON_VERSION: versionFile ? '.python-version' : "'3.12'",
        CACHE: py.manager === 'pip' ? block(['          cache: pip']) : '',
        INSTALL: install[py.manager],
        TEST: `${prefix}${test}`,
      })
    }

    case 'ruby': {
      return render('workflows/steps-ruby.yml', {
        SETUP_RUBY_ACTION: PINNED_ACTIONS.setupRuby,
        RUBY_VERSION: !context.has('.ruby-version') && !context.has('.tool-versions') ? block(["          ruby-version: '3.3'"]) : '',
        PREPARE_DATABASE: detection.framework === 'rails' && detection.database ? step('Prepare the database', 'bin/rails db:prepare') : '',
        TEST: test,
      })
    }

    case 'go': {
      return render('workflows/steps-go.yml', {SETUP_GO_ACTION: PINNED_ACTIONS.setupGo, TEST: test})
    }
  }
}

/** CI: tests on pull requests and pushes (other than main, where deploy-staging.yml runs it before deploying). */
export function ciWorkflow(detection: Detection, context: WorkflowContext): string {
  const env = [
    ...(detection.database ? ['      DATABASE_URL: postgres://postgres:postgres@localhost:5432/test'] : []),
    ...(detection.redis ? ['      REDIS_URL: redis://localhost:6379'] : []),
    ...(detection.framework === 'rails' ? ['      RAILS_ENV: test'] : []),
    ...ciSecretEnv(detection),
  ]
  return render('workflows/ci.yml', {
    SERVICES: services(detection),
    ENV: block(env.length > 0 ? ['    env:', ...env] : []),
    CHECKOUT: checkout(),
    STACK_STEPS: stackSteps(detection, context),
    DRIFT_JOB: driftJob(context.kitVersion),
  })
}

/**
 * An optional job, commented out: on the schedule, compare the live pipeline with heroku-kit.yml and fail when
 * kit:bootstrap would change something (exit code 2) or the check can't run (1). Like the deploy jobs, its key is an
 * environment secret given to one step, and the CLI, the plugin and the actions are pinned. Its trigger (issue 13) is
 * commented out in ci.yml too.
 */
function driftJob(kitVersion: string): string {
  const job = render('workflows/drift-job.yml', deployStepValues(kitVersion))
  return block(
    job
      .replace(/\n$/, '')
      .split('\n')
      .map(line => `  # ${line.slice(2)}`),
  )
}

/**
 * Staging: on push to main, CI, then `heroku kit:deploy --stage staging`, which builds, waits for the release phase,
 * checks the health endpoint and rolls back on failure (issue 14). HEROKU_API_KEY is a secret of the `staging`
 * environment and reaches only that step.
 */
export function deployStagingWorkflow(_detection: Detection, context: WorkflowContext): string {
  return render('workflows/deploy-staging.yml', {...deployStepValues(context.kitVersion), STAGING_APP: context.stagingApp})
}

/**
 * Production: manual `workflow_dispatch` from main, gated by the GitHub `production` environment (required
 * reviewers; its HEROKU_API_KEY secret exists only there), then kit:promote — which reads heroku-kit.yml from the
 * checkout (health path, stage names), checks health and rolls back itself.
 */
export function promoteProductionWorkflow(_detection: Detection, context: WorkflowContext): string {
  return render('workflows/promote-production.yml', {...deployStepValues(context.kitVersion), PRODUCTION_APP: context.productionApp})
}

/** The GitHub environment whose one secret is the plan workflow's `read`-scope token. */
export const PLAN_ENVIRONMENT = 'heroku-plan'
/** The secret holding a Heroku OAuth token of scope `read` (heroku authorizations:create --scope read). */
export const PLAN_TOKEN_SECRET = 'HEROKU_PLAN_TOKEN'

/**
 * The plan on pull requests (issue 21): on `pull_request` (never `pull_request_target`, which would run with the
 * base repository's secrets on a fork's code) for changes to what kit:bootstrap reads, kit:bootstrap --dry-run
 * --format markdown with a `read`-scope token from the `heroku-plan` environment (no key that can write), the report
 * in the job summary and in one PR comment found by a hidden marker and edited. Skipped for forks (no secrets there).
 */
export function planWorkflow(_detection: Detection, context: WorkflowContext): string {
  return render('workflows/plan.yml', deployStepValues(context.kitVersion))
}
