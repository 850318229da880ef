import {helpDescription} from '../../lib/command/help.js'
import path from 'node:path'

import * as Flags from '@oclif/core/flags'

import {appFlag, confirmFlag, stageFlag, withRemoteApp} from '../../lib/command/flags.js'
import {StageCommand} from '../../lib/command/stage-command.js'
import {guardProduction} from '../../lib/deploy/decide.js'
import {DEPLOY_HEADLINES, type DeployOptions, type DeployReport, executeDeploy, readDeploy, recheckNothingToDeploy} from '../../lib/deploy/deploy.js'
import {resolveCommit} from '../../lib/deploy/source.js'
import {healthOptions} from '../../lib/health/check.js'
import {terminalStatusLine} from '../../lib/output/progress.js'
import {pollScheduleFromEnv} from '../../lib/converge/poll.js'
import {sleep} from '../../lib/time.js'

export default class Deploy extends StageCommand {
  static override summary = 'ship a commit to a stage: build, release phase, health check, rollback'

  static override description = helpDescription(
    "Packs the commit with git archive (committed files only, .slugignore honoured), uploads it to a source's pre-signed URL and builds it on the app through the Platform API (no git push), streaming the build output and then the release phase output.",
    'Then checks web URL + health_path (heroku-kit.yml) with retries until a deadline; when the new release is unhealthy the app is rolled back to the release it ran right before (unless --no-rollback). The health check retries for 120 s (HEROKU_KIT_HEALTH_TIMEOUT=seconds to change it).',
    'When the app already runs the commit nothing is sent (unless --force), but its health is checked again: unhealthy, the command exits 1 with the rollback command (--rollback-unhealthy rolls it back). Production changes by kit:promote: deploying there needs --stage production --confirm APP. Exit code 0 only when the commit is live and healthy (or already was).',
  )

  static override examples = [
    '<%= config.bin %> kit:deploy',
    '<%= config.bin %> kit:deploy --stage staging --ref v1.4.2',
    '<%= config.bin %> kit:deploy -a shop-staging --json',
    '<%= config.bin %> kit:deploy --stage production --confirm shop-prod',
  ]

  static override flags = {
    ...stageFlag('stage of heroku-kit.yml to deploy to (default: staging)'),
    ...appFlag("app to deploy to (one of heroku-kit.yml's, or any app with -a)"),
    ref: Flags.string({description: 'git ref to deploy: branch, tag or commit (HEAD: the checked-out commit)', default: 'HEAD', helpValue: 'REF'}),
    ...confirmFlag("the app's name, to deploy to production (with --stage production)"),
    force: Flags.boolean({description: 'deploy even when the app already runs this commit (a new build and release)'}),
    rollback: Flags.boolean({description: 'roll back to the previous release when the new one fails its health check', default: true, allowNo: true}),
    'rollback-unhealthy': Flags.boolean({
      description: 'when the app already runs the commit but fails its health check (a run cut short), roll it back to the release before',
    }),
  }

  async run(): Promise<DeployReport> {
    const flags = await withRemoteApp((await this.parse(Deploy)).flags, this.argv)
    const startedAt = Date.now()
    const {pipelineFile} = await this.readProject(flags)
    const commit = await resolveCommit(path.resolve(flags.dir), flags.ref)
    const clients = await this.clients()
    const {heroku} = clients
    const target = await this.stageTarget(pipelineFile, flags, {defaultStage: 'staging', appWithoutStage: true})
    const {app} = target
    // an app heroku-kit.yml does not name may still be someone's production: its pipeline coupling says
    const coupledStage = target.stage ? undefined : (await heroku.findAppPipelineCoupling(app.name))?.stage
    guardProduction({app: app.name, stage: target.stage?.name, coupledStage}, {stage: flags.stage, confirm: flags.confirm})

    const stage = target.stage?.name ?? coupledStage
    const ref = commit.ref === commit.sha ? '' : `${commit.ref} → `
    this.say(`Deploy ${ref}commit ${commit.sha.slice(0, 7)} (${commit.subject}) to ${app.name}${stage ? ` (${stage})` : ''}`)
    if (commit.dirty) this.warnUser('the working tree has uncommitted changes: they are not deployed (only the commit is).')
    const state = await readDeploy(clients, app, commit, flags.force)
    const config = await heroku.getConfigVars(app.name)
    this.redactor.addConfig(config)
    const statusLine = this.jsonEnabled() ? undefined : terminalStatusLine(text => this.redactor.redact(text))
    const progress = (line: string): void => {
      if (statusLine) {
        statusLine.update(line)
        if (/^\s/.test(line)) this.note(line)
      } else {
        this.note(line)
      }
    }

    const options: DeployOptions = {
      rollback: flags.rollback,
      // Heroku stops a build after 15 minutes of compile time; the queue and upload come on top
      buildTimeoutMs: 30 * 60_000,
      releaseTimeoutMs: 15 * 60_000,
      uploadTimeoutMs: 30 * 60_000,
      // builds and releases: first look after about 1 s, backing off to 5 s (converge/poll.ts)
      poll: pollScheduleFromEnv(),
      health: healthOptions(healthTimeoutFromEnv(120)),
      healthPath: pipelineFile.healthPath,
      sleep,
      now: Date.now,
    }
    const io = {
      progress,
      buildOutput: (line: string) => this.note(`  build │ ${line}`),
      releaseOutput: (line: string) => this.note(`  release │ ${line}`),
    }
    if (state.decision.action === 'nothing') {
      // the commit is live: said only once its health is checked again (a run cut short may have left it unhealthy)
      const report = await recheckNothingToDeploy(clients, app, stage, commit, state, {...options, rollbackUnhealthy: flags['rollback-unhealthy']}, io)
      report.durations.totalMs = Date.now() - startedAt
      return this.finishReport(report, DEPLOY_HEADLINES)
    }

    statusLine?.start(`Deploying ${commit.sha.slice(0, 7)} to ${app.name}`)
    let report: DeployReport
    try {
      report = await executeDeploy(clients, app, stage, commit, state, options, io)
    } finally {
      statusLine?.stop(' ')
    }

    return this.finishReport(report, DEPLOY_HEADLINES)
  }
}

/** Seconds the health check retries: HEROKU_KIT_HEALTH_TIMEOUT when set (a CI job's choice; tests make it short), else `fallback`. */
function healthTimeoutFromEnv(fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.HEROKU_KIT_HEALTH_TIMEOUT)
  return env.HEROKU_KIT_HEALTH_TIMEOUT && Number.isInteger(value) && value > 0 ? value : fallback
}
