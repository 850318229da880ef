import {expect} from 'chai'

import type {LogDrain} from '../../../../src/lib/api/heroku-api.js'
import type {CurrentState} from '../../../../src/lib/converge/current.js'
import {type DesiredStage, resolveDrains} from '../../../../src/lib/converge/desired.js'
import {planBootstrap} from '../../../../src/lib/converge/plan.js'
import {emptyCurrentStage, emptyDesiredStage} from '../../../../src/lib/converge/registry.js'
import {renderPlan} from '../../../../src/lib/converge/render.js'
import {drainHasCredentials, exportDrains} from '../../../../src/lib/converge/resources/drains.js'
import {parsePipelineFile} from '../../../../src/lib/manifest/index.js'
import {liveStage} from '../../verify/fixture.js'

const KEY = 'f00dfeedbeefcafe0123456789abcdef'
const DD = `https://http-intake.logs.datadoghq.com/api/v2/logs?dd-api-key=${KEY}&ddsource=heroku`

function stage(name: 'production' | 'staging', drains: string[]): DesiredStage {
  return emptyDesiredStage(name, `shop-${name}`, {drains})
}

describe('drains with credentials (issue 9)', () => {
  it('a query-string key never appears in the plan, its rendering or its JSON', () => {
    const current: CurrentState = {
      account: {id: 'u', email: 'dev@example.com'},
      owner: {id: 'u', type: 'user'},
      pipelines: [],
      stages: {staging: emptyCurrentStage('missing'), production: emptyCurrentStage('missing')},
      github: {checked: false},
      reviewConfig: {},
    }
    const plan = planBootstrap(
      {pipeline: 'shop', reviewConfig: {}, stages: [stage('staging', [DD, 'https://user:hunter2-pass@logs.example.com/x']), stage('production', [])]},
      current,
    )
    const shown = [
      ...renderPlan(plan, {pipeline: 'shop', staging: 'shop-staging', production: 'shop-production'}),
      JSON.stringify(plan.steps.map(({operation: _operation, ...rest}) => rest)),
    ].join('\n')
    expect(shown).to.include('add log drain https://http-intake.logs.datadoghq.com/api/v2/logs?dd-api-key=•••&ddsource=•••')
    expect(shown).to.not.include(KEY).and.not.include('hunter2')
  })

  it('${NAME} drains: heroku-kit.yml accepts them; the URL comes from the stage config file, else the environment', () => {
    const file = parsePipelineFile('pipeline: shop\nstages:\n  staging:\n    drains:\n      - ${LOG_DRAIN_URL}\n', 'heroku-kit.yml')
    expect(file.stages.staging.drains).to.deep.equal(['${LOG_DRAIN_URL}'])
    expect(resolveDrains('staging', ['${LOG_DRAIN_URL}'], {LOG_DRAIN_URL: DD}, {LOG_DRAIN_URL: 'https://other.example.com/'})).to.deep.equal({
      drains: [DD],
      unresolvedDrains: [],
    })
    expect(resolveDrains('staging', ['${LOG_DRAIN_URL}'], {}, {LOG_DRAIN_URL: DD})).to.deep.equal({drains: [DD], unresolvedDrains: []})
    expect(resolveDrains('staging', ['${LOG_DRAIN_URL}', 'syslog+tls://l.example.com:6514'], {}, {})).to.deep.equal({
      drains: ['syslog+tls://l.example.com:6514'],
      unresolvedDrains: ['LOG_DRAIN_URL'],
    })
    let message = ''
    try {
      resolveDrains('staging', ['${LOG_DRAIN_URL}'], {LOG_DRAIN_URL: `http://logs.example.com/?k=${KEY}`}, {})
    } catch (error) {
      message = (error as Error).message
    }

    expect(message)
      .to.match(/stages\.staging\.drains: \$\{LOG_DRAIN_URL\} .*unencrypted/)
      .and.not.include(KEY)
  })
})

describe('export: log drains', () => {
  it('a user, password or query string is a credential', () => {
    expect(drainHasCredentials('syslog+tls://logs.example.com:6514')).to.equal(false)
    expect(drainHasCredentials('https://logs.example.com/in')).to.equal(false)
    expect(drainHasCredentials('https://u:p@logs.example.com/in')).to.equal(true)
    expect(drainHasCredentials('https://logs.example.com/in?dd-api-key=k')).to.equal(true)
    expect(drainHasCredentials('not a url')).to.equal(true)
  })

  it("credentials become ${NAME} references named apart from the app's config vars; add-on drains are listed", () => {
    const current = liveStage('production', {
      config: {LOG_DRAIN_URL: 'a config var already'},
      drains: [
        {id: '1', url: 'syslog+tls://plain.example:6514', addon: null},
        {id: '2', url: 'https://a.example/?token=one', addon: null},
        {id: '3', url: 'https://b.example/?token=two', addon: null},
        {id: '4', url: 'syslog+tls://papertrail.example:1', addon: {id: 'a', name: 'papertrail-x'}},
      ] as LogDrain[],
    })
    const result = exportDrains({name: 'production', current, attachments: []})
    expect(result.fields.drains).to.deep.equal(['syslog+tls://plain.example:6514', '${LOG_DRAIN_2_URL}', '${LOG_DRAIN_3_URL}'])
    expect(result.secrets).to.deep.equal({LOG_DRAIN_2_URL: 'https://a.example/?token=one', LOG_DRAIN_3_URL: 'https://b.example/?token=two'})
    expect(result.unmanaged.map(u => u.what)).to.deep.equal(['log drain of add-on papertrail-x'])
  })
})
