import {mkdir, mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'

import {FileIssuesError} from '../../../src/lib/errors.js'
import {loadProject} from '../../../src/lib/manifest/index.js'
import {FIXTURES, rejectsWith} from './helpers.js'

const REFERENCE = path.join(FIXTURES, 'reference')

async function repo(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'kit-project-')), name)
  await mkdir(dir)
  for (const [file, content] of Object.entries(files)) await writeFile(path.join(dir, file), content)
  return dir
}

describe('manifest: loadProject', () => {
  it('loads the reference repository: app.json, Procfile and heroku-kit.yml', async () => {
    const project = await loadProject(REFERENCE)
    expect(project.dir).to.equal(REFERENCE)
    expect(project.appJson?.name).to.equal('shop')
    expect(project.procfile?.entries.map(e => e.type)).to.deep.equal(['web', 'worker', 'release'])
    expect(project.pipelineFile.file).to.equal('heroku-kit.yml')
    expect(project.pipelineFile.pipeline).to.equal('shop')
    expect(
      project.pipelineFile.stages.staging.addons.map(a => a.plan),
      'staging add-ons from app.json',
    ).to.deep.equal(['heroku-postgresql:essential-0', 'heroku-redis:mini', 'papertrail:choklad', 'newrelic:wayne'])
    expect(project.pipelineFile.stages.production.addons.map(a => a.plan)).to.deep.equal([
      'heroku-postgresql:standard-0',
      'heroku-redis:premium-0',
      'papertrail:fixa',
      'newrelic:wayne',
    ])
  })

  it('accepts --pipeline equal to the file, and refuses a different one', async () => {
    expect((await loadProject(REFERENCE, {pipeline: 'shop'})).pipelineFile.pipeline).to.equal('shop')
    const error = await rejectsWith(loadProject(REFERENCE, {pipeline: 'shop-two'}))
    expect(error.code).to.equal('pipeline_mismatch')
    expect(error.message).to.equal('--pipeline is shop-two but heroku-kit.yml names the pipeline shop.')
    expect(error.suggestion).to.equal('Drop --pipeline to use shop, or change `pipeline:` in heroku-kit.yml if the pipeline should be shop-two.')
  })

  it("without heroku-kit.yml, names the pipeline after app.json's name (sanitised) and uses the defaults", async () => {
    const dir = await repo('whatever', {
      'app.json': JSON.stringify({addons: ['heroku-postgresql'], formation: {web: {quantity: 1, size: 'basic'}}, name: 'Small Sharp Tool'}),
      Procfile: 'web: npm start\n',
    })
    const project = await loadProject(dir)
    expect(project.pipelineFile.file).to.equal(undefined)
    expect(project.pipelineFile.pipeline).to.equal('small-sharp-tool')
    expect(project.pipelineFile.stages.staging.app).to.equal('small-sharp-tool-staging')
    expect(project.pipelineFile.stages.production.app).to.equal('small-sharp-tool-prod')
    expect(project.pipelineFile.stages.production.formation).to.deep.equal({web: {quantity: 1, size: 'basic'}})
    expect(project.pipelineFile.stages.production.addons).to.deep.equal([{plan: 'heroku-postgresql', service: 'heroku-postgresql'}])
  })

  it('without heroku-kit.yml or app.json, names the pipeline after the directory', async () => {
    const project = await loadProject(await repo('My_Project.v2', {}))
    expect(project.pipelineFile.pipeline).to.equal('my-project-v2')
    expect(project.appJson).to.equal(undefined)
    expect(project.procfile).to.equal(undefined)
  })

  it('without heroku-kit.yml, --pipeline wins and must be a valid name', async () => {
    const dir = await repo('shop', {'app.json': '{"name": "other"}'})
    expect((await loadProject(dir, {pipeline: 'acme-shop'})).pipelineFile.pipeline).to.equal('acme-shop')
    const invalid = await rejectsWith(loadProject(dir, {pipeline: 'Acme Shop'}))
    expect(invalid.message).to.include('"Acme Shop" is not a valid pipeline name')
    expect(invalid.suggestion).to.equal('Use --pipeline acme-shop.')
    const long = await rejectsWith(loadProject(dir, {pipeline: 'acme-storefront-platform'}))
    expect(long.message).to.equal(
      'The pipeline name "acme-storefront-platform" makes the staging app name "acme-storefront-platform-staging" 32 characters long; Heroku app names have at most 30.',
    )
  })

  it('reports problems in any of the files with their file and line', async () => {
    const dir = await repo('shop', {'app.json': '{\n  "env": {"A": 1}\n}\n', 'heroku-kit.yml': 'pipeline: shop\n'})
    const error = await rejectsWith(loadProject(dir))
    expect(error).to.be.instanceOf(FileIssuesError)
    expect(error.message).to.equal('app.json:2: env.A must be a string or an object, not the number 1; quote it: "A": "1"')
  })

  it('says so when the directory does not exist', async () => {
    const error = await rejectsWith(loadProject(path.join(tmpdir(), 'no-such-kit-dir-4242')))
    expect(error.code).to.equal('not_a_directory')
  })
})
