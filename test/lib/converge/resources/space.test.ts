import {expect} from 'chai'

import {HerokuApiError} from '../../../../src/lib/api/errors.js'
import type {HerokuApi} from '../../../../src/lib/api/heroku-api.js'
import {emptyCurrentStage} from '../../../../src/lib/converge/registry.js'
import {exportSpace, readGenerations, readSpaces} from '../../../../src/lib/converge/resources/space.js'
import {FileIssuesError} from '../../../../src/lib/errors.js'
import {parsePipelineFile} from '../../../../src/lib/manifest/index.js'
import {appIn, CEDAR_SPACE, FIR_SPACE, firDesired, firPlan, firState} from '../../../support/fir.js'

describe('resource: space (space: per stage)', () => {
  it('heroku-kit.yml: `space:` names a Private Space; another value is an error at its line', () => {
    const file = parsePipelineFile('pipeline: shop\nteam: acme\nstages:\n  staging:\n    space: acme-fir\n', 'heroku-kit.yml')
    expect([file.stages.staging.space, file.stages.production.space]).to.deep.equal(['acme-fir', undefined])
    try {
      parsePipelineFile('pipeline: shop\nstages:\n  production:\n    space: Acme Fir\n', 'heroku-kit.yml')
      expect.fail('should throw')
    } catch (error) {
      expect((error as FileIssuesError).issues.map(i => `${i.line}: ${i.message}`)).to.deep.equal([
        '4: stages.production.space: "Acme Fir" is not a Private Space name; use the name heroku spaces lists (lowercase letters, digits and dashes)',
      ])
    }
  })

  it('plans apps to create in the space (POST /teams/apps with space, no region), and a Fir pipeline', () => {
    const plan = firPlan()
    expect(plan.errors).to.deep.equal([])
    expect(plan.steps.filter(s => s.resource === 'space').map(s => s.summary)).to.deep.equal(['space acme-fir (fir)', 'space acme-fir (fir)'])
    const creates = plan.steps.filter(s => s.operation?.kind === 'create-app').map(s => s.operation)
    expect(creates).to.deep.equal([
      {kind: 'create-app', stage: 'staging', name: 'shop-staging', space: 'acme-fir', team: 'acme'},
      {kind: 'create-app', stage: 'production', name: 'shop', space: 'acme-fir', team: 'acme'},
    ])
    expect(plan.steps.find(s => s.id === 'pipeline')?.operation).to.deep.equal({
      kind: 'create-pipeline',
      name: 'shop',
      owner: {id: 'team-1', type: 'team'},
      generation: 'fir',
    })
  })

  it('a Cedar pipeline is created as before: no generation in the request', () => {
    const plan = firPlan({staging: {space: undefined}, production: {space: undefined}})
    expect(plan.errors).to.deep.equal([])
    expect(plan.steps.find(s => s.id === 'pipeline')?.operation).to.deep.equal({kind: 'create-pipeline', name: 'shop', owner: {id: 'team-1', type: 'team'}})
    expect(plan.steps.filter(s => s.resource === 'space')).to.deep.equal([])
  })

  it('refuses, before anything is sent: a space not found, no team, a space of another team or region', () => {
    expect(firPlan({staging: {space: 'nowhere'}}).errors[0]).to.include('stages.staging.space: no Private Space named nowhere that this account can see')
    expect(firPlan({desired: {team: undefined}}).errors[0]).to.equal(
      'stages.staging.space: apps in the space acme-fir belong to its team; set team: acme at the top of heroku-kit.yml.',
    )
    expect(firPlan({desired: {team: 'other'}}).errors[0]).to.include('belongs to team acme, not other')
    expect(firPlan({desired: {region: 'eu'}}).errors[0]).to.include('the space acme-fir is in the region us, and heroku-kit.yml declares region: eu')
  })

  it('refuses an existing app in another space, or in none: Heroku does not move apps between spaces', () => {
    const elsewhere = {...emptyCurrentStage('ok'), app: appIn('shop', CEDAR_SPACE)}
    const commonRuntime = {...emptyCurrentStage('ok'), app: appIn('shop-staging', undefined)}
    const {errors} = firPlan({current: {production: elsewhere, staging: commonRuntime}})
    expect(errors).to.include(
      'stages.production.space: the app shop already runs in the space acme-cedar, not in acme-fir; Heroku does not move apps between spaces. ' +
        'Declare the space it runs in, or name a new app (stages.production.app) to be created in acme-fir.',
    )
    expect(errors.some(e => e.startsWith('stages.staging.space: the app shop-staging already runs in the Common Runtime (no space)'))).to.equal(true)
  })

  it('refuses a pipeline whose apps would run on two generations, naming each app and its generation', () => {
    const expected =
      "A pipeline's apps run on one generation, and these would not: shop-staging on cedar, shop on fir. " +
      'Declare spaces of one generation (stages.<stage>.space), or make two pipelines.'
    expect(firPlan({staging: {space: undefined}}).errors).to.deep.equal([expected])
    expect(firPlan({staging: {space: CEDAR_SPACE.name}}).errors).to.deep.equal([expected])
    // no space declared: the existing app's generation counts
    const firApp = {...emptyCurrentStage('ok'), app: appIn('shop-staging', FIR_SPACE, 'fir')}
    expect(firPlan({staging: {space: undefined}, production: {space: undefined}, current: {staging: firApp}}).errors).to.deep.equal([
      "A pipeline's apps run on one generation, and these would not: shop-staging on fir, shop on cedar. " +
        'Declare spaces of one generation (stages.<stage>.space), or make two pipelines.',
    ])
  })

  it("refuses apps of one generation for an existing pipeline of the other (Heroku couples only apps of the pipeline's)", () => {
    const pipeline = {id: 'p1', name: 'shop', generation: {id: 'gen-cedar', name: 'cedar'}}
    const {errors} = firPlan({state: {pipelines: [pipeline], pipeline}})
    expect(errors).to.deep.equal([
      "The pipeline shop is a cedar pipeline and its apps would run on fir (shop-staging, shop); Heroku couples only apps of the pipeline's generation. " +
        'Use a pipeline of another name.',
    ])
  })

  describe('reading', () => {
    /** A HerokuApi that answers spaces and generations, recording what was asked. */
    function heroku(asked: string[]): HerokuApi {
      return {
        findSpace: async (name: string) => (asked.push(`space ${name}`), [FIR_SPACE, CEDAR_SPACE].find(s => s.name === name)),
        findGeneration: async (id: string) => (
          asked.push(`generation ${id}`),
          {id, name: id === 'gen-fir' ? 'fir' : 'cedar', unsupported_features: ['preboot']}
        ),
      } as unknown as HerokuApi
    }

    it('reads each declared space once, and the generation of each (by its id), with its unsupported_features', async () => {
      const asked: string[] = []
      const desired = firDesired()
      const spaces = await readSpaces(heroku(asked), desired)
      const generations = await readGenerations(heroku(asked), desired, {spaces, apps: [undefined, undefined]})
      expect(asked).to.deep.equal(['space acme-fir', 'generation gen-fir'])
      expect(generations.fir?.unsupported_features).to.deep.equal(['preboot'])
    })

    it('a space of another team (403) reads as not there: the plan error says so, instead of the run failing', async () => {
      const forbidden = {
        findSpace: async () => {
          throw new HerokuApiError({
            status: 403,
            body: {id: 'forbidden', message: 'You do not have access to the space acme-fir.'},
            method: 'GET',
            path: '/spaces/acme-fir',
            service: 'platform',
          })
        },
      } as unknown as HerokuApi
      expect(await readSpaces(forbidden, firDesired())).to.deep.equal({'acme-fir': undefined})
    })

    it('a Cedar pipeline on the Common Runtime reads neither spaces nor generations (its requests stay as they were)', async () => {
      const asked: string[] = []
      const desired = firDesired({staging: {space: undefined}, production: {space: undefined}})
      const spaces = await readSpaces(heroku(asked), desired)
      await readGenerations(heroku(asked), desired, {spaces, apps: [appIn('shop-staging', undefined), undefined]})
      expect([asked, spaces]).to.deep.equal([[], {}])
    })

    it('an existing Fir app without a declared space: its generation is read (3.sdk string form: by name)', async () => {
      const asked: string[] = []
      const desired = firDesired({staging: {space: undefined}, production: {space: undefined}})
      await readGenerations(heroku(asked), desired, {spaces: {}, apps: [appIn('shop-staging', FIR_SPACE, 'fir'), undefined]})
      expect(asked).to.deep.equal(['generation fir'])
    })
  })

  it("kit:import writes the app's space, and nothing for an app outside one", () => {
    const stage = (app: ReturnType<typeof appIn>) => exportSpace({name: 'staging', current: {...firState().stages.staging, access: 'ok', app}, attachments: []})
    expect(stage(appIn('shop', FIR_SPACE)).fields).to.deep.equal({space: 'acme-fir'})
    expect(stage(appIn('shop', undefined)).fields).to.deep.equal({space: undefined})
  })
})
