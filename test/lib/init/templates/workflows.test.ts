import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {expect} from 'chai'
import {parse} from 'yaml'

import {generate} from '../../../../src/lib/init/generate.js'
import {HEROKU_CLI_VERSION, PLAN_ENVIRONMENT, PLAN_TOKEN_SECRET} from '../../../../src/lib/init/templates/workflows.js'
import {parseWorkflow} from '../../../../src/lib/verify/workflows.js'
import {workflowSecretsCheck} from '../../../../src/lib/verify/checks/workflow-secrets.js'
import type {Evidence} from '../../../../src/lib/verify/types.js'
import {cleanTemps, copyFixture, FRAMEWORK_FIXTURES, ROOT, tempDir, validateWorkflow} from '../helpers.js'

interface Step {
  name?: string
  uses?: string
  run?: string
  if?: string
  env?: Record<string, string>
  with?: Record<string, unknown>
}
interface Job {
  environment?: string | {name: string}
  env?: Record<string, string>
  steps?: Step[]
  uses?: string
  if?: string
}
interface Workflow {
  env?: Record<string, string>
  jobs: Record<string, Job>
}

const SECRET = /\$\{\{\s*secrets\./
const environmentOf = (job: Job) => (typeof job.environment === 'string' ? job.environment : job.environment?.name)

describe('generated workflows: safe with production secrets (issue 9)', function () {
  this.timeout(180_000)
  after(cleanTemps)
  let kitVersion: string
  before(async () => {
    kitVersion = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')).version
  })

  it('pins the Heroku CLI to the version heroku-kit is tested against', async () => {
    const heroku = JSON.parse(await readFile(path.join(ROOT, 'node_modules', 'heroku', 'package.json'), 'utf8'))
    expect(HEROKU_CLI_VERSION).to.equal(heroku.version)
  })

  for (const framework of FRAMEWORK_FIXTURES) {
    it(`${framework}: environment secrets only, pinned tools, checkout before kit:promote, .netrc removed; action-validator passes`, async () => {
      const dir = await copyFixture(framework)
      const generation = await generate(dir)
      const texts = Object.fromEntries(generation.files.filter(f => f.path.startsWith('.github/workflows/')).map(f => [path.basename(f.path), f.content]))
      const docs = Object.fromEntries(Object.entries(texts).map(([name, text]) => [name, parse(text) as Workflow]))

      for (const [name, doc] of Object.entries(docs)) {
        // no repository-level secret: a secret is read only in a step of a job that runs in a GitHub environment
        expect(JSON.stringify(doc.env ?? {}), `${name}: workflow env`).to.not.match(SECRET)
        for (const [id, job] of Object.entries(doc.jobs)) {
          expect(JSON.stringify(job.env ?? {}), `${name}/${id}: job-level env`).to.not.match(SECRET)
          for (const step of job.steps ?? []) {
            const text = JSON.stringify(step)
            if (SECRET.test(text)) {
              expect(environmentOf(job), `${name}/${id}: a secret outside an environment`).to.be.oneOf(['staging', 'production', PLAN_ENVIRONMENT])
              expect(JSON.stringify(step.env), `${name}/${id}: secrets go in the step's env`).to.match(SECRET)
              expect(step.run ?? '', 'a secret is never interpolated into a script').to.not.match(SECRET)
            }

            if (step.uses) expect(step.uses, `${name}/${id}: action pinned to a commit SHA`).to.match(/^[\w.-]+\/[\w.-]+@[\da-f]{40}$/)
            expect(step.run ?? '', `${name}/${id}: nothing downloaded into a shell`).to.not.match(/curl[^\n]*\|\s*(ba)?sh|wget[^\n]*\|\s*(ba)?sh/)
          }
        }
      }

      for (const [name, text] of Object.entries(texts)) {
        for (const line of text.split('\n').filter(l => /^\s*- uses: /.test(l))) expect(line, `${name}: the tag as a comment`).to.match(/@[\da-f]{40} # v\d/)
      }

      expect(JSON.stringify(docs['ci.yml'])).to.not.match(SECRET)
      const deploy = docs['deploy-staging.yml'].jobs.deploy
      const promote = docs['promote-production.yml'].jobs.promote
      expect(environmentOf(deploy)).to.equal('staging')
      expect(environmentOf(promote)).to.equal('production')
      for (const [label, job, command] of [
        ['deploy', deploy, 'heroku kit:deploy --stage staging'],
        ['promote', promote, 'heroku kit:promote --yes'],
      ] as const) {
        const steps = job.steps!
        const runs = steps.map(s => s.run ?? '')
        const install = runs.findIndex(r => r.includes('npm install'))
        expect(runs[install], label).to.match(new RegExp(`npm install --global --ignore-scripts heroku@${HEROKU_CLI_VERSION.replaceAll('.', '\\.')}\\n`))
        expect(runs[install], label).to.include(`heroku plugins:install heroku-kit@${kitVersion}\n`)
        const checkout = steps.findIndex(s => s.uses?.startsWith('actions/checkout@'))
        const main = runs.findIndex(r => r.trim() === command)
        expect(checkout, `${label}: checks out the repository`).to.be.greaterThan(-1)
        expect(main, `${label}: runs ${command}`).to.be.greaterThan(checkout)
        expect(steps[main].env, `${label}: the key only where it is needed`).to.deep.equal({HEROKU_API_KEY: '${{ secrets.HEROKU_API_KEY }}'})
        expect(
          steps.filter(s => SECRET.test(JSON.stringify(s))),
          `${label}: one step holds the key`,
        ).to.have.length(1)
        const last = steps.at(-1)!
        expect(last.if).to.equal('always()')
        expect(last.run).to.equal('rm -f ~/.netrc')
        // kit:deploy / kit:promote do the health check and the rollback: the job doesn't repeat them in shell
        expect(runs.join('\n'), label).to.not.match(/heroku rollback|curl |git push|\.netrc'? *>|releases:info/)
      }

      const out = await tempDir()
      for (const [name, text] of Object.entries(texts)) {
        const file = path.join(out, name)

        await writeFile(file, text)

        const result = await validateWorkflow(file)
        expect(result.ok, `${name}: ${result.output}`).to.equal(true)
      }
    })
  }
})

describe('generated plan.yml: the plan on pull requests with a read-only token (issue 21)', function () {
  this.timeout(180_000)
  after(cleanTemps)
  let text: string
  let doc: Workflow & {on: Record<string, {paths?: string[]}>; permissions: unknown}
  before(async () => {
    const dir = await copyFixture(FRAMEWORK_FIXTURES[0])
    text = (await generate(dir)).files.find(f => f.path === '.github/workflows/plan.yml')!.content
    doc = parse(text)
  })

  it('passes action-validator', async () => {
    const file = path.join(await tempDir(), 'plan.yml')
    await writeFile(file, text)
    const result = await validateWorkflow(file)
    expect(result.ok, result.output).to.equal(true)
  })

  it("passes kit:verify's workflow check (the token inside an environment, tools pinned)", () => {
    const evidence = {
      repository: {workflows: [parseWorkflow(text, '.github/workflows/plan.yml')]},
      desired: {stages: [{app: 'shop-staging'}, {app: 'shop-prod'}]},
    } as unknown as Evidence
    const verdict = workflowSecretsCheck.run(evidence)
    expect(verdict, JSON.stringify(verdict)).to.deep.include({status: 'pass'})
  })

  it('runs on pull_request (never pull_request_target) for the files kit:bootstrap reads, with contents: read and pull-requests: write', () => {
    expect(Object.keys(doc.on)).to.deep.equal(['pull_request'])
    expect(text).to.not.include('pull_request_target')
    expect(doc.on.pull_request.paths).to.include.members(['heroku-kit.yml', 'app.json', 'Procfile', '.env.*.example'])
    expect(doc.permissions).to.deep.equal({contents: 'read', 'pull-requests': 'write'})
    expect(Object.keys(doc.jobs)).to.deep.equal(['plan'])
    // a fork's pull request gets no secrets: the job is skipped rather than failing
    expect(doc.jobs.plan.if).to.equal('github.event.pull_request.head.repo.full_name == github.repository')
  })

  it('the job never receives a non-read key: its one secret is the read-scope token, in an environment of its own', () => {
    const names = [...text.matchAll(/secrets\.([A-Za-z_]\w*)/g)].map(m => m[1])
    expect([...new Set(names)]).to.deep.equal([PLAN_TOKEN_SECRET])
    const job = doc.jobs.plan
    expect(environmentOf(job)).to.equal(PLAN_ENVIRONMENT)
    expect(environmentOf(job)).to.not.be.oneOf(['staging', 'production'])
    const withSecret = job.steps!.filter(s => SECRET.test(JSON.stringify(s)))
    expect(withSecret).to.have.length(1)
    expect(withSecret[0].env).to.deep.equal({HEROKU_API_KEY: `\${{ secrets.${PLAN_TOKEN_SECRET} }}`})
    expect(withSecret[0].run).to.equal('heroku kit:bootstrap --dry-run --format markdown > "$RUNNER_TEMP/plan.md"')
    // the comment step has only the job's GITHUB_TOKEN (pull-requests: write), no Heroku key
    const comment = job.steps!.find(s => s.run?.includes('gh api'))!
    expect(comment.env).to.deep.include({GH_TOKEN: '${{ github.token }}'})
    expect(JSON.stringify(comment)).to.not.match(/HEROKU/)
  })

  it('keeps one sticky comment: found by a hidden marker (from the Actions bot) and edited, else created', () => {
    const script = doc.jobs.plan.steps!.find(s => s.run?.includes('gh api'))!.run!
    expect(script).to.include("marker='<!-- heroku-kit:plan -->'")
    expect(script).to.include('select(.user.login == \\"github-actions[bot]\\" and (.body | startswith(\\"$marker\\")))')
    expect(script).to.match(/if \[ -n "\$id" \]; then\n\s+gh api --method PATCH "repos\/\$REPO\/issues\/comments\/\$id"/)
    expect(script).to.include('gh api --method POST "repos/$REPO/issues/$PR/comments"')
    // nothing from the pull request (title, branch, body) is interpolated into the script
    expect(script).to.not.match(/\$\{\{/)
  })

  it('installs the pinned Heroku CLI and heroku-kit, and pins every action to a commit SHA', async () => {
    const kitVersion = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')).version
    expect(text).to.include(`npm install --global --ignore-scripts heroku@${HEROKU_CLI_VERSION}`)
    expect(text).to.include(`heroku plugins:install heroku-kit@${kitVersion}`)
    for (const step of doc.jobs.plan.steps!) if (step.uses) expect(step.uses).to.match(/^[\w.-]+\/[\w.-]+@[\da-f]{40}$/)
    expect(doc.jobs.plan.steps!.find(s => s.run === 'rm -f ~/.netrc')?.if).to.equal('always()')
  })
})
