import {mkdir, mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'

import {branchMatches, conditionBranch, jobTarget, parseWorkflow, readWorkflows, runsAutomatically, runsOnBranch} from '../../../src/lib/verify/workflows.js'

const apps = {staging: 'shop-staging', production: 'shop'}

describe('kit:verify workflows', () => {
  it('reads triggers in their three spellings', () => {
    expect(parseWorkflow('on: push\njobs: {}\n', 'a.yml').triggers).to.deep.equal({push: {}, pullRequest: false, dispatch: false, schedule: false})
    expect(parseWorkflow('on: [push, pull_request]\njobs: {}\n', 'a.yml').triggers).to.deep.include({push: {}, pullRequest: true})
    const mapping = parseWorkflow(
      'on:\n  push:\n    branches: [main, "release/**"]\n  workflow_dispatch:\n  schedule:\n    - cron: "0 3 * * *"\njobs: {}\n',
      'a.yml',
    )
    expect(mapping.triggers).to.deep.equal({push: {branches: ['main', 'release/**']}, pullRequest: false, dispatch: true, schedule: true})
  })

  it('a push filtered to tags never runs for a branch; workflow_run counts as automatic', () => {
    expect(parseWorkflow('on:\n  push:\n    tags: ["v*"]\njobs: {}\n', 'a.yml').triggers.push).to.equal(undefined)
    const after = parseWorkflow('on:\n  workflow_run:\n    workflows: [CI]\n    branches: [main]\n    types: [completed]\njobs: {}\n', 'a.yml')
    expect(after.triggers.workflowRun).to.deep.equal({branches: ['main']})
    expect(runsAutomatically(after)).to.equal(true)
    expect(runsAutomatically(parseWorkflow('on: workflow_dispatch\njobs: {}\n', 'a.yml'))).to.equal(false)
  })

  it('matches branches with globs, negations and branches-ignore', () => {
    expect(branchMatches({branches: ['main']}, 'main')).to.equal(true)
    expect(branchMatches({branches: ['release/*']}, 'release/1')).to.equal(true)
    expect(branchMatches({branches: ['release/*']}, 'release/1/x')).to.equal(false)
    expect(branchMatches({branches: ['**', '!main']}, 'main')).to.equal(false)
    expect(branchMatches({branchesIgnore: ['main']}, 'main')).to.equal(false)
    expect(branchMatches({}, 'anything')).to.equal(true)
  })

  it('reads the branch a job is pinned to by its if:', () => {
    expect(conditionBranch("github.ref == 'refs/heads/staging'")).to.equal('staging')
    expect(conditionBranch('github.ref_name == "main" && success()')).to.equal('main')
    expect(conditionBranch('success()')).to.equal(undefined)
  })

  it('tells deploys from promotions and finds their stage by app name, --stage, environment or job name', () => {
    const workflow = parseWorkflow(
      `on: push
env:
  HEROKU_APP: shop-staging
jobs:
  build:
    steps:
      - run: npm test
  deploy:
    steps:
      - run: git push https://git.heroku.com/$HEROKU_APP.git HEAD:main
  release:
    environment: {name: production, url: https://shop.example}
    steps:
      - run: heroku kit:promote --yes
  ship-prod:
    steps:
      - uses: akhileshns/heroku-deploy@v3.12.12
`,
      'deploy.yml',
    )
    const [build, deploy, release, shipProd] = workflow.jobs
    expect(jobTarget(workflow, build, apps)).to.deep.equal({deploys: false, promotes: false, stages: ['staging']})
    expect(jobTarget(workflow, deploy, apps)).to.deep.equal({deploys: true, promotes: false, stages: ['staging']})
    expect(release.environment).to.equal('production')
    expect(jobTarget(workflow, release, apps)).to.deep.equal({deploys: true, promotes: true, stages: ['production']})
    expect(jobTarget({...workflow, env: ''}, shipProd, apps).stages).to.deep.equal(['production'])
  })

  it('a job runs on a branch when the trigger lets it through and its if: does not pin another', () => {
    const workflow = parseWorkflow(
      "on:\n  push:\n    branches: [main, staging]\njobs:\n  a:\n    if: github.ref == 'refs/heads/staging'\n    steps: []\n  b:\n    steps: []\n",
      'w.yml',
    )
    expect(runsOnBranch(workflow, workflow.jobs[0], 'main')).to.equal(false)
    expect(runsOnBranch(workflow, workflow.jobs[1], 'main')).to.equal(true)
  })

  it('reads every workflow file, reporting the invalid ones instead of failing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kit-verify-wf-'))
    await mkdir(path.join(dir, '.github', 'workflows'), {recursive: true})
    await writeFile(path.join(dir, '.github', 'workflows', 'ci.yml'), 'on: push\njobs:\n  test:\n    steps: []\n')
    await writeFile(path.join(dir, '.github', 'workflows', 'broken.yaml'), 'on: [push\n')
    await writeFile(path.join(dir, '.github', 'workflows', 'notes.txt'), 'not a workflow')
    const {workflows, errors} = await readWorkflows(dir)
    expect(workflows.map(w => w.file)).to.deep.equal(['.github/workflows/ci.yml'])
    expect(errors).to.have.length(1)
    expect(errors[0]).to.include('.github/workflows/broken.yaml: not a valid workflow')
    expect(await readWorkflows(path.join(dir, 'nowhere'))).to.deep.equal({workflows: [], errors: []})
  })
})
