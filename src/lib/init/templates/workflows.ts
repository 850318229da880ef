import type {Detection} from '../types.js'

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
function checkout(): string[] {
  return [`      - uses: ${PINNED_ACTIONS.checkout}`, '        with:', '          persist-credentials: false']
}

/** Node.js, then the pinned Heroku CLI and the exact heroku-kit version that generated the workflow. No secret here. */
function installTools(kitVersion: string): string[] {
  return [
    `      - uses: ${PINNED_ACTIONS.setupNode}`,
    '        with:',
    `          node-version: '${CLI_NODE_VERSION}'`,
    '      - name: Install the Heroku CLI and heroku-kit (pinned)',
    '        run: |',
    `          npm install --global --ignore-scripts heroku@${HEROKU_CLI_VERSION}`,
    `          heroku plugins:install heroku-kit@${kitVersion}`,
    '          heroku --version',
  ]
}

/** The Heroku CLI can leave credentials in ~/.netrc: removed whatever happened before. */
const REMOVE_NETRC = [
  '      - name: Remove ~/.netrc',
  '        if: always()',
  '        run: rm -f ~/.netrc',
]

/** Dummy values for generated secrets in CI (the test job needs them set; they protect nothing). */
function ciSecretEnv(detection: Detection): string[] {
  return detection.env.filter(e => e.kind === 'generated').map(e => `      ${e.key}: insecure-ci-only-value`)
}

function services(detection: Detection): string[] {
  const lines: string[] = []
  if (!detection.database && !detection.redis) return lines
  lines.push('    services:')
  if (detection.database) {
    lines.push(
      '      postgres:',
      '        image: postgres:16',
      '        env:',
      '          POSTGRES_USER: postgres',
      '          POSTGRES_PASSWORD: postgres',
      '          POSTGRES_DB: test',
      '        ports:',
      '          - 5432:5432',
      '        options: >-',
      '          --health-cmd "pg_isready -U postgres"',
      '          --health-interval 5s',
      '          --health-timeout 5s',
      '          --health-retries 10',
    )
  }

  if (detection.redis) {
    lines.push(
      '      redis:',
      '        image: redis:7',
      '        ports:',
      '          - 6379:6379',
      '        options: >-',
      '          --health-cmd "redis-cli ping"',
      '          --health-interval 5s',
      '          --health-timeout 5s',
      '          --health-retries 10',
    )
  }

  return lines
}

function step(name: string, run: string): string[] {
  return [`      - name: ${name}`, `        run: ${run}`]
}

