import {expect} from 'chai'

import {buildDesiredState, type DesiredState} from '../../src/lib/converge/desired.js'
import {loadProject} from '../../src/lib/manifest/project.js'
import {type Emulator, startEmulator} from 'heroku-emulator'
import {pluginContractViolations} from '../support/contract.js'
import {type HerokuCli, sharedHerokuCli} from '../support/heroku-cli.js'
import {summarizePipeline} from '../support/pipeline-summary.js'
import {GITHUB_REPO, referenceRepo} from '../support/reference.js'

/**
 * Two runs at once (issue 18 item 1): a CI job and a person start `kit:bootstrap --yes` on a fresh account at the
 * same moment, through the real heroku CLI, against the emulator with latency and add-ons that provision
 * asynchronously. Heroku has no lock: the runs must still end with one pipeline, one app per stage, one add-on per
 * declaration and one drain per URL, and a further run must have nothing to do.
 */
describe('e2e: kit:bootstrap started two and three times at the same moment', function () {
  this.timeout(600_000)
  let cli: HerokuCli
  let repo: string
  let desired: DesiredState
  let reference: Record<string, unknown>
  // polls start at 250 ms (1 s by default) to keep the suite short; the emulator keeps its realistic timings
  const env = {HEROKU_KIT_POLL_INTERVAL_MS: '250'}

  async function freshEmulator(): Promise<Emulator> {
    // latency makes the reads of each run overlap the writes of the others, as on the real service
    const emulator = await startEmulator({latencyMs: 300})
    emulator.state.addGithubRepo({full_name: desired.repo!, ...GITHUB_REPO})
    return emulator
  }

  before(async () => {
    cli = await sharedHerokuCli()
    repo = await referenceRepo()
    desired = await buildDesiredState(await loadProject(repo))
    // what one undisturbed run sets up: the runs at once must end with exactly this
    const emulator = await freshEmulator()
    try {
      const alone = await cli.run(['kit:bootstrap', '--yes'], emulator.url, {cwd: repo, env})
      expect(alone.code, alone.output).to.equal(0)
      reference = summarizePipeline(emulator.state, desired.pipeline)
    } finally {
      await emulator.close()
    }
  })

  /** What the emulator holds, counted the way a duplicate would show. */
  function counts(emulator: Emulator) {
    const {state} = emulator
    const apps = new Set(desired.stages.map(s => s.app))
    const addons = [...state.addons.values()].filter(a => apps.has(state.apps.get(a.appId)?.name ?? ''))
    const drains = [...state.drains.values()].filter(d => !d.addonId && apps.has(state.apps.get(d.appId)?.name ?? ''))
    return {
      pipelines: [...state.pipelines.values()].filter(p => p.name === desired.pipeline).length,
      apps: [...state.apps.values()].filter(a => apps.has(a.name)).length,
      couplings: [...state.couplings.values()].length,
      addons: addons.length,
      drainUrls: drains.length,
      distinctDrainUrls: new Set(drains.map(d => `${d.appId} ${d.url}`)).size,
    }
  }

  const declared = () => ({
    pipelines: 1,
    apps: desired.stages.length,
    couplings: desired.stages.length,
    addons: desired.stages.reduce((n, s) => n + s.addons.length, 0),
    drainUrls: desired.stages.reduce((n, s) => n + s.drains.length, 0),
    distinctDrainUrls: desired.stages.reduce((n, s) => n + s.drains.length, 0),
  })

  for (const runs of [2, 3]) {
    it(`${runs} runs at once: one pipeline, one app per stage, one add-on per declaration, one drain per URL; then nothing to do`, async () => {
      const emulator = await freshEmulator()
      try {
        // every run reads the pipelines before any of them goes on, whatever its start-up took: they plan from one state
        emulator.gate({method: 'GET', path: '/pipelines', count: runs})
        const results = await Promise.all(Array.from({length: runs}, () => cli.run(['kit:bootstrap', '--yes'], emulator.url, {cwd: repo, env})))
        const creates = emulator.log.filter(e => e.method === 'POST' && e.path === '/pipelines').length
        expect(creates, 'the runs overlapped: more than one planned the pipeline').to.be.greaterThan(1)
        for (const [i, result] of results.entries()) expect(result.code, `run ${i + 1}:\n${result.output}`).to.equal(0)
        expect(counts(emulator)).to.deep.equal(declared())
        expect(summarizePipeline(emulator.state, desired.pipeline)).to.deep.equal(reference)
        expect(pluginContractViolations(emulator.log)).to.deep.equal([])

        emulator.clearLog()
        const again = await cli.run(['kit:bootstrap', '--yes'], emulator.url, {cwd: repo, env})
        expect(again.code, again.output).to.equal(0)
        expect(again.stdout).to.include('Nothing to do')
        expect(emulator.writes()).to.deep.equal([])
      } finally {
        await emulator.close()
      }
    })
  }
})
