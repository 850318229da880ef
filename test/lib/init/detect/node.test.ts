import {expect} from 'chai'

import {detect} from '../../../../src/lib/init/detect/index.js'
import {appDir as app, cleanTemps} from '../helpers.js'

describe('kit:init detection: Node.js', () => {
  after(cleanTemps)

  it('a migration tool only in devDependencies is flagged (Heroku prunes them)', async () => {
    const dir = await app({
      'package.json': JSON.stringify({name: 'k', scripts: {start: 'node index.js'}, dependencies: {express: '4', pg: '8'}, devDependencies: {knex: '3'}}),
      'knexfile.js': 'module.exports = {}\n',
      'index.js': 'require("express")().listen(process.env.PORT)\n',
    })
    const detection = await detect(dir)
    expect(detection.migrations?.command).to.equal('npx --no-install knex migrate:latest')
    expect(detection.warnings).to.deep.equal([
      'No package-lock.json: commit a lockfile so Heroku and CI install the same versions.',
      'package.json has no engines.node: Heroku picks its default Node.js version; pin one (e.g. "engines": {"node": "20.x"}).',
      'The release phase runs knex, which is not in dependencies: Heroku prunes devDependencies, so move it to dependencies.',
    ])
  })

  it('warns when the entry file never reads PORT', async () => {
    const dir = await app({
      'package.json': JSON.stringify({name: 'p', main: 'app.js', engines: {node: '20.x'}, dependencies: {express: '4'}}),
      'app.js': 'require("express")().listen(3000)\n',
      'package-lock.json': '{}',
    })
    const detection = await detect(dir)
    expect(detection.warnings).to.deep.equal(["app.js doesn't read process.env.PORT: Heroku routes traffic to $PORT, so listen on process.env.PORT."])
  })
})
