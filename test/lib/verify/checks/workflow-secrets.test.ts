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
})
