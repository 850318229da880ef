import {expect} from 'chai'
import nock from 'nock'

import {applyOperation} from '../../../../src/lib/converge/apply.js'

import type {LogDrain} from '../../../../src/lib/api/heroku-api.js'
import type {CurrentState} from '../../../../src/lib/converge/current.js'
import {type DesiredStage, resolveDrains} from '../../../../src/lib/converge/desired.js'
import {planBootstrap} from '../../../../src/lib/converge/plan.js'
import {emptyCurrentStage, emptyDesiredStage} from '../../../../src/lib/converge/registry.js'
import {renderPlan} from '../../../../src/lib/converge/render.js'
import {drainHasCredentials, exportDrains} from '../../../../src/lib/converge/resources/drains.js'
import {parsePipelineFile} from '../../../../src/lib/manifest/index.js'
import {liveStage} from '../../verify/fixture.js'
import {appIn, FIR_SPACE, firPlan} from '../../../support/fir.js'
import {applierRun, useStrictNock} from '../../../support/applier.js'

const KEY = 'f00dfeedbeefcafe0123456789abcdef'
const DD = `https://http-intake.logs.datadoghq.com/api/v2/logs?dd-api-key=${KEY}&ddsource=heroku`

function stage(name: 'production' | 'staging', drains: string[]): DesiredStage {
  return emptyDesiredStage(name, `shop-${name}`, {drains})
}

