import {expect} from 'chai'

import {HerokuCli} from '../support/heroku-cli.js'
import {type Emulator, startEmulator} from 'heroku-emulator'

/**
 * The real Heroku CLI's Fir commands against the emulator: what they read (3.sdk string generations, OCI images,
 * telemetry drains) is there in the shape they read it, so the emulator's Fir model agrees with the CLI's code.
 */
describe('contract: the Heroku CLI on Fir apps against the emulator', function () {
  this.timeout(120_000)
  let cli: HerokuCli
  let emulator: Emulator

  before(async () => {
    cli = await HerokuCli.createUnlinked()
  })
  after(() => cli.dispose())
  beforeEach(async () => {
    emulator = await startEmulator({timings: 'instant'})
    emulator.state.createSpace('acme-fir', {generation: 'fir', team: 'acme'})
    emulator.state.createApp({name: 'shop-staging', space: 'acme-fir'})
  })
  afterEach(() => emulator.close())

  it('spaces --json shows the space with its generation', async () => {
    const result = await cli.run(['spaces', '--json'], emulator.url)
    expect(result.code, result.output).to.equal(0)
    const spaces = JSON.parse(result.stdout) as Array<{name: string; generation: unknown}>
    expect(spaces.map(space => [space.name, space.generation])).to.deep.equal([['acme-fir', 'fir']])
  })

  it('buildpacks of a Fir app come from its latest release’s OCI image, not from buildpack installations', async () => {
    emulator.state.deploy('shop-staging', {processTypes: {web: 'node server.js'}})
    const result = await cli.run(['buildpacks', '-a', 'shop-staging'], emulator.url)
    expect(result.code, result.output).to.equal(0)
    expect(result.stdout).to.include("Cloud Native Buildpack (from the latest release's OCI image)")
    expect(result.stdout).to.include('heroku/nodejs')
    expect(emulator.log.some(e => e.path.endsWith('/buildpack-installations'))).to.equal(false)
  })

  it('telemetry:add, telemetry and telemetry:update drive the telemetry-drain endpoints', async () => {
    const added = await cli.run(
      ['telemetry:add', 'https://otel.example.com/v1', '-a', 'shop-staging', '--signals', 'logs,traces', '--transport', 'grpc', '--headers', '{"x-key":"k"}'],
      emulator.url,
    )
    expect(added.code, added.output).to.equal(0)
    const [drain] = emulator.state.telemetryDrains.values()
    expect(drain).to.deep.include({exporter: {endpoint: 'https://otel.example.com/v1', headers: {'x-key': 'k'}, type: 'otlp'}, signals: ['logs', 'traces']})
    const listed = await cli.run(['telemetry', '-a', 'shop-staging'], emulator.url)
    expect(listed.code, listed.output).to.equal(0)
    expect(listed.stdout).to.include(drain.id)
    const updated = await cli.run(['telemetry:update', drain.id, '--endpoint', 'https://otel.example.com/v2'], emulator.url)
    expect(updated.code, updated.output).to.equal(0)
    expect(drain.exporter).to.deep.equal({endpoint: 'https://otel.example.com/v2', headers: {'x-key': 'k'}, type: 'otlp'})
  })

  it('ps:autoscale:enable on a Fir app: the CLI refuses it itself, from the app’s 3.sdk generation', async () => {
    emulator.state.deploy('shop-staging', {processTypes: {web: 'node server.js'}})
    const result = await cli.run(['ps:autoscale:enable', '-a', 'shop-staging', '--min', '1', '--max', '2'], emulator.url)
    expect(result.code).to.not.equal(0)
    expect(result.output).to.include('Autoscaling is unavailable for apps in this space.')
    expect(emulator.writes()).to.deep.equal([])
  })

  it('pipelines:create takes the generation of its first app', async () => {
    const result = await cli.run(['pipelines:create', 'shop', '-a', 'shop-staging', '--stage', 'staging', '-t', 'acme'], emulator.url)
    expect(result.code, result.output).to.equal(0)
    const [pipeline] = emulator.state.pipelines.values()
    expect(pipeline.generation).to.equal('fir')
    expect(emulator.state.pipelineCouplings(pipeline)).to.have.length(1)
  })
})
