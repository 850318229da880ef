import {expect} from 'chai'

import {type Emulator, startEmulator} from '../src/index.js'
import {client} from './client.js'

describe('emulator: config vars, add-ons and releases', () => {
  let emulator: Emulator
  let call: ReturnType<typeof client>

  beforeEach(async () => {
    emulator = await startEmulator({timings: 'instant', seed: 4})
    call = client(emulator)
    emulator.state.createApp({name: 'kit-app'})
  })
  afterEach(() => emulator.close())

  const releaseDescriptions = async (): Promise<string[]> => (await call('GET', '/apps/kit-app/releases')).body.map((r: {description: string}) => r.description)

  describe('config vars', () => {
    it('a PATCH that changes something creates one release and answers the full map', async () => {
      const res = await call('PATCH', '/apps/kit-app/config-vars', {A: '1', B: 'two words'})
      expect(res.status).to.equal(200)
      expect(res.body).to.deep.equal({A: '1', B: 'two words'})
      const removed = await call('PATCH', '/apps/kit-app/config-vars', {A: null, MISSING: null})
      expect(removed.body).to.deep.equal({B: 'two words'})
      expect((await releaseDescriptions()).slice(2)).to.deep.equal(['Set A, B config vars', 'Remove A config vars'])
    })

    it('a PATCH that changes nothing creates no release', async () => {
      await call('PATCH', '/apps/kit-app/config-vars', {A: '1'})
      await call('PATCH', '/apps/kit-app/config-vars', {A: '1', GONE: null})
      await call('PATCH', '/apps/kit-app/config-vars', {})
      expect(await releaseDescriptions()).to.have.length(3)
    })

    it('refuses bodies that are not objects of string|null with \\w+ keys', async () => {
      for (const body of [['A'], {'BAD-KEY': 'x'}, {A: 1}, {A: true}, {A: {}}]) {
        const res = await call('PATCH', '/apps/kit-app/config-vars', body)
        expect(res.status, JSON.stringify(body)).to.equal(422)
        expect(res.body.id).to.equal('invalid_params')
      }

      expect(await releaseDescriptions()).to.have.length(2)
    })

    it('refuses to set or remove config vars owned by an add-on attachment, listing them all', async () => {
      emulator.state.addAddon('kit-app', 'heroku-postgresql:essential-0')
      emulator.state.addAddon('kit-app', 'heroku-redis:mini')
      const res = await call('PATCH', '/apps/kit-app/config-vars', {DATABASE_URL: 'postgres://elsewhere', FOO: 'x', REDIS_URL: null})
      expect(res.status).to.equal(422)
      expect(res.body).to.deep.equal({id: 'invalid_params', message: 'Cannot overwrite attachment values DATABASE_URL, REDIS_URL'})
      expect((await call('GET', '/apps/kit-app/config-vars')).body).to.not.have.property('FOO')
    })
  })

  describe('add-ons', () => {
    it('every POST creates a new add-on: a second Postgres is attached as HEROKU_POSTGRESQL_<COLOR>', async () => {
      const body = {attachment: {}, config: {}, plan: {name: 'heroku-postgresql:essential-0'}}
      const first = await call('POST', '/apps/kit-app/addons', body, {headers: {'Accept-Expansion': 'plan'}})
      const second = await call('POST', '/apps/kit-app/addons', body)
      expect(first.status).to.equal(202)
      expect(first.body.state).to.equal('provisioning')
      expect(first.body.plan.price).to.deep.equal({cents: 500, contract: false, unit: 'month'})
      expect(first.body.config_vars).to.deep.equal(['DATABASE_URL'])
      expect(second.body.id).to.not.equal(first.body.id)
      expect(second.body.config_vars[0]).to.match(/^HEROKU_POSTGRESQL_[A-Z]+_URL$/)
      expect(second.body.plan).to.have.keys('id', 'name')
      const list = await call('GET', '/apps/kit-app/addons')
      expect(list.body).to.have.length(2)
    })

    it('async add-ons provision after addonProvisionPolls GETs; their config vars come in a new release', async () => {
      const created = await call('POST', '/apps/kit-app/addons', {plan: 'heroku-postgresql'})
      expect(created.body.plan.name).to.equal('heroku-postgresql:essential-0')
      expect((await call('GET', '/apps/kit-app/config-vars')).body).to.deep.equal({})
      expect((await call('GET', `/apps/kit-app/addons/${created.body.name}`)).body.state).to.equal('provisioning')
      expect((await call('GET', `/apps/kit-app/addons/${created.body.id}`)).body.state).to.equal('provisioned')
      expect((await call('GET', '/apps/kit-app/config-vars')).body.DATABASE_URL).to.match(/^postgres:\/\//)
      expect((await releaseDescriptions()).slice(2)).to.deep.equal([`Attach DATABASE (@ref:${created.body.name})`, 'Update DATABASE by heroku-postgresql'])
    })

    it('sync add-ons are provisioned at once; papertrail owns a log drain, scheduler has no config vars', async () => {
      const papertrail = await call('POST', '/apps/kit-app/addons', {plan: 'papertrail:choklad'})
      expect(papertrail.status).to.equal(201)
      expect(papertrail.body).to.include({state: 'provisioned'})
      expect(papertrail.body.config_vars).to.deep.equal(['PAPERTRAIL_API_TOKEN'])
      const relic = await call('POST', '/apps/kit-app/addons', {plan: 'newrelic:wayne'})
      expect(relic.body.config_vars).to.deep.equal(['NEW_RELIC_LICENSE_KEY', 'NEW_RELIC_LOG'])
      const scheduler = await call('POST', '/apps/kit-app/addons', {plan: 'scheduler:standard'})
      expect(scheduler.body.config_vars).to.deep.equal([])
      const sentry = await call('POST', '/apps/kit-app/addons', {plan: 'sentry:f1'})
      expect(sentry.body.config_vars).to.deep.equal(['SENTRY_DSN'])
      const vars = (await call('GET', '/apps/kit-app/config-vars')).body
      expect(Object.keys(vars)).to.deep.equal(['NEW_RELIC_LICENSE_KEY', 'NEW_RELIC_LOG', 'PAPERTRAIL_API_TOKEN', 'SENTRY_DSN'])
      const drains = [...emulator.state.drains.values()]
      expect(drains.map(d => d.addonId).sort()).to.deep.equal([papertrail.body.id, relic.body.id].sort())
    })

    it('refuses unknown plans and attachment names already used on the app', async () => {
      expect((await call('POST', '/apps/kit-app/addons', {plan: 'nope:nope'})).status).to.equal(422)
      expect((await call('POST', '/apps/kit-app/addons', {plan: 'heroku-postgresql:huge-9'})).status).to.equal(422)
      expect((await call('POST', '/apps/kit-app/addons', {})).status).to.equal(422)
      expect((await call('POST', '/apps/kit-app/addons', {attachment: {name: 'CACHE'}, plan: 'heroku-redis:mini'})).status).to.equal(202)
      const taken = await call('POST', '/apps/kit-app/addons', {attachment: {name: 'CACHE'}, plan: 'heroku-redis:mini'})
      expect(taken.status).to.equal(422)
      expect(taken.body.id).to.equal('invalid_params')
    })

    it('add-on names are globally unique and follow the pattern: a second create with a taken name creates nothing', async () => {
      emulator.state.createApp({name: 'other-app'})
      const first = await call('POST', '/apps/kit-app/addons', {name: 'kit-app-heroku-redis', plan: 'heroku-redis:mini'})
      expect(first.status).to.equal(202)
      expect(first.body.name).to.equal('kit-app-heroku-redis')
      const before = emulator.state.addons.size
      for (const app of ['kit-app', 'other-app']) {
        const again = await call('POST', `/apps/${app}/addons`, {name: 'kit-app-heroku-redis', plan: 'heroku-redis:mini'})
        expect(again.status, app).to.equal(422)
        expect(again.body).to.deep.equal({id: 'invalid_params', message: 'Name is already taken'})
      }

      expect((await call('POST', '/apps/kit-app/addons', {name: '9-lives', plan: 'heroku-redis:mini'})).status).to.equal(422)
      expect(emulator.state.addons.size).to.equal(before)
    })

    it('changes plans with PATCH and removes vars, attachments and drains with DELETE', async () => {
      const pg = emulator.state.addAddon('kit-app', 'heroku-postgresql:essential-0')
      const trail = emulator.state.addAddon('kit-app', 'papertrail:choklad')
      const upgraded = await call('PATCH', `/apps/kit-app/addons/${pg.id}`, {plan: {name: 'heroku-postgresql:standard-0'}})
      expect(upgraded.body.plan.name).to.equal('heroku-postgresql:standard-0')
      expect((await call('PATCH', `/apps/kit-app/addons/${pg.id}`, {plan: 'heroku-redis:mini'})).status).to.equal(422)
      const deleted = await call('DELETE', `/apps/kit-app/addons/${trail.name}`)
      expect(deleted.body.state).to.equal('deprovisioned')
      await call('DELETE', `/apps/kit-app/addons/${pg.id}`)
      expect((await call('GET', '/apps/kit-app/config-vars')).body).to.deep.equal({})
      expect(emulator.state.attachments.size).to.equal(0)
      expect(emulator.state.drains.size).to.equal(0)
      expect((await call('GET', `/apps/kit-app/addons/${pg.id}`)).status).to.equal(404)
      expect((await releaseDescriptions()).at(-1)).to.equal(`Detach DATABASE (@ref:${pg.name})`)
    })

    it('lists attachments (plan and config_vars only on Accept-Inclusion) and resolves them', async () => {
      const pg = emulator.state.addAddon('kit-app', 'heroku-postgresql:essential-0')
      const plain = await call('GET', '/apps/kit-app/addon-attachments')
      expect(plain.body[0]).to.include({name: 'DATABASE'})
      expect(plain.body[0].addon).to.deep.equal({app: {id: pg.appId, name: 'kit-app'}, id: pg.id, name: pg.name})
      expect(plain.body[0]).to.not.have.property('config_vars')
      const headers = {'Accept-Inclusion': 'addon:plan,config_vars'}
      const resolved = await call('POST', '/actions/addon-attachments/resolve', {addon_attachment: 'DATABASE_URL', app: 'kit-app'}, {headers, variant: 'sdk'})
      expect(resolved.status).to.equal(200)
      expect(resolved.body).to.have.length(1)
      expect(resolved.body[0].config_vars).to.deep.equal(['DATABASE_URL'])
      expect(resolved.body[0].addon.plan.name).to.equal('heroku-postgresql:essential-0')
      const none = await call('POST', '/actions/addon-attachments/resolve', {addon_attachment: 'REDIS_URL', app: 'kit-app'}, {variant: 'sdk'})
      expect(none.status).to.equal(404)
      expect((await call('GET', '/addons')).body.map((a: {id: string}) => a.id)).to.deep.equal([pg.id])
    })

    it('serves the catalog', async () => {
      const services = (await call('GET', '/addon-services')).body.map((s: {name: string}) => s.name)
      expect(services).to.include.members(['heroku-postgresql', 'heroku-redis', 'papertrail', 'newrelic', 'scheduler', 'sentry'])
      const plans = (await call('GET', '/addon-services/heroku-postgresql/plans')).body.map((p: {name: string}) => p.name)
      expect(plans).to.have.members([
        'heroku-postgresql:essential-0',
        'heroku-postgresql:essential-1',
        'heroku-postgresql:essential-2',
        'heroku-postgresql:standard-0',
        'heroku-postgresql:premium-0',
      ])
      expect((await call('GET', '/addon-services/nope/plans')).status).to.equal(404)
    })
  })

  describe('prices and OAuth scopes', () => {
    it("serves plan prices (metered only in the 3.sdk variant) and an add-on's billed price, a grandfathered one until the plan changes", async () => {
      const plain = await call('GET', '/addon-services/heroku-postgresql/plans')
      expect(plain.body.find((p: {name: string}) => p.name === 'heroku-postgresql:standard-0').price).to.deep.equal({
        cents: 5000,
        contract: false,
        unit: 'month',
      })
      const sdk = await call('GET', '/addon-services/heroku-postgresql/plans', undefined, {variant: 'sdk'})
      expect(sdk.body[0].price).to.have.property('metered', false)
      const created = await call('POST', '/apps/kit-app/addons', {plan: 'heroku-postgresql:standard-0'})
      emulator.state.addons.get(created.body.id)!.billedCents = 4000
      const listed = await call('GET', '/apps/kit-app/addons', undefined, {variant: 'sdk', headers: {'Accept-Expansion': 'plan'}})
      expect(listed.body[0].billed_price).to.deep.equal({cents: 4000, contract: false, unit: 'month'})
      expect(listed.body[0].plan.price).to.deep.equal({cents: 5000, contract: false, unit: 'month', metered: false})
      await call('PATCH', `/apps/kit-app/addons/${created.body.id}`, {plan: 'heroku-postgresql:premium-0'})
      expect((await call('GET', `/apps/kit-app/addons/${created.body.id}`)).body.billed_price.cents).to.equal(20_000)
      const sizes = await call('GET', '/dyno-sizes')
      expect(sizes.body.find((s: {name: string}) => s.name === 'standard-2x').cost).to.deep.equal({cents: 5000, unit: 'month'})
    })

    it('a token of scope read reads apps and add-ons, but neither config vars nor anything that writes', async () => {
      emulator.state.addReadScopeToken(emulator.state.defaultUser, 'read-only')
      expect((await call('GET', '/apps/kit-app', undefined, {token: 'read-only'})).status).to.equal(200)
      expect((await call('GET', '/apps/kit-app/addons', undefined, {token: 'read-only'})).status).to.equal(200)
      const config = await call('GET', '/apps/kit-app/config-vars', undefined, {token: 'read-only'})
      expect([config.status, config.body.id]).to.deep.equal([403, 'forbidden'])
      expect((await call('PATCH', '/apps/kit-app/formation', {updates: []}, {token: 'read-only'})).status).to.equal(403)
      expect((await call('GET', '/apps/kit-app/config-vars')).status).to.equal(200)
    })
  })
})