describe('drains with credentials (issue 9)', () => {
  it('a query-string key never appears in the plan, its rendering or its JSON', () => {
    const current: CurrentState = {
      account: {id: 'u', email: 'dev@example.com'},
      owner: {id: 'u', type: 'user'},
      pipelines: [],
      stages: {staging: emptyCurrentStage('missing'), production: emptyCurrentStage('missing')},
      github: {checked: false},
      reviewConfig: {},
    }
    const plan = planBootstrap(
      {pipeline: 'shop', reviewConfig: {}, stages: [stage('staging', [DD, 'https://user:hunter2-pass@logs.example.com/x']), stage('production', [])]},
      current,
    )
    const shown = [
      ...renderPlan(plan, {pipeline: 'shop', staging: 'shop-staging', production: 'shop-production'}),
      JSON.stringify(plan.steps.map(({operation: _operation, ...rest}) => rest)),
    ].join('\n')
    expect(shown).to.include('add log drain https://http-intake.logs.datadoghq.com/api/v2/logs?dd-api-key=•••&ddsource=•••')
    expect(shown).to.not.include(KEY).and.not.include('hunter2')
  })

  const sources = (config: Record<string, string>, env: NodeJS.ProcessEnv, envNames: string[] = []) => ({configFile: '.env.staging', config, envNames, env})

  it('${NAME} drains: heroku-kit.yml accepts them; the URL comes from the stage config file, else the environment for a listed name', () => {
    const file = parsePipelineFile('pipeline: shop\nstages:\n  staging:\n    drains:\n      - ${LOG_DRAIN_URL}\n', 'heroku-kit.yml')
    expect(file.stages.staging.drains).to.deep.equal(['${LOG_DRAIN_URL}'])
    expect(
      resolveDrains('staging', ['${LOG_DRAIN_URL}'], sources({LOG_DRAIN_URL: DD}, {LOG_DRAIN_URL: 'https://other.example.com/'}, ['LOG_DRAIN_URL'])),
    ).to.deep.equal({drains: [DD], unresolvedDrains: [], referencedValues: [DD]})
    expect(resolveDrains('staging', ['${LOG_DRAIN_URL}'], sources({}, {LOG_DRAIN_URL: DD}, ['LOG_DRAIN_URL']))).to.deep.equal({
      drains: [DD],
      unresolvedDrains: [],
      referencedValues: [DD],
    })
    const unresolved = resolveDrains('staging', ['${LOG_DRAIN_URL}', 'syslog+tls://l.example.com:6514'], sources({}, {}, ['LOG_DRAIN_URL']))
    expect(unresolved.drains).to.deep.equal(['syslog+tls://l.example.com:6514'])
    expect(unresolved.unresolvedDrains.map(u => u.name)).to.deep.equal(['LOG_DRAIN_URL'])
    let message = ''
    try {
      resolveDrains('staging', ['${LOG_DRAIN_URL}'], sources({LOG_DRAIN_URL: `http://logs.example.com/?k=${KEY}`}, {}))
    } catch (error) {
      message = (error as Error).message
    }

    expect(message)
      .to.match(/stages\.staging\.drains: \$\{LOG_DRAIN_URL\} \(from \.env\.staging\) sends logs unencrypted/)
      .and.not.include(KEY)
      .and.not.include('logs.example.com')
  })

  it("issue 19.1: the environment is read only for names env_references lists; never for the runner's credentials", () => {
    const env = {LOG_DRAIN_URL: DD, HEROKU_API_KEY: 'hrku-0123456789abcdef', GITHUB_TOKEN: 'ghs_0123456789abcdef0123'}
    const unlisted = resolveDrains('staging', ['${LOG_DRAIN_URL}'], sources({}, env))
    expect(unlisted.drains).to.deep.equal([])
    expect(unlisted.referencedValues).to.deep.equal([])
    expect(unlisted.unresolvedDrains[0].why).to.include('env_references in heroku-kit.yml does not list it').and.not.include(KEY)
    for (const name of ['HEROKU_API_KEY', 'GITHUB_TOKEN', 'ACTIONS_RUNTIME_TOKEN']) {
      const result = resolveDrains('staging', [`\${${name}}`], sources({}, {...env, ACTIONS_RUNTIME_TOKEN: 'ey.runtime-token-value'}, [name]))
      expect(result.referencedValues).to.deep.equal([])
      expect(result.unresolvedDrains[0].why).to.include('credential of the CLI or the CI runner')
    }

    expect(() =>
      parsePipelineFile(
        'pipeline: shop\nenv_references: [HEROKU_API_KEY, GITHUB_TOKEN]\nstages:\n  staging:\n    drains: ["${ACTIONS_ID_TOKEN_REQUEST_TOKEN}"]\n',
        'heroku-kit.yml',
      ),
    ).to.throw(
      /heroku-kit\.yml:2: env_references\[0\]: \$\{HEROKU_API_KEY\} names a credential[\s\S]*env_references\[1\][\s\S]*heroku-kit\.yml:5: stages\.staging\.drains\[0\]/,
    )
    expect(parsePipelineFile('pipeline: shop\nenv_references: [PROD_DRAIN_URL]\n', 'heroku-kit.yml').envReferences).to.deep.equal(['PROD_DRAIN_URL'])
  })

  it('issue 19.1: a referenced value that is not a drain URL is an error naming the reference, never holding the value', () => {
    const secret = 'sk_live_9fQx2LmZ7wPq4RtY'
    for (const config of [{STRIPE_SECRET_KEY: secret}, {STRIPE_SECRET_KEY: `ftp://${secret}@x.example`}, {STRIPE_SECRET_KEY: `syslog://${secret}.example`}]) {
      let message = ''
      try {
        resolveDrains('production', ['${STRIPE_SECRET_KEY}'], sources(config, {}))
      } catch (error) {
        message = `${(error as Error).message} ${(error as {suggestion?: string}).suggestion}`
      }

      expect(message).to.include('${STRIPE_SECRET_KEY} (from .env.staging)').and.not.include(secret).and.not.include('9fQx')
    }
  })
})

describe('export: log drains', () => {
  it('a user, password or query string is a credential', () => {
    expect(drainHasCredentials('syslog+tls://logs.example.com:6514')).to.equal(false)
    expect(drainHasCredentials('https://logs.example.com/in')).to.equal(false)
    expect(drainHasCredentials('https://u:p@logs.example.com/in')).to.equal(true)
    expect(drainHasCredentials('https://logs.example.com/in?dd-api-key=k')).to.equal(true)
    expect(drainHasCredentials('not a url')).to.equal(true)
  })

  it('issue 19.2: a token in the path is a credential (Loggly, Sumo Logic, any long high-entropy segment)', () => {
    expect(drainHasCredentials('https://logs-01.loggly.com/bulk/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/tag/heroku/')).to.equal(true)
    expect(drainHasCredentials('https://endpoint1.collection.us2.sumologic.com/receiver/v1/http/ZaVnC4dhaV1x2Kq0TgPeWbNmLo9r')).to.equal(true)
    expect(drainHasCredentials('https://logs.example.com/ingest/9a8b7c6d5e4f3a2b1c0d')).to.equal(true)
    expect(drainHasCredentials('https://logs.example.com/heroku/production-logs/v2')).to.equal(false)
  })

  it("credentials become ${NAME} references named apart from the app's config vars; add-on drains are listed", () => {
    const current = liveStage('production', {
      config: {LOG_DRAIN_URL: 'a config var already'},
      drains: [
        {id: '1', url: 'syslog+tls://plain.example:6514', addon: null},
        {id: '2', url: 'https://a.example/?token=one', addon: null},
        {id: '3', url: 'https://b.example/?token=two', addon: null},
        {id: '4', url: 'syslog+tls://papertrail.example:1', addon: {id: 'a', name: 'papertrail-x'}},
      ] as LogDrain[],
    })
    const result = exportDrains({name: 'production', current, attachments: []})
    expect(result.fields.drains).to.deep.equal(['syslog+tls://plain.example:6514', '${LOG_DRAIN_2_URL}', '${LOG_DRAIN_3_URL}'])
    expect(result.secrets).to.deep.equal({LOG_DRAIN_2_URL: 'https://a.example/?token=one', LOG_DRAIN_3_URL: 'https://b.example/?token=two'})
    expect(result.unmanaged.map(u => u.what)).to.deep.equal(['log drain of add-on papertrail-x'])
  })
})

