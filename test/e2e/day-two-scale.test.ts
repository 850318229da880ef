import {execFileSync} from 'node:child_process'
import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {expect} from 'chai'

import {pluginRequests} from '../support/contract.js'
import {referenceRepo} from '../support/reference.js'
import {flat, SHOP_PROCESS_TYPES, useShopPipeline} from '../support/shop-pipeline.js'

/** kit:scale through the real heroku CLI: the reference repository's apps, deployed once, scaled from heroku-kit.yml and from arguments. */
describe('e2e: kit:scale through the real heroku CLI', function () {
  this.timeout(300_000)
  const bed = useShopPipeline({deploy: SHOP_PROCESS_TYPES})
  const kit = (args: string[], cwd = bed.repo) => bed.kit(args, {cwd})
  const formation = (app: string): string[] => {
    const found = bed.emulator.state.findApp(app)!
    return bed.emulator.state.appFormation(found).map(f => `${f.type}=${f.quantity}:${f.size}`)
  }

  const formationPatches = () => bed.emulator.writes().filter(w => w.method === 'PATCH' && /^\/apps\/[^/]+\/formation$/.test(w.path))

  it("--dry-run shows heroku-kit.yml's formation against what runs, and sends nothing", async () => {
    const result = await kit(['kit:scale', '--stage', 'production', '--dry-run'])
    expect(result.code, result.output).to.equal(0)
    expect(result.stdout).to.include('Formation of shop-prod (production) from heroku-kit.yml')
    expect(result.stdout)
      .to.match(/~ web\s+1:basic → 2:standard-2x/)
      .and.match(/~ worker\s+0:basic → 1:standard-1x/)
    expect(result.stdout).to.include('Dry run: 2 process type(s) would change in one request')
    expect(bed.emulator.writes()).to.deep.equal([])
  })

  it('-r REMOTE scales the app of that git remote, as the Heroku CLI reads it (git.heroku.com/APP.git)', async () => {
    execFileSync('git', ['init', '-q'], {cwd: bed.repo})
    execFileSync('git', ['remote', 'add', 'heroku-staging', 'https://git.heroku.com/shop-staging.git'], {cwd: bed.repo})
    const result = await kit(['kit:scale', 'web=1', '-r', 'heroku-staging', '--dry-run'])
    expect(result.code, result.output).to.equal(0)
    expect(result.stdout).to.include('Formation of shop-staging (staging) from arguments')
    expect(bed.emulator.writes()).to.deep.equal([])
  })

  it("applies the stage's formation in one batch request, and a second run sends nothing", async () => {
    const result = await kit(['kit:scale', '--stage', 'production'])
    expect(result.code, result.output).to.equal(0)
    expect(formationPatches()).to.have.length(1)
    expect(bed.emulator.writes()).to.have.length(1)
    expect(formationPatches()[0].body).to.deep.equal({
      updates: [
        {type: 'web', quantity: 2, dyno_size: {name: 'standard-2x'}},
        {type: 'worker', quantity: 1, dyno_size: {name: 'standard-1x'}},
      ],
    })
    expect(formation('shop-prod')).to.deep.equal(['web=2:standard-2x', 'worker=1:standard-1x'])

    bed.emulator.clearLog()
    const again = await kit(['kit:scale', '--stage', 'production'])
    expect(again.code, again.output).to.equal(0)
    expect(again.stdout).to.include('Nothing to change')
    expect(bed.emulator.writes()).to.deep.equal([])
  })

  it('scales from arguments, with --json giving the changes and the resulting formation', async () => {
    const result = await kit(['kit:scale', 'web=3', 'worker=2:standard-2x', '-a', 'shop-prod', '--json'])
    expect(result.code, result.output).to.equal(0)
    const json = JSON.parse(result.stdout)
    expect(json).to.deep.include({app: 'shop-prod', stage: 'production', source: 'arguments', dryRun: false, applied: true})
    expect(json.changes).to.deep.equal([
      {type: 'web', from: {quantity: 2, size: 'standard-2x'}, to: {quantity: 3, size: 'standard-2x'}, changed: true},
      {type: 'worker', from: {quantity: 1, size: 'standard-1x'}, to: {quantity: 2, size: 'standard-2x'}, changed: true},
    ])
    expect(json.formation).to.deep.equal([
      {type: 'web', quantity: 3, size: 'standard-2x'},
      {type: 'worker', quantity: 2, size: 'standard-2x'},
    ])
    expect(formationPatches()).to.have.length(1)
    expect(formation('shop-prod')).to.deep.equal(['web=3:standard-2x', 'worker=2:standard-2x'])
  })

  it('scaling production web to 0 needs --confirm APP (or --yes) without a terminal', async () => {
    const refused = await kit(['kit:scale', 'web=0', '--stage', 'production'])
    expect(refused.code).to.equal(1)
    expect(flat(refused.stderr)).to.include(
      'Scaling web to 0 on shop-prod (production) stops it from serving requests; without a terminal that needs --confirm shop-prod',
    )
    const mismatch = await kit(['kit:scale', 'web=0', '--stage', 'production', '--confirm', 'shop-staging'])
    expect(mismatch.code).to.equal(1)
    expect(flat(mismatch.stderr)).to.include('--confirm shop-staging does not match shop-prod')
    expect(bed.emulator.writes()).to.deep.equal([])

    const confirmed = await kit(['kit:scale', 'web=0', '-a', 'shop-prod', '--confirm', 'shop-prod'])
    expect(confirmed.code, confirmed.output).to.equal(0)
    expect(formation('shop-prod')[0]).to.equal('web=0:standard-2x')
    // staging has no such gate
    const staging = await kit(['kit:scale', 'web=0', '--stage', 'staging'])
    expect(staging.code, staging.output).to.equal(0)
    await kit(['kit:scale', '--stage', 'production'])
  })

  it('lists the process types that exist when one is unknown, and sends nothing', async () => {
    const result = await kit(['kit:scale', 'web=1', 'clock=1', '-a', 'shop-prod'])
    expect(result.code).to.equal(1)
    expect(flat(result.stderr)).to.include('shop-prod has no process type clock (from the arguments). Its process types: web, worker.')
    expect(bed.emulator.writes()).to.deep.equal([])
  })

  it('lists the valid sizes when one is unknown, before any request', async () => {
    const result = await kit(['kit:scale', 'web=1:standard-3x', '--stage', 'staging'])
    expect(result.code).to.equal(1)
    const message = flat(result.stderr)
    expect(message).to.include('"web=1:standard-3x": "standard-3x" is not a Heroku dyno size; did you mean standard-1x? Valid sizes:')
    expect(message).to.include('Valid sizes: eco, basic, standard-1x, standard-2x, performance-m')
    expect(pluginRequests(bed.emulator.log)).to.deep.equal([])
  })

  it('reports every invalid formation string at once, before any request', async () => {
    const result = await kit(['kit:scale', 'web', 'worker=two', '=2', 'web+1', 'clock=-1', 'api=2:basic', 'worker=1', 'worker=1:', '-a', 'shop-prod'])
    expect(result.code).to.equal(1)
    const message = flat(result.stderr)
    for (const expected of [
      '"web" is not a formation: write TYPE=QUANTITY[:SIZE], e.g. web=2:standard-2x',
      '"worker=two": "two" is not a whole number of dynos',
      '"=2" has no process type',
      '"web+1": relative quantities are not supported; give the number of dynos, e.g. web=2',
      '"clock=-1": -1 is negative',
      '"api=2:basic": basic dynos run at most 1 per process type',
      '"worker=1:" has an empty size',
    ])
      expect(message).to.include(expected)
    expect(pluginRequests(bed.emulator.log)).to.deep.equal([])
  })

  it('rejects a wrong app or a stage without a formation, and sends nothing', async () => {
    const wrongApp = await kit(['kit:scale', 'web=1', '-a', 'shop-nope'])
    expect(wrongApp.code).to.equal(1)
    expect(flat(wrongApp.stderr)).to.include("Couldn't find the app shop-nope on Heroku.")

    const notInFile = await kit(['kit:scale', '-a', 'shop-nope'])
    expect(notInFile.code).to.equal(1)
    expect(flat(notInFile.stderr)).to.include('shop-nope is not an app of heroku-kit.yml')

    const other = await referenceRepo()
    const file = path.join(other, 'heroku-kit.yml')
    await writeFile(file, (await readFile(file, 'utf8')).replace('    auto_deploy: main\n', '    auto_deploy: main\n    formation: {}\n'))
    const empty = await kit(['kit:scale', '--stage', 'staging'], other)
    expect(empty.code).to.equal(1)
    expect(flat(empty.stderr)).to.include('stages.staging declares no formation')

    const unknownStage = await kit(['kit:scale', '--stage', 'review'])
    expect(unknownStage.code).to.equal(2)
    expect(flat(unknownStage.stderr)).to.include('Expected --stage=review to be one of: staging, production')

    const noTarget = await kit(['kit:scale'])
    expect(noTarget.code).to.equal(1)
    expect(flat(noTarget.stderr)).to.include('Which app?')
    expect(bed.emulator.writes()).to.deep.equal([])
  })

  it("takes the app from HEROKU_APP like the CLI's own -a, and a --stage on the command line beats it", async () => {
    const fromEnv = await bed.kit(['kit:scale', 'web=1', '--dry-run', '--json'], {env: {HEROKU_APP: 'shop-prod'}})
    expect(fromEnv.code, fromEnv.output).to.equal(0)
    expect(JSON.parse(fromEnv.stdout)).to.deep.include({app: 'shop-prod', stage: 'production', dryRun: true})

    const staged = await bed.kit(['kit:scale', 'web=1', '--stage', 'staging', '--dry-run', '--json'], {env: {HEROKU_APP: 'shop-prod'}})
    expect(staged.code, staged.output).to.equal(0)
    expect(JSON.parse(staged.stdout)).to.deep.include({app: 'shop-staging', stage: 'staging'})

    const both = await bed.kit(['kit:scale', 'web=1', '--stage', 'staging', '-a', 'shop-prod', '--dry-run'], {env: {HEROKU_APP: 'shop-prod'}})
    expect(both.code).to.equal(1)
    expect(flat(both.stderr)).to.include('-a shop-prod is not the staging app')
    expect(bed.emulator.writes()).to.deep.equal([])
  })
})
