import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'

import {emptyDeclaredStage} from '../../../../src/lib/converge/registry.js'
import {parseAppJson} from '../../../../src/lib/manifest/app-json.js'
import {loadPipelineFile, parsePipelineFile} from '../../../../src/lib/manifest/pipeline-file/parse.js'
import type {AppJson, PipelineFile} from '../../../../src/lib/manifest/types.js'
import {expectIssues, fixture, FIXTURES, issuesOf, rejectsWith} from '../helpers.js'

const referenceAppJson = (): AppJson => parseAppJson(fixture('reference', 'app.json'), 'app.json')

describe('manifest: heroku-kit.yml', () => {
  describe('parsePipelineFile', () => {
    it('reads the reference heroku-kit.yml, taking staging add-ons and formation from app.json', () => {
      const file = parsePipelineFile(fixture('reference', 'heroku-kit.yml'), 'heroku-kit.yml', referenceAppJson())
      const expected: PipelineFile = {
        file: 'heroku-kit.yml',
        healthPath: '/health',
        pipeline: 'shop',
        region: 'eu',
        repo: 'acme/shop',
        reviewApps: {automatic: true, destroyStale: true, staleDays: 5, waitForCi: true},
        stages: {
          production: emptyDeclaredStage('production', 'shop-prod', {
            acm: true,
            addons: [
              {as: 'DATABASE', plan: 'heroku-postgresql:standard-0', service: 'heroku-postgresql'},
              {as: 'REDIS', plan: 'heroku-redis:premium-0', service: 'heroku-redis'},
              {plan: 'papertrail:fixa', service: 'papertrail'},
              {plan: 'newrelic:wayne', service: 'newrelic'},
            ],
            app: 'shop-prod',
            backups: {hour: 2, timezone: 'Europe/Berlin'},
            config: '.env.production',
            domains: ['shop.example.com'],
            drains: ['syslog+tls://logs.example.net:6514'],
            formation: {web: {quantity: 2, size: 'standard-2x'}, worker: {quantity: 1, size: 'standard-1x'}},
            features: ['preboot'],
          }),
          staging: emptyDeclaredStage('staging', 'shop-staging', {
            addons: [
              {as: 'DATABASE', plan: 'heroku-postgresql:essential-0', service: 'heroku-postgresql'},
              {as: 'REDIS', plan: 'heroku-redis:mini', service: 'heroku-redis'},
              {plan: 'papertrail:choklad', service: 'papertrail'},
              {plan: 'newrelic:wayne', service: 'newrelic'},
            ],
            app: 'shop-staging',
            autoDeploy: 'main',
            config: '.env.staging',
            domains: [],
            drains: [],
            formation: {web: {quantity: 1, size: 'standard-1x'}, worker: {quantity: 1, size: 'standard-1x'}},
          }),
        },
      }
      expect(file).to.deep.equal(expected)
    })

    it('does not share objects with app.json (a stage can be changed without changing app.json)', () => {
      const appJson = referenceAppJson()
      const file = parsePipelineFile('pipeline: shop\n', 'heroku-kit.yml', appJson)
      file.stages.staging.formation.web.quantity = 5
      file.stages.production.addons.pop()
      expect(appJson.formation.web.quantity).to.equal(1)
      expect(appJson.addons).to.have.length(4)
    })

    it('fills in defaults for a file that only names the pipeline', () => {
      expect(parsePipelineFile(fixture('pipeline', 'good', 'minimal.yml'), 'heroku-kit.yml')).to.deep.equal({
        file: 'heroku-kit.yml',
        healthPath: '/health',
        pipeline: 'shop',
        stages: {
          // every resource's default is empty but the app names, preboot in production (by default) and staging's auto-deploy
          production: emptyDeclaredStage('production', 'shop-prod', {features: ['preboot'], featuresByDefault: ['preboot']}),
          staging: emptyDeclaredStage('staging', 'shop-staging', {autoDeploy: 'main'}),
        },
      })
    })

    it('takes a long pipeline name when both apps are named', () => {
      const file = parsePipelineFile(fixture('pipeline', 'good', 'explicit-apps.yml'), 'heroku-kit.yml')
      expect([file.pipeline, file.stages.staging.app, file.stages.production.app]).to.deep.equal(['acme-storefront-platform', 'acme-store-stg', 'acme-store'])
    })

    it('reads the optional settings', () => {
      const file = parsePipelineFile(fixture('pipeline', 'good', 'options.yml'), 'heroku-kit.yml')
      expect(file).to.include({healthPath: '/healthz?full=1', region: 'virginia', team: 'acme-inc'})
      expect(file.reviewApps, 'review_apps: true means the defaults').to.deep.equal({automatic: true, destroyStale: true, staleDays: 5, waitForCi: true})
      const {staging, production} = file.stages
      expect(staging.autoDeploy, 'auto_deploy: false').to.equal(undefined)
      expect(staging.acm).to.equal(false)
      expect(staging.features, 'preboot: true').to.deep.equal(['preboot'])
      expect(staging.domains, 'lowercased, without the final dot').to.deep.equal(['staging.shop.example.com'])
      expect(production.formation).to.deep.equal({web: {quantity: 3, size: 'Performance-M'}, worker: {quantity: 1, size: 'standard-2x'}})
      expect(production.addons).to.deep.equal([
        {plan: 'heroku-postgresql', service: 'heroku-postgresql'},
        {as: 'FOLLOWER_DATABASE', options: {version: '16'}, plan: 'heroku-postgresql:standard-0', service: 'heroku-postgresql'},
      ])
      expect(production.domains).to.deep.equal(['*.shop.example.com', 'shop.example.com'])
      expect(production.acm, 'default: on when there are domains').to.equal(true)
      expect(production.backups, 'the time zone may follow the hour').to.deep.equal({hour: 4, timezone: 'America/New_York'})
      expect(production.drains).to.deep.equal(['https://user:s3cret@logs.example.net/heroku?token=abc', 'syslog://logs.example.net:514'])
      expect(production.features, 'preboot: false').to.deep.equal([])
    })

    it('defaults the backup time zone to UTC and takes review_apps settings', () => {
      const file = parsePipelineFile(
        [
          'pipeline: shop',
          'review_apps:',
          '  automatic: false',
          '  stale_days: 30',
          'stages:',
          '  production:',
          '    addons: [heroku-postgresql:standard-0]',
          '    backups: {at: "23:00"}',
          '',
        ].join('\n'),
        'heroku-kit.yml',
      )
      expect(file.reviewApps).to.deep.equal({automatic: false, destroyStale: true, staleDays: 30, waitForCi: true})
      expect(file.stages.production.backups).to.deep.equal({hour: 23, timezone: 'UTC'})
    })

    it('treats `review_apps: false` and an empty stage as "not set"', () => {
      const file = parsePipelineFile('pipeline: shop\nreview_apps: false\nstages:\n  staging:\n  production: {}\n', 'heroku-kit.yml')
      expect(file.reviewApps).to.equal(undefined)
      expect(file.stages.staging.app).to.equal('shop-staging')
    })

    const bad: Array<{file: string; issues: Array<[string, string]>}> = [
      {file: 'unknown-key.yml', issues: [['heroku-kit.yml:2', 'helth_path is not a known heroku-kit.yml key; did you mean health_path?']]},
      {file: 'stage-unknown-key.yml', issues: [['heroku-kit.yml:4', 'stages.staging.auto_deploys is not a known stage key; did you mean auto_deploy?']]},
      {file: 'missing-pipeline.yml', issues: [['heroku-kit.yml:2', 'pipeline is required: add `pipeline: <name>`']]},
      {file: 'empty.yml', issues: [['heroku-kit.yml:1', 'heroku-kit.yml is empty; it needs at least `pipeline: <name>`']]},
      {file: 'not-a-mapping.yml', issues: [['heroku-kit.yml:1', 'heroku-kit.yml must be a mapping of keys (pipeline:, stages:, ...), not a list']]},
      {
        file: 'pipeline-invalid.yml',
        issues: [
          [
            'heroku-kit.yml:1',
            'pipeline: "My_Shop" is not a valid pipeline name: use 3 to 30 lowercase letters, digits and dashes, starting with a letter (e.g. "my-shop")',
          ],
        ],
      },
      {
        file: 'pipeline-too-long.yml',
        issues: [
          [
            'heroku-kit.yml:2',
            `pipeline "acme-storefront-platform" makes the default staging app name "acme-storefront-platform-staging" 32 characters long, over Heroku's 30; ` +
              `shorten the pipeline name to at most 22 characters, or set stages.staging.app`,
          ],
        ],
      },
      {
        file: 'production-auto-deploy.yml',
        issues: [
          [
            'heroku-kit.yml:4',
            'stages.production.auto_deploy: production never auto-deploys, it changes only by promotion from staging (heroku pipelines:promote); remove this ' +
              'key',
          ],
        ],
      },
      {
        file: 'unknown-stage.yml',
        issues: [['heroku-kit.yml:4', 'stages.prod is not a stage: a pipeline file declares staging and production (did you mean production?)']],
      },
      {
        file: 'review-stage.yml',
        issues: [['heroku-kit.yml:3', 'stages.review is not a stage: a pipeline file declares staging and production; review apps are set with review_apps:']],
      },
      {
        file: 'backups-half-hour.yml',
        issues: [['heroku-kit.yml:6', 'stages.production.backups.at: "02:30" is not on the hour; Heroku schedules backups on the hour only, so write "02:00"']],
      },
      {
        file: 'backups-timezone.yml',
        issues: [
          [
            'heroku-kit.yml:7',
            'stages.production.backups.timezone: "Europe/Berln" is not an IANA time zone name; write one such as UTC, Europe/Berlin or America/New_York (did ' +
              'you mean Europe/Berlin?)',
          ],
        ],
      },
      {file: 'backups-number.yml', issues: [['heroku-kit.yml:6', 'stages.production.backups.at must be a time of day "HH:00" in quotes, e.g. at: "02:00"']]},
      {
        file: 'backups-no-postgres.yml',
        issues: [
          [
            'heroku-kit.yml:6',
            'stages.production.backups: the production stage has no heroku-postgresql add-on to ' +
              'back up; add one to stages.production.addons or remove backups',
          ],
        ],
      },
      {
        file: 'domain-url.yml',
        issues: [
          ['heroku-kit.yml:6', 'stages.production.domains[1]: "https://www.shop.example.com/" is a URL; write only the ' + 'hostname: www.shop.example.com'],
        ],
      },
      {
        file: 'domain-twice.yml',
        issues: [
          ['heroku-kit.yml:4', 'stages.staging.domains[0]: shop.example.com is also a production domain; a hostname can ' + 'belong to only one Heroku app'],
        ],
      },
      {
        file: 'drain-http.yml',
        issues: [
          ['heroku-kit.yml:5', 'stages.production.drains[0]: http://•••@logs.example.net/drain sends logs unencrypted; use ' + 'https:// (or syslog+tls://)'],
        ],
      },
      {
        file: 'preboot-yes.yml',
        issues: [['heroku-kit.yml:4', 'stages.staging.preboot must be true or false, not the string "yes" (YAML 1.2 reads yes as ' + 'text; write true)']],
      },
      {
        file: 'stale-days.yml',
        issues: [['heroku-kit.yml:4', "review_apps.stale_days must be a whole number of days from 1 to 30 (Heroku's range), not the " + 'number 45']],
      },
      {file: 'repo-url.yml', issues: [['heroku-kit.yml:2', 'repo must be owner/name, not a URL: write `repo: acme/shop`']]},
      {file: 'app-invalid.yml', issues: [['heroku-kit.yml:4', 'stages.staging.app: "Shop_Staging" is not a valid Heroku app name']]},
      {file: 'same-app.yml', issues: [['heroku-kit.yml:6', 'stages.production.app is shop, the same app as staging; production and staging must be two apps']]},
      {file: 'duplicate-key.yml', issues: [['heroku-kit.yml:6', 'the key preboot appears twice in the same mapping; keep one']]},
      {file: 'tab-indent.yml', issues: [['heroku-kit.yml:3', 'YAML indentation must use spaces, not tabs']]},
      {
        file: 'formation-size.yml',
        issues: [
          ['heroku-kit.yml:5', 'stages.production.formation.web.size: "standard-3x" is not a Heroku dyno size; did you mean standard-1x?'],
          ['heroku-kit.yml:6', 'stages.production.formation.worker.quantity is 2, but eco dynos run at most 1 per process type'],
        ],
      },
      {
        file: 'addon-plan.yml',
        issues: [['heroku-kit.yml:6', 'stages.production.addons[1]: "Heroku Redis" is not an add-on plan: write service[:plan] in lowercase']],
      },
      {file: 'health-path.yml', issues: [['heroku-kit.yml:2', 'health_path: "health" must be a path starting with "/", e.g. /health']]},
      {
        file: 'config-outside.yml',
        issues: [['heroku-kit.yml:4', 'stages.production.config: "../secrets/.env.production" must be a dotenv file inside the repository']],
      },
      {file: 'review-apps-type.yml', issues: [['heroku-kit.yml:2', 'review_apps must be true, false, or a mapping']]},
      {
        file: 'several.yml',
        issues: [
          ['heroku-kit.yml:2', 'region: "EU" is not a region name; use us or eu'],
          ['heroku-kit.yml:6', 'stages.staging.domains must be a list of hostnames such as www.example.com; write it as a list: [shop.example.com]'],
          ['heroku-kit.yml:8', 'stages.production.auto_deploy: production never auto-deploys'],
          ['heroku-kit.yml:9', 'stages.production.acm must be true or false, not the string "true" (remove the quotes: true)'],
        ],
      },
    ]
    for (const {file, issues} of bad) {
      it(`rejects bad/${file} at the right line`, () => {
        const error = issuesOf(() => parsePipelineFile(fixture('pipeline', 'bad', file), 'heroku-kit.yml'))
        expectIssues(error, issues)
        expect(error.code).to.equal('invalid_pipeline_file')
      })
    }

    it('never prints drain credentials in messages', () => {
      const error = issuesOf(() =>
        parsePipelineFile('pipeline: shop\nstages:\n  production:\n    drains: ' + '["ftp://me:hunter2@logs.example.net/x?token=t0k"]\n', 'heroku-kit.yml'),
      )
      expect(error.message).to.include('ftp://•••@logs.example.net/x?token=•••').and.not.include('hunter2').and.not.include('t0k')
    })

    it('finds the line through YAML anchors and flow mappings', () => {
      const text = [
        'pipeline: shop',
        'x-defaults: &web',
        '  web: {quantity: 1, size: standard-1x}',
        'stages:',
        '  staging: {formation: {web: {quantity: -2}}}',
        '',
      ].join('\n')
      expectIssues(
        issuesOf(() => parsePipelineFile(text, 'heroku-kit.yml')),
        [
          ['heroku-kit.yml:2', 'x-defaults is not a known heroku-kit.yml key'],
          ['heroku-kit.yml:5', 'stages.staging.formation.web.quantity is -2; use 0 or more dynos'],
        ],
      )
    })

    it('buildpacks or stack under a stage: says where they are declared (app.json, project.toml on Fir), not the list of keys', () => {
      const text = ['pipeline: shop', 'stages:', '  staging:', '    buildpacks: [heroku/nodejs]', '    stack: heroku-24', ''].join('\n')
      const issues = issuesOf(() => parsePipelineFile(text, 'heroku-kit.yml')).issues.map(issue => issue.message)
      expect(issues).to.have.length(2)
      expect(issues[0]).to.include('stages.staging.buildpacks').and.include('app.json').and.include('project.toml').and.not.include('known keys')
      expect(issues[1]).to.include('stages.staging.stack').and.include('app.json').and.not.include('known keys')
    })
  })

  describe('loadPipelineFile', () => {
    it('reads heroku-kit.yml and is undefined without one', async () => {
      expect((await loadPipelineFile(path.join(FIXTURES, 'reference')))?.pipeline).to.equal('shop')
      expect(await loadPipelineFile(await mkdtemp(path.join(tmpdir(), 'kit-manifest-')))).to.equal(undefined)
    })

    it('refuses heroku-kit.yaml (one name, so every command finds it)', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'kit-manifest-'))
      await writeFile(path.join(dir, 'heroku-kit.yaml'), 'pipeline: shop\n')
      const error = await rejectsWith(loadPipelineFile(dir))
      expect(error.message).to.equal('Found heroku-kit.yaml but not heroku-kit.yml: heroku-kit only reads a file named exactly heroku-kit.yml.')
      expect(error.suggestion).to.equal('Rename it: git mv heroku-kit.yaml heroku-kit.yml')
    })
  })
})
