import {expect} from 'chai'

import {resolveServiceUrls} from '../../../src/lib/api/hosts.js'

describe('resolveServiceUrls', () => {
  it('defaults to the real Heroku hosts', () => {
    expect(resolveServiceUrls({})).to.deep.equal({
      platform: 'https://api.heroku.com',
      data: 'https://api.data.heroku.com',
      kolkrabbi: 'https://kolkrabbi.heroku.com',
      github: 'https://api.github.com',
    })
  })

  it('reads HEROKU_HOST as the Heroku CLI does: a domain gets api. in front, a URL is used as is', () => {
    expect(resolveServiceUrls({HEROKU_HOST: 'heroku.com'}).platform).to.equal('https://api.heroku.com')
    expect(resolveServiceUrls({HEROKU_HOST: 'http://127.0.0.1:5000'}).platform).to.equal('http://127.0.0.1:5000')
    expect(resolveServiceUrls({HEROKU_HOST: 'https://api.eu.heroku.com/'}).platform).to.equal('https://api.eu.heroku.com')
  })

  it('accepts a hostname (https) or a full URL for the other hosts', () => {
    const urls = resolveServiceUrls({
      HEROKU_DATA_HOST: 'data.heroku.com',
      HEROKU_KOLKRABBI_HOST: 'https://kk.heroku.com:8443',
      GITHUB_API_URL: 'https://api.github.com/',
    })
    expect(urls.data).to.equal('https://data.heroku.com')
    expect(urls.kolkrabbi).to.equal('https://kk.heroku.com:8443')
    expect(urls.github).to.equal('https://api.github.com')
  })

  it('refuses, naming the variable, any host the tokens do not belong to', () => {
    const cases: Array<[string, string]> = [
      ['HEROKU_HOST', 'https://api.heroku.com.evil.example'],
      ['HEROKU_HOST', 'herokudev.com'],
      ['HEROKU_HOST', 'https://evilheroku.com'],
      ['HEROKU_HOST', 'https://user:pw@api.heroku.com'],
      ['HEROKU_DATA_HOST', 'data.example.test'],
      ['HEROKU_KOLKRABBI_HOST', 'https://kolkrabbi.heroku.com.evil.example'],
      ['GITHUB_API_URL', 'https://ghe.example.test/api/v3'],
      ['GITHUB_API_URL', 'https://api.github.com.evil.example'],
    ]
    for (const [variable, value] of cases) {
      expect(() => resolveServiceUrls({[variable]: value}), `${variable}=${value}`).to.throw(new RegExp(`^${variable} points at .* refuses to send`))
    }
  })

  it('gives a bare local hostname the scheme and port of HEROKU_HOST, like the CLI does for HEROKU_DATA_HOST', () => {
    const urls = resolveServiceUrls({HEROKU_HOST: 'http://127.0.0.1:4567', HEROKU_DATA_HOST: '127.0.0.1', HEROKU_KOLKRABBI_HOST: 'localhost'})
    expect(urls.data).to.equal('http://127.0.0.1:4567')
    expect(urls.kolkrabbi).to.equal('http://localhost:4567')
  })

  it('refuses plain http except for localhost', () => {
    expect(() => resolveServiceUrls({HEROKU_HOST: 'http://api.heroku.com'})).to.throw(/only localhost and 127.0.0.1 may use http/)
    expect(() => resolveServiceUrls({GITHUB_API_URL: 'http://github.example.test'})).to.throw(/GITHUB_API_URL/)
    expect(() => resolveServiceUrls({HEROKU_DATA_HOST: 'not a host'})).to.throw(/not a hostname/)
  })
})
