import type {Detection} from '../types.js'

export interface WorkflowContext {
  pipeline: string
  stagingApp: string
  productionApp: string
  /** files that exist in the repository, for version files (.nvmrc, .python-version, .ruby-version) */
  has: (file: string) => boolean
}

const CHECKOUT = 'actions/checkout@v4'
const INSTALL_CLI = [
  '      - name: Install the Heroku CLI',
  '        # GitHub runners no longer ship the Heroku CLI',
  '        run: curl -fsSL https://cli-assets.heroku.com/install.sh | sh',
]
const CHECK_KEY = [
  '      - name: Check the Heroku API key',
  '        run: |',
  '          if [ -z "$HEROKU_API_KEY" ]; then',
  '            echo "::error::Add the repository secret HEROKU_API_KEY (heroku authorizations:create --description github-actions)"',
  '            exit 1',
  '          fi',
  '          heroku auth:whoami',
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
      lines.push('      - uses: actions/setup-node@v4', '        with:')
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
      lines.push('      - uses: actions/setup-python@v5', '        with:')
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
      lines.push('      - uses: ruby/setup-ruby@v1', '        with:')
      if (!context.has('.ruby-version') && !context.has('.tool-versions')) lines.push("          ruby-version: '3.3'")
      lines.push('          bundler-cache: true')
      if (detection.framework === 'rails' && detection.database) lines.push(...step('Prepare the database', 'bin/rails db:prepare'))
      lines.push(...step('Test', test))
      break
    }

    case 'go': {
      lines.push('      - uses: actions/setup-go@v5', '        with:', '          go-version-file: go.mod')
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
    `      - uses: ${CHECKOUT}`,
    ...stackSteps(detection, context),
    ...driftJob(),
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
 * An optional job, commented out: on the schedule, compare the live pipeline with heroku-kit.yml and fail
 * when kit:bootstrap would change something (exit code 2) or the check can't run (1).
 */
function driftJob(): string[] {
  return [
    '',
    '  # drift:',
    '  #   # the live pipeline still matches heroku-kit.yml (needs the HEROKU_API_KEY secret)',
    "  #   if: github.event_name == 'schedule'",
    '  #   runs-on: ubuntu-latest',
    '  #   timeout-minutes: 10',
    '  #   env:',
    '  #     HEROKU_API_KEY: ${{ secrets.HEROKU_API_KEY }}',
    '  #   steps:',
    `  #     - uses: ${CHECKOUT}`,
    '  #     - name: Install the Heroku CLI',
    '  #       run: curl -fsSL https://cli-assets.heroku.com/install.sh | sh && heroku plugins:install heroku-kit',
    '  #     - name: Compare Heroku with heroku-kit.yml (exit 2 = drift)',
    '  #       run: heroku kit:bootstrap --dry-run --exit-code',
  ]
}

/** The health check with retries and a timeout; fails the step when the app never answers 200. */
function healthCheck(id: string, what: string): string[] {
  return [
    `      - name: Health check (${what})`,
    `        id: ${id}`,
    '        timeout-minutes: 6',
    '        run: |',
    '          web_url=$(heroku apps:info --app "$HEROKU_APP" --json | jq -r \'.app.web_url\')',
    '          url="${web_url%/}${HEALTH_PATH}"',
    '          for attempt in $(seq 1 20); do',
    '            code=$(curl --silent --output /dev/null --write-out \'%{http_code}\' --max-time 10 "$url" || true)',
    '            echo "attempt $attempt: GET $url -> HTTP $code"',
    '            if [ "$code" = "200" ]; then exit 0; fi',
    '            sleep 15',
    '          done',
    '          echo "::error::$url did not answer 200 after 20 attempts"',
    '          exit 1',
  ]
}

const REMEMBER_RELEASE = [
  '      - name: Remember the live release',
  '        id: before',
  '        run: |',
  '          version=$(heroku releases --app "$HEROKU_APP" --json | jq -r \'[.[] | select(.status == "succeeded")] | max_by(.version) | .version // empty\')',
  '          echo "live release: v${version:-none}"',
  '          echo "version=$version" >> "$GITHUB_OUTPUT"',
]

function rollback(healthId: string): string[] {
  return [
    '      - name: Roll back',
    `        if: failure() && steps.${healthId}.outcome == 'failure' && steps.before.outputs.version != ''`,
    '        env:',
    '          VERSION: ${{ steps.before.outputs.version }}',
    '        run: |',
    '          heroku rollback "v$VERSION" --app "$HEROKU_APP"',
    '          echo "::error::Rolled $HEROKU_APP back to v$VERSION because the health check failed"',
  ]
}

/** Staging: on push to main, CI, then `git push` to the staging app, wait for the release phase, health check, roll back on failure. */
export function deployStagingWorkflow(detection: Detection, context: WorkflowContext): string {
  const lines = [
    '# Generated by heroku kit:init: every push to main runs CI, deploys the staging app, checks its health endpoint',
    '# with retries and a timeout, and rolls back to the previous release when it fails.',
    '# Needs the repository secret HEROKU_API_KEY.',
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
    '    runs-on: ubuntu-latest',
    '    timeout-minutes: 30',
    '    environment:',
    '      name: staging',
    '    env:',
    '      HEROKU_API_KEY: ${{ secrets.HEROKU_API_KEY }}',
    `      HEROKU_APP: ${context.stagingApp}`,
    `      HEALTH_PATH: ${detection.healthPath}`,
    '    steps:',
    `      - uses: ${CHECKOUT}`,
    '        with:',
    '          # Heroku rejects pushes from shallow clones',
    '          fetch-depth: 0',
    ...INSTALL_CLI,
    ...CHECK_KEY,
    ...REMEMBER_RELEASE,
    '      - name: Deploy',
    '        run: |',
    '          umask 077',
    '          printf \'machine git.heroku.com\\n  login heroku\\n  password %s\\n\' "$HEROKU_API_KEY" > ~/.netrc',
    '          git push --force "https://git.heroku.com/${HEROKU_APP}.git" "HEAD:refs/heads/main"',
    '      - name: Wait for the release phase',
    '        # git push can succeed although the release phase (migrations) failed: check the release itself',
    '        timeout-minutes: 15',
    '        env:',
    '          BEFORE: ${{ steps.before.outputs.version }}',
    '        run: |',
    '          for attempt in $(seq 1 90); do',
    '            info=$(heroku releases:info --app "$HEROKU_APP" --json)',
    '            version=$(echo "$info" | jq -r \'.version\')',
    '            status=$(echo "$info" | jq -r \'.status\')',
    '            echo "release v$version: $status"',
    '            if [ "$version" = "$BEFORE" ]; then echo "::error::No new release was created"; exit 1; fi',
    '            if [ "$status" = "succeeded" ]; then exit 0; fi',
    '            if [ "$status" = "failed" ]; then',
    '              echo "::error::Release v$version failed; see: heroku releases:output v$version --app $HEROKU_APP"',
    '              exit 1',
    '            fi',
    '            sleep 10',
    '          done',
    '          echo "::error::The release is still pending"',
    '          exit 1',
    ...healthCheck('health', 'staging'),
    ...rollback('health'),
  ]
  return `${lines.join('\n')}\n`
}

/** Production: manual `workflow_dispatch`, gated by the GitHub `production` environment (required reviewers), then kit:promote. */
export function promoteProductionWorkflow(detection: Detection, context: WorkflowContext): string {
  const lines = [
    '# Generated by heroku kit:init: promotes what runs on staging to production, by hand (Actions → "Promote to',
    '# production" → Run workflow). The `production` environment gates it: add required reviewers under',
    '# Settings → Environments → production. Then the health check runs, and a failure rolls production back.',
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
    '    env:',
    '      HEROKU_API_KEY: ${{ secrets.HEROKU_API_KEY }}',
    `      HEROKU_APP: ${context.productionApp}`,
    `      PIPELINE: ${context.pipeline}`,
    `      HEALTH_PATH: ${detection.healthPath}`,
    '    steps:',
    ...INSTALL_CLI,
    '      - name: Install heroku-kit',
    '        run: heroku plugins:install heroku-kit',
    ...CHECK_KEY,
    ...REMEMBER_RELEASE,
    '      - name: Promote staging to production',
    '        run: heroku kit:promote --pipeline "$PIPELINE" --yes',
    ...healthCheck('health', 'production'),
    ...rollback('health'),
  ]
  return `${lines.join('\n')}\n`
}
