import {expect} from 'chai'

import {HerokuApi} from '../../../src/lib/api/heroku-api.js'
import {resolveServiceUrls} from '../../../src/lib/api/hosts.js'
import {HttpClient} from '../../../src/lib/api/http.js'
import {generationOf} from '../../../src/lib/generation.js'
import {releaseArtifact} from '../../../src/lib/release-artifact.js'
import {contractViolations} from '../../support/contract.js'
import {emulatorEnv} from '../../support/heroku-cli.js'
import {type Emulator, startEmulator} from 'heroku-emulator'

describe('HerokuApi: generations, spaces and telemetry drains (reads)', () => {
  let emulator: Emulator
  let heroku: HerokuApi

  beforeEach(async () => {
    emulator = await startEmulator({timings: 'instant'})
    const env = emulatorEnv(emulator.url)
    heroku = new HerokuApi(new HttpClient({urls: resolveServiceUrls(env), token: env.HEROKU_API_KEY!, userAgent: 'test', retry: {maxRetries: 0}}))
    emulator.state.createSpace('acme-fir', {generation: 'fir', team: 'acme'})
    emulator.state.createSpace('acme-cedar', {team: 'acme'})
  })
  afterEach(() => emulator.close())

  it('reads spaces and their generation; an unknown space is undefined', async () => {
    const space = await heroku.findSpace('acme-fir')
    expect(space?.name).to.equal('acme-fir')
    expect(generationOf(space!)).to.equal('fir')
    expect((await heroku.listSpaces()).map(s => [s.name, generationOf(s)]).sort()).to.deep.equal([
      ['acme-cedar', 'cedar'],
      ['acme-fir', 'fir'],
    ])
    expect(await heroku.findSpace('nope')).to.equal(undefined)
  })

  it("reads generations with what they don't support (3.sdk), for a team too", async () => {
    emulator.state.unsupportedFeatures.fir = ['classic-buildpacks', 'preboot']
    expect((await heroku.findGeneration('fir'))?.unsupported_features).to.deep.equal(['classic-buildpacks', 'preboot'])
    expect((await heroku.findGeneration('cedar'))?.unsupported_features).to.deep.equal([])
    expect(await heroku.findGeneration('aspen')).to.equal(undefined)
    expect((await heroku.listGenerations()).map(g => g.name).sort()).to.deep.equal(['cedar', 'fir'])
    expect((await heroku.listTeamGenerations('acme')).find(g => g.name === 'fir')?.unsupported_features).to.include('preboot')
    const accepts = emulator.log.filter(e => e.path.includes('generations')).map(e => e.headers.accept)
    expect(new Set(accepts)).to.deep.equal(new Set(['application/vnd.heroku+json; version=3.sdk']))
  })

  it('reads the telemetry drains of an app, of a space, and one by id', async () => {
    const app = emulator.state.createApp({name: 'shop-staging', space: 'acme-fir'})
    const space = emulator.state.findSpace('acme-fir')!
    const now = emulator.state.now()
    const exporter = {endpoint: 'https://otel.example.com', headers: {'x-key': 'k'}, type: 'otlphttp' as const}
    emulator.state.telemetryDrains.set('01234567-89ab-cdef-0123-456789abcde1', {
      createdAt: now,
      exporter,
      id: '01234567-89ab-cdef-0123-456789abcde1',
      ownerId: app.id,
      ownerType: 'app',
      signals: ['logs'],
      updatedAt: now,
    })
    emulator.state.telemetryDrains.set('01234567-89ab-cdef-0123-456789abcde2', {
      createdAt: now,
      exporter: {...exporter, type: 'otlp'},
      id: '01234567-89ab-cdef-0123-456789abcde2',
      ownerId: space.id,
      ownerType: 'space',
      signals: ['traces', 'metrics'],
      updatedAt: now,
    })
    const appDrains = await heroku.listAppTelemetryDrains('shop-staging')
    expect(appDrains).to.have.length(1)
    expect(appDrains[0]).to.deep.include({exporter, owner: {id: app.id, type: 'app'}, signals: ['logs']})
    expect((await heroku.listSpaceTelemetryDrains('acme-fir')).map(d => d.id)).to.deep.equal(['01234567-89ab-cdef-0123-456789abcde2'])
    expect((await heroku.findTelemetryDrain('01234567-89ab-cdef-0123-456789abcde2'))?.exporter.type).to.equal('otlp')
    expect(await heroku.findTelemetryDrain('01234567-89ab-cdef-0123-456789abcdef')).to.equal(undefined)
  })

  it("an app's and a pipeline's generation are read from what the adapter returns", async () => {
    emulator.state.createApp({name: 'shop-staging', space: 'acme-fir'})
    emulator.state.createApp({name: 'plain-app'})
    expect(generationOf(await heroku.findApp('shop-staging'))).to.equal('fir')
    expect(generationOf(await heroku.findApp('plain-app'))).to.equal('cedar')
    const pipeline = emulator.state.createPipeline({generation: 'fir', name: 'shop', owner: emulator.state.findTeam('acme')})
    expect(generationOf(await heroku.findPipeline(pipeline.id))).to.equal('fir')
  })

  it("a Fir app's release, read through the adapter (plain v3), names the OCI image it runs", async () => {
    emulator.state.createApp({name: 'shop-staging', space: 'acme-fir'})
    const deployed = emulator.state.deploy('shop-staging', {processTypes: {web: 'npm start'}})
    const release = await heroku.latestRelease('shop-staging')
    expect(release?.slug).to.equal(null)
    expect(releaseArtifact(release)).to.deep.equal({id: deployed.slugId, type: 'oci-image'})
  })

  it('sends only requests the Platform API schema describes', async () => {
    emulator.state.createApp({name: 'shop-staging', space: 'acme-fir'})
    await heroku.findSpace('acme-fir')
    await heroku.listSpaces()
    await heroku.findGeneration('fir')
    await heroku.listGenerations()
    await heroku.listTeamGenerations('acme')
    await heroku.listAppTelemetryDrains('shop-staging')
    await heroku.listSpaceTelemetryDrains('acme-fir')
    await heroku.findTelemetryDrain('01234567-89ab-cdef-0123-456789abcdef')
    expect(emulator.log).to.have.length(8)
    expect(contractViolations(emulator.log)).to.deep.equal([])
  })
})
