import {expect} from 'chai'
import nock from 'nock'

import type {TelemetryDrain} from '../../../../src/lib/api/heroku-api.js'
import {applyOperation} from '../../../../src/lib/converge/apply.js'
import type {DesiredState} from '../../../../src/lib/converge/desired.js'
import {planBootstrap} from '../../../../src/lib/converge/plan.js'
import {desiredStageOf, emptyCurrentStage, emptyDesiredStage} from '../../../../src/lib/converge/registry.js'
import {renderPlan} from '../../../../src/lib/converge/render.js'
import type {PlanOptions} from '../../../../src/lib/converge/resource.js'
import {type DesiredTelemetryExporter, exportTelemetry, readTelemetry} from '../../../../src/lib/converge/resources/telemetry.js'
import {FileIssuesError} from '../../../../src/lib/errors.js'
import {parsePipelineFile} from '../../../../src/lib/manifest/index.js'
import {app, currentState, liveStage} from '../../verify/fixture.js'
import {applierRun, useStrictNock} from '../../../support/applier.js'

const KEY = 'hcaik_01HZX4QWERTY0123456789abcdef'
const ENDPOINT = 'https://api.honeycomb.io'
const FIR = {generation: {id: 'fir-id', name: 'fir'}}

function issues(text: string): string[] {
  try {
    parsePipelineFile(text, 'heroku-kit.yml')
  } catch (error) {
    if (error instanceof FileIssuesError) return error.issues.map(i => `${i.line}: ${i.message}`)
    throw error
  }

  return []
}

function drain(overrides: Partial<TelemetryDrain> = {}, exporter: Partial<TelemetryDrain['exporter']> = {}): TelemetryDrain {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    owner: {id: 'shop-id', type: 'app'},
    signals: ['traces', 'metrics', 'logs'],
    exporter: {type: 'otlphttp', endpoint: ENDPOINT, headers: {'x-honeycomb-team': KEY}, ...exporter},
    created_at: '2026-12-01T10:00:00Z',
    ...overrides,
  }
}

const exporter = (overrides: Partial<DesiredTelemetryExporter> = {}): DesiredTelemetryExporter => ({
  endpoint: ENDPOINT,
  type: 'otlphttp',
  signals: ['traces', 'metrics', 'logs'],
  headers: {'x-honeycomb-team': KEY},
  ...overrides,
})

function desiredWith(telemetry: DesiredTelemetryExporter[]): DesiredState {
  return {
    pipeline: 'shop',
    reviewConfig: {},
    stages: [emptyDesiredStage('staging', 'shop-staging'), emptyDesiredStage('production', 'shop', {telemetry})],
  }
}

/** The telemetry steps of a plan for production declaring `telemetry`, its app (Fir unless `cedar`) running `live`. */
function plan(telemetry: DesiredTelemetryExporter[], live: TelemetryDrain[], options: PlanOptions & {cedar?: boolean} = {}) {
  const production = liveStage('production', {app: app('shop', options.cedar ? {} : FIR), telemetry: live})
  // a pipeline's apps run on one generation (a mixed pipeline is a plan error of its own)
  const staging = liveStage('staging', {app: app('shop-staging', options.cedar ? {} : FIR)})
  const current = currentState({staging, production})
  const result = planBootstrap(desiredWith(telemetry), current, options)
  return {errors: result.errors, steps: result.steps.filter(s => s.resource === 'telemetry'), all: result}
}

