import {expect} from 'chai'

import {workflowSecretsCheck} from '../../../../src/lib/verify/checks/workflow-secrets.js'
import {evidence} from '../fixture.js'

const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683'

/** The workflows kit:init wrote before issue 9: a repository secret for the whole job, curl | sh, no checkout before kit:promote. */
const OLD_PROMOTE = `name: Promote
on:
  workflow_dispatch:
jobs:
  promote:
    runs-on: ubuntu-latest
    env:
      HEROKU_API_KEY: \${{ secrets.HEROKU_API_KEY }}
    steps:
      - name: Install the Heroku CLI
        run: curl -fsSL https://cli-assets.heroku.com/install.sh | sh
      - run: heroku plugins:install heroku-kit
      - run: heroku kit:promote --pipeline shop --yes
`

const GOOD_PROMOTE = `name: Promote
on:
  workflow_dispatch:
jobs:
  promote:
    runs-on: ubuntu-latest
    environment:
      name: production
    steps:
      - uses: actions/checkout@${SHA} # v4.2.2
      - run: |
          npm install --global heroku@11.10.0
          heroku plugins:install heroku-kit@0.1.0
      - env:
          HEROKU_API_KEY: \${{ secrets.HEROKU_API_KEY }}
        run: heroku kit:promote --yes
`

describe('kit:verify workflow-secrets (issue 9)', () => {
  it('passes the workflows as kit:init writes them now', async () => {
    const verdict = workflowSecretsCheck.run(await evidence({workflows: {'promote.yml': GOOD_PROMOTE}}))
    expect(verdict.status, verdict.evidence.join('\n')).to.equal('pass')
  })

  it('fails a Heroku key outside an environment and kit:promote without a checkout; warns about the rest', async () => {
    const verdict = workflowSecretsCheck.run(await evidence({workflows: {'promote.yml': OLD_PROMOTE}}))
    expect(verdict.status).to.equal('fail')
    const text = verdict.evidence.join('\n')
    expect(text).to.include('job promote reads secrets.HEROKU_API_KEY outside a GitHub environment')
    expect(text).to.include("puts HEROKU_API_KEY (a secret) in the job's env")
    expect(text).to.include('pipes a download into a shell')
    expect(text).to.include('installs heroku-kit without a version')
    expect(text).to.include('runs kit:promote without checking the repository out first')
    expect(verdict.fix).to.include("that environment's secret, not a repository secret").and.include('actions/checkout')
  })

  it('warns about actions not pinned to a SHA in a deploying job (not in CI)', async () => {
    const deploy = GOOD_PROMOTE.replace(`actions/checkout@${SHA} # v4.2.2`, 'actions/checkout@v4')
    const ci = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n'
    const verdict = workflowSecretsCheck.run(await evidence({workflows: {'promote.yml': deploy, 'ci.yml': ci}}))
    expect(verdict.status).to.equal('warn')
    expect(verdict.evidence).to.deep.equal(['.github/workflows/promote.yml: job promote deploys with actions not pinned to a commit SHA: actions/checkout@v4'])
  })

  /** Issue 19 item 8: a workflow a fork's pull request can turn against the repository. */
  const DANGEROUS = `name: Preview
on:
  pull_request_target:
    types: [opened, synchronize]
permissions: write-all
jobs:
  preview:
    runs-on: ubuntu-latest
    environment: staging
    steps:
      - uses: actions/checkout@${SHA} # v4.2.2
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - name: Deploy the branch
        run: |
          echo "deploying \${{ github.head_ref }}"
          heroku kit:deploy --stage staging
        env:
          HEROKU_API_KEY: \${{ secrets.HEROKU_API_KEY }}
      - uses: actions/github-script@${SHA}
        with:
          script: console.log("\${{ github.event.pull_request.title }}")
`

  it('fails pull_request_target checking out the head, event fields in run:/script:, write-all and the Heroku key there, with file and line', async () => {
    const verdict = workflowSecretsCheck.run(await evidence({workflows: {'preview.yml': DANGEROUS}}))
    expect(verdict.status).to.equal('fail')
    const lines = verdict.evidence
    const file = '.github/workflows/preview.yml'
    expect(lines).to.include.members([
      `${file}:5: the workflow has \`permissions: write-all\`: every step gets a token that can push code, change releases and workflows`,
      `${file}:2: job preview reads secrets.HEROKU_API_KEY in a workflow run by pull_request_target: it runs for pull requests from forks with the repository's secrets`,
      `${file}:13: job preview checks out the pull request's head (ref: \${{ github.event.pull_request.head.sha }}) in a workflow run by pull_request_target: ` +
        "the fork's code runs with the repository's secrets and a write token, and the job reads secrets.HEROKU_API_KEY",
      `${file}:16: job preview puts \${{ github.head_ref }} in a run: script: whoever names the branch or writes that text can run commands in the job, ` +
        'and the job reads secrets.HEROKU_API_KEY',
      `${file}:22: job preview puts \${{ github.event.pull_request.title }} in a script: script: whoever names the branch or writes that text can run ` +
        'commands in the job, and the job reads secrets.HEROKU_API_KEY',
    ])
    expect(verdict.fix)
      .to.include('permissions: {contents: read}')
      .and.include('pass it through env: (env: {VALUE: ${{ github.head_ref }}})')
      .and.include("run the pull request's code in a workflow run by pull_request")
  })

  it('passes a pull_request workflow with a read token that checks out the head and passes event fields through env:', async () => {
    const safe = `on: pull_request
permissions:
  contents: read
  pull-requests: write
jobs:
  plan:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${SHA} # v4.2.2
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - env:
          TITLE: \${{ github.event.pull_request.title }}
        run: echo "$TITLE \${{ github.event.pull_request.number }}"
`
    const verdict = workflowSecretsCheck.run(await evidence({workflows: {'plan.yml': safe}}))
    expect(verdict.status, verdict.evidence.join('\n')).to.equal('pass')
  })

  it('passes a deploy after CI (workflow_run) that checks out the commit CI tested, with the key in an environment', async () => {
    const deploy = `on:
  workflow_run:
    workflows: [CI]
    branches: [main]
    types: [completed]
permissions:
  contents: read
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: staging
    steps:
      - uses: actions/checkout@${SHA} # v4.2.2
        with:
          ref: \${{ github.event.workflow_run.head_sha }}
      - env:
          HEROKU_API_KEY: \${{ secrets.HEROKU_API_KEY }}
        run: heroku kit:deploy --stage staging
`
    const verdict = workflowSecretsCheck.run(await evidence({workflows: {'deploy.yml': deploy}}))
    expect(verdict.status, verdict.evidence.join('\n')).to.equal('pass')
  })

  it('fails a commit message in a run: script whatever the trigger (push)', async () => {
    const push = `on: push
permissions:
  contents: read
jobs:
  notify:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.head_commit.message }}"
`
    const verdict = workflowSecretsCheck.run(await evidence({workflows: {'notify.yml': push}}))
    expect(verdict.status).to.equal('fail')
    expect(verdict.evidence).to.deep.equal([
      '.github/workflows/notify.yml:8: job notify puts ${{ github.event.head_commit.message }} in a run: script: whoever names the branch or writes that text can run commands in the job',
    ])
  })
})
