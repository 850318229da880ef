import {expect} from 'chai'

import {mergeAppJson, mergeProcfile, procfileTypes} from '../../../src/lib/init/merge.js'

describe('kit:init merge', () => {
  it('procfileTypes: process types and commands, comments and malformed lines skipped, first one wins', () => {
    expect([...procfileTypes('# c\nweb: a  \r\nnot a line\nworker:b\nweb: c\n')]).to.deep.equal([
      ['web', 'a'],
      ['worker', 'b'],
    ])
  })

  it('mergeProcfile: keeps every existing line, appends only missing types, reports a type it would write differently', () => {
    const result = mergeProcfile('web: npm start', 'web: node server.js\nworker: node worker.js\nrelease: npm run migrate\n')
    expect(result.content).to.equal('web: npm start\nworker: node worker.js\nrelease: npm run migrate\n')
    expect(result.added).to.deep.equal(['Procfile worker: node worker.js', 'Procfile release: npm run migrate'])
    expect(result.kept).to.deep.equal(['Procfile web: kept `npm start` (kit:init would run `node server.js`)'])
    expect(mergeProcfile(result.content, 'web: node server.js\nrelease: npm run migrate\n').content).to.equal(result.content)
  })

  it('mergeAppJson: adds missing keys and entries, keeps every existing value, and is idempotent', () => {
    const existing =
      JSON.stringify(
        {
          name: 'mine',
          env: {A: 'x', B: {value: '1'}},
          addons: ['heroku-postgresql'],
          formation: {web: {quantity: 3}},
          environments: {test: {scripts: {test: 'make test'}}},
        },
        null,
        2,
      ) + '\n'
    const generated = JSON.stringify({
      name: 'kit',
      description: 'd',
      env: {B: {value: '2', description: 'b'}, C: {generator: 'secret'}},
      formation: {web: {quantity: 1, size: 'basic'}, worker: {quantity: 1, size: 'basic'}},
      addons: [{plan: 'heroku-postgresql:essential-0', as: 'DATABASE'}, {plan: 'papertrail:choklad'}],
      environments: {review: {addons: ['heroku-postgresql:essential-0']}, test: {scripts: {test: 'npm test'}}},
    })
    const result = mergeAppJson(existing, generated)!
    const merged = JSON.parse(result.content)
    expect(merged).to.deep.equal({
      name: 'mine',
      env: {A: 'x', B: {value: '1'}, C: {generator: 'secret'}},
      addons: ['heroku-postgresql', {plan: 'papertrail:choklad'}],
      formation: {web: {quantity: 3}, worker: {quantity: 1, size: 'basic'}},
      environments: {test: {scripts: {test: 'make test'}}, review: {addons: ['heroku-postgresql:essential-0']}},
      description: 'd',
    })
    expect(result.added).to.deep.equal([
      'app.json description',
      'app.json env.C',
      'app.json formation.worker',
      'app.json addons: papertrail',
      'app.json environments.review',
    ])
    expect(result.kept).to.deep.equal([
      'app.json name: kept "mine" (kit:init would set "kit")',
      'app.json env.B: kept {"value":"1"} (kit:init would set {"value":"2"})',
      'app.json formation.web: kept {"quantity":3} (kit:init would set {"quantity":1,"size":"basic"})',
      'app.json addons: kept "heroku-postgresql" (kit:init would declare {"plan":"heroku-postgresql:essential-0","as":"DATABASE"})',
      'app.json environments.test.scripts.test: kept "make test" (kit:init would set "npm test")',
    ])
    const again = mergeAppJson(result.content, generated)!
    expect(again.content).to.equal(result.content)
    expect(again.added).to.deep.equal([])
  })

  it('mergeAppJson: nothing missing leaves the text byte for byte; not a JSON object cannot be merged', () => {
    const text = '{"name":"a",   "env": {}}'
    expect(mergeAppJson(text, '{"name":"b","env":{}}')!.content).to.equal(text)
    expect(mergeAppJson('[1]', '{}')).to.equal(undefined)
    expect(mergeAppJson('{"a":1,}', '{}')).to.equal(undefined)
  })
})