describe('resource: telemetry drains (Fir, issue 23)', () => {
  describe('heroku-kit.yml', () => {
    it('reads exporters: endpoint, transport (default http), signals (default all three, as telemetry:add), headers', () => {
      const file = parsePipelineFile(
        [
          'pipeline: shop',
          'stages:',
          '  production:',
          '    telemetry:',
          '      - endpoint: https://api.honeycomb.io',
          '        headers: {x-honeycomb-team: "${HONEYCOMB_KEY}", x-honeycomb-dataset: shop}',
          '      - {endpoint: "https://otel.example.com:4317", transport: grpc, signals: [logs, traces]}',
          '',
        ].join('\n'),
        'heroku-kit.yml',
      )
      expect(file.stages.production.telemetry).to.deep.equal([
        {
          endpoint: 'https://api.honeycomb.io',
          transport: 'http',
          signals: ['traces', 'metrics', 'logs'],
          headers: {'x-honeycomb-team': '${HONEYCOMB_KEY}', 'x-honeycomb-dataset': 'shop'},
        },
        {endpoint: 'https://otel.example.com:4317', transport: 'grpc', signals: ['traces', 'logs'], headers: {}},
      ])
      expect(file.stages.staging.telemetry).to.deep.equal([])
    })

    it('problems are reported at their line, naming the key and what to write', () => {
      expect(
        issues(
          [
            'pipeline: shop',
            'stages:',
            '  production:',
            '    telemetry:',
            '      - endpoint: http://otel.example.com',
            '      - endpoint: https://otel.example.com',
            '        transport: udp',
            '      - endpoint: https://otel.example.com',
            '        signals: [logs, events]',
            '      - endpoint: https://otel.example.com',
            '        headers: {"bad header": x}',
            '      - endpoint: https://otel.example.com',
            '        headers: {authorization: "${HEROKU_API_KEY}"}',
            '      - endpoint: https://otel.example.com',
            '        protocol: grpc',
            '      - endpoint: https://otel.example.com',
            '      - https://otel.example.com',
            '',
          ].join('\n'),
        ),
      ).to.deep.equal([
        '5: stages.production.telemetry[0].endpoint must be an https:// URL (telemetry is sent encrypted), not http://',
        '7: stages.production.telemetry[1].transport must be http or grpc (as heroku telemetry:add --transport), not the string "udp"',
        '9: stages.production.telemetry[2].signals[1]: the string "events" is not a signal; use traces, metrics, logs',
        '11: stages.production.telemetry[3].headers["bad header"]: "bad header" is not a header name Heroku accepts (letters, digits, - and _, at most 100)',
        '13: stages.production.telemetry[4].headers.authorization: ${HEROKU_API_KEY} names a credential of the CLI or the CI runner; a reference never reads those (heroku-kit.yml is committed, and a drain sends its URL to Heroku)',
        '15: stages.production.telemetry[5].protocol is not a known telemetry exporter key; known keys: endpoint, transport, signals, headers',
        '16: stages.production.telemetry[6].endpoint: https://otel.example.com is declared twice; keep one exporter per endpoint',
        '17: stages.production.telemetry[7] must be a mapping like {endpoint: https://otel.example.com, transport: http}, not the string "https://otel.example.com"',
      ])
    })
  })

  describe('desired state', () => {
    const declared = (headers: Record<string, string>) => {
      const stage = parsePipelineFile('pipeline: shop\n', 'heroku-kit.yml').stages.production
      stage.config = '.env.production'
      stage.telemetry = [{endpoint: ENDPOINT, transport: 'grpc', signals: ['logs'], headers}]
      return stage
    }

    it('resolves ${NAME} headers from the stage config file; their values go to the redactor and never become config vars', () => {
      const desired = desiredStageOf(declared({'x-honeycomb-team': '${HONEYCOMB_KEY}', 'x-honeycomb-dataset': 'shop'}), {
        configVars: {HONEYCOMB_KEY: KEY, NODE_ENV: 'production'},
        envReferences: [],
        env: {HONEYCOMB_KEY: 'from-the-environment-not-listed'},
      })
      expect(desired.telemetry).to.deep.equal([
        {endpoint: ENDPOINT, type: 'otlp', signals: ['logs'], headers: {'x-honeycomb-team': KEY, 'x-honeycomb-dataset': 'shop'}},
      ])
      expect(desired.referencedValues).to.deep.equal([KEY])
      expect(desired.unresolvedTelemetry).to.deep.equal([])
      expect(desired.config).to.deep.equal({NODE_ENV: 'production'})
    })

    it('a ${NAME} found nowhere leaves the exporter unresolved (named, never a value); the environment only for env_references', () => {
      const unlisted = desiredStageOf(declared({'x-honeycomb-team': '${HONEYCOMB_KEY}'}), {configVars: {}, envReferences: [], env: {HONEYCOMB_KEY: KEY}})
      expect(unlisted.telemetry[0].unresolved?.map(u => u.name)).to.deep.equal(['HONEYCOMB_KEY'])
      expect(unlisted.unresolvedTelemetry?.[0].why).to.include('env_references in heroku-kit.yml does not list it').and.not.include(KEY)
      const listed = desiredStageOf(declared({'x-honeycomb-team': '${HONEYCOMB_KEY}'}), {
        configVars: {},
        envReferences: ['HONEYCOMB_KEY'],
        env: {HONEYCOMB_KEY: KEY},
      })
      expect(listed.telemetry[0].headers).to.deep.equal({'x-honeycomb-team': KEY})
    })

    it("drains' and telemetry headers' referenced values are both kept for the redactor", () => {
      const stage = declared({'x-honeycomb-team': '${HONEYCOMB_KEY}'})
      stage.drains = ['${LOG_DRAIN_URL}']
      const desired = desiredStageOf(stage, {
        configVars: {HONEYCOMB_KEY: KEY, LOG_DRAIN_URL: 'https://logs.example.com/drain/Abc123Def456Ghi789'},
        envReferences: [],
        env: {},
      })
      expect(desired.referencedValues).to.have.members([KEY, 'https://logs.example.com/drain/Abc123Def456Ghi789'])
    })

    it('a token in an endpoint (path or query) goes to the redactor too', () => {
      const stage = declared({})
      stage.telemetry[0].endpoint = 'https://otel.example.com/v1/traces?api-key=qwerty-0123456789'
      expect(desiredStageOf(stage, {configVars: {}, envReferences: [], env: {}}).referencedValues).to.include('qwerty-0123456789')
    })
  })

  describe('plan', () => {
    it('telemetry: on a Cedar stage is a plan error naming the key; nothing is planned for it', () => {
      const {errors, steps} = plan([exporter()], [], {cedar: true})
      expect(steps).to.deep.equal([])
      expect(errors).to.have.length(1)
      expect(errors[0]).to.match(/^stages\.production\.telemetry: telemetry drains are for Fir apps only/)
    })

    it('creates a missing drain; a drain as declared is unchanged', () => {
      const created = plan([exporter()], [])
      expect(created.errors).to.deep.equal([])
      expect(created.steps.map(s => [s.action, s.summary, s.operation])).to.deep.equal([
        [
          'create',
          'add telemetry drain https://api.honeycomb.io (http: traces, metrics, logs)',
          {kind: 'create-telemetry-drain', stage: 'production', app: 'shop', endpoint: ENDPOINT},
        ],
      ])
      expect(plan([exporter()], [drain()]).steps.map(s => s.action)).to.deep.equal(['unchanged'])
      // one URL written two ways is one drain (whether Heroku normalises endpoints is unverified)
      expect(plan([exporter()], [drain({}, {endpoint: 'https://API.honeycomb.io/'})]).steps.map(s => s.action)).to.deep.equal(['unchanged'])
      // signals in another order are the same signals
      expect(plan([exporter()], [drain({signals: ['logs', 'traces', 'metrics']})]).steps.map(s => s.action)).to.deep.equal(['unchanged'])
    })

    it('the same endpoint with other signals, transport or headers is changed in place; no header value is shown', () => {
      const {steps, all} = plan(
        [exporter({type: 'otlp', signals: ['logs']})],
        [drain({}, {headers: {'x-honeycomb-team': 'old-key-0123456789', 'x-old': 'gone-value'}})],
      )
      expect(steps.map(s => [s.action, s.summary, s.details, s.operation])).to.deep.equal([
        [
          'change',
          'change telemetry drain https://api.honeycomb.io',
          ['transport: http → grpc', 'signals: traces, metrics, logs → logs', 'headers (values not shown): ~x-honeycomb-team -x-old'],
          {kind: 'update-telemetry-drain', stage: 'production', app: 'shop', endpoint: ENDPOINT, drainId: drain().id},
        ],
      ])
      const shown = [...renderPlan(all, {pipeline: 'shop', staging: 'shop-staging', production: 'shop'}), JSON.stringify(all.steps)].join('\n')
      expect(shown).to.not.include(KEY).and.not.include('old-key-0123456789').and.not.include('gone-value')
    })

    it('live headers Heroku does not return are not compared (no change planned on every run)', () => {
      expect(plan([exporter()], [drain({}, {headers: undefined})]).steps.map(s => s.action)).to.deep.equal(['unchanged'])
    })

    it('an undeclared drain is drift, never removed; --prune-telemetry removes it', () => {
      const other = drain({id: '22222222-2222-4222-8222-222222222222'}, {endpoint: 'https://otel.other.example.com/v1'})
      const drift = plan([exporter()], [drain(), other])
      expect(drift.steps.map(s => [s.action, s.summary, s.operation])).to.deep.equal([
        ['unchanged', 'telemetry drain https://api.honeycomb.io (traces, metrics, logs)', undefined],
        ['drift', 'telemetry drain https://otel.other.example.com/v1 is not in heroku-kit.yml', undefined],
      ])
      expect(drift.steps[1].details?.[0]).to.include('kit:bootstrap --prune-telemetry').and.include(`heroku telemetry:remove ${other.id}`)
      const pruned = plan([exporter()], [drain(), other], {pruneTelemetry: true})
      expect(pruned.steps[1].operation).to.deep.equal({kind: 'remove-telemetry-drain', app: 'shop', endpoint: other.exporter.endpoint, drainId: other.id})
      expect(pruned.steps[1].action).to.equal('change')
    })

    it('an exporter whose header is found nowhere is a step for the user, and its live drain is neither changed nor removed', () => {
      const unresolved = exporter({headers: {}, unresolved: [{name: 'HONEYCOMB_KEY', why: '${HONEYCOMB_KEY} is not a key of .env.production'}]})
      const {steps} = plan([unresolved], [drain()], {pruneTelemetry: true})
      expect(steps.map(s => [s.action, s.operation])).to.deep.equal([['manual', undefined]])
      expect(steps[0].details?.[0]).to.include('HONEYCOMB_KEY=…')
    })

    it('a Cedar pipeline declaring no telemetry plans nothing for it', () => {
      const {errors, steps} = plan([], [], {cedar: true})
      expect([errors, steps]).to.deep.equal([[], []])
    })
  })

  describe('read', () => {
    useStrictNock()

    it("reads the drains of a Fir app and of its space only (a Cedar app costs no request); each list keeps its owner's", async () => {
      const {clients} = applierRun()
      expect(await readTelemetry({clients, app: app('shop'), withGithub: false})).to.deep.equal({})
      const ofSpace = drain({id: '33333333-3333-4333-8333-333333333333', owner: {id: 'space-id', type: 'space'}})
      nock('https://api.heroku.com').get('/apps/shop/telemetry-drains').reply(200, [drain(), ofSpace])
      expect(await readTelemetry({clients, app: app('shop', FIR), withGithub: false})).to.deep.equal({telemetry: [drain()]})
      nock('https://api.heroku.com').get('/apps/shop/telemetry-drains').reply(200, [drain()])
      nock('https://api.heroku.com').get('/spaces/shop-fir/telemetry-drains').reply(200, [ofSpace])
      const inSpace = app('shop', {...FIR, space: {id: 'space-id', name: 'shop-fir'}} as never)
      expect(await readTelemetry({clients, app: inSpace, withGithub: false})).to.deep.equal({telemetry: [drain()], spaceTelemetry: [ofSpace]})
    })
  })

  describe('apply', () => {
    useStrictNock()
    const api = () => nock('https://api.heroku.com')
    const body = {signals: ['traces', 'metrics', 'logs'], exporter: {type: 'otlphttp', endpoint: ENDPOINT, headers: {'x-honeycomb-team': KEY}}}
    const create = {kind: 'create-telemetry-drain', stage: 'production', app: 'shop', endpoint: ENDPOINT} as const

    it('create: re-reads, POSTs with the app as owner and the resolved headers, then re-reads', async () => {
      const {clients, ctx} = applierRun()
      ctx.appIds.production = 'shop-id'
      api().get('/apps/shop/telemetry-drains').reply(200, [])
      api()
        .post('/telemetry-drains', {owner: {id: 'shop-id', type: 'app'}, ...body})
        .reply(201, drain())
      api().get('/apps/shop/telemetry-drains').reply(200, [drain()])
      await applyOperation(create, clients, ctx, desiredWith([exporter()]))
    })

    it('create: a drain another run added a moment before is adopted (and brought to the declaration), never duplicated', async () => {
      const {clients, ctx} = applierRun()
      api()
        .get('/apps/shop/telemetry-drains')
        .reply(200, [drain({signals: ['logs']})])
      api().patch(`/telemetry-drains/${drain().id}`, body).reply(200, drain())
      await applyOperation(create, clients, ctx, desiredWith([exporter()]))
    })

    it('create: when two runs both created one, the newer is removed by the run that made it', async () => {
      const {clients, ctx} = applierRun()
      ctx.appIds.production = 'shop-id'
      const mine = drain({id: '44444444-4444-4444-8444-444444444444', created_at: '2026-12-01T10:00:01Z'})
      api().get('/apps/shop/telemetry-drains').reply(200, [])
      api().post('/telemetry-drains').reply(201, mine)
      api().get('/apps/shop/telemetry-drains').reply(200, [mine, drain()])
      api().delete(`/telemetry-drains/${mine.id}`).reply(200, mine)
      await applyOperation(create, clients, ctx, desiredWith([exporter()]))
    })

    it('update sends the whole exporter and the signals; remove deletes (already gone is fine)', async () => {
      const {clients, ctx} = applierRun()
      api().patch(`/telemetry-drains/${drain().id}`, body).reply(200, drain())
      await applyOperation(
        {kind: 'update-telemetry-drain', stage: 'production', app: 'shop', endpoint: ENDPOINT, drainId: drain().id},
        clients,
        ctx,
        desiredWith([exporter()]),
      )
      api().delete(`/telemetry-drains/${drain().id}`).reply(404, {id: 'not_found', message: "Couldn't find that telemetry drain."})
      await applyOperation({kind: 'remove-telemetry-drain', app: 'shop', endpoint: ENDPOINT, drainId: drain().id}, clients, ctx, desiredWith([]))
    })
  })

  describe('kit:import', () => {
    it('writes the drains with defaults left out and every header value as a ${NAME} whose value goes to the dotenv file', () => {
      const grpc = drain(
        {signals: ['logs', 'traces']},
        {type: 'otlp', endpoint: 'https://otel.example.com:4317', headers: {'x-honeycomb-team': 'other-team-key', 'x-api-key': 'k2-0123456789abcdef'}},
      )
      // listed in any order, written by endpoint: the file and the names stay the same from one import to the next
      const current = liveStage('production', {app: app('shop', FIR), telemetry: [grpc, drain()]})
      current.config.TELEMETRY_X_HONEYCOMB_TEAM = 'a config var of that name'
      const exported = exportTelemetry({name: 'production', current, attachments: []})
      expect(exported.fields).to.deep.equal({
        telemetry: [
          {endpoint: ENDPOINT, headers: {'x-honeycomb-team': '${TELEMETRY_X_HONEYCOMB_TEAM_2}'}},
          {
            endpoint: 'https://otel.example.com:4317',
            transport: 'grpc',
            signals: ['traces', 'logs'],
            headers: {'x-api-key': '${TELEMETRY_X_API_KEY}', 'x-honeycomb-team': '${TELEMETRY_X_HONEYCOMB_TEAM_3}'},
          },
        ],
      })
      expect(exported.secrets).to.deep.equal({
        TELEMETRY_X_HONEYCOMB_TEAM_2: KEY,
        TELEMETRY_X_API_KEY: 'k2-0123456789abcdef',
        TELEMETRY_X_HONEYCOMB_TEAM_3: 'other-team-key',
      })
      expect(JSON.stringify(exported.fields)).to.not.include(KEY)
      expect(exported.unmanaged).to.deep.equal([])
      const space = drain({owner: {id: 'space-id', type: 'space'}}, {endpoint: 'https://otel.space.example.com'})
      const inSpace = liveStage('production', {app: app('shop', {...FIR, space: {id: 'space-id', name: 'shop-fir'}} as never), spaceTelemetry: [space]})
      expect(exportTelemetry({name: 'production', current: inSpace, attachments: []}).unmanaged).to.deep.equal([
        {
          scope: 'production',
          what: 'telemetry drain https://otel.space.example.com of the space shop-fir',
          why: "a space drain serves every app of the space; heroku-kit.yml declares the app's own",
        },
      ])
      // a stage without telemetry drains (every Cedar stage) gets no telemetry key
      expect(exportTelemetry({name: 'staging', current: emptyCurrentStage('ok', app('shop-staging')), attachments: []}).fields).to.deep.equal({
        telemetry: undefined,
      })
    })

    it('what import writes reads back as the same drains: the plan is unchanged', () => {
      const current = liveStage('production', {app: app('shop', FIR), telemetry: [drain()]})
      const exported = exportTelemetry({name: 'production', current, attachments: []})
      const yaml = `pipeline: shop\nstages:\n  production:\n    config: .env.production\n    telemetry: ${JSON.stringify(exported.fields.telemetry)}\n`
      const stage = parsePipelineFile(yaml, 'heroku-kit.yml').stages.production
      const desired = desiredStageOf(stage, {configVars: exported.secrets!, envReferences: [], env: {}})
      expect(plan(desired.telemetry, [drain()]).steps.map(s => s.action)).to.deep.equal(['unchanged'])
    })
  })
})
