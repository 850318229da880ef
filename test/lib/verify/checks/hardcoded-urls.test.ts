import {expect} from 'chai'

import {evidence} from '../fixture.js'
import {check} from './helpers.js'

describe('kit:verify checks', () => {
  describe('pitfalls', () => {
    it("hard-coded URLs: warns on the app's own hosts, ignores other herokuapp.com hosts", async () => {
      const urlFindings = [
        {file: 'src/config.js', line: 3, match: 'shop-0123456789ab.herokuapp.com'},
        {file: 'src/mail.js', line: 9, match: 'www.shop.example'},
        {file: 'src/partner.js', line: 1, match: 'partner-api.herokuapp.com'},
      ]
      const result = check(await evidence({repository: {urlFindings}}), 'hardcoded-urls')
      expect(result.status).to.equal('warn')
      expect(result.evidence.slice(1)).to.deep.equal([
        'src/config.js:3: shop-0123456789ab.herokuapp.com (production app)',
        'src/mail.js:9: www.shop.example (production domain)',
      ])
    })
  })
})
