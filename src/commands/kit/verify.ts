import {helpDescription} from '../../lib/command/help.js'
import path from 'node:path'

import * as Flags from '@oclif/core/flags'

import {KitCommand} from '../../lib/command/kit-command.js'
import {costFlag, dirFlag, formatFlag, pipelineFlag} from '../../lib/command/flags.js'
import {planBootstrap} from '../../lib/converge/plan.js'
import {liveSecrets} from '../../lib/converge/registry.js'
import {planCostsJson, priceReader, sumTotals} from '../../lib/converge/pricing.js'
import {declaredServices} from '../../lib/converge/resources/addons.js'
import {type HealthOptions, healthOptions} from '../../lib/health/check.js'
import {urlSecrets} from '../../lib/output/mask-url.js'
import type {StageName} from '../../lib/manifest/types.js'
import {assembleEvidence, gatherRemote, gatherRepository} from '../../lib/verify/gather.js'
import {buildReport, exitCodeFor, runChecks} from '../../lib/verify/registry.js'
import {renderReport, renderReportMarkdown} from '../../lib/verify/render.js'
import type {VerifyReport} from '../../lib/verify/types.js'
import {DEFAULT_HEALTH_PATH, type FleetReport, listFleet, planBudget, runFleet} from '../../lib/verify/fleet.js'
import {budgetLine, fleetExitCode, renderFleet} from '../../lib/verify/fleet-render.js'
import type {HttpClient} from '../../lib/api/http.js'
import {requirePipelineFile} from '../../lib/target/stage.js'

/** kit:verify probes briefly: at most 5 attempts 2 s apart (no backoff), no request longer than the deadline. */
function verifyHealthOptions(timeoutSeconds: number): HealthOptions {
  const options = healthOptions(timeoutSeconds, process.env, {intervalMs: 2000, backoff: 1, maxIntervalMs: 2000, maxAttempts: 5})
  return {...options, timeoutMs: Math.min(options.timeoutMs, options.deadlineMs)}
}

export default class Verify extends KitCommand {
  /** interrupted before its plan ran, it had changed nothing on Heroku: it sends no write */
  protected override readonly writesOnlyPlanSteps = true

  static override summary = 'check the repository and the live pipeline against the production checklist'

  static override description = helpDescription(
    'Checks the twelve criteria of a production Heroku pipeline (Procfile, app.json add-ons, config vars per stage, health endpoint, release-phase migrations, review apps, staging auto-deploy, production approval, SSL, logs, monitoring, backups) and the common pitfalls (migrations at start-up, hard-coded URLs, logging to files, tracked .env files, secrets in app.json and workflows, unpinned buildpacks, slug size, dynos, preboot, error tracking, stack). Each check says pass, warn, fail or unknown with its evidence, and each failure the command that fixes it. Only reads.',
    "Exit code 1 when a check fails or can't run (with --strict, also when one warns), so CI can gate on it. --local runs the repository checks alone, offline.",
    "With --team TEAM (or --all), the live checks run for every pipeline of the team (or the account) without a repository, one row per pipeline, within the account's API rate limit: the budget is printed first, 10% of the remaining requests are never used, and the run stops cleanly (listing what it did not check) rather than hit 429s.",
  )

  static override examples = [
    '<%= config.bin %> kit:verify',
    '<%= config.bin %> kit:verify --stage production --strict',
    '<%= config.bin %> kit:verify --local',
    '<%= config.bin %> kit:verify --json',
    '<%= config.bin %> kit:verify --team acme',
    '<%= config.bin %> kit:verify --all --json',
  ]

  static override flags = {
    ...dirFlag,
    ...pipelineFlag,
    'pipeline-id': Flags.string({description: 'use this pipeline when several share the name', helpValue: 'UUID'}),
    stage: Flags.string({
      description: "check only this stage's app (plus the repository and the pipeline)",
      options: ['staging', 'production'],
      helpValue: 'STAGE',
    }),
    // relationships, not `exclusive`: the same check, but oclif's USAGE can't draw these overlapping groups (it printed
    // an empty alternative)
    local: Flags.boolean({
      description: 'only the repository checks, offline (no Heroku login needed)',
      relationships: [{type: 'none', flags: ['pipeline-id']}],
    }),
    strict: Flags.boolean({description: 'warnings fail too (exit code 1)'}),
    'health-timeout': Flags.integer({
      description: 'seconds to wait for the health endpoint to answer 200 (retries included)',
      default: 60,
      min: 1,
      helpValue: 'SECONDS',
    }),
    team: Flags.string({
      char: 't',
      description: 'fleet: the live checks of every pipeline of this team, one row each (no repository needed)',
      helpValue: 'TEAM',
      relationships: [{type: 'none', flags: ['all', 'local', 'pipeline', 'pipeline-id', 'stage']}],
    }),
    all: Flags.boolean({
      description: 'fleet: the live checks of every pipeline this account can see, one row each',
      relationships: [{type: 'none', flags: ['team', 'local', 'pipeline', 'pipeline-id', 'stage']}],
    }),
    concurrency: Flags.integer({description: 'fleet: pipelines checked at the same time', default: 4, min: 1, max: 10, helpValue: 'N'}),
    'health-path': Flags.string({description: `fleet: the path probed on each app (default ${DEFAULT_HEALTH_PATH})`, helpValue: 'PATH'}),
    ...costFlag('add a cost line per stage, now and after kit:bootstrap (informational; --no-cost skips the price look-ups)'),
    ...formatFlag('the report as text, or as GitHub Markdown for a pull request (also added to $GITHUB_STEP_SUMMARY)'),
  }

