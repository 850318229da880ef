import {helpDescription} from '../../lib/command/help.js'
import * as Flags from '@oclif/core/flags'

import {pipelineFlag, yesFlag} from '../../lib/command/flags.js'
import {StageCommand} from '../../lib/command/stage-command.js'
import {KitError} from '../../lib/errors.js'
import {healthOptions} from '../../lib/health/check.js'
import {pollScheduleFromEnv} from '../../lib/converge/poll.js'
import {PROMOTION_HEADLINES} from '../../lib/promote/decide.js'
import {
  executePromotion,
  type PromoteOptions,
  type PromotionReport,
  readPromotion,
  recheckNothingToPromote,
  renderPreview,
  samePromotion,
} from '../../lib/promote/promote.js'
import {resolvePipelineApps} from '../../lib/target/pipeline.js'
import {sleep} from '../../lib/time.js'

export default class Promote extends StageCommand {
  static override summary = "promote staging's release to production, check health, roll back"

  static override description = helpDescription(
    "Shows what changes (the release and commit on each side, the config var names only one side has), asks for approval (or takes --yes, e.g. in a CI job behind a GitHub environment with required reviewers), promotes through a pipeline promotion, waits for production's release phase while streaming its output, then checks web URL + health_path with retries until a deadline.",
    "When the release phase fails Heroku keeps the previous release; when the health check fails production is rolled back to the previous release eligible for rollback and checked again. When production already runs staging's slug nothing is promoted, but its health is checked again: unhealthy, the command exits 1 with the rollback command (--rollback-unhealthy rolls it back). Exit code 0 only when the promoted release is live and healthy (or already was).",
  )

  static override examples = [
    '<%= config.bin %> kit:promote',
    '<%= config.bin %> kit:promote --yes --health-timeout 300',
    '<%= config.bin %> kit:promote --yes --no-rollback --json',
  ]

  static override flags = {
    ...pipelineFlag,
    'pipeline-id': Flags.string({description: 'use this pipeline when several share the name', helpValue: 'UUID'}),
    ...yesFlag('promote without asking (required without a terminal: the approval happened elsewhere)'),
    rollback: Flags.boolean({description: 'roll production back when the promoted release fails its health check', default: true, allowNo: true}),
    'rollback-unhealthy': Flags.boolean({
      description: "when production already runs staging's slug but fails its health check (a run cut short), roll it back to the release before",
    }),
    timeout: Flags.integer({description: 'seconds to wait for the promotion and its release phase', default: 900, min: 1, helpValue: 'SECONDS'}),
    'health-timeout': Flags.integer({
      description: 'seconds to retry the health check (with backoff) before it fails',
      default: 120,
      min: 1,
      helpValue: 'SECONDS',
    }),
    'health-path': Flags.string({description: 'path to check (default: heroku-kit.yml `health_path`, else /health)', helpValue: 'PATH'}),
  }

  async run(): Promise<PromotionReport> {
    const {flags} = await this.parse(Promote)
    if (flags['health-path'] !== undefined && !/^\/\S*$/.test(flags['health-path'])) {
      throw new KitError(`--health-path ${flags['health-path']} must be a path starting with "/", e.g. /health.`, {code: 'invalid_flags'})
    }

    const {pipelineFile} = await this.readProject(flags)
    const clients = await this.clients()
    const apps = await resolvePipelineApps(clients.heroku, pipelineFile, {pipelineId: flags['pipeline-id']})
    const read = async () => {
      const {preview: fresh, config} = await readPromotion(clients.heroku, apps)
      for (const vars of config) this.redactor.addConfig(vars)
      return fresh
    }

    const options: PromoteOptions = {
      rollback: flags.rollback,
      releaseTimeoutMs: flags.timeout * 1000,
      // the Heroku CLI polls the promotion and its release every second; this starts at 1 s and backs off to 5 s
      poll: pollScheduleFromEnv(),
      health: healthOptions(flags['health-timeout']),
      healthPath: flags['health-path'] ?? pipelineFile.healthPath,
      sleep,
      now: Date.now,
    }
    const io = {
      progress: (line: string) => this.note(line),
      output: (line: string) => this.note(`  release │ ${line}`),
    }
    let preview = await read()
    for (const line of renderPreview(preview)) this.say(line)
    // production already runs staging's slug: said only once its health is checked again (a run cut short may have left it unhealthy)
    const nothing = async (p: typeof preview) =>
      this.finishReport(await recheckNothingToPromote(clients, apps, p, {...options, rollbackUnhealthy: flags['rollback-unhealthy']}, io), PROMOTION_HEADLINES)

    if (preview.decision.action === 'nothing') return nothing(preview)

    if (!flags.yes) {
      if (!this.isInteractive() || this.jsonEnabled()) {
        throw new KitError(
          `Promoting to ${apps.production.name} needs approval: without a terminal that is --yes (for a CI job behind a GitHub environment with required reviewers). Nothing was sent.`,
          {code: 'confirmation_required'},
        )
      }

      // The question may wait minutes: re-read both apps before promoting, so that what is promoted, and the
      // release a failed health check rolls back to, are what runs now, not what ran when the preview was read.
      preview = await this.confirmFreshOrCancel({
        initial: preview,
        ask: asked => this.ask(`Promote ${apps.staging.name} v${asked.decision.source.version} to ${apps.production.name}?`),
        reread: async () => {
          this.note('Re-reading staging and production before promoting…')
          return read()
        },
        same: (asked, fresh) => samePromotion(asked, fresh),
        settled: fresh => fresh.decision.action === 'nothing',
        changed: fresh => {
          this.say('')
          this.say('Staging or production changed while the question waited; the promotion is now:')
          for (const line of renderPreview(fresh)) this.say(line)
        },
      })
      if (preview.decision.action === 'nothing') return nothing(preview)
    }

    const report = await executePromotion(clients, apps, preview, options, io)
    return this.finishReport(report, PROMOTION_HEADLINES)
  }
}
