import {expect} from 'chai'

import {pipelineFileSecretsCheck} from '../../../../src/lib/verify/checks/pipeline-file-secrets.js'
import {evidence} from '../fixture.js'

const KEY = 'f00dfeedbeefcafe0123456789abcdef'

describe('kit:verify pipeline-file-secrets (issue 9)', () => {
  it('warns, masked, when heroku-kit.yml holds a drain credential; passes ${NAME} drains', async () => {
    const yml = (drain: string) => `pipeline: shop\nstages:\n  staging:\n    drains:\n      - ${drain}\n`
    const bad = pipelineFileSecretsCheck.run(await evidence({pipelineYml: yml(`https://logs.example.com/in?dd-api-key=${KEY}`)}))
    expect(bad.status).to.equal('warn')
    expect(bad.evidence).to.deep.equal(['heroku-kit.yml: stages.staging.drains[0] holds a credential: https://logs.example.com/in?dd-api-key=•••'])
    expect(bad.fix).to.include('${LOG_DRAIN_URL}')
    expect(JSON.stringify(bad)).to.not.include(KEY)
    expect(pipelineFileSecretsCheck.run(await evidence({pipelineYml: yml('${LOG_DRAIN_URL}')})).status).to.equal('pass')
    expect(pipelineFileSecretsCheck.run(await evidence({pipelineYml: yml('syslog+tls://logs.example.com:6514')})).status).to.equal('pass')
  })

  it('warns, value not shown, when a telemetry header holds what looks like a key; passes ${NAME} and plain values', async () => {
    const yml = (headers: string) =>
      `pipeline: shop\nstages:\n  production:\n    telemetry:\n      - endpoint: https://api.honeycomb.io\n        headers: ${headers}\n`
    const bad = pipelineFileSecretsCheck.run(await evidence({pipelineYml: yml(`{x-api-key: ${KEY}, x-honeycomb-dataset: shop}`)}))
    expect(bad.status).to.equal('warn')
    expect(bad.evidence).to.deep.equal(['heroku-kit.yml: stages.production.telemetry[0].headers.x-api-key looks like a credential (value not shown)'])
    expect(JSON.stringify(bad)).to.not.include(KEY)
    const good = pipelineFileSecretsCheck.run(await evidence({pipelineYml: yml('{x-honeycomb-team: "${HONEYCOMB_KEY}", x-honeycomb-dataset: shop}')}))
    expect(good.status).to.equal('pass')
  })
})
