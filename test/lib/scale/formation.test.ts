import {expect} from 'chai'
import fc from 'fast-check'

import type {App, FormationEntry} from '../../../src/lib/api/heroku-api.js'
import {planFormation} from '../../../src/lib/converge/resources/formation.js'
import {KitError} from '../../../src/lib/errors.js'
import {DYNO_SIZES} from '../../../src/lib/manifest/common.js'
import {currentStage, desiredStage} from '../../../src/lib/converge/stage-steps.js'
import {
  checkGenerationSizes,
  checkProcessTypes,
  formationRows,
  parseFormationArg,
  parseFormationArgs,
  renderRows,
  stopsWeb,
} from '../../../src/lib/scale/formation.js'

const entry = (type: string, quantity: number, size: string): FormationEntry => ({
  type,
  quantity,
  dyno_size: {name: size},
  size: size.replace(/^./, c => c.toUpperCase()),
})

function problemOf(arg: string): string {
  const parsed = parseFormationArg(arg)
  expect(parsed, arg).to.have.property('problem')
  return (parsed as {problem: string}).problem
}

describe('kit:scale formation arguments', () => {
  it('parses TYPE=QUANTITY and TYPE=QUANTITY:SIZE (sizes case-insensitive, stored lower-case)', () => {
    expect(parseFormationArgs(['web=2:Standard-2X', 'worker=1', 'clock_1=0:basic', 'web-api=10:performance-l'])).to.deep.equal({
      web: {quantity: 2, size: 'standard-2x'},
      worker: {quantity: 1},
      clock_1: {quantity: 0, size: 'basic'},
      'web-api': {quantity: 10, size: 'performance-l'},
    })
    expect(parseFormationArgs(['web=1:dyno-2c-4gb'])).to.deep.equal({web: {quantity: 1, size: 'dyno-2c-4gb'}})
  })

  it('explains each kind of wrong argument', () => {
    expect(problemOf('web')).to.equal('"web" is not a formation: write TYPE=QUANTITY[:SIZE], e.g. web=2:standard-2x worker=1')
    expect(problemOf('web:standard-1x')).to.include('is not a formation')
    expect(problemOf('=2')).to.equal('"=2" has no process type before "=": write TYPE=QUANTITY[:SIZE], e.g. web=2')
    expect(problemOf('web.1=2')).to.include('"web.1" is not a process type name')
    expect(problemOf('web+1')).to.equal('"web+1": relative quantities are not supported; give the number of dynos, e.g. web=2')
    expect(problemOf('web=+1')).to.include('relative quantities are not supported')
    expect(problemOf('web=-1')).to.equal('"web=-1": -1 is negative; give 0 or more dynos')
    expect(problemOf('web=')).to.equal('"web=" has no quantity: write web=NUMBER[:SIZE], e.g. web=1')
    expect(problemOf('web=two')).to.equal('"web=two": "two" is not a whole number of dynos (0 or more)')
    expect(problemOf('web=1.5')).to.include('is not a whole number')
    expect(problemOf('web=99999999999999999999')).to.include('is not a quantity Heroku runs')
    expect(problemOf('web=1:')).to.include('has an empty size')
    expect(problemOf('web=1:hobby')).to.include('Hobby dynos were renamed; use basic').and.include('Valid sizes: eco, basic')
    expect(problemOf('web=1:standard-3x')).to.include('did you mean standard-1x? Valid sizes:')
    expect(problemOf('web=1:huge')).to.include('Valid sizes: eco, basic, standard-1x, standard-2x, performance-m').and.not.include('private-s,')
    expect(problemOf('web=2:eco')).to.equal('"web=2:eco": eco dynos run at most 1 per process type; use standard-1x or larger to run 2')
  })

  it('reports all problems at once, and a process type given twice', () => {
    try {
      parseFormationArgs(['web=1', 'web=2', 'worker=x'])
      expect.fail('no error')
    } catch (error) {
      expect(error).to.be.instanceOf(KitError)
      expect((error as KitError).code).to.equal('invalid_formation')
      expect((error as KitError).message).to.equal(
        'Invalid formation:\n  - "web=2": web is given twice; give each process type once\n  - "worker=x": "x" is not a whole number of dynos (0 or more)',
      )
    }
  })

  it('round-trips any valid TYPE=QUANTITY[:SIZE] (property)', () => {
    const type = fc.stringMatching(/^[a-z][a-z0-9_-]{0,15}$/)
    const size = fc.option(fc.constantFrom(...DYNO_SIZES.filter(s => s !== 'eco' && s !== 'basic')), {nil: undefined})
    fc.assert(
      fc.property(type, fc.integer({min: 0, max: 100}), size, (t, quantity, s) => {
        const parsed = parseFormationArgs([`${t}=${quantity}${s ? `:${s.toUpperCase()}` : ''}`])
        expect(parsed[t]).to.deep.equal(s ? {quantity, size: s} : {quantity})
      }),
    )
  })

  it('process types must exist on the app; the message lists the ones that do', () => {
    const current = [entry('web', 1, 'basic'), entry('worker', 0, 'basic')]
    expect(() => checkProcessTypes({web: {quantity: 2}}, current, 'shop-prod', 'x')).to.not.throw()
    expect(() => checkProcessTypes({clock: {quantity: 1}, web: {quantity: 1}}, current, 'shop-prod', 'from the arguments')).to.throw(
      KitError,
      'shop-prod has no process type clock (from the arguments). Its process types: web, worker.',
    )
    expect(() => checkProcessTypes({web: {quantity: 1}}, [], 'shop-prod', 'x')).to.throw(KitError, 'shop-prod has no process types yet')
  })

  it('rows show before → after, sizes kept when not given; web to 0 is detected', () => {
    const rows = formationRows({web: {quantity: 0}, worker: {quantity: 2, size: 'standard-2x'}}, [
      entry('worker', 1, 'standard-1x'),
      entry('web', 2, 'Standard-1X'),
    ])
    expect(rows).to.deep.equal([
      {type: 'web', from: {quantity: 2, size: 'standard-1x'}, to: {quantity: 0, size: 'standard-1x'}, changed: true},
      {type: 'worker', from: {quantity: 1, size: 'standard-1x'}, to: {quantity: 2, size: 'standard-2x'}, changed: true},
    ])
    expect(renderRows(rows)).to.deep.equal(['  ~ web     2:standard-1x → 0:standard-1x', '  ~ worker  1:standard-1x → 2:standard-2x'])
    expect(stopsWeb(rows)).to.equal(true)
    expect(stopsWeb(formationRows({web: {quantity: 1}}, [entry('web', 0, 'basic')]))).to.equal(false)
  })

  it("plans with bootstrap's formation step: one batch scale operation with only what differs, scale-downs included", () => {
    const app = {id: 'a1', name: 'shop-prod'} as App
    const current = [entry('web', 3, 'standard-2x'), entry('worker', 1, 'standard-1x')]
    const steps = planFormation(
      desiredStage(undefined, 'shop-prod', {formation: {web: {quantity: 2, size: 'standard-2x'}, worker: {quantity: 1, size: 'standard-1x'}}}),
      currentStage(app, {formation: current}),
      {scaleDown: true},
    )
    expect(steps).to.have.length(1)
    expect(steps[0].operation).to.deep.equal({kind: 'scale', app: 'shop-prod', updates: [{type: 'web', quantity: 2}]})
    const same = planFormation(desiredStage(undefined, 'shop-prod', {formation: {web: {quantity: 3}}}), currentStage(app, {formation: current}), {
      scaleDown: true,
    })
    expect(same.map(s => s.operation)).to.deep.equal([undefined])
  })

  it("sizes of the app's generation only: a Cedar size on a Fir app (or a Fir size on Cedar) is refused before any request", () => {
    const fir = {name: 'shop', generation: 'fir'}
    expect(() => checkGenerationSizes({web: {quantity: 2, size: 'DYNO-2C-4GB'}, worker: {quantity: 1}}, fir)).to.not.throw()
    try {
      checkGenerationSizes({web: {quantity: 2, size: 'standard-2x'}}, fir)
      expect.fail('should throw')
    } catch (error) {
      expect((error as KitError).message).to.match(/^shop runs on Fir: web: "standard-2x" is not a Fir dyno size/)
    }

    expect(() => checkGenerationSizes({web: {quantity: 1, size: 'dyno-1c-0.5gb'}}, {name: 'shop', generation: {id: 'g', name: 'cedar'}})).to.throw(
      'shop runs on Cedar: web: "dyno-1c-0.5gb" is a Fir dyno size and this stage runs on Cedar; use a Cedar size such as standard-1x.',
    )
  })
})
