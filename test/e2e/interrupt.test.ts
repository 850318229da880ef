import {expect} from 'chai'

import {buildDesiredState, type DesiredState} from '../../src/lib/converge/desired.js'
import {loadProject} from '../../src/lib/manifest/project.js'
import {type Emulator, startEmulator} from 'heroku-emulator'
import {type HerokuCli, type RunResult, sharedHerokuCli} from '../support/heroku-cli.js'
import {summarizePipeline} from '../support/pipeline-summary.js'
import {GITHUB_REPO, referenceRepo} from '../support/reference.js'

/**
 * A run cut short (issue 18 item 2): Ctrl-C (SIGINT) or a CI cancel (SIGTERM) delivered to the process group of the
 * real heroku CLI while kit:bootstrap applies its plan — add-ons provisioning, other steps not started. The run must
 * say what finished, what was in flight, what did not start and how to finish, exit 130 / 143 without a stack
 * trace, give a final JSON object with --json, and the command it names must finish the job.
 */
describe('e2e: kit:bootstrap interrupted by SIGINT or SIGTERM', function () {
  this.timeout(300_000)
  let cli: HerokuCli
  let repo: string
  let desired: DesiredState
  const env = {HEROKU_KIT_POLL_INTERVAL_MS: '250'}
  const emulators: Emulator[] = []

  before(async () => {
    cli = await sharedHerokuCli()
    repo = await referenceRepo()
    desired = await buildDesiredState(await loadProject(repo))
  })

  after(async () => {
    await Promise.all(emulators.map(e => e.close()))
  })

  async function freshEmulator(): Promise<Emulator> {
    // add-ons provision for 8 s, so the signal (sent once an add-on create was answered) always lands while the steps
    // that wait for them (config, backups) have not started, however loaded the machine is
    const emulator = await startEmulator({latencyMs: 50, addonProvisionMs: 8000})
    emulator.state.addGithubRepo({full_name: desired.repo!, ...GITHUB_REPO})
    emulators.push(emulator)
    return emulator
  }

  /**
   * kit:bootstrap --yes (and `extra`), and `signals` sent to its process group once Heroku has answered an add-on
   * create: the add-ons then provision (8 s here) while the steps that need them wait.
   */
  async function interruptedBootstrap(emulator: Emulator, signals: NodeJS.Signals[], extra: string[] = []): Promise<RunResult> {
    let timer: NodeJS.Timeout | undefined
    const result = await cli.run(['kit:bootstrap', '--yes', ...extra], emulator.url, {
      cwd: repo,
      env,
      onSpawn(child) {
        timer = setInterval(() => {
          if (!emulator.log.some(e => e.method === 'POST' && e.path.endsWith('/addons') && e.status === 202)) return
          clearInterval(timer)
          for (const signal of signals) process.kill(-child.pid!, signal)
        }, 20)
      },
    })
    clearInterval(timer)
    return result
  }

  function expectNoStackTrace(result: RunResult): void {
    expect(result.output).to.not.match(/^\s+at .+:\d+:\d+\)?$/m)
    expect(result.output).to.not.include('Error:')
  }

  it('SIGINT: the block names what finished, what was in flight and what did not start, and how to finish; exit 130', async () => {
    const emulator = await freshEmulator()
    const result = await interruptedBootstrap(emulator, ['SIGINT'])
    expect(result.code, result.output).to.equal(130)
    expect(result.stderr).to.include('Interrupted by Ctrl-C (SIGINT); heroku-kit stopped and sends nothing more.')
    expect(result.stderr).to.match(/Finished \(\d+\): .*create app shop-staging/)
    expect(result.stderr).to.match(/In flight, may or may not have happened \(\d+\): .*create add-on/)
    expect(result.stderr).to.match(/Not started \(\d+\): .*schedule Postgres backups/)
    expect(result.stderr).to.include('To finish the job, run: heroku kit:bootstrap --yes (it reads Heroku again and does only what is left).')
    expectNoStackTrace(result)

    // the command it names finishes the job: one of everything, and then nothing to do
    const resumed = await cli.run(['kit:bootstrap', '--yes'], emulator.url, {cwd: repo, env})
    expect(resumed.code, resumed.output).to.equal(0)
    const summary = summarizePipeline(emulator.state, desired.pipeline) as {pipelines: number; stages: Array<Record<string, {addons: string[]}>>}
    expect(summary.pipelines).to.equal(1)
    for (const stage of desired.stages) expect(summary.stages[0][stage.name].addons, stage.name).to.have.length(stage.addons.length)
    emulator.clearLog()
    const again = await cli.run(['kit:bootstrap', '--yes'], emulator.url, {cwd: repo, env})
    expect(again.stdout).to.include('Nothing to do')
    expect(emulator.writes()).to.deep.equal([])
  })

  it('SIGTERM (a CI cancel): the same block, exit 143', async () => {
    const result = await interruptedBootstrap(await freshEmulator(), ['SIGTERM'])
    expect(result.code, result.output).to.equal(143)
    expect(result.stderr).to.include('Interrupted by SIGTERM; heroku-kit stopped and sends nothing more.')
    expect(result.stderr).to.match(/In flight, may or may not have happened \(\d+\): /)
    expect(result.stderr).to.include('To finish the job, run: heroku kit:bootstrap --yes')
    expectNoStackTrace(result)
  })

  it('--json: stdout is one final object with interrupted: true and the steps; exit 130', async () => {
    const result = await interruptedBootstrap(await freshEmulator(), ['SIGINT'], ['--json'])
    expect(result.code, result.output).to.equal(130)
    const json = JSON.parse(result.stdout)
    expect(json).to.include({interrupted: true, signal: 'SIGINT', exitCode: 130, resume: 'heroku kit:bootstrap --yes --json'})
    expect(json.error.code).to.equal('interrupted')
    expect(json.steps.finished.length).to.be.greaterThan(0)
    expect(json.steps.inFlight.some((s: string) => s.includes('create add-on'))).to.equal(true)
    expect(json.steps.notStarted.length).to.be.greaterThan(0)
    expect(result.stderr).to.not.include('Interrupted')
    expectNoStackTrace(result)
  })

  it('a second Ctrl-C exits at once: one block, exit 130', async () => {
    const result = await interruptedBootstrap(await freshEmulator(), ['SIGINT', 'SIGINT'])
    expect(result.code, result.output).to.equal(130)
    expect(result.stderr.split('Interrupted by').length - 1).to.be.at.most(1)
    expectNoStackTrace(result)
  })
})
