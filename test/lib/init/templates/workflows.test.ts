import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {expect} from 'chai'
import {parse} from 'yaml'

import {generate} from '../../../../src/lib/init/generate.js'
import {HEROKU_CLI_VERSION} from '../../../../src/lib/init/templates/workflows.js'
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
              expect(environmentOf(job), `${name}/${id}: a secret outside an environment`).to.be.oneOf(['staging', 'production'])
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
