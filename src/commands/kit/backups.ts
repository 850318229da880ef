import {helpDescription} from '../../lib/command/help.js'
import * as Flags from '@oclif/core/flags'

import {type BackupInfo, continuousProtection, describeLatest, formatTime, latestBackups, parseBackupFlags, renderBackups} from '../../lib/backups/schedule.js'
import {HerokuApiError} from '../../lib/api/errors.js'
import {primaryDatabase} from '../../lib/converge/resources/addons.js'
import {planBackups} from '../../lib/converge/resources/backups.js'
import {progressLine, renderPlan} from '../../lib/converge/render.js'
import {currentStage, desiredStage} from '../../lib/converge/stage-steps.js'
import {appFlag, dryRunFlag, pipelineFlag, stageFlag, withRemoteApp} from '../../lib/command/flags.js'
import {StageCommand} from '../../lib/command/stage-command.js'
import {KitError} from '../../lib/errors.js'
import type {StepResult} from '../../lib/converge/types.js'

/** A failed read as one line: `GET /client/v11/apps/x/transfers answered 404 (Not found)`. */
function describeReadError(error: unknown): string {
  if (error instanceof HerokuApiError) return `${error.method} ${error.path} answered ${error.status}${error.herokuMessage ? ` (${error.herokuMessage})` : ''}`
  return error instanceof Error ? error.message.split('\n')[0] : String(error)
}

export interface BackupsResult {
  app: string
  stage: string | null
  database: {id: string; name: string; plan: string | null}
  desired: {hour: number; timezone: string}
  /** the schedule at the end (after applying, or as it is with --dry-run) */
  schedule: {name: string; hour: number; timezone: string} | null
  plan: Array<{id: string; action: string; summary: string}>
  dryRun: boolean
  applied: boolean
  results: StepResult[]
  /** the newest backups first, from GET /client/v11/apps/{app}/transfers */
  backups: BackupInfo[]
  /** why the backups could not be read (a warning: the schedule is what the command is for) */
  backupsError?: string
  continuousProtection: boolean
}

export default class Backups extends StageCommand {
  /** interrupted before its plan ran, it had changed nothing on Heroku: the schedule changes only as plan steps */
  protected override readonly writesOnlyPlanSteps = true

  static override summary = "schedule a stage's daily Postgres backups, show the latest ones"

  static override description = helpDescription(
    'The hour and time zone come from heroku-kit.yml (stages.STAGE.backups: at "HH:00", timezone), or from --at and --timezone. The schedule is named after DATABASE_URL, as heroku pg:backups:schedule names it, and is changed only when it differs, by one request (never removed first), so a second run sends nothing. Backups run on the hour only.',
    'The latest backups are read as heroku pg:backups reads them; if that read fails, it is a warning.',
  )

  static override examples = [
    '<%= config.bin %> kit:backups',
    '<%= config.bin %> kit:backups --stage production --at 03:00 --timezone America/New_York',
    '<%= config.bin %> kit:backups --dry-run --json',
  ]

  static override flags = {
    ...pipelineFlag,
    ...stageFlag('the stage of heroku-kit.yml (default: production)'),
    ...appFlag("the app (one of heroku-kit.yml's stages, or any app with --at)"),
    at: Flags.string({description: 'hour of the daily backup, HH:00 (optionally followed by a time zone)', helpValue: 'HH:00'}),
    timezone: Flags.string({description: 'IANA time zone of --at, e.g. Europe/Berlin (default: heroku-kit.yml, else UTC)', helpValue: 'TZ'}),
    ...dryRunFlag('show the change and send nothing'),
  }

