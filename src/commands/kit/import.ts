import {helpDescription} from '../../lib/command/help.js'
import path from 'node:path'

import {Flags} from '@oclif/core'

import {KitCommand} from '../../lib/command/kit-command.js'
import {appFlag, costFlag, dirFlag, targetApp, withRemoteApp} from '../../lib/command/flags.js'
import {runningCost} from '../../lib/converge/plan.js'
import {liveSecrets} from '../../lib/converge/registry.js'
import {costJson, formatCost, priceReader} from '../../lib/converge/pricing.js'
import type {StageName} from '../../lib/manifest/types.js'
import {drainHasCredentials} from '../../lib/converge/resources/drains.js'
import {KitError} from '../../lib/errors.js'
import {applyImport, planImport} from '../../lib/import/import.js'
import {readLivePipeline} from '../../lib/import/read.js'

const MARK = {create: 'create', unchanged: 'unchanged', append: 'append', conflict: 'CONFLICT', overwrite: 'overwrite', merge: 'merge'} as const

export default class Import extends KitCommand {
  /** interrupted before its plan ran, it had changed nothing on Heroku: it sends no write (GET only) */
  protected override readonly writesOnlyPlanSteps = true

  static override summary = 'write heroku-kit.yml and app.json from a pipeline that already runs'

  static override description = helpDescription(
    'Reads the live pipeline (GET requests only) and writes the repository side so that it describes exactly what runs: heroku-kit.yml (pipeline, team, region, GitHub repo, review apps; per stage the app, formation, add-ons with plan and attachment name, domains, ACM, backups, drains, preboot, auto-deploy) and app.json where it is missing or incomplete (buildpacks, formation, add-ons, config keys without values).',
    "Existing files are merged, never clobbered: a change to a file you wrote is shown as a diff and needs --force. Right after an import, kit:bootstrap --dry-run reports no change. What heroku-kit.yml can't declare is listed.",
    'Config values are not written unless --pull-config (.env.<stage>, mode 0600, git-ignored, as kit:config:pull; a .env.<stage> that git tracks is refused unless --allow-tracked).',
  )

  static override examples = [
    '<%= config.bin %> kit:import --pipeline shop --dry-run',
    '<%= config.bin %> kit:import --pipeline shop --pull-config',
    '<%= config.bin %> kit:import -a legacy-app --pipeline legacy',
  ]

  static override flags = {
    ...dirFlag,
    pipeline: Flags.string({
      char: 'p',
      description: 'pipeline to import (name or id); with -a, the pipeline name to write for an app in no pipeline',
      helpValue: 'PIPELINE',
    }),
    ...appFlag('import one app (its whole pipeline when it is in one; else it becomes the production stage)'),
    'pull-config': Flags.boolean({description: "also write each stage's config vars to .env.<stage> (0600, git-ignored; add-on vars left out)"}),
    'allow-tracked': Flags.boolean({description: 'with --pull-config: write .env.<stage> even though git tracks it (the secrets would be committed)'}),
    'allow-exec-vars': Flags.boolean({
      description: 'with --pull-config: write config vars that make programs run code (BASH_ENV, LD_PRELOAD…) as plain lines, not commented out',
    }),
    force: Flags.boolean({description: 'update files that exist with other content (diffs shown)'}),
    'dry-run': Flags.boolean({description: 'show the files that would be written (with --json: their content), write nothing'}),
    ...costFlag('show what the imported pipeline costs per month (--no-cost skips the price look-up)'),
  }

