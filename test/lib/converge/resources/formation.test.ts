import {expect} from 'chai'

import type {FormationEntry} from '../../../../src/lib/api/heroku-api.js'
import {emptyCurrentStage} from '../../../../src/lib/converge/registry.js'
import {FIR_DYNO_SIZES, sizeGenerationProblem} from '../../../../src/lib/converge/resources/formation.js'
import {appIn, FIR_SPACE, firPlan} from '../../../support/fir.js'

describe('resource: formation by generation', () => {
  it('the Fir sizes are the Heroku CLI’s (ps:type), dyno-1c-0.5gb … dyno-32c-64gb', () => {
    expect(FIR_DYNO_SIZES).to.have.length(17)
    expect(FIR_DYNO_SIZES).to.include('dyno-1c-0.5gb').and.include('dyno-32c-64gb')
  })

  it('a Cedar size on a Fir stage, or a Fir size on Cedar, is a plan error naming the key; case does not matter', () => {
    const plan = firPlan({staging: {formation: {web: {quantity: 1, size: 'standard-1x'}, worker: {quantity: 1, size: 'DYNO-1C-0.5GB'}}}})
    expect(plan.errors).to.have.length(1)
    expect(plan.errors[0]).to.match(/^stages\.staging\.formation\.web\.size: "standard-1x" is not a Fir dyno size \(Fir sizes: dyno-1c-0\.5gb, /)
    expect(plan.steps.filter(s => s.group === 'staging' && s.resource === 'formation')).to.deep.equal([])
    expect(sizeGenerationProblem('dyno-2c-4gb', 'cedar')).to.equal(
      '"dyno-2c-4gb" is a Fir dyno size and this stage runs on Cedar; use a Cedar size such as standard-1x',
    )
    expect(sizeGenerationProblem('dyno-3c-4gb', 'fir')).to.match(/^"dyno-3c-4gb" is not a Fir dyno size; did you mean dyno-/)
    expect(sizeGenerationProblem('Standard-2X', 'cedar')).to.equal(undefined)
  })

  it('compares sizes case-insensitively: Fir answers `dyno-2c-4gb` where heroku-kit.yml may say `Dyno-2C-4GB`, no change planned', () => {
    const running = {
      ...emptyCurrentStage('ok'),
      app: appIn('shop', FIR_SPACE),
      formation: [{type: 'web', quantity: 2, size: 'dyno-2c-4gb', dyno_size: {name: 'dyno-2c-4gb'}} as FormationEntry],
    }
    const plan = firPlan({production: {formation: {web: {quantity: 2, size: 'Dyno-2C-4GB'}}}, current: {production: running}})
    expect(plan.errors).to.deep.equal([])
    expect(plan.steps.find(s => s.id === 'production.formation')?.action).to.equal('unchanged')
  })
})
