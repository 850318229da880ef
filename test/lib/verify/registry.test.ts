import path from 'node:path'

import {expect} from 'chai'

import {generate} from '../../../src/lib/init/generate.js'
import {buildReport, CHECKS, exitCodeFor, runChecks} from '../../../src/lib/verify/registry.js'
import type {CheckStatus} from '../../../src/lib/verify/types.js'
import {ROOT} from '../../support/heroku-cli.js'
import {app, evidence} from './fixture.js'
import {expectOnly, only} from './checks/helpers.js'

describe('kit:verify checks', () => {
  it('a fully set-up pipeline passes every check, and every check has evidence and no fix', async () => {
    const results = expectOnly(await evidence(), {})
    expect(results.map(r => `${r.id}${r.stage ? `@${r.stage}` : ''}`)).to.deep.equal([
      'pipeline',
      'drift',
      'procfile',
      'app-json',
      'config@staging',
      'config@production',
      'health@staging',
      'health@production',
      'release-phase',
      'release@staging',
      'release@production',
      'review-apps',
      'auto-deploy@staging',
      'manual-approval@production',
      'ssl@staging',
      'ssl@production',
      'logs@staging',
      'logs@production',
      'monitoring@staging',
      'monitoring@production',
      'backups@production',
      'hardcoded-urls',
      'file-logging',
      'dotenv-tracked',
      'app-json-secrets',
      'buildpacks',
      'pipeline-file-secrets',
      'workflow-secrets',
      'slug-size@staging',
      'slug-size@production',
      'dynos@production',
      'preboot@production',
      'features@staging',
      'features@production',
      'error-tracking@production',
      'stack@staging',
      'stack@production',
    ])
    for (const result of results) {
      expect(result.evidence.length, result.id).to.be.greaterThan(0)
      expect(result.fix, result.id).to.equal(null)
    }
  })

  it("--local runs only the repository checks; --stage only that stage's", async () => {
    const local = runChecks(await evidence({local: true}), {local: true})
    expect(local.map(r => r.id)).to.deep.equal([
      'procfile',
      'app-json',
      'release-phase',
      'hardcoded-urls',
      'file-logging',
      'dotenv-tracked',
      'app-json-secrets',
      'buildpacks',
      'pipeline-file-secrets',
      'workflow-secrets',
    ])
    expect(local.every(r => r.status === 'pass')).to.equal(true)
    const production = runChecks(await evidence({stages: ['production']}), {local: false})
    expect(production.filter(r => r.stage === 'staging')).to.deep.equal([])
    expect(production.some(r => r.id === 'auto-deploy')).to.equal(false)
  })

  it('never shows a config value, even in failing checks', async () => {
    const e = await evidence({live: {staging: {config: {NODE_ENV: 'production', SECRET_KEY: 'generated-secret-value'}}}})
    const text = JSON.stringify(runChecks(e, {local: false}))
    for (const value of ['generated-secret-value', 'https://api.partner.example', 'postgres://u:p@h/db']) expect(text).to.not.include(value)
  })

  it('a check that throws reports unknown instead of stopping the run', async () => {
    const broken = [
      {
        id: 'boom',
        criterion: 'x',
        scope: 'repository' as const,
        run() {
          throw new Error('kaput')
        },
      },
    ]
    const [result] = runChecks(await evidence(), {local: false, checks: broken})
    expect(result).to.include({status: 'unknown'})
    expect(result.evidence[0]).to.include('kaput')
  })

  describe('exit code', () => {
    const report = (statuses: CheckStatus[]) =>
      buildReport(
        'shop',
        statuses.map((status, i) => ({id: `c${i}`, criterion: '', scope: 'repository', stage: null, status, evidence: [], fix: null})),
      )
    it('is 0 for passes and warnings, 1 for a failure or an unknown, and 1 for warnings with --strict', () => {
      expect(exitCodeFor(report(['pass', 'warn']), false)).to.equal(0)
      expect(exitCodeFor(report(['pass', 'warn']), true)).to.equal(1)
      expect(exitCodeFor(report(['pass', 'fail']), false)).to.equal(1)
      expect(exitCodeFor(report(['pass', 'unknown']), false)).to.equal(1)
      expect(report(['pass', 'warn', 'fail', 'fail']).summary).to.deep.equal({pass: 1, warn: 1, fail: 2, unknown: 0})
    })
  })

  it('every check id is unique and every criterion of the seed is numbered once or twice', () => {
    expect(new Set(CHECKS.map(c => c.id)).size).to.equal(CHECKS.length)
    for (let n = 1; n <= 12; n++) expect(CHECKS.filter(c => c.criterion.startsWith(`${n}. `)).length, `criterion ${n}`).to.be.within(1, 2)
  })
})

describe('kit:verify and the workflows kit:init generates', () => {
  it('recognises the generated deploy-staging (push to main) and promote (behind the production environment) workflows', async () => {
    const generation = await generate(path.join(ROOT, 'test', 'fixtures', 'init', 'express'), {pipeline: 'shop'})
    const workflows = Object.fromEntries(generation.files.filter(f => f.path.startsWith('.github/workflows/')).map(f => [path.basename(f.path), f.content]))
    expect(Object.keys(workflows).length).to.be.greaterThan(1)
    const pipelineYml =
      `pipeline: shop\nrepo: acme/shop\nreview_apps: true\nstages:\n  staging: {app: ${generation.stagingApp}}\n  production: {app: ` +
      `${generation.productionApp}, domains: [www.shop.example], acm: true, backups: {at: "03:00 UTC"}}\n`
    // no GitHub connection in Heroku: only the workflows deploy
    const e = await evidence({
      workflows,
      pipelineYml,
      state: {github: {checked: true}},
      live: {
        staging: {githubLink: undefined, app: app(generation.stagingApp)},
        production: {githubLink: undefined, app: app(generation.productionApp, {acm: true})},
      },
    })
    const results = runChecks(e, {local: false})
    const staging = only(results, 'auto-deploy', 'staging')
    expect(staging.status, JSON.stringify(staging)).to.equal('pass')
    expect(staging.evidence.join('\n')).to.include(`deploy-staging.yml: job deploy deploys ${generation.stagingApp} on every push to main`)
    const production = only(results, 'manual-approval', 'production')
    expect(production.status, JSON.stringify(production)).to.equal('pass')
    expect(production.evidence.join('\n')).to.include(`promotes to ${generation.productionApp} in environment production`)
  })
})
