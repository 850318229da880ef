import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {Ajv} from 'ajv'
import {expect} from 'chai'

import {buildpackPinProblem, checkAppJson, loadAppJson, parseAppJson} from '../../../src/lib/manifest/app-json.js'
import type {AppJson} from '../../../src/lib/manifest/types.js'
import {readSchema} from '../../support/schemas.js'
import {expectIssues, fixture, FIXTURES, issuesOf, rejectsWith} from './helpers.js'

describe('manifest: app.json', () => {
  describe('parseAppJson', () => {
    it('reads the reference app.json', () => {
      const appJson = parseAppJson(fixture('reference', 'app.json'), 'app.json')
      expect(appJson.file).to.equal('app.json')
      expect(appJson.name).to.equal('shop')
      expect(appJson.stack).to.equal('heroku-24')
      expect(appJson.env.NODE_ENV).to.deep.equal({description: 'Node environment', required: true, value: 'production'})
      expect(appJson.env.LOG_LEVEL).to.include({required: false, value: 'info'})
      expect(appJson.env.SESSION_SECRET).to.deep.equal({description: 'Signs session cookies; a random value per app', generator: 'secret', required: true})
      expect(appJson.env.STRIPE_SECRET_KEY.required, 'required defaults to true').to.equal(true)
      expect(appJson.env.STRIPE_SECRET_KEY.value).to.equal(undefined)
      expect(appJson.addons).to.deep.equal([
        {as: 'DATABASE', plan: 'heroku-postgresql:essential-0', service: 'heroku-postgresql'},
        {as: 'REDIS', plan: 'heroku-redis:mini', service: 'heroku-redis'},
        {plan: 'papertrail:choklad', service: 'papertrail'},
        {plan: 'newrelic:wayne', service: 'newrelic'},
      ])
      expect(appJson.buildpacks).to.deep.equal(['heroku/nodejs'])
      expect(appJson.formation).to.deep.equal({web: {quantity: 1, size: 'standard-1x'}, worker: {quantity: 1, size: 'standard-1x'}})
      expect(appJson.scripts).to.deep.equal({postdeploy: 'npm run db:seed'})
      expect(appJson.environments.review?.env).to.deep.equal({LOG_LEVEL: {required: true, value: 'debug'}, REVIEW_APP: {required: true, value: 'true'}})
      expect(appJson.environments.review?.addons?.map(a => a.plan)).to.deep.equal(['heroku-postgresql:essential-0', 'heroku-redis:mini'])
      expect(appJson.environments.review?.formation).to.deep.equal({web: {quantity: 1, size: 'basic'}, worker: {quantity: 1, size: 'basic'}})
      expect(appJson.environments.test).to.deep.equal({env: {NODE_ENV: {required: true, value: 'test'}}, scripts: {test: 'npm test'}})
      expect(appJson.raw.keywords).to.deep.equal(['node', 'express', 'postgres', 'redis'])
    })

    it("accepts Heroku's documented forms: env string shorthand, bare add-on services, options, script objects", () => {
      const appJson = parseAppJson(fixture('app-json', 'good', 'shorthand.json'), 'app.json')
      expect(appJson.env.NODE_ENV).to.deep.equal({required: true, value: 'production'})
      expect(appJson.env.EMPTY).to.deep.equal({required: true, value: ''})
      expect(appJson.env.WEB_CONCURRENCY).to.deep.equal({description: 'The number of processes to run.', required: true, value: '5'})
      expect(appJson.env.OPTIONAL_FLAG).to.deep.equal({required: false})
      expect(appJson.addons).to.deep.equal([
        {plan: 'openredis', service: 'openredis'},
        {as: 'MONGO', plan: 'mongolab:shared-single-small', service: 'mongolab'},
        {options: {version: '16'}, plan: 'heroku-postgresql', service: 'heroku-postgresql'},
      ])
      expect(appJson.buildpacks).to.deep.equal(['https://github.com/stomita/heroku-buildpack-phantomjs#v1.2.0'])
      expect(appJson.scripts).to.deep.equal({postdeploy: 'bundle exec rake bootstrap', 'pr-predestroy': 'bundle exec rake cleanup'})
      expect(appJson.environments).to.deep.equal({test: {env: {}, scripts: {test: 'bundle exec rake test'}}})
    })

    it('gives an empty object its defaults', () => {
      const appJson = parseAppJson(fixture('app-json', 'good', 'minimal.json'), 'app.json')
      expect(appJson).to.deep.equal({addons: [], buildpacks: [], env: {}, environments: {}, file: 'app.json', formation: {}, raw: {}, scripts: {}})
    })

    it('runs one dyno when a formation entry has a size but no quantity (as Heroku CI app.json files do)', () => {
      expect(parseAppJson('{"formation": {"test": {"size": "performance-l"}}}', 'app.json').formation).to.deep.equal({
        test: {quantity: 1, size: 'performance-l'},
      })
    })

    it('counts lines the same with CRLF line endings and a byte-order mark', () => {
      const text = '\uFEFF{\r\n  "env": {\r\n    "A": "1",\r\n    "B": {"generator": "uuid"}\r\n  }\r\n}\r\n'
      expectIssues(
        issuesOf(() => parseAppJson(text, 'app.json')),
        [['app.json:4', 'env.B.generator must be "secret"']],
      )
    })

    it('keeps a "__proto__" key as data', () => {
      const appJson = parseAppJson('{"env": {"__proto__": "x"}}', 'app.json')
      expect(Object.keys(appJson.env)).to.deep.equal(['__proto__'])
      expect(Object.getPrototypeOf(appJson.raw.env)).to.equal(Object.prototype)
    })

    const bad: Array<{file: string; issues: Array<[string, string]>}> = [
      {file: 'syntax-trailing-comma.json', issues: [['app.json:4', 'invalid JSON at column 13: trailing comma before "}"']]},
      {
        file: 'syntax-missing-comma.json',
        issues: [
          [
            'app.json:3',
            'invalid JSON at column 3: expected "," or "}" after the value of "name" but found a string; is a comma missing at the end of line 2?',
          ],
        ],
      },
      {file: 'syntax-comment.json', issues: [['app.json:2', 'invalid JSON at column 3: JSON does not allow comments']]},
      {file: 'syntax-single-quotes.json', issues: [['app.json:2', 'invalid JSON at column 11: JSON strings need double quotes']]},
      {
        file: 'syntax-unclosed.json',
        issues: [
          ['app.json:5', 'invalid JSON at column 1: expected "," or "}" after the value of "A" but found the end of the file; a closing "}" is missing'],
        ],
      },
      {file: 'syntax-unquoted-key.json', issues: [['app.json:2', 'invalid JSON at column 3: object keys must be quoted with double quotes']]},
      {file: 'empty.json', issues: [['app.json:1', 'app.json is empty']]},
      {file: 'not-an-object.json', issues: [['app.json:1', 'app.json must be a JSON object ({...}), not a list']]},
      {file: 'generator.json', issues: [['app.json:7', 'env.SECRET_KEY.generator must be "secret" (the only generator Heroku has), not the string "random"']]},
      {
        file: 'env-number.json',
        issues: [['app.json:4', 'env.WEB_CONCURRENCY must be a string or an object, not the number 2; quote it: "WEB_CONCURRENCY": "2"']],
      },
      {file: 'env-required-string.json', issues: [['app.json:5', 'env.SENTRY_DSN.required must be true or false (without quotes), not the string "false"']]},
      {file: 'env-unknown-key.json', issues: [['app.json:4', 'env.SENTRY_DSN.requried is not a known env key; did you mean required?']]},
      {file: 'addons-not-a-list.json', issues: [['app.json:3', 'addons must be a list of add-on plans']]},
      {file: 'addon-without-plan.json', issues: [['app.json:4', 'addons[1] has no plan; add "plan": "service:plan"']]},
      {file: 'buildpack-string.json', issues: [['app.json:4', 'buildpacks[1] must be an object: write {"url": "heroku/nodejs"}']]},
      {file: 'formation-quantity-string.json', issues: [['app.json:5', 'formation.web.quantity must be a whole number of dynos, not the string "2"']]},
      {file: 'duplicate-key.json', issues: [['app.json:5', 'env.NODE_ENV is declared twice (lines 3 and 5)']]},
      {
        file: 'review-env.json',
        issues: [['app.json:5', 'environments.review.env.REVIEW_APP must be a string or an object, not true; quote it: "REVIEW_APP": "true"']],
      },
      {
        file: 'several.json',
        issues: [
          ['app.json:2', 'name must be a string, not the number 42'],
          ['app.json:4', 'env.A.value must be a string, not the number 1; quote it: "value": "1"'],
          ['app.json:5', 'env.B.generator must be "secret"'],
          ['app.json:8', 'formation.web.quantity must be a whole number of dynos, not the number 1.5'],
        ],
      },
    ]
    for (const {file, issues} of bad) {
      it(`rejects bad/${file} at the right line`, () => {
        const error = issuesOf(() => parseAppJson(fixture('app-json', 'bad', file), 'app.json'))
        expectIssues(error, issues)
        expect(error.code).to.equal('invalid_app_json')
        expect(error.issues.every(issue => issue.file === 'app.json')).to.equal(true)
      })
    }
  })

  describe('checkAppJson', () => {
    it('finds nothing to say about the reference app.json', () => {
      expect(checkAppJson(parseAppJson(fixture('reference', 'app.json'), 'app.json'))).to.deep.equal([])
    })

    it('flags committed secrets, unpinned buildpacks, bad sizes and plans, with key paths and lines', () => {
      const checks = checkAppJson(parseAppJson(fixture('app-json', 'checks', 'risky.json'), 'app.json'))
      const expected: Array<[string, number, string, string]> = [
        ['warn', 3, 'stack', 'stack heroku-20 has reached end of life; use heroku-24'],
        ['warn', 4, 'addon', 'addon is not an app.json key, so Heroku ignores it; did you mean addons?'],
        ['warn', 6, 'env.API_TOKEN.value', 'env.API_TOKEN looks like a secret committed in app.json; use "generator": "secret"'],
        ['warn', 8, 'env.SESSION_SECRET.value', 'has both a value and "generator": "secret"'],
        ['warn', 14, 'buildpacks[1].url', 'use the curated release "heroku/python"'],
        [
          'warn',
          15,
          'buildpacks[2].url',
          'is not pinned, so every build may get a different buildpack; pin a release tag: https://github.com/acme/buildpack-tools#<tag>',
        ],
        ['warn', 16, 'buildpacks[3].url', 'follows the branch "main"'],
        ['warn', 18, 'buildpacks[5].url', 'heroku-community/apt is a buildpack registry name, so every build uses its newest version'],
        ['error', 21, 'formation.web.quantity', 'formation.web.quantity is -1; use 0 or more dynos'],
        ['error', 21, 'formation.web.size', '"standard-3x" is not a Heroku dyno size; did you mean standard-1x?'],
        ['error', 22, 'formation.worker.quantity', 'eco dynos run at most 1 per process type'],
        ['error', 23, 'formation.clock.size', '"hobby" is not offered any more'],
        ['error', 24, 'formation["bad type"]', '"bad type" is not a valid process type name'],
        ['error', 27, 'addons[0]', '"Heroku Postgres" is not an add-on plan: write service[:plan]'],
        ['error', 29, 'addons[2]', 'heroku-redis is already declared at addons[1]; give one of them its own "as" attachment name'],
        [
          'error',
          30,
          'addons[3].as',
          '"papertrail" is not a valid attachment name; use uppercase letters, digits and "_", starting with a letter (e.g. "PAPERTRAIL")',
        ],
        ['warn', 34, 'scripts.predeploy', 'scripts.predeploy is not run by Heroku (only postdeploy and pr-predestroy are)'],
        ['warn', 37, 'environments.staging', 'set the staging app in heroku-kit.yml (stages.staging)'],
        ['warn', 39, 'environments.review.env.ADMIN_PASSWORD.value', 'looks like a secret committed in app.json'],
        ['warn', 40, 'environments.review.buildpack', 'did you mean buildpacks?'],
      ]
      expect(checks.map(c => [c.level, c.line, c.path])).to.deep.equal(expected.map(([level, line, keyPath]) => [level, line, keyPath]))
      for (const [index, [, , , fragment]] of expected.entries()) expect(checks[index].message).to.include(fragment)
      // public keys and empty values are not secrets
      expect(checks.some(c => c.path.includes('STRIPE_PUBLISHABLE_KEY') || c.path.includes('DB_PASSWORD'))).to.equal(false)
    })

    it('works on an AppJson built in code (no lines then)', () => {
      const appJson: AppJson = {
        addons: [],
        buildpacks: [],
        env: {GITHUB_TOKEN: {required: true, value: 'ghp_x'}},
        environments: {},
        file: 'app.json',
        formation: {},
        raw: {},
        scripts: {},
      }
      expect(checkAppJson(appJson)).to.deep.equal([
        {
          level: 'warn',
          message:
            'env.GITHUB_TOKEN looks like a secret committed in app.json; use "generator": "secret" for a random value, or drop the value and set it per app (kit:config:sync)',
          path: 'env.GITHUB_TOKEN.value',
        },
      ])
    })

    it('knows pinned from unpinned buildpacks', () => {
      const pinned = [
        'heroku/nodejs',
        'heroku/python',
        'https://github.com/acme/bp#v1.2.3',
        'https://github.com/acme/bp.git#0f1e2d3c',
        'https://buildpacks.example.com/bp-1.2.3.tgz',
      ]
      for (const url of pinned) expect(buildpackPinProblem(url), url).to.equal(undefined)
      const unpinned = [
        'https://github.com/acme/bp',
        'https://github.com/acme/bp.git',
        'https://github.com/acme/bp#master',
        'heroku-community/apt',
        'https://github.com/heroku/heroku-buildpack-nodejs',
      ]
      for (const url of unpinned) expect(buildpackPinProblem(url), url).to.be.a('string')
    })
  })

  describe('loadAppJson', () => {
    it('reads app.json from a directory and is undefined without one', async () => {
      expect((await loadAppJson(path.join(FIXTURES, 'reference')))?.name).to.equal('shop')
      expect(await loadAppJson(await mkdtemp(path.join(tmpdir(), 'kit-manifest-')))).to.equal(undefined)
    })

    it('refuses App.json: Heroku only reads app.json', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'kit-manifest-'))
      await writeFile(path.join(dir, 'App.json'), '{}')
      const error = await rejectsWith(loadAppJson(dir))
      expect(error.message).to.equal('Found App.json but not app.json: Heroku only reads a file named exactly app.json.')
      expect(error.suggestion).to.equal('Rename it: git mv App.json app.json')
    })
  })

  describe('compared with the third-party app.json JSON schema (vendored in test/fixtures/schemas)', () => {
    let validate: ReturnType<Ajv['compile']>

    before(() => {
      const ajv = new Ajv({allErrors: true, strict: false, validateFormats: false})
      validate = ajv.compile(readSchema('appJson') as object)
    })

    it('accepts the object-form app.json files we accept', () => {
      for (const file of [
        ['reference', 'app.json'],
        ['app-json', 'good', 'minimal.json'],
      ]) {
        const text = fixture(...file)
        parseAppJson(text, 'app.json')
        expect(validate(JSON.parse(text)), `${file.join('/')}: ${JSON.stringify(validate.errors)}`).to.equal(true)
      }
    })

    it('wrongly rejects the env string shorthand, which Heroku documents and we accept', () => {
      const text = '{"env": {"NODE_ENV": "production"}}'
      expect(parseAppJson(text, 'app.json').env.NODE_ENV).to.deep.equal({required: true, value: 'production'})
      expect(validate(JSON.parse(text))).to.equal(false)
    })
  })
})
