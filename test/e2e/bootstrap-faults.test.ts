import {runCommand} from '@oclif/test'
import {expect} from 'chai'

import {loadProject} from '../../src/lib/manifest/project.js'
import {type Emulator, type FaultRule, startEmulator} from 'heroku-emulator'
import {emulatorEnv, ROOT} from '../support/heroku-cli.js'
import {summarizePipeline} from '../support/pipeline-summary.js'
import {GITHUB_REPO, referenceRepo} from '../support/reference.js'

/**
 * Failure and resume: for every kind of write bootstrap sends, a run where that request fails (503 beyond the
 * retries, 422, a connection reset after Heroku applied it), then a clean run that must converge to exactly the
 * state of an undisturbed bootstrap, with nothing duplicated. In-process (same code path as the CLI, minus its
 * start-up) so the whole matrix runs in seconds.
 */
describe('e2e: kit:bootstrap failure, resume and convergence', function () {
  this.timeout(600_000)
  let repo: string
  let pipeline: string
  let reference: Record<string, unknown>
  const savedEnv = {...process.env}

  async function fresh(): Promise<Emulator> {
    const emulator = await startEmulator({timings: 'instant'})
    const project = await loadProject(repo)
    if (project.pipelineFile.repo) emulator.state.addGithubRepo({full_name: project.pipelineFile.repo, ...GITHUB_REPO})
    Object.assign(process.env, emulatorEnv(emulator.url), {HEROKU_KIT_POLL_INTERVAL_MS: '1', HEROKU_KIT_MAX_RETRIES: '2'})
    return emulator
  }

  async function bootstrap(...extra: string[]) {
    const savedCwd = process.cwd()
    process.chdir(repo)
    try {
      return await runCommand(['kit:bootstrap', '--yes', ...extra], {root: ROOT})
    } finally {
      process.chdir(savedCwd)
    }
  }

  before(async () => {
    repo = await referenceRepo()
    pipeline = (await loadProject(repo)).pipelineFile.pipeline
    const emulator = await fresh()
    const {error, stdout} = await bootstrap()
    expect(error, stdout).to.equal(undefined)
    reference = summarizePipeline(emulator.state, pipeline)
    await emulator.close()
  })

  after(() => {
    process.env = savedEnv
  })

  const writes: Array<{name: string; rule: Omit<FaultRule, 'reset' | 'status' | 'times' | 'when'>}> = [
    {name: 'create pipeline', rule: {method: 'POST', path: '/pipelines'}},
    {name: 'create app', rule: {method: 'POST', path: '/apps'}},
    {name: 'couple app', rule: {method: 'POST', path: '/pipeline-couplings'}},
    {name: 'set buildpacks', rule: {method: 'PUT', path: '/apps/*/buildpack-installations'}},
    {name: 'create add-on', rule: {method: 'POST', path: '/apps/*/addons'}},
    {name: 'set config vars', rule: {method: 'PATCH', path: '/apps/*/config-vars'}},
    {name: 'enable preboot', rule: {method: 'PATCH', path: '/apps/*/features/preboot'}},
    {name: 'add domain', rule: {method: 'POST', path: '/apps/*/domains'}},
    {name: 'enable ACM', rule: {method: 'POST', path: '/apps/*/acm'}},
    {name: 'schedule backups', rule: {method: 'POST', path: '/client/v11/databases/*/transfer-schedules'}},
    {name: 'add log drain', rule: {method: 'POST', path: '/apps/*/log-drains'}},
    {name: 'link GitHub repository', rule: {method: 'POST', path: '/pipelines/*/repository'}},
    {name: 'set auto-deploy', rule: {method: 'PATCH', path: '/apps/*/github'}},
    {name: 'enable review apps', rule: {method: 'POST', path: '/pipelines/*/review-app-config'}},
    {name: 'set review config vars', rule: {method: 'PATCH', path: '/pipelines/*/stage/review/config-vars'}},
  ]
  const faults: Array<{kind: string; fault: Pick<FaultRule, 'reset' | 'status' | 'times' | 'when' | 'body'>}> = [
    {
      kind: '503 beyond retries',
      fault: {status: 503, times: Infinity, body: {id: 'unavailable', message: 'Could not complete the action. Please try again later.'}},
    },
    {kind: '422', fault: {status: 422, times: 1, body: {id: 'invalid_params', message: 'Something about this request is invalid.'}}},
    {kind: 'connection reset after Heroku applied it', fault: {reset: true, when: 'after', times: 1}},
  ]

  for (const {name, rule} of writes) {
    for (const {kind, fault} of faults) {
      it(`${name}: ${kind}, then a clean re-run converges with nothing duplicated`, async () => {
        const emulator = await fresh()
        try {
          emulator.faults.add({...rule, ...fault})
          const failed = await bootstrap()
          expect(emulator.faults.hits(), 'the fault fired').to.be.greaterThan(0)
          if (fault.status) {
            expect(failed.error?.oclif?.exit ?? 0, failed.stdout + failed.stderr).to.not.equal(0)
            expect(failed.stdout + failed.stderr).to.match(/failed|run kit:bootstrap again/i)
          }

          emulator.faults.clear()
          const again = await bootstrap()
          expect(again.error, again.stdout + again.stderr).to.equal(undefined)
          expect(summarizePipeline(emulator.state, pipeline)).to.deep.equal(reference)
          emulator.clearLog()
          const third = await bootstrap()
          expect(third.stdout).to.include('Nothing to do')
          expect(emulator.writes()).to.deep.equal([])
        } finally {
          await emulator.close()
        }
      })
    }
  }

  it('converges by itself under 20% random 429/503 answers', async () => {
    const emulator = await fresh()
    try {
      Object.assign(process.env, {HEROKU_KIT_MAX_RETRIES: '6'})
      emulator.faults.random({probability: 0.2, statuses: [429, 503], seed: 20_261_128})
      const result = await bootstrap()
      expect(emulator.faults.hits()).to.be.greaterThan(5)
      expect(result.error, result.stdout + result.stderr).to.equal(undefined)
      emulator.faults.clear()
      expect(summarizePipeline(emulator.state, pipeline)).to.deep.equal(reference)
    } finally {
      await emulator.close()
    }
  })

  describe('partial and existing setups', () => {
    it('finishes a pipeline that exists without apps', async () => {
      const emulator = await fresh()
      try {
        emulator.state.createPipeline({name: pipeline})
        expect((await bootstrap()).error).to.equal(undefined)
        expect(summarizePipeline(emulator.state, pipeline)).to.deep.equal(reference)
      } finally {
        await emulator.close()
      }
    })

    it('adopts apps that exist outside any pipeline', async () => {
      const emulator = await fresh()
      try {
        const project = await loadProject(repo)
        emulator.state.createApp({name: project.pipelineFile.stages.staging.app})
        emulator.state.createApp({name: project.pipelineFile.stages.production.app})
        const result = await bootstrap()
        expect(result.error, result.stdout).to.equal(undefined)
        expect(summarizePipeline(emulator.state, pipeline)).to.deep.equal(reference)
        expect(emulator.writes().filter(w => w.method === 'POST' && w.path === '/apps')).to.deep.equal([])
      } finally {
        await emulator.close()
      }
    })

    it('reports an add-on on another plan as drift and never adds a second copy', async () => {
      const emulator = await fresh()
      try {
        const project = await loadProject(repo)
        const stage = project.pipelineFile.stages.production
        const postgres = stage.addons.find(a => a.service === 'heroku-postgresql')!
        const other = postgres.plan === 'heroku-postgresql:essential-1' ? 'heroku-postgresql:essential-2' : 'heroku-postgresql:essential-1'
        emulator.state.createApp({name: stage.app})
        emulator.state.addAddon(stage.app, other, {attachmentName: postgres.as ?? 'DATABASE'})
        const result = await bootstrap()
        expect(result.error, result.stdout).to.equal(undefined)
        expect(result.stdout).to.include(`declared ${postgres.plan}`)
        const app = emulator.state.findApp(stage.app)!
        expect([...emulator.state.addons.values()].filter(a => a.appId === app.id && a.service === 'heroku-postgresql')).to.have.length(1)
      } finally {
        await emulator.close()
      }
    })

    it('two empty pipelines of the name (runs at once, issue 18): uses the oldest, names the other, and never removes it', async () => {
      const emulator = await fresh()
      try {
        const a = emulator.state.createPipeline({name: pipeline})
        const b = emulator.state.createPipeline({name: pipeline})
        const older = [a, b].sort((x, y) => x.createdAt.localeCompare(y.createdAt) || x.id.localeCompare(y.id))[0]
        const other = older === a ? b : a
        const result = await bootstrap()
        expect(result.error, result.stdout).to.equal(undefined)
        expect(result.stdout).to.include(`heroku pipelines:destroy ${other.id}`)
        expect([...emulator.state.couplings.values()].map(c => c.pipelineId)).to.deep.equal([older.id, older.id])
        expect(emulator.state.pipelines.has(other.id)).to.equal(true)
      } finally {
        await emulator.close()
      }
    })

    it('stops on a duplicate pipeline name when both couple apps, lists the ids, and sends nothing', async () => {
      const emulator = await fresh()
      try {
        const a = emulator.state.createPipeline({name: pipeline})
        const b = emulator.state.createPipeline({name: pipeline})
        emulator.state.couple(emulator.state.createApp({name: 'shop-elsewhere-1'}), a, 'development')
        emulator.state.couple(emulator.state.createApp({name: 'shop-elsewhere-2'}), b, 'development')
        const result = await bootstrap()
        expect(result.error?.oclif?.exit).to.equal(1)
        expect(result.error?.message).to.include(a.id).and.include(b.id).and.include('--pipeline-id')
        expect(emulator.writes()).to.deep.equal([])
        const chosen = await bootstrap('--pipeline-id', a.id)
        expect(chosen.error, chosen.stdout).to.equal(undefined)
        expect([...emulator.state.pipelines.values()].filter(p => p.name === pipeline)).to.have.length(2)
      } finally {
        await emulator.close()
      }
    })
  })
})