  async run(): Promise<BackupsResult> {
    const flags = await withRemoteApp((await this.parse(Backups)).flags, this.argv)
    // the flags first: a wrong hour or time zone is reported before any request
    const override = parseBackupFlags(flags.at, flags.timezone)
    const {pipelineFile} = await this.readProject(flags)
    const {heroku, data} = await this.clients()
    const {stage, app} = await this.stageTarget(pipelineFile, flags, {defaultStage: 'production', appWithoutStage: flags.at !== undefined})
    const declared = stage?.backups
    const hour = override.hour ?? declared?.hour
    if (hour === undefined) {
      const stageName = stage?.name ?? 'production'
      throw new KitError(`stages.${stageName} declares no backups in ${pipelineFile.file ?? 'heroku-kit.yml (there is none)'}, and --at is not given.`, {
        code: 'no_backups_declared',
        suggestion: `Add \`backups: {at: "02:00", timezone: Europe/Berlin}\` under stages.${stageName}, or pass --at HH:00 [--timezone TZ]. Nothing was sent.`,
      })
    }

    const timezone = override.timezone ?? declared?.timezone ?? 'UTC'
    const addons = await heroku.listAddons(app.name)
    const database = primaryDatabase(addons)
    if (!database) {
      throw new KitError(`${app.name} has no heroku-postgresql add-on to back up.`, {
        code: 'no_database',
        suggestion: 'Declare one in app.json or heroku-kit.yml and run kit:bootstrap. Nothing was sent.',
      })
    }

    const provisioned = database.state === undefined || database.state === 'provisioned'
    const schedules = provisioned ? await data.listSchedules(database.id) : undefined
    const desired = desiredStage(stage, app.name, {backups: {hour, timezone}})
    const steps = planBackups(desired, currentStage(app, {addons, schedules}), [])
    for (const line of renderPlan({steps, errors: []}, {[desired.name]: app.name})) this.say(line)
    const writes = steps.filter(s => s.operation)
    const current = schedules?.find(s => s.name === 'DATABASE_URL') ?? schedules?.[0]
    const result: BackupsResult = {
      app: app.name,
      stage: stage?.name ?? null,
      database: {id: database.id, name: database.name, plan: database.plan?.name ?? null},
      desired: {hour, timezone},
      schedule: current ? {name: current.name, hour: Number(current.hour), timezone: current.timezone} : null,
      plan: steps.map(({id, action, summary}) => ({id, action, summary})),
      dryRun: Boolean(flags['dry-run']),
      applied: false,
      results: [],
      backups: [],
      continuousProtection: false,
    }

    if (writes.length > 0 && flags['dry-run']) {
      this.say(`Dry run: the schedule would be ${current ? 'replaced' : 'created'}; nothing was sent.`)
    } else if (writes.length > 0) {
      if (!provisioned) this.note(`${database.name} is still ${database.state}: waiting for it before scheduling…`)
      result.results = await this.converge(steps, {pipelineFile, stage, app, desired}, (step, stepResult) => this.note(progressLine(step, stepResult)))
      const failed = result.results.find(r => r.status !== 'done')
      if (failed) throw new KitError(`Scheduling backups on ${app.name} failed: ${failed.message ?? failed.status}`, {code: 'backups_failed'})
      result.applied = true
      const after = (await data.listSchedules(database.id)).find(s => s.name === 'DATABASE_URL')
      result.schedule = after ? {name: after.name, hour: Number(after.hour), timezone: after.timezone} : null
    }

    // What follows only reads, to show the result: a failure here is a warning, never a failure of the schedule.
    if (provisioned || result.applied) {
      const [info, transfers] = await Promise.allSettled([data.findDatabase(database.id), data.listTransfers(app.name)])
      if (info.status === 'fulfilled') result.continuousProtection = continuousProtection(info.value)
      if (transfers.status === 'fulfilled') {
        result.backups = latestBackups(transfers.value)
      } else {
        result.backupsError = describeReadError(transfers.reason)
        const schedule = result.applied ? 'set' : 'as shown'
        this.warnUser(
          `The latest backups of ${app.name} could not be read (${result.backupsError}); the schedule above is ${schedule}. See them with: heroku pg:backups -a ${app.name}`,
        )
      }
    }

    const now = Date.now()
    this.say('')
    const daily = result.schedule ? `daily at ${formatTime(result.schedule)} (${result.schedule.name})` : 'none'
    this.say(`Schedule of ${database.name} (${database.plan?.name ?? 'heroku-postgresql'}) on ${app.name}: ${daily}`)
    if (!result.backupsError) {
      this.say(`Latest backups (${describeLatest(result.backups[0], now)}):`)
      for (const line of renderBackups(result.backups, now)) this.say(line)
    }

    if (result.continuousProtection) {
      this.warnUser(
        `${database.name} has Continuous Protection (Heroku can roll it back by itself); ` +
          'logical backups of large databases with Continuous Protection are likely to fail, so check that the scheduled backups succeed.',
      )
    }

    if (writes.length === 0) this.say('Nothing to change: the schedule is as declared.')
    return result
  }
}
