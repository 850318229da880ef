import {expect} from 'chai'

import {maskUrl, urlHasCredentials, urlSecrets} from '../../../src/lib/output/mask-url.js'

describe('maskUrl / urlSecrets (issue 9)', () => {
  const KEY = 'a1b2c3d4e5f6a7b8c9d0'
  const cases: Array<[string, string]> = [
    [
      `https://http-intake.logs.datadoghq.com/api/v2/logs?dd-api-key=${KEY}&ddsource=heroku`,
      'https://http-intake.logs.datadoghq.com/api/v2/logs?dd-api-key=•••&ddsource=•••',
    ],
    ['https://user:s3cr3t-pass@logs.example.com/ingest', 'https://•••@logs.example.com/ingest'],
    ['syslog+tls://logs.example.com:6514', 'syslog+tls://logs.example.com:6514'],
    ['https://logs.example.com/x?token', 'https://logs.example.com/x?•••'],
    ['https://logs.example.com/x#frag-secret', 'https://logs.example.com/x#•••'],
  ]
  for (const [url, shown] of cases) {
    it(`shows ${url} as ${shown}`, () => {
      expect(maskUrl(url)).to.equal(shown)
    })
  }

  it('lists the secret parts, raw and decoded, for the redactor', () => {
    expect(urlSecrets(`https://u:p%40ss-word@h.example/x?k=${KEY}&e=a%2Bb%20c`)).to.include.members([
      'u:p%40ss-word',
      'p%40ss-word',
      'p@ss-word',
      KEY,
      'a%2Bb%20c',
      'a+b c',
    ])
    expect(urlHasCredentials('syslog+tls://logs.example.com:6514')).to.equal(false)
    expect(urlHasCredentials(`https://h.example/x?dd-api-key=${KEY}`)).to.equal(true)
  })
})
