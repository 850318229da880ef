import {expect} from 'chai'

import {evidence, liveStage} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('10. logs', () => {
    it('fails without a drain or logging add-on, and shows drain hosts only (no credentials)', async () => {
      const none = check(await evidence({live: {staging: {addons: [], drains: []}}}), 'logs', 'staging')
      expect(none.status).to.equal('fail')
      const drain = check(
        await evidence({live: {staging: {addons: [], drains: [{id: 'x', url: 'https://user:s3cret@logs.example.net/path?token=abc', addon: null} as never]}}}),
        'logs',
        'staging',
      )
      expect(drain.status).to.equal('pass')
      expect(drain.evidence.join('\n')).to.include('https://logs.example.net').and.not.include('s3cret').and.not.include('token=abc')
    })

    it('warns about a drain whose add-on is gone', async () => {
      const stage = liveStage('staging')
      const result = check(
        await evidence({live: {staging: {drains: [...stage.drains, {id: 'o', url: 'syslog://old.example:1', addon: {id: 'gone'}} as never]}}}),
        'logs',
        'staging',
      )
      expect(result.status).to.equal('warn')
    })
  })
})
