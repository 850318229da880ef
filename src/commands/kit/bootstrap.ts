import {helpDescription} from '../../lib/command/help.js'
import path from 'node:path'

import * as Flags from '@oclif/core/flags'

import {applyOperation, expectedCost} from '../../lib/converge/apply.js'
import type {RunContext} from '../../lib/converge/run-context.js'
import {readCurrentState} from '../../lib/converge/current.js'
import {buildDesiredState, buildDesiredStateToCompare} from '../../lib/converge/desired.js'
import {sleep} from '../../lib/time.js'
import {planBootstrap} from '../../lib/converge/plan.js'
import {liveSecrets, unresolvedReferences} from '../../lib/converge/registry.js'
import {countActions, nextSteps, progressLine, renderPlan, renderPlanMarkdown, summaryRows} from '../../lib/converge/render.js'
import {KitCommand} from '../../lib/command/kit-command.js'
import {costFlag, dirFlag, formatFlag, pipelineFlag} from '../../lib/command/flags.js'
import {planCostsJson, priceReader, stepPriceJson} from '../../lib/converge/pricing.js'
import {declaredServices} from '../../lib/converge/resources/addons.js'
import {KitError} from '../../lib/errors.js'
import {urlSecrets} from '../../lib/output/mask-url.js'
import {loadProject} from '../../lib/manifest/project.js'
import {requirePipelineFile} from '../../lib/target/stage.js'
import {StepProgress, terminalStatusLine} from '../../lib/output/progress.js'
import {executePlan} from '../../lib/converge/executor.js'
import {pollScheduleFromEnv} from '../../lib/converge/poll.js'
import {confirmFresh, samePlan} from '../../lib/converge/stale.js'
import {writesIn} from '../../lib/converge/types.js'

export default class Bootstrap extends KitCommand {
  static override summary = 'create or converge the whole pipeline the repository declares'

  static override description = helpDescription(
    "Reads heroku-kit.yml, app.json and the stages' config files, compares them with Heroku, prints the plan (create / change / unchanged / drift), then applies it: pipeline, staging and production apps, buildpacks, add-ons, config vars, formation, preboot, domains and ACM, backups, log drains (telemetry drains on Fir), GitHub auto-deploy and review apps.",
    'A second run changes nothing; a run that failed half-way finishes the job when run again. Without heroku-kit.yml it needs --pipeline NAME (then app.json and the defaults say what to create).',
  )

  static override examples = ['<%= config.bin %> kit:bootstrap --pipeline my-app --dry-run', '<%= config.bin %> kit:bootstrap --pipeline my-app --yes']

  static override flags = {
    ...dirFlag,
    ...pipelineFlag,
    'pipeline-id': Flags.string({description: 'use this pipeline when several share the name', helpValue: 'UUID'}),
    'dry-run': Flags.boolean({description: 'print the plan and send no write request'}),
    yes: Flags.boolean({char: 'y', description: 'apply without asking (required without a terminal)'}),
    'upgrade-addons': Flags.boolean({description: 'change add-on plans that differ from the declared ones'}),
    'scale-down': Flags.boolean({description: 'apply declared formations that are smaller than what runs'}),
    'prune-telemetry': Flags.boolean({description: "remove telemetry drains (Fir) of the stages' apps that heroku-kit.yml does not declare"}),
    'addon-timeout': Flags.integer({description: 'seconds to wait for add-ons to provision', default: 600, min: 1, helpValue: 'SECONDS'}),
    concurrency: Flags.integer({
      description: 'steps sending requests at once (steps waiting for Heroku do not count)',
      default: 8,
      min: 1,
      max: 16,
      helpValue: 'N',
    }),
    'exit-code': Flags.boolean({
      description:
        'with --dry-run: exit 0 when Heroku matches, 2 when changes or drift are pending, 1 on an error, 3 when not logged in (for a scheduled drift check in CI)',
    }),
    ...costFlag(),
    ...formatFlag('with --dry-run: the plan as text, or as GitHub Markdown for a pull request (also added to $GITHUB_STEP_SUMMARY)'),
  }

  protected override readonly writesOnlyPlanSteps = true

  /** With --exit-code, 2 means "changes pending" only: an error that would exit 2 (oclif's flag errors) exits 1. */
  protected override async catch(error: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    if (!this.argv.includes('--exit-code')) return super.catch(error)
    try {
      return await super.catch(error)
    } catch (rethrown) {
      const failure = rethrown as Error & {oclif?: {exit?: number}}
      if (failure.oclif?.exit === 2) {
        failure.oclif.exit = 1
        process.exitCode = 1
      }

      throw failure
    }
  }

