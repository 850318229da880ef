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
    // issue 19.2: tokens in the path
    ['https://logs-01.loggly.com/bulk/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/tag/heroku/', 'https://logs-01.loggly.com/bulk/•••/tag/heroku/'],
    ['https://logs-01.loggly.com/inputs/shorttoken/tag/http/', 'https://logs-01.loggly.com/inputs/•••/tag/http/'],
    [
      'https://endpoint1.collection.us2.sumologic.com/receiver/v1/http/ZaVnC4dhaV1x2Kq0TgPeWbNmLo9r==',
      'https://endpoint1.collection.us2.sumologic.com/receiver/v1/http/•••',
    ],
    ['https://logs.example.com/in/9a8b7c6d5e4f3a2b1c0d/x', 'https://logs.example.com/in/•••/x'],
    ['https://logs.example.com/heroku/production-logs/api-v2', 'https://logs.example.com/heroku/production-logs/api-v2'],
    ['https://logs.example.com/2024-01-15', 'https://logs.example.com/2024-01-15'],
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
    expect(urlSecrets('https://logs-01.loggly.com/bulk/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/tag/heroku/')).to.deep.equal([
      '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    ])
    expect(urlHasCredentials('https://logs.example.com/heroku/production-logs')).to.equal(false)
  })
})
