import {expect} from 'chai'

import type {LogDrain} from '../../../../src/lib/api/heroku-api.js'
import {drainHasCredentials, exportDrains} from '../../../../src/lib/converge/resources/drains.js'
import {liveStage} from '../../verify/fixture.js'

describe('export: log drains', () => {
  it('a user, password or query string is a credential', () => {
    expect(drainHasCredentials('syslog+tls://logs.example.com:6514')).to.equal(false)
    expect(drainHasCredentials('https://logs.example.com/in')).to.equal(false)
    expect(drainHasCredentials('https://u:p@logs.example.com/in')).to.equal(true)
    expect(drainHasCredentials('https://logs.example.com/in?dd-api-key=k')).to.equal(true)
    expect(drainHasCredentials('not a url')).to.equal(true)
  })

  it('credentials become ${NAME} references named apart from the app\'s config vars; add-on drains are listed', () => {
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
