import {expect} from 'chai'

import {drainProblem, hostnameProblem, timezoneProblem} from '../../../../src/lib/manifest/pipeline-file/values.js'

describe('manifest: heroku-kit.yml value rules', () => {
  it('validates hostnames', () => {
    const good = ['example.com', 'www.shop.example.co.uk', '*.example.com', 'xn--bcher-kva.example', 'a-b.example.io']
    for (const ok of good) expect(hostnameProblem(ok), ok).to.equal(undefined)
    const bad: Array<[string, string]> = [
      ['localhost', 'not a fully qualified hostname'],
      ['shop.herokuapp.com', 'is a Heroku domain'],
      ['10.0.0.1', 'is an IP address'],
      ['-bad.example.com', 'not a valid hostname'],
      ['shop.example.com:443', 'bare hostname'],
      ['shop_1.example.com', 'not a valid hostname'],
      ['example.123', 'top-level domain'],
    ]
    for (const [host, fragment] of bad) expect(hostnameProblem(host), host).to.include(fragment)
  })

  it('validates drains', () => {
    const good = ['syslog+tls://logs.example.net:6514', 'syslog://logs.example.net:514', 'https://logs.example.net/drain']
    for (const ok of good) expect(drainProblem(ok), ok).to.equal(undefined)
    expect(drainProblem('syslog+tls://logs.example.net')).to.include('has no port')
    expect(drainProblem('not a url')).to.include('is not a URL')
    expect(drainProblem('tcp://logs.example.net:514')).to.include('not tcp://')
  })

  it('validates time zones by IANA name', () => {
    for (const ok of ['UTC', 'Etc/UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'US/Pacific']) expect(timezoneProblem(ok), ok).to.equal(undefined)
    for (const bad of ['PST', 'Mars/Olympus', 'GMT+1', 'europe berlin']) expect(timezoneProblem(bad), bad).to.be.a('string')
  })
})