/** Setup, install and test steps for the stack. */
function stackSteps(detection: Detection, context: WorkflowContext): string[] {
  const lines: string[] = []
  const test = detection.testCommand
  switch (detection.stack) {
    case 'node': {
      const node = detection.node!
      const pm = node.packageManager
      lines.push(`      - uses: ${PINNED_ACTIONS.setupNode}`, '        with:')
      if (context.has('.nvmrc')) lines.push('          node-version-file: .nvmrc')
      else if (node.nodeVersion) lines.push('          node-version-file: package.json')
      else lines.push('          node-version: lts/*')
      if (pm === 'npm' && node.lockfile) lines.push('          cache: npm')
      if (pm !== 'npm') lines.push(...step('Enable corepack', 'corepack enable'))
      const install = pm === 'pnpm' ? 'pnpm install --frozen-lockfile' : pm === 'yarn' ? 'yarn install --frozen-lockfile' : node.lockfile ? 'npm ci' : 'npm install'
      lines.push(...step('Install dependencies', install))
      if (node.scripts.build) lines.push(...step('Build', `${pm} run build`))
      if (test) lines.push(...step('Test', test))
      break
    }

    case 'python': {
      const py = detection.python!
      lines.push(`      - uses: ${PINNED_ACTIONS.setupPython}`, '        with:')
      if (context.has('.python-version')) lines.push('          python-version-file: .python-version')
      else lines.push("          python-version: '3.12'")
      if (py.manager === 'pip') lines.push('          cache: pip')
      let prefix = ''
      if (py.manager === 'pip') {
        const dev = ['requirements-dev.txt', 'requirements-test.txt'].filter(f => context.has(f)).map(f => ` -r ${f}`).join('')
        lines.push(...step('Install dependencies', `python -m pip install -r requirements.txt${dev}`))
      } else if (py.manager === 'pipenv') {
        lines.push(...step('Install dependencies', 'python -m pip install pipenv && pipenv install --deploy --dev --system'))
      } else if (py.manager === 'poetry') {
        lines.push(...step('Install dependencies', 'pipx install poetry && poetry install --no-interaction'))
        prefix = 'poetry run '
      } else {
        lines.push(...step('Install dependencies', 'python -m pip install uv && uv sync'))
        prefix = 'uv run '
      }

      lines.push(...step('Test', `${prefix}${test}`))
      break
    }

    case 'ruby': {
      lines.push(`      - uses: ${PINNED_ACTIONS.setupRuby}`, '        with:')
      if (!context.has('.ruby-version') && !context.has('.tool-versions')) lines.push("          ruby-version: '3.3'")
      lines.push('          bundler-cache: true')
      if (detection.framework === 'rails' && detection.database) lines.push(...step('Prepare the database', 'bin/rails db:prepare'))
      lines.push(...step('Test', test))
      break
    }

    case 'go': {
      lines.push(`      - uses: ${PINNED_ACTIONS.setupGo}`, '        with:', '          go-version-file: go.mod')
      lines.push(...step('Vet', 'go vet ./...'), ...step('Build', 'go build ./...'), ...step('Test', test))
      break
    }
  }

  return lines
}

/** CI: tests on pull requests and pushes (other than main, where deploy-staging.yml runs it before deploying). */
export function ciWorkflow(detection: Detection, context: WorkflowContext): string {
  const env = [
    ...(detection.database ? ['      DATABASE_URL: postgres://postgres:postgres@localhost:5432/test'] : []),
    ...(detection.redis ? ['      REDIS_URL: redis://localhost:6379'] : []),
    ...(detection.framework === 'rails' ? ['      RAILS_ENV: test'] : []),
    ...ciSecretEnv(detection),
  ]
  const lines = [
    '# Generated by heroku kit:init: tests on every pull request and push. deploy-staging.yml calls it before deploying main.',
    'name: CI',
    '',
    'on:',
    '  pull_request:',
    '  push:',
    '    branches-ignore:',
    '      - main',
    '  workflow_call:',
    ...DRIFT_SCHEDULE,
    '',
    'permissions:',
    '  contents: read',
    '',
    'concurrency:',
    '  group: ci-${{ github.ref }}-${{ github.event_name }}',
    "  cancel-in-progress: ${{ github.event_name == 'pull_request' }}",
    '',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    timeout-minutes: 20',
    ...services(detection),
    ...(env.length > 0 ? ['    env:', ...env] : []),
    '    steps:',
    ...checkout(),
    ...stackSteps(detection, context),
    ...driftJob(context.kitVersion),
  ]
  return `${lines.join('\n')}\n`
}

/** The scheduled drift check's trigger (issue 13), commented out like its job below. */
const DRIFT_SCHEDULE = [
  '  # Scheduled drift check: uncomment with the drift job at the end of this file.',
  '  # schedule:',
  "  #   - cron: '17 6 * * 1-5'",
]

/**
 * An optional job, commented out: on the schedule, compare the live pipeline with heroku-kit.yml and fail when
 * kit:bootstrap would change something (exit code 2) or the check can't run (1). Like the deploy jobs, its key is an
 * environment secret given to one step, and the CLI, the plugin and the actions are pinned.
 */
