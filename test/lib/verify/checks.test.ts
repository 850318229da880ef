import path from 'node:path'

import {expect} from 'chai'

import {generate} from '../../../src/lib/init/generate.js'

import {buildReport, CHECKS, exitCodeFor, runChecks} from '../../../src/lib/verify/registry.js'
import type {CheckResult, CheckStatus, Evidence, StageEvidence} from '../../../src/lib/verify/types.js'
import {ROOT} from '../../support/heroku-cli.js'
import {addon, APP_JSON, app, DETECTION, evidence, liveStage, PIPELINE_YML_NO_BACKUPS, PROCFILE} from './fixture.js'

function only(results: CheckResult[], id: string, stage: string | null = null): CheckResult {
  const found = results.filter(r => r.id === id && r.stage === stage)
  expect(found, `${id}@${stage}`).to.have.length(1)
  return found[0]
}

/** Runs every check; expects exactly the listed ones not to pass, with these statuses. */
function expectOnly(e: Evidence, expected: Record<string, CheckStatus>): CheckResult[] {
  const results = runChecks(e, {local: false})
  const notPassing = Object.fromEntries(results.filter(r => r.status !== 'pass').map(r => [`${r.id}${r.stage ? `@${r.stage}` : ''}`, r.status]))
  expect(notPassing, JSON.stringify(results.filter(r => r.status !== 'pass'), null, 2)).to.deep.equal(expected)
  return results
}

function check(e: Evidence, id: string, stage: string | null = null): CheckResult {
  return only(runChecks(e, {local: false}), id, stage)
}

