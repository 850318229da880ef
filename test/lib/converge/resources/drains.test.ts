import {expect} from 'chai'
import nock from 'nock'

import {resolveServiceUrls} from '../../../../src/lib/api/hosts.js'
import {HerokuApi} from '../../../../src/lib/api/heroku-api.js'
import {HttpClient} from '../../../../src/lib/api/http.js'
import {applyOperation} from '../../../../src/lib/converge/apply.js'
import type {Clients} from '../../../../src/lib/converge/current.js'
import {DEFAULT_POLL_SCHEDULE} from '../../../../src/lib/converge/poll.js'
import type {RunContext} from '../../../../src/lib/converge/run-context.js'

import type {LogDrain} from '../../../../src/lib/api/heroku-api.js'
import type {CurrentStage, CurrentState} from '../../../../src/lib/converge/current.js'
import {type DesiredStage, resolveDrains} from '../../../../src/lib/converge/desired.js'
import {planBootstrap} from '../../../../src/lib/converge/plan.js'
import {renderPlan} from '../../../../src/lib/converge/render.js'
import {drainHasCredentials, exportDrains} from '../../../../src/lib/converge/resources/drains.js'
import {parsePipelineFile} from '../../../../src/lib/manifest/index.js'
import {liveStage} from '../../verify/fixture.js'

const KEY = 'f00dfeedbeefcafe0123456789abcdef'
const DD = `https://http-intake.logs.datadoghq.com/api/v2/logs?dd-api-key=${KEY}&ddsource=heroku`

function stage(name: 'production' | 'staging', drains: string[]): DesiredStage {
  return {
    name,
    app: `shop-${name}`,
    buildpacks: [],
    addons: [],
    config: {},
    env: {},
    formation: {},
    preboot: false,
    domains: [],
    acm: false,
    drains,
  } as unknown as DesiredStage
}

const empty = (): CurrentStage => ({access: 'missing', buildpacks: [], addons: [], config: {}, owned: new Map(), formation: [], domains: [], drains: []})

describe('drains with credentials (issue 9)', () => {
  it('a query-string key never appears in the plan, its rendering or its JSON', () => {
    const current = {
      account: {id: 'u', email: 'dev@example.com'},
      pipelines: [],
      stages: {staging: empty(), production: empty()},
      github: {token: undefined},
      reviewConfig: {},
    } as unknown as CurrentState
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

  it('${NAME} drains: heroku-kit.yml accepts them; the URL comes from the stage config file, else the environment', () => {
    const file = parsePipelineFile('pipeline: shop\nstages:\n  staging:\n    drains:\n      - ${LOG_DRAIN_URL}\n', 'heroku-kit.yml')
    expect(file.stages.staging.drains).to.deep.equal(['${LOG_DRAIN_URL}'])
    expect(resolveDrains('staging', ['${LOG_DRAIN_URL}'], {LOG_DRAIN_URL: DD}, {LOG_DRAIN_URL: 'https://other.example.com/'})).to.deep.equal({
      drains: [DD],
      unresolvedDrains: [],
    })
    expect(resolveDrains('staging', ['${LOG_DRAIN_URL}'], {}, {LOG_DRAIN_URL: DD})).to.deep.equal({drains: [DD], unresolvedDrains: []})
    expect(resolveDrains('staging', ['${LOG_DRAIN_URL}', 'syslog+tls://l.example.com:6514'], {}, {})).to.deep.equal({
      drains: ['syslog+tls://l.example.com:6514'],
      unresolvedDrains: ['LOG_DRAIN_URL'],
    })
    let message = ''
    try {
      resolveDrains('staging', ['${LOG_DRAIN_URL}'], {LOG_DRAIN_URL: `http://logs.example.com/?k=${KEY}`}, {})
    } catch (error) {
      message = (error as Error).message
    }

    expect(message)
      .to.match(/stages\.staging\.drains: \$\{LOG_DRAIN_URL\} .*unencrypted/)
      .and.not.include(KEY)
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
  before(() => nock.disableNetConnect())
  after(() => {
    nock.cleanAll()
    nock.enableNetConnect()
  })
  afterEach(() => {
    const pending = nock.pendingMocks()
    nock.cleanAll()
    expect(pending, 'unused mocks').to.deep.equal([])
  })

  const URL = 'syslog+tls://logs.example.net:6514'
  const op = {kind: 'add-drain', app: 'shop-prod', url: URL} as const
  const desired = {pipeline: 'shop', reviewConfig: {}, stages: []}
  function run(): {clients: Clients; ctx: RunContext} {
    const http = new HttpClient({urls: resolveServiceUrls({}), token: 't', userAgent: 'heroku-kit/test', retry: {maxRetries: 0}})
    return {
      clients: {heroku: new HerokuApi(http)} as Clients,
      ctx: {appIds: {}, poll: DEFAULT_POLL_SCHEDULE, addonTimeoutMs: 1000, sleep: async () => {}, generated: []},
    }
  }

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