function driftJob(kitVersion: string): string[] {
  const job = [
    '  drift:',
    "    if: github.event_name == 'schedule'",
    '    runs-on: ubuntu-latest',
    '    timeout-minutes: 10',
    '    # a `drift` environment holding HEROKU_API_KEY: a read-only token is enough',
    '    # (heroku authorizations:create --scope read-protected --description "drift check")',
    '    environment:',
    '      name: drift',
    '    steps:',
    ...checkout(),
    ...installTools(kitVersion),
    '      - name: Compare Heroku with heroku-kit.yml (exit 2 = drift)',
    '        env:',
    '          HEROKU_API_KEY: ${{ secrets.HEROKU_API_KEY }}',
    '        run: heroku kit:bootstrap --dry-run --exit-code',
    ...REMOVE_NETRC,
  ]
  return ['', ...job.map(line => `  # ${line.slice(2)}`)]
}

/**
 * Staging: on push to main, CI, then `heroku kit:deploy --stage staging`, which builds, waits for the release phase,
 * checks the health endpoint and rolls back on failure (issue 14). HEROKU_API_KEY is a secret of the `staging`
 * environment and reaches only that step.
 */
export function deployStagingWorkflow(_detection: Detection, context: WorkflowContext): string {
  const lines = [
    '# Generated by heroku kit:init: every push to main runs CI, then heroku kit:deploy builds the staging app, waits for',
    '# the release phase, checks the health endpoint (retries, timeout) and rolls back to the previous release on failure.',
    '# Needs HEROKU_API_KEY as a secret of the `staging` environment (Settings → Environments → staging), not a',
    '# repository secret.',
    'name: Deploy staging',
    '',
    'on:',
    '  push:',
    '    branches:',
    '      - main',
    '  workflow_dispatch:',
    '',
    'permissions:',
    '  contents: read',
    '',
    'concurrency:',
    '  group: deploy-staging',
    '  cancel-in-progress: false',
    '',
    'jobs:',
    '  ci:',
    '    uses: ./.github/workflows/ci.yml',
    '',
    '  deploy:',
    '    needs: ci',
    "    if: github.ref == 'refs/heads/main'",
    '    runs-on: ubuntu-latest',
    '    timeout-minutes: 30',
    '    environment:',
    '      name: staging',
    '    steps:',
    ...checkout(),
    ...installTools(context.kitVersion),
    `      - name: Deploy ${context.stagingApp} (build, release phase, health check, rollback on failure)`,
    '        env:',
    '          HEROKU_API_KEY: ${{ secrets.HEROKU_API_KEY }}',
    '        run: heroku kit:deploy --stage staging',
    ...REMOVE_NETRC,
  ]
  return `${lines.join('\n')}\n`
}

/**
 * Production: manual `workflow_dispatch` from main, gated by the GitHub `production` environment (required
 * reviewers; its HEROKU_API_KEY secret exists only there), then kit:promote — which reads heroku-kit.yml from the
 * checkout (health path, stage names), checks health and rolls back itself.
 */
export function promoteProductionWorkflow(_detection: Detection, context: WorkflowContext): string {
  const lines = [
    '# Generated by heroku kit:init: promotes what runs on staging to production, by hand (Actions → "Promote to',
    '# production" → Run workflow, from main). The `production` environment gates it: add required reviewers and',
    '# limit it to the main branch under Settings → Environments → production, and keep HEROKU_API_KEY there as an',
    '# environment secret, not a repository secret. kit:promote checks the health endpoint and rolls back on failure.',
    'name: Promote to production',
    '',
    'on:',
    '  workflow_dispatch:',
    '',
    'permissions:',
    '  contents: read',
    '',
    'concurrency:',
    '  group: promote-production',
    '  cancel-in-progress: false',
    '',
    'jobs:',
    '  promote:',
    "    if: github.ref == 'refs/heads/main'",
    '    runs-on: ubuntu-latest',
    '    timeout-minutes: 30',
    '    environment:',
    '      name: production',
    '    steps:',
    ...checkout(),
    ...installTools(context.kitVersion),
    `      - name: Promote staging to ${context.productionApp} (health check, rollback on failure)`,
    '        env:',
    '          HEROKU_API_KEY: ${{ secrets.HEROKU_API_KEY }}',
    '        run: heroku kit:promote --yes',
    ...REMOVE_NETRC,
  ]
  return `${lines.join('\n')}\n`
}
