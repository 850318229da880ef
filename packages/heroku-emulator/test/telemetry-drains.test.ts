import {expect} from 'chai'

import {type Emulator, startEmulator} from '../src/index.js'
import {client} from './client.js'

const EXPORTER = {endpoint: 'https://otel.example.com/v1', headers: {'x-api-key': 'secret-1'}, type: 'otlphttp'}

describe('emulator: telemetry drains', () => {
  let emulator: Emulator
  let call: ReturnType<typeof client>
  let firAppId: string
  let spaceId: string

  beforeEach(async () => {
    emulator = await startEmulator({timings: 'instant', seed: 23})
    call = client(emulator)
    spaceId = emulator.state.createSpace('acme-fir', {generation: 'fir', team: 'acme'}).id
    firAppId = emulator.state.createApp({name: 'fir-app', space: 'acme-fir'}).id
    emulator.state.createApp({name: 'cedar-app'})
  })
  afterEach(() => emulator.close())

  it('creates, lists, reads, updates and deletes an app’s drain', async () => {
    const created = await call(
      'POST',
      '/telemetry-drains',
      {exporter: EXPORTER, owner: {id: firAppId, type: 'app'}, signals: ['traces', 'logs']},
      {variant: 'sdk'},
    )
    expect(created.status).to.equal(201)
    expect(created.body).to.deep.include({exporter: EXPORTER, owner: {id: firAppId, type: 'app'}, signals: ['traces', 'logs']})
    const {id} = created.body
    expect((await call('GET', '/apps/fir-app/telemetry-drains', undefined, {variant: 'sdk'})).body.map((d: {id: string}) => d.id)).to.deep.equal([id])
    expect((await call('GET', `/telemetry-drains/${id}`)).body.exporter.endpoint).to.equal(EXPORTER.endpoint)
    // a PATCH may send part of the exporter (telemetry:update --endpoint): the rest stays
    const updated = await call('PATCH', `/telemetry-drains/${id}`, {exporter: {endpoint: 'https://otel.example.com/v2'}, signals: ['metrics']})
    expect(updated.body.exporter).to.deep.equal({...EXPORTER, endpoint: 'https://otel.example.com/v2'})
    expect(updated.body.signals).to.deep.equal(['metrics'])
    expect((await call('DELETE', `/telemetry-drains/${id}`)).status).to.equal(200)
    expect((await call('GET', `/telemetry-drains/${id}`)).status).to.equal(404)
    expect((await call('GET', '/apps/fir-app/telemetry-drains')).body).to.deep.equal([])
  })

  it('drains of a space are listed by the space', async () => {
    const created = await call('POST', '/telemetry-drains', {exporter: {...EXPORTER, type: 'otlp'}, owner: {id: spaceId, type: 'space'}, signals: ['logs']})
    expect(created.status).to.equal(201)
    expect((await call('GET', '/spaces/acme-fir/telemetry-drains')).body.map((d: {id: string}) => d.id)).to.deep.equal([created.body.id])
    expect((await call('GET', '/apps/fir-app/telemetry-drains')).body).to.deep.equal([])
    const snapshot = emulator.state.snapshot({ids: false})
    expect(snapshot.telemetryDrains).to.deep.equal([
      {endpoint: EXPORTER.endpoint, headers: EXPORTER.headers, owner: {name: 'acme-fir', type: 'space'}, signals: ['logs'], type: 'otlp'},
    ])
    expect(snapshot.spaces).to.deep.equal([{generation: 'fir', name: 'acme-fir', team: 'acme'}])
  })

  it('refuses a Cedar app, an owner named by name, bad signals, exporters and a repeated endpoint', async () => {
    const cedarId = emulator.state.findApp('cedar-app')!.id
    const cedar = await call('POST', '/telemetry-drains', {exporter: EXPORTER, owner: {id: cedarId, type: 'app'}, signals: ['logs']})
    expect(cedar.status).to.equal(422)
    expect(cedar.body.message).to.include('Fir')
    const owner = {id: firAppId, type: 'app'}
    expect((await call('POST', '/telemetry-drains', {exporter: EXPORTER, owner: {id: 'fir-app', type: 'app'}, signals: ['logs']})).status).to.equal(422)
    expect((await call('POST', '/telemetry-drains', {exporter: EXPORTER, owner, signals: []})).status).to.equal(422)
    expect((await call('POST', '/telemetry-drains', {exporter: EXPORTER, owner, signals: ['events']})).status).to.equal(422)
    expect((await call('POST', '/telemetry-drains', {exporter: {...EXPORTER, type: 'splunk'}, owner, signals: ['logs']})).status).to.equal(422)
    expect((await call('POST', '/telemetry-drains', {exporter: {type: 'otlp'}, owner, signals: ['logs']})).status).to.equal(422)
    expect((await call('POST', '/telemetry-drains', {exporter: {...EXPORTER, headers: {'bad header': 'x'}}, owner, signals: ['logs']})).status).to.equal(422)
    expect((await call('POST', '/telemetry-drains', {exporter: EXPORTER, owner, signals: ['logs']})).status).to.equal(201)
    expect((await call('POST', '/telemetry-drains', {exporter: EXPORTER, owner, signals: ['traces']})).status).to.equal(422)
    expect(emulator.state.telemetryDrains.size).to.equal(1)
  })

  it('404s unknown drains; another team’s drains are out of reach; deleting the app takes its drains', async () => {
    expect((await call('GET', '/telemetry-drains/01234567-89ab-cdef-0123-456789abcdef')).status).to.equal(404)
    const created = await call('POST', '/telemetry-drains', {exporter: EXPORTER, owner: {id: firAppId, type: 'app'}, signals: ['logs']})
    emulator.state.findTeam('acme')!.memberIds = []
    expect((await call('GET', `/telemetry-drains/${created.body.id}`)).status).to.equal(403)
    expect((await call('DELETE', `/telemetry-drains/${created.body.id}`)).status).to.equal(403)
    emulator.state.deleteApp(emulator.state.findApp('fir-app')!)
    expect(emulator.state.telemetryDrains.size).to.equal(0)
  })
})
