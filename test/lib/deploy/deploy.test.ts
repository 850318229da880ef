import {expect} from 'chai'

import type {App, HerokuApi, Release} from '../../../src/lib/api/heroku-api.js'
import type {ApiClients} from '../../../src/lib/command/kit-command.js'
import {readDeploy} from '../../../src/lib/deploy/deploy.js'
import type {Commit} from '../../../src/lib/deploy/source.js'

const SHA = 'a'.repeat(40)
const commit = {sha: SHA, subject: 'ship it', ref: 'HEAD', prefix: '', toplevel: '/repo'} as Commit

/** Clients whose app runs `release`, built from `built` (a slug or an OCI image, by its id), recording what is read. */
function clients(release: Partial<Release>, built: Record<string, {commit: string; process_types: Record<string, unknown>}>, asked: string[]): ApiClients {
  const heroku = {
    listReleases: async () => [{id: 'r5', version: 5, status: 'succeeded', current: true, ...release}],
    getBuildArtifact: async (app: string, artifact: {type: string; id: string}) => (
      asked.push(`${artifact.type} ${artifact.id}`),
      {id: artifact.id, ...built[artifact.id]}
    ),
  }
  return {heroku: heroku as unknown as HerokuApi} as ApiClients
}

describe('kit:deploy: what the app runs now (readDeploy)', () => {
  const app = {id: 'app-id', name: 'shop-staging'} as App

  it('a Fir release (slug null, its OCI image in artifacts): the commit is read from the image; that commit is not deployed again', async () => {
    const asked: string[] = []
    const fir = clients(
      {slug: null, artifacts: [{type: 'oci-image', id: 'img-1'}]},
      {'img-1': {commit: SHA, process_types: {web: {command: 'node server.js'}}}},
      asked,
    )
    const state = await readDeploy(fir, app, commit, false)
    expect(asked).to.deep.equal(['oci-image img-1'])
    expect([state.currentCommit, state.currentProcessTypes, state.decision.action]).to.deep.equal([SHA, ['web'], 'nothing'])
  })

  it('a Cedar release: the commit is read from the slug, as before', async () => {
    const asked: string[] = []
    const cedar = clients({slug: {id: 'slug-1'}}, {'slug-1': {commit: 'b'.repeat(40), process_types: {web: 'node server.js'}}}, asked)
    const state = await readDeploy(cedar, app, commit, false)
    expect(asked).to.deep.equal(['slug slug-1'])
    expect(state.decision.action).to.equal('deploy')
  })
})
