import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {expect} from 'chai'

import {loadProject} from '../../src/lib/manifest/project.js'
import {pluginContractViolations} from '../support/contract.js'
import {type Emulator, startEmulator} from 'heroku-emulator'
import {type HerokuCli, sharedHerokuCli} from '../support/heroku-cli.js'
import {GITHUB_REPO, referenceRepo} from '../support/reference.js'
import {SHOP_PROCESS_TYPES} from '../support/shop-pipeline.js'

/**
 * ACM is decided on the formation the plan leaves behind, not on today's dynos, and basic dynos (paid dynos) get
 * ACM: the reference pipeline, production deployed on basic dynos with ACM off.
 */
describe('e2e: kit:bootstrap enables ACM on the formation it leaves behind', function () {
  this.timeout(300_000)
  let cli: HerokuCli
  let emulator: Emulator
  let repo: string
  const kit = (args: string[]) => cli.run(args, emulator.url, {cwd: repo, env: {HEROKU_KIT_POLL_INTERVAL_MS: '10'}})
  const writes = () => emulator.writes().map(w => `${w.method} ${w.path}`)
  const production = () => emulator.state.findApp('shop-prod')!
  const sizes = () => emulator.state.appFormation(production()).map(f => `${f.type}=${f.quantity}:${f.size}`)

  /** production runs web=1 worker=1 on basic dynos (as a personal app's first deploy leaves it), ACM off */
  function productionOnBasicWithoutAcm(): void {
    for (const entry of emulator.state.appFormation(production())) Object.assign(entry, {size: 'basic', quantity: 1})
    production().acm = false
  }

  before(async () => {
    cli = await sharedHerokuCli()
    // time plays no part here: the production release below must settle at once (see packages/heroku-emulator/README.md, Timings)
    emulator = await startEmulator({timings: 'instant'})
    repo = await referenceRepo()
    const project = await loadProject(repo)
    emulator.state.addGithubRepo({full_name: project.pipelineFile.repo!, ...GITHUB_REPO})
    const first = await kit(['kit:bootstrap', '--yes'])
    expect(first.code, first.output).to.equal(0)
    const release = emulator.state.deploy('shop-prod', {processTypes: SHOP_PROCESS_TYPES})
    release.pendingPolls = 0
    emulator.state.pollRelease(release)
  })

  after(async () => {
    const log = emulator?.log ?? []
    await emulator?.close()
    expect(pluginContractViolations(log), 'requests outside the Platform API schema or the endpoints the Heroku CLI uses').to.deep.equal([])
  })

  it('basic → standard-2x declared: one run scales, then enables ACM; a second run sends zero writes', async () => {
    productionOnBasicWithoutAcm()
    expect(sizes()).to.deep.equal(['web=1:basic', 'worker=1:basic'])
    emulator.clearLog()
    const result = await kit(['kit:bootstrap', '--yes'])
    expect(result.code, result.output).to.equal(0)
    expect(result.stdout).to.include('enable Automated Certificate Management (after scaling)')
    // the scale first, ACM after it (the ACM step depends on the formation step)
    expect(writes()).to.deep.equal(['PATCH /apps/shop-prod/formation', 'POST /apps/shop-prod/acm'])
    expect(sizes()).to.deep.equal(['web=2:standard-2x', 'worker=1:standard-1x'])
    expect(production().acm).to.equal(true)

    emulator.clearLog()
    const again = await kit(['kit:bootstrap', '--yes'])
    expect(again.code, again.output).to.equal(0)
    expect(emulator.writes()).to.deep.equal([])
  })

  it('a production declared on basic dynos with a domain gets ACM', async () => {
    const file = path.join(repo, 'heroku-kit.yml')
    const text = await readFile(file, 'utf8')
    const basic = text
      .replace('web: {quantity: 2, size: standard-2x}', 'web: {quantity: 1, size: basic}')
      .replace('worker: {quantity: 1, size: standard-1x}', 'worker: {quantity: 1, size: basic}')
    expect(basic).to.not.equal(text)
    await writeFile(file, basic)
    productionOnBasicWithoutAcm()
    emulator.clearLog()
    const result = await kit(['kit:bootstrap', '--yes'])
    expect(result.code, result.output).to.equal(0)
    expect(writes()).to.deep.equal(['POST /apps/shop-prod/acm'])
    expect(production().acm).to.equal(true)
    expect(sizes()).to.deep.equal(['web=1:basic', 'worker=1:basic'])

    emulator.clearLog()
    const again = await kit(['kit:bootstrap', '--yes'])
    expect(again.code, again.output).to.equal(0)
    expect(emulator.writes()).to.deep.equal([])
  })
})