  async run(): Promise<unknown> {
    const flags = await withRemoteApp((await this.parse(Import)).flags, this.argv)
    // an app only from HEROKU_APP yields to --pipeline on the command line
    const app = targetApp(flags, this.argv, flags.pipeline !== undefined)
    if (!flags.pipeline && !app)
      throw new KitError('Name what to import: --pipeline NAME, or -a APP.', {code: 'missing_target', suggestion: 'heroku pipelines lists your pipelines.'})
    const dir = path.resolve(flags.dir)
    const clients = await this.clients()
    this.note(`Reading ${app ? `app ${app}` : `pipeline ${flags.pipeline}`} (read only)…`)
    // the dyno sizes' prices, read alongside (add-ons come with their plan's and billed price)
    const prices = flags.cost ? priceReader(clients.heroku) : undefined
    prices?.prefetch([])
    const live = await readLivePipeline(clients, app ? {app} : {pipeline: flags.pipeline})
    const cost = prices && runningCost(live.stages, await prices.read([]))
    for (const stage of live.stages) {
      this.redactor.addConfig(stage.current.config)
      this.redactor.add(liveSecrets(stage.current)) // every resource's: drain URL tokens, telemetry header keys
      // kit:import prints whole drain URLs (what it writes as ${NAME}): a credentialed one is masked whole
      this.redactor.add(stage.current.drains.map(d => d.url).filter(url => drainHasCredentials(url)))
    }

    if (app && live.pipeline) this.note(`${app} is in pipeline ${live.pipeline.name}: importing the pipeline.`)
    const plan = await planImport(dir, live, {
      pullConfig: flags['pull-config'],
      allowTracked: flags['allow-tracked'],
      allowExecVars: flags['allow-exec-vars'],
      force: flags.force,
      pipelineName: app ? flags.pipeline : undefined,
    })

    this.say(
      `Pipeline ${plan.pipeline}${live.pipeline ? ` (${live.pipeline.id})` : ' (not on Heroku yet: kit:bootstrap creates it)'}: ${
        Object.entries(plan.apps)
          .map(([stage, app]) => `${stage} ${app}`)
          .join(', ') || 'no apps'
      }`,
    )
    const rows = [
      ...plan.files.files.map(f => ({path: f.path, action: f.action as keyof typeof MARK, purpose: f.purpose})),
      ...plan.dotenv.map(d => ({
        path: d.path,
        action: d.action as keyof typeof MARK,
        purpose: `${d.keys.length} config vars of ${d.app} (mode 0600; ${d.addonVarsLeftOut.length} add-on vars left out${
          d.held.length > 0 ? `; ${d.held.join(', ')} commented out: they make programs run code` : ''
        }${d.leftOut.length > 0 ? `; ${d.leftOut.join(', ')} recorded as left out: no dotenv file can hold them` : ''})`,
      })),
    ]
    const width = Math.max(...rows.map(r => r.path.length))
    this.say('')
    for (const row of rows) this.say(`  ${MARK[row.action].padEnd(10)} ${row.path.padEnd(width)}  ${row.purpose}`)
    for (const file of plan.files.files.filter(f => f.diff)) {
      this.say('')
      this.say(file.diff!.trimEnd())
    }

    if (flags['dry-run'] && !this.jsonEnabled()) {
      for (const file of plan.files.files.filter(f => f.action === 'create')) {
        this.say('')
        this.say(`--- ${file.path} (would be created)`)
        this.say(file.content.trimEnd())
      }
    }

    if (plan.unmanaged.length > 0) {
      this.say('')
      this.say('Not declared (heroku-kit.yml does not manage these; they stay as they are):')
      for (const item of plan.unmanaged) this.say(`  - ${item.scope}: ${item.what} (${item.why})`)
    }

    if (plan.notes.length > 0) {
      this.say('')
      for (const note of plan.notes) this.say(`Note: ${note}`)
    }

    if (cost) {
      this.say('')
      for (const [stage, total] of Object.entries(cost.stages)) this.say(`Cost of ${stage} (${plan.apps[stage as StageName]}) as it runs: ${formatCost(total)}`)
      this.say(`Cost of the pipeline as it runs: ${formatCost(cost.pipeline)}`)
      for (const note of cost.notes) this.say(`  Note: ${note}`)
    }

    const json = {
      pipeline: plan.pipeline,
      pipelineId: live.pipeline?.id ?? null,
      // per month, in cents, of what runs (absent with --no-cost)
      ...(cost
        ? {
            cost: {
              stages: Object.fromEntries(Object.entries(cost.stages).map(([stage, c]) => [stage, costJson(c)])),
              pipeline: costJson(cost.pipeline),
              notes: cost.notes,
            },
          }
        : {}),
      apps: plan.apps,
      missingStages: plan.missingStages,
      files: plan.files.files.map(({path: file, action, purpose, diff, content}) => ({
        path: file,
        action,
        purpose,
        ...(diff ? {diff} : {}),
        ...(flags['dry-run'] ? {content} : {}),
      })),
      // values never appear: only which keys each file holds
      dotenv: plan.dotenv.map(({path: file, stage, app, action, keys, addonVarsLeftOut, held, leftOut}) => ({
        path: file,
        stage,
        app,
        action,
        keys,
        addonVarsLeftOut,
        held,
        leftOut,
      })),
      unmanaged: plan.unmanaged,
      notes: plan.notes,
      dryRun: flags['dry-run'],
      written: [] as string[],
    }

    const conflicts = [...plan.files.conflicts.map(f => f.path), ...plan.dotenv.filter(d => d.action === 'conflict').map(d => d.path)]
    if (conflicts.length > 0 && !flags['dry-run']) {
      const message = `${conflicts.length} file(s) exist with other content (diffs above): ${conflicts.join(', ')}. Nothing was written.`
      if (this.jsonEnabled()) {
        process.exitCode = 1
        return {...json, error: {code: 'import_conflicts', message, suggestion: 'Run again with --force to update them.'}}
      }

      throw new KitError(message, {
        code: 'import_conflicts',
        suggestion: 'Review the diffs, then run again with --force to update them (.env files are updated in place, keeping their comments).',
      })
    }

    const pending = plan.files.writes.length + plan.dotenv.filter(d => d.action !== 'unchanged').length
    if (flags['dry-run']) {
      this.say('')
      this.say(`Dry run: ${pending} file(s) would be written${conflicts.length > 0 ? ` (${conflicts.length} need --force)` : ''}; nothing was written.`)
      return json
    }

    if (pending === 0) {
      this.say('')
      this.say('Nothing to do: the repository already describes what runs.')
      return json
    }

    json.written = await applyImport(dir, plan)
    this.say('')
    this.say(`Wrote ${json.written.join(', ')}.`)
    this.say('Next: heroku kit:bootstrap --dry-run (it shows no change for what was imported), then commit heroku-kit.yml and app.json.')
    return json
  }
}
