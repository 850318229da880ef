import {expect} from 'chai'

import {type Emulator, startEmulator} from '../src/index.js'
import {client} from './client.js'

describe('emulator: kolkrabbi, GitHub and review apps', () => {
  let emulator: Emulator
  let call: ReturnType<typeof client>

  beforeEach(async () => {
    emulator = await startEmulator({timings: 'instant', seed: 10})
    call = client(emulator)
    emulator.state.addGithubRepo({default_branch: 'main', full_name: 'acme/widget', id: 4242})
  })
  afterEach(() => emulator.close())

  const githubToken = async (): Promise<string> =>
    (await call('GET', '/account/github/token', undefined, {headers: {Accept: 'application/json'}})).body.github.token

  it('hands out the GitHub token, which the GitHub API then accepts', async () => {
    const token = await githubToken()
    expect(token).to.match(/^gho_/)
    const repo = await fetch(`${emulator.url}/repos/acme/widget`, {headers: {Authorization: `Token ${token}`}})
    expect(repo.status).to.equal(200)
    expect(await repo.json()).to.include({default_branch: 'main', full_name: 'acme/widget', id: 4242, private: false})
    const missing = await fetch(`${emulator.url}/repos/acme/nope`, {headers: {Authorization: `token ${token}`}})
    expect(missing.status).to.equal(404)
    expect(await missing.json()).to.include({message: 'Not Found'})
    const bad = await fetch(`${emulator.url}/repos/acme/widget`, {headers: {Authorization: 'Token test-api-key'}})
    expect(bad.status).to.equal(401)
    expect(await bad.json()).to.include({message: 'Bad credentials'})
  })

  it('answers 404 for the token when the account is not connected', async () => {
    await emulator.close()
    emulator = await startEmulator({timings: 'instant', githubConnected: false})
    call = client(emulator)
    expect((await call('GET', '/account/github/token')).status).to.equal(404)
  })

  it('links a pipeline to a repository; app links appear for coupled apps', async () => {
    const pipeline = emulator.state.createPipeline({name: 'kit'})
    const staging = emulator.state.createApp({name: 'kit-staging'})
    emulator.state.couple(staging, pipeline, 'staging')
    expect((await call('GET', `/pipelines/${pipeline.id}/repository`)).status).to.equal(404)
    expect((await call('GET', `/apps/${staging.id}/github`)).status).to.equal(404)
    const linked = await call('POST', `/pipelines/${pipeline.id}/repository`, {repository: 4242})
    expect(linked.status).to.equal(201)
    expect(linked.body.repository).to.deep.equal({id: 4242, name: 'acme/widget', type: 'github'})
    expect((await call('POST', `/pipelines/${pipeline.id}/repository`, {repository: 4242})).status).to.equal(409)
    expect((await call('POST', `/pipelines/${emulator.state.createPipeline({name: 'x'}).id}/repository`, {repository: 1})).status).to.equal(404)
    expect((await call('GET', `/pipelines/${pipeline.id}/repository`)).body.repository.name).to.equal('acme/widget')
    expect((await call('PATCH', `/pipelines/${pipeline.id}/repository`, {ci: true})).body.ci).to.equal(true)
    const link = await call('GET', `/apps/${staging.id}/github`)
    expect(link.body).to.include({auto_deploy: false, branch: null, repo: 'acme/widget'})
    expect((await call('GET', '/apps/kit-staging/github')).status).to.equal(404)
    const patched = await call('PATCH', `/apps/${staging.id}/github`, {
      auto_deploy: true,
      branch: 'main',
      pull_requests: {auto_deploy: true, auto_destroy: true, enabled: true},
      wait_for_ci: true,
    })
    expect(patched.body).to.include({auto_deploy: true, branch: 'main', wait_for_ci: true})
    expect((await call('PATCH', `/apps/${staging.id}/github`, {auto_deploy: 'yes'})).status).to.equal(422)
    const tarball = await call('GET', '/github/repos/acme/widget/tarball/main')
    expect(tarball.body.archive_link).to.match(new RegExp(`^${emulator.url}/__archives/acme/widget/main\\.tar\\.gz`))
    expect(emulator.log.filter(e => e.path.includes('/repository')).every(e => e.host === 'kolkrabbi')).to.equal(true)
  })

  it('configures review apps only for pipelines linked to a repository', async () => {
    const pipeline = emulator.state.createPipeline({name: 'kit'})
    const path = `/pipelines/${pipeline.id}/review-app-config`
    expect((await call('GET', path, undefined, {variant: 'review-apps'})).status).to.equal(404)
    expect((await call('POST', path, {repo: 'acme/widget'}, {variant: 'review-apps'})).status).to.equal(404)
    await call('POST', `/pipelines/${pipeline.id}/repository`, {repository: 4242})
    expect((await call('GET', path, undefined, {variant: 'review-apps'})).status).to.equal(404)
    expect((await call('POST', path, {automatic_review_apps: true}, {variant: 'review-apps'})).status).to.equal(422)
    const created = await call(
      'POST',
      path,
      {automatic_review_apps: true, deploy_target: {id: 'us', type: 'region'}, repo: 'acme/widget', stale_days: 5},
      {variant: 'review-apps'},
    )
    expect(created.status).to.equal(201)
    expect(created.body).to.deep.include({automatic_review_apps: true, pipeline_id: pipeline.id, repo: {id: '4242'}, stale_days: 5})
    expect((await call('POST', path, {repo: 'acme/widget'}, {variant: 'review-apps'})).status).to.equal(409)
    const patched = await call('PATCH', path, {destroy_stale_apps: true, pipeline: pipeline.id}, {variant: 'review-apps'})
    expect(patched.body.destroy_stale_apps).to.equal(true)
    expect((await call('PATCH', path, {stale_days: 99})).status).to.equal(422)
    expect((await call('DELETE', path, undefined, {variant: 'review-apps'})).status).to.equal(200)
    expect((await call('GET', path)).status).to.equal(404)
    const repo = await call('GET', `/pipelines/${pipeline.id}/repo`, undefined, {variant: 'repositories-api'})
    expect(repo.body.full_name).to.equal('acme/widget')
    expect((await call('GET', `/pipelines/${pipeline.id}/repo`)).status).to.equal(406)
  })

  it('does not check the Accept header on kolkrabbi or spend rate-limit tokens there', async () => {
    const before = emulator.state.pool(emulator.state.defaultUser).remaining()
    expect((await call('GET', '/account/github/token', undefined, {headers: {Accept: 'application/json'}})).status).to.equal(200)
    expect(emulator.state.pool(emulator.state.defaultUser).remaining()).to.equal(before)
  })
})
