import {expect} from 'chai'

import {countChanges, hasWrites, planConfigSync} from '../../../src/lib/config/plan.js'
import {renderConfigPlan} from '../../../src/lib/config/render.js'
import {ownedConfigVars} from '../../../src/lib/config/remote.js'

const none = new Map<string, string>()

describe('planConfigSync', () => {
  it('sends only the keys that change', () => {
    const plan = planConfigSync({local: {A: '1', B: 'two', C: '3'}, remote: {A: '1', B: 'old', D: 'x'}, owned: none, prune: false})
    expect(plan.patch).to.deep.equal({B: 'two', C: '3'})
    expect(countChanges(plan)).to.deep.equal({add: 1, change: 1, remove: 0, unchanged: 1})
    expect(plan.kept).to.deep.equal(['D'])
  })

  it('deletes remote keys absent from the file only with prune, and never add-on keys', () => {
    const owned = new Map([['DATABASE_URL', 'postgresql-x (attached as DATABASE)']])
    const remote = {A: '1', OLD: 'x', DATABASE_URL: 'postgres://u:p@h/db'}
    expect(planConfigSync({local: {A: '1'}, remote, owned, prune: false}).patch).to.deep.equal({})
    const pruned = planConfigSync({local: {A: '1'}, remote, owned, prune: true})
    expect(pruned.patch).to.deep.equal({OLD: null})
    expect(pruned.ownedKept).to.deep.equal(['DATABASE_URL'])
  })

  it('never prunes a key the file records as left out (#heroku-kit:left-out), and says why', () => {
    const remote = {A: '1', '1PASSWORD': 'x', OLD: 'y'}
    const plan = planConfigSync({local: {A: '1'}, remote, owned: none, prune: true, leftOut: ['1PASSWORD']})
    expect(plan.patch).to.deep.equal({OLD: null})
    expect(plan.leftOutKept).to.deep.equal(['1PASSWORD'])
    expect(renderConfigPlan(plan, {reveal: false, prune: true}).join('\n')).to.include(
      '1 key(s) left out of the sync are kept on Heroku (1PASSWORD); --prune never deletes it',
    )
  })

  it('issue 19.3: never prunes a key left out of the sync (a drain URL referenced as ${NAME}), and says so', () => {
    const remote = {A: '1', LOG_DRAIN_URL: 'https://logs.example.com/?k=v', OLD: 'x'}
    const plan = planConfigSync({local: {A: '1'}, remote, owned: none, prune: true, leftOut: ['LOG_DRAIN_URL']})
    expect(plan.patch).to.deep.equal({OLD: null})
    expect(plan.leftOutKept).to.deep.equal(['LOG_DRAIN_URL'])
    expect(renderConfigPlan(plan, {reveal: false, prune: true}).join('\n')).to.include(
      'left out of the sync are kept on Heroku (LOG_DRAIN_URL); --prune never deletes it',
    )
  })

  it('refuses a file that sets an add-on key to another value', () => {
    const owned = new Map([['DATABASE_URL', 'postgresql-x (attached as DATABASE)']])
    const plan = planConfigSync({local: {DATABASE_URL: 'postgres://local'}, remote: {DATABASE_URL: 'postgres://prod'}, owned, prune: false})
    expect(plan.conflicts).to.deep.equal([{key: 'DATABASE_URL', addon: 'postgresql-x (attached as DATABASE)'}])
    expect(plan.patch).to.deep.equal({})
  })

  it('generates app.json secrets once: only when the key is missing locally and remotely', () => {
    const env = {SECRET_KEY_BASE: {required: true, generator: 'secret' as const}, API_URL: {required: true}, OPTIONAL: {required: false}}
    let n = 0
    const generateSecret = () => `generated-${++n}`
    const fresh = planConfigSync({local: {A: '1'}, remote: {}, owned: none, prune: false, env, generateSecret})
    expect(fresh.patch).to.deep.equal({A: '1', SECRET_KEY_BASE: 'generated-1'})
    expect(fresh.missingRequired).to.deep.equal(['API_URL'])
    const again = planConfigSync({local: {A: '1'}, remote: {A: '1', SECRET_KEY_BASE: 'generated-1'}, owned: none, prune: true, env, generateSecret})
    expect(hasWrites(again), 'generated secrets are never pruned').to.equal(false)
    expect(again.generatedKept).to.deep.equal(['SECRET_KEY_BASE'])
  })

  it('renders a diff without values, and with them only when asked', () => {
    const local = {TOKEN: 'super-secret-value', NEW: 'brand-new-value'}
    const plan = planConfigSync({local, remote: {TOKEN: 'older-secret-value', GONE: 'x'}, owned: none, prune: true})
    const masked = renderConfigPlan(plan, {reveal: false, prune: true}).join('\n')
    expect(masked).to.include('~ TOKEN').and.include('+ NEW').and.include('- GONE').and.include('(18 chars, #')
    expect(masked).to.not.include('super-secret-value').and.not.include('older-secret-value').and.not.include('brand-new-value')
    expect(renderConfigPlan(plan, {reveal: true, prune: true}).join('\n')).to.include('"super-secret-value"')
  })
})

describe('ownedConfigVars', () => {
  it('uses the config var names an attachment lists, else its namespace', () => {
    const owned = ownedConfigVars(
      [
        {id: '1', name: 'DATABASE', addon: {id: 'a', name: 'postgresql-x', app: {}}, config_vars: ['DATABASE_URL']},
        {id: '2', name: 'REDIS', addon: {id: 'b', name: 'redis-y', app: {}}},
      ],
      {DATABASE_URL: 'x', REDIS_URL: 'y', REDIS_TLS_URL: 'z', REDISH: 'mine'},
    )
    expect([...owned.keys()].sort()).to.deep.equal(['DATABASE_URL', 'REDIS_TLS_URL', 'REDIS_URL'])
  })
})