  async run(): Promise<unknown> {
    const {flags} = await this.parse(Bootstrap)
    if (flags.format === 'markdown' && !flags['dry-run']) {
      throw new KitError('--format markdown prints the plan for a pull request, so it needs --dry-run.', {
        code: 'invalid_flags',
        suggestion: 'Run kit:bootstrap --dry-run --format markdown.',
      })
    }

    if (flags['exit-code'] && !flags['dry-run']) {
      throw new KitError('--exit-code reports whether changes are pending, so it needs --dry-run.', {
        code: 'invalid_flags',
        suggestion: 'Run kit:bootstrap --dry-run --exit-code.',
      })
    }

    // the login, and the first request (which needs nothing from the repository), overlap the local work below
    const account = this.clients().then(({heroku}) => heroku.getAccount())
    account.catch(() => {}) // awaited in readCurrentState; a failure surfaces there
    const project = await loadProject(path.resolve(flags.dir), {pipeline: flags.pipeline})
    if (flags.pipeline === undefined) {
      requirePipelineFile(
        project.pipelineFile,
        flags.dir,
        'kit:bootstrap creates the pipeline it declares',
        'or pass --pipeline NAME for a pipeline of the defaults',
      )
    }

    // a dry-run only compares: a stage config file that isn't here (a CI checkout) is left out, and the plan says so
    const desired = flags['dry-run'] ? await buildDesiredStateToCompare(project) : await buildDesiredState(project)
    for (const stage of desired.stages) {
      this.redactor.addConfig(stage.config)
      this.redactor.add(stage.drains.flatMap(url => urlSecrets(url)))
      this.redactor.add(stage.referencedValues ?? []) // a value reached through ${NAME} is a secret, whatever it looks like
      const [first] = unresolvedReferences(stage)
      if (first) {
        throw new KitError(`stages.${stage.name}.${first.key}: ${first.unresolved.map(u => u.why).join('; ')}. Nothing was sent.`, {
          code: 'invalid_manifest',
          suggestion:
            `Set ${first.unresolved.map(u => u.name).join(', ')} in ${stage.configFile ?? `the ${stage.name} stage's config file`}, or list it under ` +
            `env_references in heroku-kit.yml to read it from the environment (a ${first.what} holds a credential: keep it out of heroku-kit.yml).`,
        })
      }
    }

    const clients = await this.clients()
    const planOptions = {upgradeAddons: flags['upgrade-addons'], scaleDown: flags['scale-down'], pruneTelemetry: flags['prune-telemetry']}
    // prices: one look-up per declared add-on service and one of the dyno sizes, made while the state is read and
    // never repeated in the run; an apply takes what has answered by then (a price still on its way is "unknown")
    const prices = flags.cost ? priceReader(clients.heroku) : undefined
    const services = declaredServices(desired.stages)
    // the first read uses the account fetched alongside the local work; a re-read after a question fetches it again
    let prefetched: typeof account | undefined = account
    const readPlan = async () => {
      prices?.prefetch(services)
      const state = await readCurrentState(clients, desired, {pipelineId: flags['pipeline-id'], account: prefetched})
      const book = prices && (flags['dry-run'] ? await prices.read(services) : prices.settled(services))
      prefetched = undefined
      for (const stage of Object.values(state.stages)) {
        this.redactor.addConfig(stage.config)
        this.redactor.add(liveSecrets(stage))
      }

      return {current: state, plan: planBootstrap(desired, state, {...planOptions, prices: book})}
    }

    this.note(`Reading the current state of pipeline ${desired.pipeline}…`)
    let {current, plan} = await readPlan()
    const titles = {pipeline: desired.pipeline, staging: desired.stages[0].app, production: desired.stages[1].app}
    const planJsonOf = (p: typeof plan) =>
      p.steps.map(({id, group, resource, action, summary, details, dependsOn, price}) => ({
        id,
        group,
        resource,
        action,
        summary,
        details,
        dependsOn,
        ...(price ? {price: stepPriceJson(price)} : {}),
      }))
    const costsJsonOf = (p: typeof plan) => (p.costs ? {costs: planCostsJson(p.costs)} : {})
    // with --format markdown stdout is the report alone: the lines after it go to stderr
    const tell = (line: string) => (flags.format === 'markdown' ? this.note(line) : this.say(line))
    if (flags.format === 'markdown') await this.sayMarkdown(renderPlanMarkdown(plan, desired.pipeline, titles))
    else for (const line of renderPlan(plan, titles)) this.say(line)
    const refuseInvalid = (p: typeof plan) => {
      if (p.errors.length > 0)
        throw new KitError(`The plan can't be applied; nothing was sent:\n${p.errors.map(e => `  - ${e}`).join('\n')}`, {code: 'plan_invalid'})
    }

    refuseInvalid(plan)
    let writes = writesIn(plan)
    let base = {pipeline: desired.pipeline, plan: planJsonOf(plan), counts: countActions(plan), ...costsJsonOf(plan)}
    const nothingToDo = () => {
      tell('Nothing to do: Heroku already matches the repository.')
      const next = nextSteps(plan, [])
      for (const line of next) tell(`  ${line}`)
      return {...base, applied: false, results: [], nextSteps: next}
    }

    if (flags['exit-code']) {
      // drift (differences that need a flag such as --upgrade-addons) counts: a scheduled check must alert on it
      const pending = writes.length + base.counts.drift
      process.exitCode = pending > 0 ? 2 : 0
      tell(
        pending > 0
          ? `Dry run: ${writes.length} step(s) would change Heroku and ${base.counts.drift} drift; nothing was sent (exit code 2).`
          : 'Nothing to do: Heroku already matches the repository.',
      )
      return {...base, applied: false, dryRun: true, results: [], nextSteps: nextSteps(plan, []), pendingChanges: pending}
    }

    if (writes.length === 0) return nothingToDo()

    if (flags['dry-run']) {
      tell(`Dry run: ${writes.length} step(s) would change Heroku; nothing was sent.`)
      return {...base, applied: false, dryRun: true, results: [], nextSteps: nextSteps(plan, [])}
    }

    if (!flags.yes) {
      if (!this.isInteractive()) {
        throw new KitError(`Applying this plan changes ${writes.length} thing(s) on Heroku; without a terminal that needs --yes. Nothing was sent.`, {
          code: 'confirmation_required',
        })
      }

      // the question may wait minutes: re-read before writing, and ask again when the plan changed meanwhile
      const answer = await confirmFresh({
        initial: {current, plan},
        ask: ({plan: asked}) => this.ask(`Apply ${writesIn(asked).length} change(s) to pipeline ${desired.pipeline}?`),
        reread: async () => {
          this.note('Re-reading the current state before writing…')
          return readPlan()
        },
        same: (asked, fresh) => samePlan(asked.plan, fresh.plan),
        settled: fresh => fresh.plan.errors.length > 0 || writesIn(fresh.plan).length === 0,
        changed: fresh => {
          this.say('')
          this.say('Heroku changed while the question waited; the plan is now:')
          for (const line of renderPlan(fresh.plan, titles)) this.say(line)
        },
      })
      if (!answer.confirmed) throw new KitError('Cancelled; nothing was sent.', {code: 'cancelled'})
      ;({current, plan} = answer.plan)
      refuseInvalid(plan)
      writes = writesIn(plan)
      base = {pipeline: desired.pipeline, plan: planJsonOf(plan), counts: countActions(plan), ...costsJsonOf(plan)}
      if (writes.length === 0) return nothingToDo()
    }

    const ctx: RunContext = {
      pipelineId: current.pipeline?.id,
      appIds: {staging: current.stages.staging.app?.id, production: current.stages.production.app?.id},
      githubRepoId: current.github.repo?.id,
      poll: pollScheduleFromEnv(),
      addonTimeoutMs: flags['addon-timeout'] * 1000,
      sleep,
      rateLimitRemaining: () => clients.http.rateLimitRemaining,
      generated: [],
    }
    this.note('Applying:')
    const note = (line: string) => this.note(line)
    const progress = new StepProgress(writes.length, this.jsonEnabled() ? undefined : terminalStatusLine(text => this.redactor.redact(text)))
    progress.begin(`Applying ${writes.length} change(s)`)
    const results = await executePlan(plan, {
      concurrency: flags.concurrency,
      journal: this.journal,
      weight: step => expectedCost(step.operation),
      apply: async (step, run) => {
        const notes = await applyOperation(step.operation!, clients, ctx, desired, run)
        this.redactor.add(ctx.generated)
        return notes
      },
      onStart: step => progress.started(step.id, `${step.group}: ${step.summary}`),
      onFinish(step, result) {
        progress.done(step.id)
        note(progressLine(step, result))
      },
      describeError: error =>
        this.redactor.redact(
          error instanceof KitError && error.suggestion ? `${error.message}\n${error.suggestion}` : error instanceof Error ? error.message : String(error),
        ),
    })

    const done = results.filter(r => r.status === 'done').length
    const failed = results.filter(r => r.status === 'failed')
    progress.end(failed.length > 0 ? 'failed' : 'done')
    const skipped = results.filter(r => r.status === 'skipped' || r.status === 'not-run')
    this.say('')
    this.say(`Summary: ${done} done, ${failed.length} failed, ${skipped.length} not run, ${results.filter(r => r.status === 'unchanged').length} unchanged.`)
    this.table(summaryRows(plan, results), {stage: {header: 'Stage'}, step: {header: 'Step'}, result: {header: 'Result'}})
    for (const note of results.flatMap(r => r.notes ?? []).filter(n => !n.startsWith('DNS:'))) this.say(`  ${note}`)
    const next = nextSteps(plan, results)
    if (next.length > 0) {
      this.say('Next steps:')
      for (const line of next) this.say(`  ${line}`)
    }

    const json = {...base, applied: true, results, nextSteps: next}
    if (failed.length > 0 || skipped.length > 0) {
      if (this.jsonEnabled()) {
        process.exitCode = 1
        return {...json, error: {code: 'bootstrap_incomplete', message: `${failed.length} step(s) failed and ${skipped.length} did not run`}}
      }

      throw new KitError(
        `${failed.length} step(s) failed and ${skipped.length} did not run: ${[...failed, ...skipped].map(r => r.id).join(', ')}. What finished stays; run kit:bootstrap again to finish the job.`,
        {code: 'bootstrap_incomplete'},
      )
    }

    return json
  }
}
