import {expect} from 'chai'

import type {App, HerokuApi} from '../../../../src/lib/api/heroku-api.js'
import type {Clients} from '../../../../src/lib/converge/current.js'
import {emptyCurrentStage} from '../../../../src/lib/converge/registry.js'
import {readBuildpacks} from '../../../../src/lib/converge/resources/buildpacks.js'
import {appIn, FIR_SPACE, firPlan} from '../../../support/fir.js'

describe('resource: buildpacks on Fir', () => {
  it('app.json buildpacks on a Fir pipeline: one plan error pointing to project.toml, and no step that sets them', () => {
    const plan = firPlan({staging: {buildpacks: ['heroku/nodejs']}, production: {buildpacks: ['heroku/nodejs']}})
    expect(plan.errors).to.deep.equal([
      'app.json buildpacks (heroku/nodejs): this pipeline runs on Fir, which has no classic buildpacks; it builds with Cloud Native Buildpacks named in ' +
        'project.toml ([[io.buildpacks.group]] entries, e.g. id = "heroku/nodejs"; heroku kit:init --generation fir writes one). ' +
        'Move them there and remove "buildpacks" from app.json.',
    ])
    expect(plan.steps.filter(s => s.resource === 'buildpacks')).to.deep.equal([])
  })

  it('none declared: nothing planned, no error', () => {
    const existing = {...emptyCurrentStage('ok'), app: appIn('shop', FIR_SPACE)}
    const plan = firPlan({current: {production: existing}})
    expect(plan.errors).to.deep.equal([])
    expect(plan.steps.filter(s => s.resource === 'buildpacks')).to.deep.equal([])
  })

  it('the reader sends nothing for a Fir app (Heroku refuses /buildpack-installations there), and reads a Cedar app’s', async () => {
    const asked: string[] = []
    const heroku = {listBuildpacks: async (app: string) => (asked.push(app), [{ordinal: 0, buildpack: {name: 'heroku/nodejs', url: 'heroku/nodejs'}}])}
    const clients = {heroku: heroku as unknown as HerokuApi} as Clients
    expect(await readBuildpacks({clients, app: appIn('fir-app', FIR_SPACE, 'fir') as App, withGithub: false})).to.deep.equal({buildpacks: []})
    expect(await readBuildpacks({clients, app: appIn('cedar-app', undefined) as App, withGithub: false})).to.deep.equal({buildpacks: ['heroku/nodejs']})
    expect(asked).to.deep.equal(['cedar-app'])
  })
})
