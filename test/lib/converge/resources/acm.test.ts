import {expect} from 'chai'

import {emptyCurrentStage} from '../../../../src/lib/converge/registry.js'
import {FileIssuesError} from '../../../../src/lib/errors.js'
import {parsePipelineFile} from '../../../../src/lib/manifest/index.js'
import {appIn, FIR_SPACE, firPlan} from '../../../support/fir.js'

describe('resource: ACM where the generation lacks it', () => {
  const existing = {...emptyCurrentStage('ok'), app: appIn('shop', FIR_SPACE)}

  it('on by default (the stage has domains) and unsupported: a skipped step with the reason, no request', () => {
    const plan = firPlan({unsupported: ['acm'], production: {domains: ['www.shop.example'], acm: true, acmByDefault: true}, current: {production: existing}})
    expect(plan.errors).to.deep.equal([])
    const acm = plan.steps.find(s => s.id === 'production.acm')!
    expect([acm.action, acm.operation, acm.details?.[0]]).to.deep.equal([
      'skip',
      undefined,
      'fir does not offer Automated Certificate Management (unsupported_features of GET /generations/fir: acm)',
    ])
  })

  it('declared `acm: true` and unsupported: a plan error saying what to do instead', () => {
    const plan = firPlan({
      unsupported: ['automated-certificate-management'],
      production: {domains: ['www.shop.example'], acm: true},
      current: {production: existing},
    })
    expect(plan.errors).to.deep.equal([
      'stages.production.acm: fir does not offer Automated Certificate Management (unsupported_features of GET /generations/fir: automated-certificate-management). ' +
        'Set stages.production.acm: false and add your certificate with heroku certs:add.',
    ])
  })

  it('not unsupported: planned as on Cedar', () => {
    const plan = firPlan({production: {domains: ['www.shop.example'], acm: true}, current: {production: existing}})
    expect(plan.steps.find(s => s.id === 'production.acm')?.operation).to.deep.equal({kind: 'enable-acm', app: 'shop'})
  })

  it('heroku-kit.yml: `acm:` written is declared; left out with domains, it is on by default', () => {
    const read = (text: string) =>
      parsePipelineFile(`pipeline: shop\nstages:\n  production:\n    domains: [www.shop.example]\n${text}`, 'heroku-kit.yml').stages.production
    expect([read('').acm, read('').acmByDefault]).to.deep.equal([true, true])
    expect([read('    acm: true\n').acm, read('    acm: true\n').acmByDefault]).to.deep.equal([true, undefined])
    expect(() => read('    acm: yes\n')).to.throw(FileIssuesError)
  })
})
