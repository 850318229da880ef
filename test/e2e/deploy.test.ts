import {execFileSync} from 'node:child_process'
import {appendFile, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {expect} from 'chai'

import {deployBed, scriptBuild} from 'heroku-emulator'
import type {RequestLogEntry} from 'heroku-emulator'
import {flat, useShopPipeline} from '../support/shop-pipeline.js'

const GIT_ENV = {...process.env, GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com'}

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, {cwd: repo, env: GIT_ENV, encoding: 'utf8'}).trim()
}

/**
 * kit:deploy through the real heroku CLI against the emulator: the reference repository (shop: shop-staging →
 * shop-prod, health_path /health, a Procfile with a release phase) made a git repository, deployed to staging.
 * The cases run in order and build on each other: each case that deploys makes a new commit first.
 */
describe('e2e: kit:deploy through the real heroku CLI', function () {
  this.timeout(300_000)
  const bed = useShopPipeline({
    setup(state) {
      state.setConfigVars('shop-staging', {NODE_ENV: 'production', STRIPE_SECRET_KEY: 'sk_test_51Habcdefghijklmnopqrstuv'})
    },
  })
  const kit = (args: string[], env: Record<string, string> = {}) => bed.kit(args, {env: {HEROKU_KIT_HEALTH_TIMEOUT: '1', ...env}})

  before(async () => {
    git(bed.repo, 'init', '-q', '-b', 'main')
    await writeFile(path.join(bed.repo, '.slugignore'), '# not needed at run time\ndocs/\n*.psd\n')
    git(bed.repo, 'add', '-A')
    git(bed.repo, 'commit', '-q', '-m', 'Acme Shop')
  })

  async function commit(message: string): Promise<string> {
    await appendFile(path.join(bed.repo, 'CHANGES.md'), `- ${message}\n`)
    git(bed.repo, 'add', '-A')
    git(bed.repo, 'commit', '-q', '-m', message)
    return git(bed.repo, 'rev-parse', 'HEAD')
  }

  const state = () => bed.emulator.state
  const stagingCommit = () => state().currentSlug(state().findApp('shop-staging')!)?.commit
  const releaseCount = (app: string) => state().appReleases(state().findApp(app)!).length
  const uploads = (): RequestLogEntry[] => bed.emulator.log.filter(e => e.method === 'PUT' && e.path.startsWith('/__sources/'))

  it('refuses production without --stage production --confirm APP, and sends nothing', async () => {
    const before = releaseCount('shop-prod')
    for (const args of [
      ['--stage', 'production'],
      ['-a', 'shop-prod'],
      ['-a', 'shop-prod', '--confirm', 'shop-prod'],
      ['--stage', 'production', '--confirm', 'shop-staging'],
    ]) {
      const result = await kit(['kit:deploy', ...args])
      expect(result.code, args.join(' ')).to.equal(1)
      expect(flat(result.stderr)).to.match(/production changes by `heroku kit:promote`|does not match shop-prod/)
      expect(flat(result.stderr)).to.include('Nothing was sent')
    }

    expect(bed.emulator.writes()).to.deep.equal([])
    expect(releaseCount('shop-prod')).to.equal(before)
  })

  it('deploys HEAD to staging: build output and release phase streamed, health 200, exit 0; the upload carries no Authorization', async () => {
    const sha = git(bed.repo, 'rev-parse', 'HEAD')
    const result = await kit(['kit:deploy'])
    expect(result.code, result.output).to.equal(0)
    expect(result.stdout).to.include(`commit ${sha.slice(0, 7)} (Acme Shop) to shop-staging (staging)`)
    // build output, streamed, then the release phase's
    expect(result.stderr).to.include('build │ -----> Building on the Heroku-24 stack')
    expect(result.stderr).to.include('build │        Procfile declares types -> release, web, worker')
    expect(result.stderr).to.include('release │ Release command completed successfully')
    expect(result.stderr.indexOf('build │ -----> Launching')).to.be.lessThan(result.stderr.indexOf('release │ Running release command'))
    expect(result.stderr).to.match(/pass: GET http:\/\/127\.0\.0\.1:\d+\/__apps\/shop-staging\/health → 200/)
    expect(result.stdout).to.match(/Deployed [\da-f]{7} to shop-staging: v\d+ is live and healthy\./)
    expect(result.stderr).to.include('.slugignore leaves out: docs/, *.psd')

    // the commit is the slug's; the build was made from the uploaded source, with the commit as its version
    expect(stagingCommit()).to.equal(sha)
    const buildPost = bed.emulator.log.find(e => e.method === 'POST' && e.path === '/apps/shop-staging/builds')!
    expect((buildPost.body as {source_blob: {version: string}}).source_blob.version).to.equal(sha)
    expect(bed.emulator.log.some(e => e.method === 'POST' && e.path === '/sources')).to.equal(true)

    // the upload went to the pre-signed URL without the Heroku token (and with a Content-Length, as S3 needs)
    expect(uploads()).to.have.length(1)
    expect(uploads()[0].status).to.equal(200)
    expect(uploads()[0].headers).to.not.have.property('authorization')
    expect(uploads()[0].headers).to.have.property('content-length')
    const [source] = [...deployBed(state()).sources.values()]
    expect(source.bytes!.length).to.equal(Number(uploads()[0].headers['content-length']))
    // secrets never shown
    expect(result.output).to.not.include('sk_test_51Habcdefghijklmnopqrstuv')
  })

  it('does nothing on a second run with the same commit: zero writes, exit 0', async () => {
    const result = await kit(['kit:deploy', '--stage', 'staging'])
    expect(result.code, result.output).to.equal(0)
    expect(result.stdout).to.match(/Nothing to deploy: shop-staging v\d+ already runs commit [\da-f]{7}/)
    expect(bed.emulator.writes()).to.deep.equal([])
    expect(uploads()).to.deep.equal([])
  })

  it('a failing build: exit 1, its last lines shown, no release', async () => {
    const live = stagingCommit()
    const releases = releaseCount('shop-staging')
    await commit('break the build')
    scriptBuild(state(), 'shop-staging', {outcome: 'fails'})
    const result = await kit(['kit:deploy'])
    expect(result.code, result.output).to.equal(1)
    expect(result.stdout).to.include('failed; shop-staging still runs v')
    expect(result.stdout).to.include('│  !     npm run build exited with code 2')
    expect(flat(result.stderr)).to.include('Deploy failed: the build failed.')
    expect(releaseCount('shop-staging')).to.equal(releases)
    expect(stagingCommit()).to.equal(live)
  })

  it('a failing release phase: exit 1, the previous release still live', async () => {
    const live = stagingCommit()
    const liveRelease = state().currentRelease(state().findApp('shop-staging')!)!
    await commit('a migration that fails')
    state().setReleasePhase('shop-staging', 'fails')
    try {
      const result = await kit(['kit:deploy'])
      expect(result.code, result.output).to.equal(1)
      expect(result.stderr).to.include('release │ Release command failed')
      expect(result.stdout).to.include(`failed: shop-staging stays on v${liveRelease.version}`)
      expect(flat(result.stderr)).to.include('Deploy failed: the release phase failed.')
      expect(stagingCommit()).to.equal(live)
      expect(state().currentRelease(state().findApp('shop-staging')!)!.id).to.equal(liveRelease.id)
      // no rollback release: Heroku did not deploy the failed one
      expect(bed.emulator.writes().filter(w => w.path === '/apps/shop-staging/releases')).to.deep.equal([])
    } finally {
      state().setReleasePhase('shop-staging', undefined)
    }
  })

  it('health failing after the release: rolled back to the release live right before, exit 1 (--json)', async () => {
    const live = stagingCommit()
    const liveRelease = state().currentRelease(state().findApp('shop-staging')!)!
    const sha = await commit('a bug in /health')
    state().setHealth('shop-staging', [503])
    try {
      const result = await kit(['kit:deploy', '--json'])
      expect(result.code, result.output).to.equal(1)
      const report = JSON.parse(result.stdout)
      expect(report).to.include({app: 'shop-staging', stage: 'staging', outcome: 'rolled_back', exitCode: 1})
      expect(report.commit.sha).to.equal(sha)
      expect(report.build.status).to.equal('succeeded')
      expect(report.release.status).to.equal('succeeded')
      expect(report.health).to.include({status: 'fail', httpStatus: 503})
      expect(report.rollback.to).to.deep.equal({id: liveRelease.id, version: liveRelease.version})
      expect(report.previousRelease).to.include({id: liveRelease.id, version: liveRelease.version})
      expect(report.durations.totalMs).to.be.a('number')
      expect(report.durations.buildMs).to.be.a('number')
      const current = state().currentRelease(state().findApp('shop-staging')!)!
      expect(current.description).to.equal(`Rollback to v${liveRelease.version}`)
      expect(report.liveRelease).to.deep.equal({id: current.id, version: current.version})
      expect(stagingCommit()).to.equal(live)
    } finally {
      state().setHealth('shop-staging', [200])
    }
  })

  it('--no-rollback leaves an unhealthy release in place (exit 1); --force deploys a commit that is already live', async () => {
    await commit('another bug in /health')
    state().setHealth('shop-staging', [500])
    try {
      const result = await kit(['kit:deploy', '--no-rollback'])
      expect(result.code, result.output).to.equal(1)
      expect(result.stdout).to.include('Not rolled back (--no-rollback)')
      expect(stagingCommit()).to.equal(git(bed.repo, 'rev-parse', 'HEAD'))
    } finally {
      state().setHealth('shop-staging', [200])
    }

    bed.emulator.clearLog()
    const again = await kit(['kit:deploy', '--force'])
    expect(again.code, again.output).to.equal(0)
    expect(again.stdout).to.match(/Deployed [\da-f]{7} to shop-staging: v\d+ is live and healthy\./)
    expect(uploads()).to.have.length(1)
  })

  it('Ctrl-C during the health check of an app answering 503, then a re-run: not "nothing to deploy" but exit 1 with the rollback command; --rollback-unhealthy rolls back (issue 18.3)', async () => {
    const liveRelease = state().currentRelease(state().findApp('shop-staging')!)!
    const live = stagingCommit()
    const sha = await commit('a bug in /health, interrupted')
    state().setHealth('shop-staging', [503])
    try {
      const interrupted = await bed.kit(['kit:deploy'], {
        env: {HEROKU_KIT_HEALTH_TIMEOUT: '300'},
        interrupt: {when: 'Checking the health of shop-staging', signal: 'SIGINT'},
      })
      expect(interrupted.code, interrupted.output).to.not.equal(0)
      expect(stagingCommit(), 'the unhealthy release stays live: the run was cut short before any rollback').to.equal(sha)
      const unhealthy = state().currentRelease(state().findApp('shop-staging')!)!

      bed.emulator.clearLog()
      const rerun = await kit(['kit:deploy'])
      expect(rerun.code, rerun.output).to.equal(1)
      expect(rerun.stdout).to.not.include('Nothing to deploy')
      expect(rerun.stdout)
        .to.include(`shop-staging v${unhealthy.version} already runs commit ${sha.slice(0, 7)}, but it is unhealthy`)
        .and.include(`\`heroku releases:rollback v${liveRelease.version} -a shop-staging\``)
      expect(rerun.stderr).to.include('The deployed release is unhealthy (not rolled back).')
      expect(bed.emulator.writes(), 'a re-run without the flag changes nothing').to.deep.equal([])

      const json = await kit(['kit:deploy', '--json'])
      expect(json.code).to.equal(1)
      expect(JSON.parse(json.stdout)).to.deep.include({outcome: 'health_failed', exitCode: 1, liveRelease: {id: unhealthy.id, version: unhealthy.version}})

      const rolled = await kit(['kit:deploy', '--rollback-unhealthy'])
      expect(rolled.code, rolled.output).to.equal(1)
      expect(rolled.stdout).to.include(`rolled back to v${liveRelease.version} as v`)
      expect(stagingCommit()).to.equal(live)
    } finally {
      state().setHealth('shop-staging', [200])
    }
  })

  it('a build request whose answer is lost (connection reset after Heroku made it): the build is found and followed, not made twice', async () => {
    const sha = await commit('flaky network')
    bed.emulator.faults.add({method: 'POST', path: '/apps/shop-staging/builds', reset: true, when: 'after'})
    const result = await kit(['kit:deploy'])
    expect(result.code, result.output).to.equal(0)
    expect(result.stderr).to.include('The answer to the build request was lost, but Heroku made build')
    expect(bed.emulator.log.filter(e => e.method === 'POST' && e.path === '/apps/shop-staging/builds')).to.have.length(1)
    expect(stagingCommit()).to.equal(sha)
  })

  it('a re-run while the build of an interrupted run is still going follows that build: no second upload or build', async () => {
    const sha = await commit('interrupted')
    // an earlier run got as far as the build, then died: the build is still pending
    const source = (await fetch(`${bed.emulator.url}/sources`, {
      method: 'POST',
      headers: {Accept: 'application/vnd.heroku+json; version=3', Authorization: 'Bearer test-api-key'},
    }).then(r => r.json())) as {source_blob: {get_url: string; put_url: string}}
    const tarball = execFileSync('git', ['archive', '--format=tar.gz', 'HEAD'], {cwd: bed.repo})
    expect((await fetch(source.source_blob.put_url, {method: 'PUT', body: tarball})).status).to.equal(200)
    const build = (await fetch(`${bed.emulator.url}/apps/shop-staging/builds`, {
      method: 'POST',
      body: JSON.stringify({source_blob: {url: source.source_blob.get_url, version: sha}}),
      headers: {Accept: 'application/vnd.heroku+json; version=3', Authorization: 'Bearer test-api-key', 'Content-Type': 'application/json'},
    }).then(r => r.json())) as {id: string}
    bed.emulator.clearLog()

    const result = await kit(['kit:deploy'])
    expect(result.code, result.output).to.equal(0)
    expect(result.stderr).to.include(`A build of ${sha.slice(0, 7)} is already running on shop-staging (build ${build.id}): following it`)
    expect(
      bed.emulator.log.filter(e => e.path === '/sources' || e.path.startsWith('/__sources/') || (e.method === 'POST' && e.path.endsWith('/builds'))),
    ).to.deep.equal([])
    expect(stagingCommit()).to.equal(sha)
  })

  it('deploys to production only with --stage production --confirm APP; --json says what it did', async () => {
    const sha = git(bed.repo, 'rev-parse', 'HEAD')
    const result = await kit(['kit:deploy', '--stage', 'production', '--confirm', 'shop-prod', '--json'])
    expect(result.code, result.output).to.equal(0)
    const report = JSON.parse(result.stdout)
    expect(report).to.include({app: 'shop-prod', stage: 'production', outcome: 'deployed', exitCode: 0, rollback: null})
    expect(report.build.status).to.equal('succeeded')
    expect(report.release.status).to.equal('succeeded')
    expect(report.health).to.include({status: 'pass', httpStatus: 200})
    expect(state().currentSlug(state().findApp('shop-prod')!)?.commit).to.equal(sha)

    const again = await kit(['kit:deploy', '--stage', 'production', '--confirm', 'shop-prod', '--json'])
    expect(JSON.parse(again.stdout)).to.include({outcome: 'nothing_to_deploy', exitCode: 0})
  })

  it('rejects a ref that is not a commit before sending anything', async () => {
    const result = await kit(['kit:deploy', '--ref', 'no-such-branch'])
    expect(result.code).to.equal(1)
    expect(flat(result.stderr)).to.include('no-such-branch is not a commit of the repository')
    expect(bed.emulator.log.filter(e => !e.particleboard)).to.deep.equal([])
  })
})
