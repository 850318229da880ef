import {expect} from 'chai'
import {type Emulator, startEmulator} from 'heroku-emulator'

import {DataApi} from '../../../src/lib/api/data-api.js'
import {GithubIntegration} from '../../../src/lib/api/github-integration.js'
import {HerokuApi, type PipelineCoupling} from '../../../src/lib/api/heroku-api.js'
import {resolveServiceUrls} from '../../../src/lib/api/hosts.js'
import {HttpClient} from '../../../src/lib/api/http.js'
import {DECLARED_APP_FEATURES} from '../../../src/lib/converge/registry.js'
import {chooseStageApps, readLivePipeline} from '../../../src/lib/import/read.js'
import {emulatorEnv} from '../../support/heroku-cli.js'

const coupling = (app: string, stage: string): PipelineCoupling =>
  ({id: `${app}-c`, stage, app: {id: `${app}-id`, name: app}, pipeline: {id: 'p'}}) as PipelineCoupling

describe('kit:import: which apps become stages (chooseStageApps)', () => {
  it('declares one app per stage (the first by name) and lists the others, never drops them', () => {
    const {apps, unmanaged} = chooseStageApps([
      coupling('shop-prod-eu', 'production'),
      coupling('shop-prod', 'production'),
      coupling('shop-staging', 'staging'),
      coupling('shop-dev', 'development'),
      coupling('shop-pr-12', 'review'),
    ])
    expect(apps).to.deep.equal({production: 'shop-prod', staging: 'shop-staging'})
    expect(unmanaged.map(u => `${u.scope}: ${u.what}`)).to.deep.equal([
      'pipeline: app shop-dev at stage development',
      'pipeline: app shop-pr-12 at stage review',
      'production: second production app shop-prod-eu (shop-prod is the one declared)',
    ])
  })

  it('a partial pipeline has only the stages it has', () => {
    expect(chooseStageApps([coupling('solo', 'production')])).to.deep.equal({apps: {production: 'solo'}, unmanaged: []})
  })
})

describe('kit:import: what it lists as not declared comes from the registry', () => {
  let emulator: Emulator
  before(async () => {
    emulator = await startEmulator()
  })
  after(() => emulator.close())

  it('an enabled app feature is listed unless a resource declares it (registry DECLARED_APP_FEATURES)', async () => {
    const {state} = emulator
    const pipeline = state.createPipeline({name: 'shop'})
    const app = state.createApp({name: 'shop-prod'})
    state.couple(app, pipeline, 'production')
    const known = (await new HerokuApi(http()).listAppFeatures('shop-prod')).map(f => f.name)
    state.features.set(app.id, Object.fromEntries(known.map(name => [name, true])))
    const live = await readLivePipeline(clients(), {pipeline: 'shop'})
    const listed = live.unmanaged.flatMap(u => /^app feature (\S+) enabled$/.exec(u.what)?.[1] ?? [])
    expect(listed).to.deep.equal(known.filter(name => !DECLARED_APP_FEATURES.has(name)))
    expect(known.filter(name => DECLARED_APP_FEATURES.has(name))).to.include('preboot')
  })

  function http(): HttpClient {
    const env = emulatorEnv(emulator.url)
    return new HttpClient({urls: resolveServiceUrls(env), token: env.HEROKU_API_KEY, userAgent: 'test', retry: {maxRetries: 0}})
  }

  function clients() {
    const client = http()
    return {heroku: new HerokuApi(client), data: new DataApi(client), github: new GithubIntegration(client)}
  }
})