describe('applying add-drain: two runs at once (issue 18)', () => {
  useStrictNock()

  const URL = 'syslog+tls://logs.example.net:6514'
  const op = {kind: 'add-drain', app: 'shop-prod', url: URL} as const
  const desired = {pipeline: 'shop', reviewConfig: {}, stages: []}
  const run = applierRun

  it('re-reads just before the POST: a drain another run added is adopted, nothing sent', async () => {
    nock('https://api.heroku.com')
      .get('/apps/shop-prod/log-drains')
      .reply(200, [{id: 'd-theirs', url: URL, addon: null}])
    const {clients, ctx} = run()
    await applyOperation(op, clients, ctx, desired)
  })

  it('re-reads after: with two of one URL, the run whose drain is not the oldest removes its own', async () => {
    const theirs = {id: 'd-theirs', url: URL, addon: null, created_at: '2026-12-07T10:00:00Z'}
    const mine = {id: 'd-mine', url: URL, addon: null, created_at: '2026-12-07T10:00:01Z'}
    nock('https://api.heroku.com')
      .get('/apps/shop-prod/log-drains')
      .reply(200, [])
      .post('/apps/shop-prod/log-drains', {url: URL})
      .reply(201, mine)
      .get('/apps/shop-prod/log-drains')
      .reply(200, [mine, theirs])
      .delete('/apps/shop-prod/log-drains/d-mine')
      .reply(200, mine)
    const {clients, ctx} = run()
    await applyOperation(op, clients, ctx, desired)
  })

  it('re-reads after: the run whose drain is the oldest keeps it', async () => {
    const mine = {id: 'd-mine', url: URL, addon: null, created_at: '2026-12-07T10:00:00Z'}
    const theirs = {id: 'd-theirs', url: URL, addon: null, created_at: '2026-12-07T10:00:01Z'}
    nock('https://api.heroku.com')
      .get('/apps/shop-prod/log-drains')
      .reply(200, [])
      .post('/apps/shop-prod/log-drains', {url: URL})
      .reply(201, mine)
      .get('/apps/shop-prod/log-drains')
      .reply(200, [theirs, mine])
    const {clients, ctx} = run()
    await applyOperation(op, clients, ctx, desired)
  })
})

describe('resource: drains on Fir', () => {
  it('classic drains declared on a Fir stage: a plan error that says to use telemetry:, and no step', () => {
    const plan = firPlan({
      staging: {drains: ['syslog+tls://logs.example.test:1234']},
      production: {unresolvedDrains: [{name: 'LOG_DRAIN_URL', why: 'is not set'}]},
    })
    expect(plan.errors).to.deep.equal(
      ['staging', 'production'].map(
        name =>
          `stages.${name}.drains: ${name} runs on Fir, which has no classic log drains; its logs go to OpenTelemetry telemetry drains: ` +
          `declare them under stages.${name}.telemetry and remove stages.${name}.drains.`,
      ),
    )
    expect(plan.steps.filter(s => s.resource === 'drain')).to.deep.equal([])
  })

  it('kit:import writes no drains: for a Fir app', () => {
    const current = {...emptyCurrentStage('ok'), app: appIn('shop', FIR_SPACE), config: {}}
    expect(exportDrains({name: 'production', current, attachments: []}).fields).to.deep.equal({})
  })
})