describe('kit:verify checks', () => {
  it('a fully set-up pipeline passes every check, and every check has evidence and no fix', async () => {
    const results = expectOnly(await evidence(), {})
    expect(results.map(r => `${r.id}${r.stage ? `@${r.stage}` : ''}`)).to.deep.equal([
      'pipeline', 'drift', 'procfile', 'app-json', 'config@staging', 'config@production', 'health@staging', 'health@production', 'release-phase',
      'release@staging', 'release@production', 'review-apps', 'auto-deploy@staging', 'manual-approval@production', 'ssl@staging', 'ssl@production',
      'logs@staging', 'logs@production', 'monitoring@staging', 'monitoring@production', 'backups@production', 'hardcoded-urls', 'file-logging', 'dotenv-tracked',
      'app-json-secrets', 'buildpacks', 'pipeline-file-secrets', 'workflow-secrets', 'slug-size@staging', 'slug-size@production', 'dynos@production', 'preboot@production', 'error-tracking@production',
      'stack@staging', 'stack@production',
    ])
    for (const result of results) {
      expect(result.evidence.length, result.id).to.be.greaterThan(0)
      expect(result.fix, result.id).to.equal(null)
    }
  })

  it('--local runs only the repository checks; --stage only that stage\'s', async () => {
    const local = runChecks(await evidence({local: true}), {local: true})
    expect(local.map(r => r.id)).to.deep.equal(['procfile', 'app-json', 'release-phase', 'hardcoded-urls', 'file-logging', 'dotenv-tracked', 'app-json-secrets', 'buildpacks', 'pipeline-file-secrets', 'workflow-secrets'])
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
    const broken = [{id: 'boom', criterion: 'x', scope: 'repository' as const, run() {
      throw new Error('kaput')
    }}]
    const [result] = runChecks(await evidence(), {local: false, checks: broken})
    expect(result).to.include({status: 'unknown'})
    expect(result.evidence[0]).to.include('kaput')
  })

  describe('exit code', () => {
    const report = (statuses: CheckStatus[]) => buildReport('shop', statuses.map((status, i) => ({id: `c${i}`, criterion: '', scope: 'repository', stage: null, status, evidence: [], fix: null})))
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

  // ------------------------------------------------------------ pipeline

  describe('pipeline', () => {
    it('fails with kit:bootstrap when the pipeline or an app is missing, and the app checks say unknown', async () => {
      const e = await evidence({state: {pipelines: [], pipeline: undefined}, live: {production: {access: 'missing', app: undefined}}})
      const results = runChecks(e, {local: false})
      const pipeline = only(results, 'pipeline')
      expect(pipeline.status).to.equal('fail')
      expect(pipeline.evidence.join('\n')).to.include('no pipeline named shop').and.include('production: the app shop does not exist')
      expect(pipeline.fix).to.equal('heroku kit:bootstrap --yes')
      expect(only(results, 'health', 'production')).to.include({status: 'unknown'})
      expect(only(results, 'review-apps')).to.include({status: 'unknown'})
    })

    it('fails when an app sits at the wrong stage', async () => {
      const e = await evidence({live: {staging: {coupling: {id: 'c', stage: 'development', app: {id: 'a'}, pipeline: {id: 'pipeline-id'}} as never}}})
      expect(check(e, 'pipeline').evidence[0]).to.include('at stage development, not staging')
    })

    it('says unknown (never pass) when the live state could not be read', async () => {
      const e = await evidence()
      e.remote = {state: {ok: false, error: 'no permission: GET /apps/shop answered 403 forbidden'}}
      for (const name of ['staging', 'production'] as const) e.stages[name]!.current = {ok: false, error: 'no permission'}
      const results = runChecks(e, {local: false})
      const remote = results.filter(r => r.scope !== 'repository')
      expect(remote.length).to.be.greaterThan(10)
      expect(remote.every(r => r.status === 'unknown'), JSON.stringify(remote.filter(r => r.status !== 'unknown'))).to.equal(true)
      expect(only(results, 'pipeline').evidence[0]).to.include('403')
      expect(only(results, 'health', 'staging').fix).to.equal('get access to shop-staging (heroku access -a shop-staging lists who has it), then run kit:verify again')
      for (const result of remote) expect(result.fix, result.id).to.be.a('string')
    })
  })

  // ------------------------------------------------------------ 1. Procfile

  describe('1. procfile', () => {
    it('fails without a Procfile, pointing at kit:init', async () => {
      const result = check(await evidence({procfile: null}), 'procfile')
      expect(result.status).to.equal('fail')
      expect(result.fix).to.include('heroku kit:init')
    })

    it('fails without web, suggesting the detected web command', async () => {
      const result = check(await evidence({procfile: 'worker: node worker.js\nrelease: npm run migrate\n'}), 'procfile')
      expect(result.status).to.equal('fail')
      expect(result.evidence[0]).to.include('no web process type')
      expect(result.fix).to.include('web: node server.js')
    })

    it('fails when web listens on a fixed port, passes when it binds $PORT', async () => {
      const fixed = check(await evidence({procfile: PROCFILE.replace('node server.js', 'node server.js --port 3000')}), 'procfile')
      expect(fixed.status).to.equal('fail')
      expect(fixed.evidence[0]).to.include('not $PORT')
      const bound = check(await evidence({procfile: PROCFILE.replace('node server.js', 'node server.js --port $PORT')}), 'procfile')
      expect(bound.status).to.equal('pass')
      expect(bound.evidence.join('\n')).to.include('binds $PORT')
    })

    it('fails when the app has worker code but no worker process', async () => {
      const e = await evidence({procfile: 'web: node server.js\nrelease: npm run migrate\n', appJson: {...APP_JSON, formation: {web: {quantity: 1}}}})
      const result = check(e, 'procfile')
      expect(result.status).to.equal('fail')
      expect(result.evidence[0]).to.include('worker code (package.json dependencies: bullmq)')
      expect(result.fix).to.include('worker: npm run worker')
    })

    it('fails when a declared formation scales a process type the Procfile lacks', async () => {
      const e = await evidence({procfile: 'web: node server.js\nrelease: npm run migrate\n', detection: {...DETECTION, worker: undefined} as never})
      const result = check(e, 'procfile')
      expect(result.status).to.equal('fail')
      expect(result.evidence.join('\n')).to.include('scales worker')
    })

    it('reports the parse errors of a broken Procfile', async () => {
      const e = await evidence({procfile: null, repository: {procfileErrors: ['Procfile:1: "web" has no ":"']}})
      expect(check(e, 'procfile').evidence).to.include('Procfile:1: "web" has no ":"')
    })
  })

  // ------------------------------------------------------------ 2. app.json

  describe('2. app-json', () => {
    it('fails without app.json', async () => {
      const result = check(await evidence({appJson: null, pipelineYml: PIPELINE_YML_NO_BACKUPS}), 'app-json')
      expect(result.status).to.equal('fail')
      expect(result.fix).to.include('heroku kit:init')
    })

    it('fails when the database the app uses is missing from app.json addons', async () => {
      const result = check(await evidence({appJson: {...APP_JSON, addons: APP_JSON.addons.slice(1)}, pipelineYml: PIPELINE_YML_NO_BACKUPS}), 'app-json')
      expect(result.status).to.equal('fail')
      expect(result.evidence[0]).to.include('no database (Heroku Postgres) add-on').and.include('package.json dependencies: pg')
      expect(result.fix).to.include('"plan":"heroku-postgresql:essential-0","as":"DATABASE"')
    })

    it('requires Redis only when the app uses it', async () => {
      const uses = check(await evidence({detection: {...DETECTION, redis: {via: 'package.json dependencies: ioredis'}} as never}), 'app-json')
      expect(uses.status).to.equal('fail')
      expect(uses.evidence[0]).to.include('no Redis add-on')
    })

    it('fails without logging or monitoring, warns without a scheduler', async () => {
      const noLogs = check(await evidence({appJson: {...APP_JSON, addons: APP_JSON.addons.filter(a => !a.plan.startsWith('papertrail'))}}), 'app-json')
      expect(noLogs.status).to.equal('fail')
      const noScheduler = check(await evidence({appJson: {...APP_JSON, addons: APP_JSON.addons.filter(a => !a.plan.startsWith('scheduler'))}}), 'app-json')
      expect(noScheduler.status).to.equal('warn')
      expect(noScheduler.fix).to.include('scheduler:standard')
    })

    it('fails on app.json that does not validate', async () => {
      const e = await evidence({appJson: null, pipelineYml: PIPELINE_YML_NO_BACKUPS, repository: {appJsonErrors: ['app.json:3: env.PORT must be a string or an object']}})
      const result = check(e, 'app-json')
      expect(result.status).to.equal('fail')
      expect(result.evidence).to.include('app.json:3: env.PORT must be a string or an object')
    })

    it('fails on values Heroku rejects (an invalid dyno size)', async () => {
      const result = check(await evidence({appJson: {...APP_JSON, formation: {web: {quantity: 1, size: 'huge'}, worker: {quantity: 1}}}}), 'app-json')
      expect(result.status).to.equal('fail')
      expect(result.evidence.join('\n')).to.include('huge')
    })
  })

  // ------------------------------------------------------------ 3. config vars

  describe('3. config', () => {
    it('fails naming the missing required keys, never their values, with kit:config:sync', async () => {
      const e = await evidence({live: {production: {config: {NODE_ENV: 'production', SECRET_KEY: 's'}}}})
      const result = check(e, 'config', 'production')
      expect(result.status).to.equal('fail')
      expect(result.evidence[0]).to.include('not set on shop').and.include('API_URL')
      expect(result.fix).to.equal('add API_URL to .env.production, then heroku kit:config:sync .env.production -a shop')
    })

    it('points at kit:bootstrap when only generated secrets are missing', async () => {
      const result = check(await evidence({live: {staging: {config: {NODE_ENV: 'x', API_URL: 'y'}}}}), 'config', 'staging')
      expect(result.status).to.equal('fail')
      expect(result.evidence[0]).to.include('SECRET_KEY')
      expect(result.fix).to.equal('heroku kit:bootstrap --yes (generates the secrets)')
    })

    it('ignores keys app.json marks as not required', async () => {
      expect(check(await evidence(), 'config', 'staging').evidence[0]).to.equal('app.json requires 3 keys: 3 set on shop-staging')
    })

    it('compares the stage config file\'s keys, and warns (names only) when values differ', async () => {
      const e = await evidence()
      e.stages.staging!.desired = {...e.stages.staging!.desired, config: {API_URL: 'https://other.example', LOG_LEVEL: 'debug'}, configFile: '.env.staging'}
      const missing = check(e, 'config', 'staging')
      expect(missing.status).to.equal('fail')
      expect(missing.evidence[0]).to.equal('in .env.staging but not set on shop-staging: LOG_LEVEL')
      expect(missing.fix).to.equal('heroku kit:config:sync .env.staging -a shop-staging')
      e.stages.staging!.desired.config = {API_URL: 'https://other.example'}
      const differs = check(e, 'config', 'staging')
      expect(differs.status).to.equal('warn')
      expect(differs.evidence[0]).to.include('API_URL').and.not.include('other.example')
    })
  })

  // ------------------------------------------------------------ 4. health

  describe('4. health', () => {
    it('fails on a 5xx with the evidence of the probe, pointing at logs and rollback', async () => {
      const e = await evidence({stageEvidence: {production: {health: {url: 'u', status: 'fail', reason: 'server-error', httpStatus: 503, attempts: 5, elapsedMs: 8000, evidence: ['GET u → 503 in 3 ms']}}}})
      const result = check(e, 'health', 'production')
      expect(result).to.deep.include({status: 'fail', evidence: ['GET u → 503 in 3 ms']})
      expect(result.fix).to.include('heroku releases:rollback -a shop')
    })

    it('points at scaling when no web dyno runs, at the health path on a 404, at the redirect on a loop', async () => {
      const fail = (reason: string, httpStatus?: number) => ({health: {url: 'u', status: 'fail' as const, reason: reason as never, httpStatus, attempts: 1, elapsedMs: 5, evidence: ['x']}})
      const noDynos = check(await evidence({live: {staging: {formation: [{type: 'web', quantity: 0, size: 'basic'} as never]}}, stageEvidence: {staging: fail('server-error', 503)}}), 'health', 'staging')
      expect(noDynos.fix).to.include('heroku ps:scale web=1 -a shop-staging')
      // a fresh app has no process types (formation []): Heroku answers 404 to a scale, so the fix is a deploy
      const fresh = check(await evidence({live: {staging: {formation: []}}, stageEvidence: {staging: fail('server-error', 503)}}), 'health', 'staging')
      expect(fresh.fix).to.equal('deploy: push to main (or run the deploy workflow), then run kit:verify again')
      expect(fresh.evidence.at(-1)).to.include('shop-staging has no process types yet: nothing is deployed')
      const notFound = check(await evidence({stageEvidence: {staging: fail('client-error', 404)}}), 'health', 'staging')
      expect(notFound.fix).to.include('/health')
      const loop = check(await evidence({stageEvidence: {staging: fail('redirect-loop', 301)}}), 'health', 'staging')
      expect(loop.fix).to.include('redirects')
    })

    it('says unknown when the app could not be reached', async () => {
      const e = await evidence({stageEvidence: {staging: {health: {url: 'u', status: 'unknown', reason: 'unreachable', attempts: 5, elapsedMs: 8000, evidence: ['GET u: ECONNREFUSED']}}}})
      expect(check(e, 'health', 'staging').status).to.equal('unknown')
    })
  })

  // ------------------------------------------------------------ 5. release phase

  describe('5. release-phase and release', () => {
    it('fails without a release process type', async () => {
      const result = check(await evidence({procfile: 'web: node server.js\nworker: node worker.js\n'}), 'release-phase')
      expect(result.status).to.equal('fail')
      expect(result.fix).to.include('release: npm run migrate')
    })

    it('fails when web migrates at start-up, directly or through its npm script', async () => {
      const direct = check(await evidence({procfile: 'web: npm run migrate && node server.js\nworker: node worker.js\nrelease: npm run migrate\n'}), 'release-phase')
      expect(direct.status).to.equal('fail')
      expect(direct.evidence[0]).to.include('runs migrations at start-up')
      const viaScript = check(await evidence({procfile: 'web: npm start\nworker: node worker.js\nrelease: npm run migrate\n', repository: {packageScripts: {start: 'knex migrate:latest && node server.js'}}}), 'release-phase')
      expect(viaScript.status).to.equal('fail')
      expect(viaScript.evidence[0]).to.include('package.json scripts.start runs migrations')
    })

    it('warns when the release command does not migrate although the app has a database', async () => {
      const result = check(await evidence({procfile: 'web: node server.js\nworker: node worker.js\nrelease: node scripts/warm-cache.js\n'}), 'release-phase')
      expect(result.status).to.equal('warn')
    })

    it('fails on a failed latest release with releases:output and releases:retry; warns while pending', async () => {
      const failed = check(await evidence({stageEvidence: {staging: {latestRelease: {ok: true, value: {id: 'r', version: 7, status: 'failed', description: 'Deploy abc'} as never}}}}), 'release', 'staging')
      expect(failed.status).to.equal('fail')
      expect(failed.evidence[0]).to.include('v7 (Deploy abc) failed')
      expect(failed.fix).to.include('heroku releases:output v7 -a shop-staging').and.include('heroku releases:retry -a shop-staging')
      const pending = check(await evidence({stageEvidence: {staging: {latestRelease: {ok: true, value: {id: 'r', version: 8, status: 'pending'} as never}}}}), 'release', 'staging')
      expect(pending.status).to.equal('warn')
      const unreadable = check(await evidence({stageEvidence: {staging: {latestRelease: {ok: false, error: 'ETIMEDOUT'}}}}), 'release', 'staging')
      expect(unreadable.status).to.equal('unknown')
    })
  })

  // ------------------------------------------------------------ 6. review apps

  describe('6. review-apps', () => {
    it('fails when review apps are off, with kit:bootstrap', async () => {
      const e = await evidence({state: {reviewAppConfig: undefined}})
      e.remote!.reviewAppConfig = {ok: true, value: undefined}
      const result = check(e, 'review-apps')
      expect(result.status).to.equal('fail')
      expect(result.fix).to.equal('heroku kit:bootstrap --yes')
    })

    it('asks to declare the repository first when there is none', async () => {
      const e = await evidence({pipelineYml: 'pipeline: shop\nstages:\n  staging: {app: shop-staging}\n  production: {app: shop}\n'})
      e.remote!.reviewAppConfig = {ok: true, value: undefined}
      expect(check(e, 'review-apps').fix).to.include('set repo: owner/name')
    })

    it('warns when review apps are not created automatically', async () => {
      const e = await evidence()
      e.remote!.reviewAppConfig = {ok: true, value: {automatic_review_apps: false}}
      expect(check(e, 'review-apps').status).to.equal('warn')
    })
  })

  // ------------------------------------------------------------ 7, 8. deploys

  describe('7. auto-deploy (staging)', () => {
    it('fails when staging does not auto-deploy and no workflow deploys it on push to main', async () => {
      const result = check(await evidence({live: {staging: {githubLink: {auto_deploy: false, branch: 'main'}}}}), 'auto-deploy', 'staging')
      expect(result.status).to.equal('fail')
      expect(result.evidence.join('\n')).to.include('auto-deploy of shop-staging is off')
      expect(result.fix).to.equal('heroku kit:bootstrap --yes')
    })

    it('fails when it auto-deploys another branch', async () => {
      const result = check(await evidence({live: {staging: {githubLink: {auto_deploy: true, branch: 'develop'}}}}), 'auto-deploy', 'staging')
      expect(result.status).to.equal('fail')
      expect(result.evidence.join('\n')).to.include('from develop, not main')
    })

    it('passes with a GitHub Actions workflow that deploys staging on push to main', async () => {
      const workflow = 'on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: git push https://git.heroku.com/shop-staging.git HEAD:main\n'
      const result = check(await evidence({workflows: {'deploy.yml': workflow}, state: {github: {checked: true}}, live: {staging: {githubLink: undefined}}}), 'auto-deploy', 'staging')
      expect(result.status).to.equal('pass')
      expect(result.evidence.join('\n')).to.include('.github/workflows/deploy.yml: job deploy deploys shop-staging on every push to main')
    })

    it('does not count a workflow that deploys staging from another branch', async () => {
      const workflow = 'on: push\njobs:\n  deploy-staging:\n    if: github.ref == \'refs/heads/staging\'\n    steps:\n      - uses: akhileshns/heroku-deploy@v3.12.12\n        with: {heroku_app_name: shop-staging}\n'
      const result = check(await evidence({workflows: {'deploy.yml': workflow}, live: {staging: {githubLink: undefined}}}), 'auto-deploy', 'staging')
      expect(result.status).to.equal('fail')
      expect(result.evidence.join('\n')).to.include('but not on push to main')
    })
  })

  describe('8. manual-approval (production)', () => {
    it('fails when Heroku auto-deploys production', async () => {
      const result = check(await evidence({live: {production: {githubLink: {auto_deploy: true, branch: 'main'}}}}), 'manual-approval', 'production')
      expect(result.status).to.equal('fail')
      expect(result.fix).to.equal('heroku kit:bootstrap --yes')
    })

    it('fails when a workflow deploys production on push without an environment', async () => {
      const workflow = 'on:\n  push:\n    branches: [main]\njobs:\n  deploy-production:\n    steps:\n      - uses: akhileshns/heroku-deploy@v3.12.12\n        with:\n          heroku_app_name: "shop"\n'
      const result = check(await evidence({workflows: {'deploy.yml': workflow}}), 'manual-approval', 'production')
      expect(result.status).to.equal('fail')
      expect(result.evidence[0]).to.include('job deploy-production deploys shop on push, without an environment')
      expect(result.fix).to.include('environment: production')
    })

    it('warns on a hand-run promotion without an environment, passes with one', async () => {
      const bare = 'on: workflow_dispatch\njobs:\n  promote:\n    steps:\n      - run: heroku pipelines:promote -a shop-staging\n'
      expect(check(await evidence({workflows: {'promote.yml': bare}}), 'manual-approval', 'production').status).to.equal('warn')
      const gated = check(await evidence(), 'manual-approval', 'production')
      expect(gated.status).to.equal('pass')
      expect(gated.evidence.join('\n')).to.include('promotes to shop in environment production')
    })

    it('does not mistake the staging app for production when production\'s name is a prefix', async () => {
      const workflow = 'on: push\njobs:\n  deploy:\n    steps:\n      - run: git push https://git.heroku.com/shop-staging.git HEAD:main\n'
      expect(check(await evidence({workflows: {'deploy.yml': workflow}}), 'manual-approval', 'production').status).to.equal('pass')
    })
  })

  // ------------------------------------------------------------ 9. SSL

  describe('9. ssl', () => {
    const custom = (status: string | null, reason: string | null = null) => ({
      domains: [
        {
          id: 'd',
          hostname: 'www.shop.example',
          kind: 'custom',
          cname: 'sushi.herokudns.com',
          acm_status: status,
          acm_status_reason: reason,
          sni_endpoint: null,
        } as never,
      ],
    })
    it('fails on a failing certificate with the reason and the DNS target, pointing at kit:acm', async () => {
      const result = check(await evidence({live: {production: custom('failing', 'CAA record blocks Let\'s Encrypt')}}), 'ssl', 'production')
      expect(result.status).to.equal('fail')
      expect(result.evidence[0]).to.include('failing (CAA record blocks Let\'s Encrypt)').and.include('sushi.herokudns.com')
      expect(result.fix).to.include('heroku kit:acm --stage production --wait')
    })

    it('warns while the certificate is being issued', async () => {
      expect(check(await evidence({live: {production: custom('pending')}}), 'ssl', 'production').status).to.equal('warn')
    })

    it('fails when ACM is off and the domain has no certificate; passes with an uploaded one', async () => {
      const off = check(await evidence({live: {production: {app: app('shop', {acm: false})}}}), 'ssl', 'production')
      expect(off.status).to.equal('fail')
      const uploaded = await evidence({live: {production: {app: app('shop', {acm: false}), domains: [{id: 'd', hostname: 'www.shop.example', kind: 'custom', cname: 'x', sni_endpoint: {id: 's', name: 'tokyo-1'}} as never]}}})
      expect(check(uploaded, 'ssl', 'production').status).to.equal('pass')
    })

    it('fails when a declared domain is missing', async () => {
      const result = check(await evidence({live: {production: {domains: []}}}), 'ssl', 'production')
      expect(result.status).to.equal('fail')
      expect(result.fix).to.equal('heroku kit:bootstrap --yes')
    })
  })

  // ------------------------------------------------------------ 10-12

  describe('10. logs', () => {
    it('fails without a drain or logging add-on, and shows drain hosts only (no credentials)', async () => {
      const none = check(await evidence({live: {staging: {addons: [], drains: []}}}), 'logs', 'staging')
      expect(none.status).to.equal('fail')
      const drain = check(await evidence({live: {staging: {addons: [], drains: [{id: 'x', url: 'https://user:s3cret@logs.example.net/path?token=abc', addon: null} as never]}}}), 'logs', 'staging')
      expect(drain.status).to.equal('pass')
      expect(drain.evidence.join('\n')).to.include('https://logs.example.net').and.not.include('s3cret').and.not.include('token=abc')
    })

    it('warns about a drain whose add-on is gone', async () => {
      const stage = liveStage('staging')
      const result = check(await evidence({live: {staging: {drains: [...stage.drains, {id: 'o', url: 'syslog://old.example:1', addon: {id: 'gone'}} as never]}}}), 'logs', 'staging')
      expect(result.status).to.equal('warn')
    })
  })

  describe('11. monitoring', () => {
    it('fails in production without a monitoring add-on or agent; the Datadog buildpack counts', async () => {
      const addons = liveStage('production').addons.filter(a => a.addon_service.name !== 'newrelic')
      const missing = check(await evidence({live: {production: {addons, config: {API_URL: 'x', NODE_ENV: 'y', SECRET_KEY: 'z'}}}}), 'monitoring', 'production')
      expect(missing.status).to.equal('fail')
      expect(missing.fix).to.equal('heroku kit:bootstrap --yes')
      const datadog = check(await evidence({live: {production: {addons, buildpacks: ['heroku/nodejs', 'https://github.com/DataDog/heroku-buildpack-datadog.git#2.21']}}}), 'monitoring', 'production')
      expect(datadog.status).to.equal('pass')
    })
  })

  describe('12. backups', () => {
    it('fails without a schedule, pointing at kit:bootstrap when heroku-kit.yml declares backups, else kit:backups', async () => {
      const declared = check(await evidence({live: {production: {schedules: []}}}), 'backups', 'production')
      expect(declared.status).to.equal('fail')
      expect(declared.fix).to.equal('heroku kit:bootstrap --yes')
      const undeclared = check(
        await evidence({
          pipelineYml:
            'pipeline: shop\nrepo: acme/shop\nreview_apps: true\nstages:\n  staging: {app: shop-staging}\n  production: {app: shop, domains: [www.shop.example], acm: true}\n',
          live: {production: {schedules: []}},
        }),
        'backups',
        'production',
      )
      expect(undeclared.fix).to.equal('heroku kit:backups --stage production --at "03:00 UTC"')
    })

    it('shows the latest backup (newest transfer) with its age and status; a failed or stale one is a warning', async () => {
      const readAt = Date.parse('2025-03-02T12:00:00Z')
      const backup = (status: 'succeeded' | 'failed' | 'running', createdAt: string) => ({ok: true as const, value: {readAt, backup: {name: 'a007', database: 'DATABASE', createdAt, status, bytes: 1024, scheduled: true}}})
      const withLatest = async (latestBackup: NonNullable<StageEvidence['latestBackup']>) => check(await evidence({stageEvidence: {production: {latestBackup}}}), 'backups', 'production')
      const fresh = await withLatest(backup('succeeded', '2025-03-02T03:00:00Z'))
      expect(fresh.status).to.equal('pass')
      expect(fresh.evidence).to.include('latest backup a007 of DATABASE: succeeded, 9 h ago (2025-03-02T03:00:00Z)')
      const failed = await withLatest(backup('failed', '2025-03-02T03:00:00Z'))
      expect(failed.status).to.equal('warn')
      expect(failed.evidence).to.include('latest backup a007 of DATABASE: failed, 9 h ago (2025-03-02T03:00:00Z)')
      expect(failed.fix).to.equal('read why: heroku pg:backups:info a007 -a shop; take one now: heroku pg:backups:capture -a shop')
      const stale = await withLatest(backup('succeeded', '2025-02-27T03:00:00Z'))
      expect(stale.status).to.equal('warn')
      expect(stale.evidence.at(-1)).to.equal('latest backup a007 of DATABASE: succeeded, 3 days ago (2025-02-27T03:00:00Z): older than two days, so daily backups are not running')
      const none = await withLatest({ok: true, value: {readAt, backup: undefined}})
      expect(none.status).to.equal('pass')
      expect(none.evidence.at(-1)).to.equal('no backup yet: the first scheduled one runs at the scheduled hour')
      const unreadable = await withLatest({ok: false, error: 'GET /client/v11/apps/shop/transfers answered 503 unavailable (x)'})
      expect(unreadable.status).to.equal('pass')
      expect(unreadable.evidence.at(-1)).to.equal('the latest backup could not be read: GET /client/v11/apps/shop/transfers answered 503 unavailable (x)')
    })

    it('passes when production has no database at all and none is declared', async () => {
      const e = await evidence({appJson: {...APP_JSON, addons: APP_JSON.addons.slice(1)},
        pipelineYml: PIPELINE_YML_NO_BACKUPS.replace(/ {6}- \{plan: "heroku-postgresql.*\n/, ''),
        live: {production: {addons: liveStage('production').addons.slice(1)}}})
      expect(check(e, 'backups', 'production').evidence[0]).to.include('nothing to back up')
    })
  })

  // ------------------------------------------------------------ pitfalls

  describe('pitfalls', () => {
    it('hard-coded URLs: warns on the app\'s own hosts, ignores other herokuapp.com hosts', async () => {
      const urlFindings = [
        {file: 'src/config.js', line: 3, match: 'shop-0123456789ab.herokuapp.com'},
        {file: 'src/mail.js', line: 9, match: 'www.shop.example'},
        {file: 'src/partner.js', line: 1, match: 'partner-api.herokuapp.com'},
      ]
      const result = check(await evidence({repository: {urlFindings}}), 'hardcoded-urls')
      expect(result.status).to.equal('warn')
      expect(result.evidence.slice(1)).to.deep.equal(['src/config.js:3: shop-0123456789ab.herokuapp.com (production app)', 'src/mail.js:9: www.shop.example (production domain)'])
    })

    it('logging to files: warns on source findings and on a Procfile --log-file path', async () => {
      const result = check(
        await evidence({
          procfile: 'web: gunicorn app:app --log-file /tmp/app.log\nworker: node worker.js\nrelease: npm run migrate\n',
          repository: {fileLogging: [{file: 'logger.js', line: 4, match: 'winston file transport'}]},
        }),
        'file-logging',
      )
      expect(result.status).to.equal('warn')
      expect(result.evidence.slice(1)).to.deep.equal(['Procfile:1: web writes its log to /tmp/app.log', 'logger.js:4: winston file transport'])
      expect(check(await evidence({procfile: 'web: gunicorn app:app --log-file -\nworker: node worker.js\nrelease: npm run migrate\n'}), 'file-logging').status).to.equal('pass')
    })

    it('.env tracked by git: fails with git rm --cached', async () => {
      const result = check(await evidence({repository: {trackedEnvFiles: ['.env.production']}}), 'dotenv-tracked')
      expect(result.status).to.equal('fail')
      expect(result.fix).to.include('git rm --cached .env.production')
    })

    it('secrets in app.json: fails on a literal secret or credential, naming the key, never the value', async () => {
      const appJson = {...APP_JSON, env: {...APP_JSON.env, SESSION_SECRET: {value: 'hunter2hunter2'}, MAIL_URL: {value: 'smtp://mailer:pa55word@mail.example:587'}}}
      const result = check(await evidence({appJson}), 'app-json-secrets')
      expect(result.status).to.equal('fail')
      const text = result.evidence.join('\n')
      expect(text).to.include('env.SESSION_SECRET').and.include('env.MAIL_URL holds a URL with a password')
      expect(JSON.stringify(result)).to.not.include('hunter2').and.not.include('pa55word')
    })

    it('secrets in app.json: only warns for the test environment (CI dummies)', async () => {
      const appJson = {...APP_JSON, environments: {test: {env: {SECRET_KEY: {value: 'test-only'}}}}}
      expect(check(await evidence({appJson}), 'app-json-secrets').status).to.equal('warn')
    })

    it('unpinned buildpacks: warns for app.json and the live apps', async () => {
      const appJson = {...APP_JSON, buildpacks: [{url: 'https://github.com/heroku/heroku-buildpack-nodejs'}]}
      const result = check(await evidence({appJson, live: {staging: {buildpacks: ['https://github.com/someone/custom-buildpack.git#main']}}}), 'buildpacks')
      expect(result.status).to.equal('warn')
      expect(result.evidence.join('\n')).to.include('heroku/nodejs').and.include('shop-staging (staging): https://github.com/someone/custom-buildpack.git#main follows the branch')
    })

    it('slug size: warns over 300 MB, fails over 500 MB, unknown before the first deploy', async () => {
      const size = async (mb: number | null) => check(await evidence({live: {production: {app: app('shop', {slug_size: mb === null ? null : mb * 1024 * 1024})}}}), 'slug-size', 'production').status
      expect(await size(299)).to.equal('pass')
      expect(await size(301)).to.equal('warn')
      expect(await size(501)).to.equal('fail')
      expect(await size(null)).to.equal('unknown')
    })

    it('dynos: fails on eco/basic in production, warns on a single web dyno', async () => {
      const formation = (quantity: number, size: string) => ({formation: [{type: 'web', quantity, size, dyno_size: {name: size}} as never]})
      const eco = check(await evidence({live: {production: formation(1, 'eco')}}), 'dynos', 'production')
      expect(eco.status).to.equal('fail')
      expect(eco.fix).to.include('heroku kit:scale --stage production')
      expect(check(await evidence({live: {production: formation(1, 'basic')}}), 'dynos', 'production').status).to.equal('fail')
      expect(check(await evidence({live: {production: formation(1, 'standard-1x')}}), 'dynos', 'production').status).to.equal('warn')
      expect(check(await evidence({live: {production: formation(0, 'standard-1x')}}), 'dynos', 'production').status).to.equal('fail')
      // nothing deployed: no process types (formation []), and Heroku refuses to scale them, so the fix is a deploy
      const fresh = check(await evidence({live: {production: {formation: []}}}), 'dynos', 'production')
      expect(fresh).to.deep.include({status: 'fail', fix: 'promote a release from staging (heroku kit:promote), then run kit:verify again'})
      expect(fresh.evidence[0]).to.equal('shop has no process types yet: nothing is deployed (process types come from the Procfile of a release, and Heroku refuses to scale before)')
      const workerOnly = check(await evidence({live: {production: {formation: [{type: 'worker', quantity: 1, size: 'standard-1x'} as never]}}}), 'dynos', 'production')
      expect(workerOnly.evidence[0]).to.equal('no web process type on shop')
      expect(workerOnly.fix).to.include('declare web in the Procfile')
    })

    it('preboot: warns when off in production', async () => {
      const result = check(await evidence({live: {production: {preboot: false}}}), 'preboot', 'production')
      expect(result.status).to.equal('warn')
      expect(result.fix).to.equal('heroku kit:bootstrap --yes')
    })

    it('error tracking: an add-on, a DSN config var or an SDK in the dependencies; warns with none', async () => {
      const noAddon = liveStage('production').addons.filter(a => a.addon_service.name !== 'sentry')
      const sdkOnly = check(await evidence({live: {production: {addons: noAddon}}}), 'error-tracking', 'production')
      expect(sdkOnly.status).to.equal('pass')
      expect(sdkOnly.evidence).to.deep.equal(['SDK in package.json: @sentry/node'])
      const none = check(await evidence({live: {production: {addons: noAddon}}, repository: {manifests: {'package.json': '{"dependencies": {"express": "4"}}'}}}), 'error-tracking', 'production')
      expect(none.status).to.equal('warn')
      expect(none.fix).to.include('sentry:f1')
    })

    it('stack: fails at end of life, warns when deprecated', async () => {
      const stack = async (name: string) => check(await evidence({live: {staging: {app: app('shop-staging', {stack: {id: 's', name}, build_stack: {id: 's', name}})}}}), 'stack', 'staging')
      expect((await stack('heroku-20')).status).to.equal('fail')
      expect((await stack('heroku-20')).fix).to.equal('heroku stack:set heroku-24 -a shop-staging, then deploy again')
      expect((await stack('heroku-22')).status).to.equal('warn')
      expect((await stack('heroku-24')).status).to.equal('pass')
    })

    it('an error-tracking add-on counts even without an SDK', async () => {
      const e = await evidence({repository: {manifests: {}}, live: {production: {addons: [...liveStage('production').addons, addon('shop', 'rollbar:free')]}}})
      expect(check(e, 'error-tracking', 'production').status).to.equal('pass')
    })
  })
})

describe('kit:verify and the workflows kit:init generates', () => {
  it('recognises the generated deploy-staging (push to main) and promote (behind the production environment) workflows', async () => {
    const generation = await generate(path.join(ROOT, 'test', 'fixtures', 'init', 'express'), {pipeline: 'shop'})
    const workflows = Object.fromEntries(generation.files.filter(f => f.path.startsWith('.github/workflows/')).map(f => [path.basename(f.path), f.content]))
    expect(Object.keys(workflows).length).to.be.greaterThan(1)
    const pipelineYml = `pipeline: shop\nrepo: acme/shop\nreview_apps: true\nstages:\n  staging: {app: ${generation.stagingApp}}\n  production: {app: ${generation.productionApp}, domains: [www.shop.example], acm: true, backups: {at: "03:00 UTC"}}\n`
    // no GitHub connection in Heroku: only the workflows deploy
    const e = await evidence({
      workflows, pipelineYml, state: {github: {checked: true}},
      live: {staging: {githubLink: undefined, app: app(generation.stagingApp)}, production: {githubLink: undefined, app: app(generation.productionApp, {acm: true})}},
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
