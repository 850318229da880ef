import {expect} from 'chai'

import {Findings} from '../../../../src/lib/init/detect/detector.js'

describe('init/detect/detector: Findings', () => {
  it('records each backing service with its line of evidence, in the order found, between the detector signals', () => {
    const signals = ['framework Express: package.json dependencies: express']
    const findings = new Findings(signals)
    findings.needsDatabase('package.json dependencies: pg')
    signals.push('a signal of the detector')
    findings.needsMigrations({via: 'package.json scripts.migrate', command: 'npm run migrate'})
    findings.needsRedis('package.json dependencies: ioredis')
    findings.needsWorker({via: 'package.json dependencies: bullmq', command: 'node worker.js'})
    expect(signals).to.deep.equal([
      'framework Express: package.json dependencies: express',
      'database → heroku-postgresql: package.json dependencies: pg',
      'a signal of the detector',
      'migrations → release phase: package.json scripts.migrate → npm run migrate',
      'redis → heroku-redis: package.json dependencies: ioredis',
      'worker process: package.json dependencies: bullmq → node worker.js',
    ])
  })

  it('built: the stack fields of the detector and what it found (nothing found: no service, the env and warnings it added)', () => {
    const findings = new Findings([])
    expect(findings.built({name: 'app', web: {command: 'bin/app'}, testCommand: 'go test ./...'})).to.deep.equal({
      name: 'app',
      web: {command: 'bin/app'},
      testCommand: 'go test ./...',
      database: undefined,
      redis: undefined,
      worker: undefined,
      migrations: undefined,
      env: [],
      warnings: [],
    })
    findings.needsDatabase('go.mod: github.com/lib/pq')
    findings.env.push({key: 'GIN_MODE', kind: 'value', value: 'release', description: 'Gin mode'})
    findings.warnings.push('listen on $PORT')
    const built = findings.built({name: 'app', web: {command: 'bin/app'}, testCommand: 'go test ./...'})
    expect(built.database).to.deep.equal({via: 'go.mod: github.com/lib/pq'})
    expect(built.env?.map(e => e.key)).to.deep.equal(['GIN_MODE'])
    expect(built.warnings).to.deep.equal(['listen on $PORT'])
  })
})
