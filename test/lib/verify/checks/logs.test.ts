import {expect} from 'chai'

import type {TelemetryDrain} from '../../../../src/lib/api/heroku-api.js'
import {app, evidence, liveStage} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('10. logs', () => {
    it('fails without a drain or logging add-on, and shows drain hosts only (no credentials)', async () => {
      const none = check(await evidence({live: {staging: {addons: [], drains: []}}}), 'logs', 'staging')
      expect(none.status).to.equal('fail')
      const drain = check(
        await evidence({live: {staging: {addons: [], drains: [{id: 'x', url: 'https://user:s3cret@logs.example.net/path?token=abc', addon: null} as never]}}}),
        'logs',
        'staging',
      )
      expect(drain.status).to.equal('pass')
      expect(drain.evidence.join('\n')).to.include('https://logs.example.net').and.not.include('s3cret').and.not.include('token=abc')
    })

    it('warns about a drain whose add-on is gone', async () => {
      const stage = liveStage('staging')
      const result = check(
        await evidence({live: {staging: {drains: [...stage.drains, {id: 'o', url: 'syslog://old.example:1', addon: {id: 'gone'}} as never]}}}),
        'logs',
        'staging',
      )
      expect(result.status).to.equal('warn')
    })

    describe('on a Fir app (issue 23): a telemetry drain carrying logs', () => {
      const fir = app('shop-staging', {generation: {id: 'fir-id', name: 'fir'}})
      const telemetry = (signals: TelemetryDrain['signals']): TelemetryDrain[] => [
        {
          id: 't',
          owner: {id: fir.id, type: 'app'},
          signals,
          exporter: {type: 'otlphttp', endpoint: 'https://otel.example.com/v1?key=k3y-s3cret', headers: {'x-api-key': 'hdr-s3cret-0123456789'}},
        },
      ]

      it('passes with the logs signal, showing the host only', async () => {
        const result = check(await evidence({live: {staging: {app: fir, addons: [], drains: [], telemetry: telemetry(['logs', 'traces'])}}}), 'logs', 'staging')
        expect(result.status).to.equal('pass')
        expect(result.evidence).to.deep.equal(['telemetry drain to https://otel.example.com (logs, traces)'])
      })

      it('fails when the drains carry traces or metrics only, and says to declare telemetry: with logs', async () => {
        const result = check(
          await evidence({live: {staging: {app: fir, addons: [], drains: [], telemetry: telemetry(['traces', 'metrics'])}}}),
          'logs',
          'staging',
        )
        expect(result.status).to.equal('fail')
        expect(result.evidence[0]).to.include('(Fir) has no telemetry drain carrying logs')
        const undeclared = check(
          await evidence({appJson: {}, live: {staging: {app: fir, addons: [], drains: [], telemetry: telemetry(['metrics'])}}}),
          'logs',
          'staging',
        )
        expect(undeclared.fix).to.include('stages.staging.telemetry')
      })

      it('warns when a declared exporter with logs is not on the app', async () => {
        const yml = 'pipeline: shop\nstages:\n  staging:\n    telemetry: [{endpoint: "https://otel.other.example.com", signals: [logs]}]\n'
        const result = check(
          await evidence({pipelineYml: yml, live: {staging: {app: fir, addons: [], drains: [], telemetry: telemetry(['logs'])}}}),
          'logs',
          'staging',
        )
        expect(result.status).to.equal('warn')
        expect(result.evidence[0]).to.equal('telemetry drain https://otel.other.example.com (logs) is declared in heroku-kit.yml but not on shop-staging')
      })

      it("passes on a drain of the app's space that carries logs", async () => {
        const inSpace = {...fir, space: {id: 'space-id', name: 'shop-fir'}} as typeof fir
        const spaceTelemetry = telemetry(['logs']).map(d => ({...d, owner: {id: 'space-id', type: 'space' as const}}))
        const result = check(await evidence({live: {staging: {app: inSpace, addons: [], drains: [], telemetry: [], spaceTelemetry}}}), 'logs', 'staging')
        expect([result.status, result.evidence]).to.deep.equal(['pass', ['telemetry drain of the space shop-fir to https://otel.example.com (logs)']])
      })

      it('is unknown when the telemetry drains were not read (fleet mode), rather than a false failure', async () => {
        const result = check(await evidence({live: {staging: {app: fir, addons: [], drains: [], telemetry: undefined}}}), 'logs', 'staging')
        expect(result.status).to.equal('unknown')
      })
    })
  })
})