  async run(): Promise<FleetReport | VerifyReport> {
    const {flags} = await this.parse(Verify)
    if (flags.team !== undefined || flags.all) return this.fleet(flags)
    const dir = path.resolve(flags.dir)
    const stages: StageName[] = flags.stage ? [flags.stage as StageName] : ['staging', 'production']
    const {repository, desired, configNotes} = await gatherRepository(dir, {pipeline: flags.pipeline})
    for (const stage of desired.stages) {
      this.redactor.addConfig(stage.config)
      this.redactor.add(stage.referencedValues ?? []) // a value reached through ${NAME} is a secret, whatever it looks like
      this.redactor.add(stage.drains.flatMap(url => urlSecrets(url)))
    }

    let remote
    let remoteStages
    let cost: VerifyReport['cost']
    if (!flags.local) {
      if (flags.pipeline === undefined) {
        requirePipelineFile(repository.project.pipelineFile, dir, 'the live checks compare Heroku with the pipeline it declares', 'or run kit:verify --local')
      }

      const clients = await this.clients()
      // prices: read while the pipeline is read, once per declared add-on service, for the informational cost lines
      const services = declaredServices(desired.stages)
      const prices = flags.cost ? priceReader(clients.heroku) : undefined
      prices?.prefetch(services)
      this.note(`Checking pipeline ${desired.pipeline} (${stages.map(s => desired.stages.find(d => d.name === s)!.app).join(', ')}) and the repository…`)
      const gathered = await gatherRemote(clients, desired, repository.project.pipelineFile.healthPath, {
        pipelineId: flags['pipeline-id'],
        stages,
        health: verifyHealthOptions(flags['health-timeout']),
        probe: (url, options) => clients.http.probe(url, options),
      })
      remote = gathered.remote
      remoteStages = gathered.stages
      // values are never part of the report; this only guarantees it should one slip into a message
      if (remote.state.ok) {
        for (const stage of Object.values(remote.state.value.stages)) {
          this.redactor.addConfig(stage.config)
          this.redactor.add(liveSecrets(stage))
        }
      }

      if (prices && remote.state.ok) {
        const costs = planBootstrap(desired, remote.state.value, {prices: await prices.read(services)}).costs!
        for (const name of Object.keys(costs.stages) as StageName[]) if (!stages.includes(name)) delete costs.stages[name]
        cost = planCostsJson({...costs, pipeline: sumTotals(Object.values(costs.stages))})
      }
    }

    const evidence = assembleEvidence({repository, desired, configNotes, remote, remoteStages, stages})
    const report: VerifyReport = {...buildReport(desired.pipeline, runChecks(evidence, {local: flags.local})), ...(cost ? {cost} : {})}
    const apps = {staging: desired.stages[0].app, production: desired.stages[1].app}
    if (flags.format === 'markdown') await this.sayMarkdown(renderReportMarkdown(report, apps, {local: flags.local, strict: flags.strict}))
    else for (const line of renderReport(report, apps, {local: flags.local, strict: flags.strict})) this.say(line)
    const code = exitCodeFor(report, flags.strict)
    if (code !== 0) process.exitCode = code
    return report
  }

  /** --team / --all: every pipeline's live checks within the rate-limit budget, one row per pipeline. */
  private async fleet(flags: {
    team?: string
    all: boolean
    concurrency: number
    strict: boolean
    'health-path'?: string
    'health-timeout': number
  }): Promise<FleetReport> {
    const {http, heroku} = await this.clients()
    const scope = flags.team ? `team ${flags.team}` : 'every pipeline this account can see'
    const healthPath = flags['health-path'] ?? DEFAULT_HEALTH_PATH
    const [{pipelines, appNames}, remaining] = await Promise.all([listFleet(heroku, {team: flags.team}), heroku.getRateLimitRemaining()])
    const budget = planBudget(remaining, pipelines.length)
    this.say(`Fleet: ${pipelines.length} pipeline(s), ${scope}; live checks only (no repository), health probed at ${healthPath}.`)
    this.say(budgetLine(budget))
    if (budget.affordable < pipelines.length)
      this.warnUser(`The budget covers ${budget.affordable} of ${pipelines.length} pipelines: the run stops after them and lists the rest.`)
    this.say('')
    const forks: HttpClient[] = []
    this.note(`Checking ${pipelines.length} pipeline(s), ${Math.min(flags.concurrency, Math.max(pipelines.length, 1))} at a time…`)
    const report = await runFleet({
      scope,
      pipelines,
      appNames,
      budget,
      concurrency: flags.concurrency,
      healthPath,
      // one attempt per app: a fleet run reports, it does not wait for deploys to settle
      health: {...verifyHealthOptions(Math.min(flags['health-timeout'], 10)), maxAttempts: 1},
      fork() {
        const client = http.fork()
        forks.push(client)
        return client
      },
      // the lowest RateLimit-Remaining any client saw last: the pool only refills slowly, so this is the safe reading
      remaining: () => Math.min(...[http, ...forks].map(c => c.lastRateLimitRemaining ?? Number.POSITIVE_INFINITY)),
      probe: (client, url, options) => client.probe(url, options),
      setupRequests: http.stats.requests,
    })
    for (const line of renderFleet(report, {strict: flags.strict})) this.say(line)
    const code = fleetExitCode(report, flags.strict)
    if (code !== 0) process.exitCode = code
    return report
  }
}
