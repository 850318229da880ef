import {expect} from 'chai'
import nock from 'nock'

import {applyOperation} from '../../../../src/lib/converge/apply.js'
import {ADDON_NAME_MAX, addonName} from '../../../../src/lib/converge/resources/addons.js'
import type {AddonDecl} from '../../../../src/lib/manifest/types.js'
import {applierRun, useStrictNock} from '../../../support/applier.js'

/** Heroku's pattern for an add-on name ([schema] add-on.name). */
const HEROKU_ADDON_NAME = /^[a-zA-Z][A-Za-z0-9_-]+$/

const decl = (plan: string, as?: string): AddonDecl => ({plan, service: plan.split(':')[0], ...(as ? {as} : {})})

describe('converge resource: addons (two runs at once, issue 18)', () => {
  describe('addonName: one name per declaration, the same in every run', () => {
    const stage = [decl('heroku-postgresql:essential-0', 'DATABASE'), decl('heroku-redis:mini'), decl('papertrail:choklad'), decl('scheduler:standard')]

    it('is the app name and the attachment name (or the service), and matches Heroku’s pattern', () => {
      expect(stage.map(a => addonName('shop-staging', a, stage))).to.deep.equal([
        'shop-staging-database',
        'shop-staging-heroku-redis',
        'shop-staging-papertrail',
        'shop-staging-scheduler',
      ])
      for (const a of stage) expect(addonName('shop-staging', a, stage)).to.match(HEROKU_ADDON_NAME)
    })

    it('keeps two apps apart and is the same from run to run', () => {
      const a = addonName('shop-staging', stage[1], stage)
      expect(addonName('shop-prod', stage[1], stage)).to.not.equal(a)
      expect(addonName('shop-staging', stage[1], [...stage].reverse())).to.equal(a)
    })

    it('gives declarations that would share a name each a hash of their own key', () => {
      const clash = [decl('heroku-redis:mini'), decl('heroku-redis:mini', 'HEROKU_REDIS')]
      const names = clash.map(a => addonName('shop', a, clash))
      expect(new Set(names).size).to.equal(2)
      for (const name of names) expect(name).to.match(/^shop-heroku-redis-[\da-f]{8}$/)
    })

    it(`stays within ${ADDON_NAME_MAX} characters for the longest app name and attachment names, unique and stable`, () => {
      const app = 'a-thirty-character-app-name-xy'
      const long = [
        decl('heroku-postgresql:essential-0', 'ANALYTICS_FOLLOWER_DATABASE_ONE'),
        decl('heroku-postgresql:essential-0', 'ANALYTICS_FOLLOWER_DATABASE_TWO'),
      ]
      const names = long.map(a => addonName(app, a, long))
      for (const name of names) {
        expect(name.length).to.be.at.most(ADDON_NAME_MAX)
        expect(name).to.match(HEROKU_ADDON_NAME)
      }

      expect(new Set(names).size).to.equal(2)
      expect(long.map(a => addonName(app, a, long))).to.deep.equal(names)
    })
  })

  describe('applying create-addon', () => {
    useStrictNock()

    const run = applierRun

    const op = {
      kind: 'create-addon',
      stage: 'staging',
      app: 'shop-staging',
      name: 'shop-staging-heroku-redis',
      plan: 'heroku-redis:mini',
      service: 'heroku-redis',
    } as const
    const desired = {pipeline: 'shop', reviewConfig: {}, stages: []}
    const theirs = {
      id: 'a-1',
      name: 'shop-staging-heroku-redis',
      state: 'provisioned',
      addon_service: {name: 'heroku-redis'},
      plan: {name: 'heroku-redis:mini'},
      app: {name: 'shop-staging'},
    }

    it('sends the name; "Name is already taken" → the add-on another run created is adopted, no second POST', async () => {
      nock('https://api.heroku.com')
        .post('/apps/shop-staging/addons', {plan: 'heroku-redis:mini', name: 'shop-staging-heroku-redis'})
        .reply(422, {id: 'invalid_params', message: 'Name is already taken'})
        .get('/apps/shop-staging/addons')
        .reply(200, [theirs])
      const {clients, ctx} = run()
      expect(await applyOperation(op, clients, ctx, desired)).to.deep.equal(['shop-staging: shop-staging-heroku-redis (heroku-redis:mini) provisioned'])
    })

    it('a name taken outside the app is an error that says so; nothing is created under another name', async () => {
      nock('https://api.heroku.com')
        .post('/apps/shop-staging/addons')
        .reply(422, {id: 'invalid_params', message: 'Name is already taken'})
        .get('/apps/shop-staging/addons')
        .reply(200, [])
      const {clients, ctx} = run()
      const error = await applyOperation(op, clients, ctx, desired).then(
        () => undefined,
        (error_: unknown) => error_ as Error & {suggestion?: string},
      )
      expect(error?.message).to.include('shop-staging-heroku-redis').and.include('has no such add-on')
      expect(error?.suggestion).to.include('never creates an add-on under another name')
    })

    it('an attachment name in use that Heroku answers with confirmation_required is re-read as well, never confirmed', async () => {
      const database = {...op, name: 'shop-staging-database', plan: 'heroku-postgresql:essential-0', service: 'heroku-postgresql', as: 'DATABASE'}
      nock('https://api.heroku.com')
        .post('/apps/shop-staging/addons', body => body.confirm === undefined && body.attachment.name === 'DATABASE')
        .reply(423, {id: 'confirmation_required', message: 'DATABASE is already attached to shop-staging.'})
        .get('/apps/shop-staging/addons')
        .reply(200, [
          {
            ...theirs,
            name: 'postgresql-curved-12345',
            addon_service: {name: 'heroku-postgresql'},
            plan: {name: 'heroku-postgresql:essential-0'},
            config_vars: ['DATABASE_URL'],
          },
        ])
      const {clients, ctx} = run()
      expect(await applyOperation(database, clients, ctx, desired)).to.deep.equal([
        'shop-staging: postgresql-curved-12345 (heroku-postgresql:essential-0) provisioned',
      ])
    })
  })
})
