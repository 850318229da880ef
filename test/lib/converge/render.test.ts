import {expect} from 'chai'

import {renderPlan, renderPlanMarkdown, summaryRows} from '../../../src/lib/converge/render.js'
import type {Plan, Step} from '../../../src/lib/converge/types.js'

const step = (id: string, group: Step['group'], summary: string, operation?: string): Step<string> => ({
  id,
  group,
  resource: id.split('.')[1] ?? id,
  action: operation ? 'create' : 'unchanged',
  summary,
  dependsOn: [],
  operation,
})

describe('bootstrap summary table', () => {
  const plan: Plan<string> = {
    errors: [],
    steps: [
      step('pipeline', 'pipeline', 'pipeline shop exists'),
      step('staging.app', 'staging', 'create app shop-staging', 'op'),
      step('staging.addon.DATABASE', 'staging', 'create add-on DATABASE (heroku-postgresql:essential-0)', 'op'),
      step('staging.config', 'staging', 'set 20 config vars', 'op'),
      step('production.app', 'production', 'create app shop-prod', 'op'),
    ],
  }

  it('has a row per step that had something to do, in plan order, with its result and the first line of why', () => {
    const rows = summaryRows(plan, [
      {id: 'pipeline', status: 'unchanged'},
      {id: 'staging.app', status: 'done'},
      {id: 'staging.addon.DATABASE', status: 'failed', message: 'Heroku answered 503 (Request-Id abc)\nRun kit:bootstrap again.'},
      {id: 'staging.config', status: 'skipped', message: 'waits for staging.addon.DATABASE, which did not finish'},
    ])
    expect(rows).to.deep.equal([
      {stage: 'staging', step: 'create app shop-staging', result: 'done'},
      {stage: 'staging', step: 'create add-on DATABASE (heroku-postgresql:essential-0)', result: 'failed: Heroku answered 503 (Request-Id abc)'},
      {stage: 'staging', step: 'set 20 config vars', result: 'not run: waits for staging.addon.DATABASE, which did not finish'},
      {stage: 'production', step: 'create app shop-prod', result: 'not run'},
    ])
  })
})

describe('a skipped step in the plan', () => {
  const plan: Plan<string> = {
    errors: [],
    steps: [
      step('production.app', 'production', 'app shop'),
      {...step('production.preboot', 'production', 'preboot: skipped'), action: 'skip', details: ['fir does not offer preboot']},
    ],
  }

  it('is shown with "-" and its reason, and counted only when there is one', () => {
    expect(renderPlan(plan)).to.deep.equal([
      'Production',
      '  = app shop',
      '  - preboot: skipped',
      '      fir does not offer preboot',
      'Plan: 0 to create, 0 to change, 1 unchanged, 0 drift, 0 pending, 0 manual, 1 skipped.',
    ])
    expect(renderPlan({errors: [], steps: [plan.steps[0]]}).at(-1)).to.equal('Plan: 0 to create, 0 to change, 1 unchanged, 0 drift, 0 pending, 0 manual.')
    expect(renderPlanMarkdown(plan, 'shop').split('\n')[2]).to.equal('**0 to create, 0 to change, 0 drift**, 0 pending, 0 manual, 1 skipped, 1 unchanged')
  })
})
