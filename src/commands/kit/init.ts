import {helpDescription} from '../../lib/command/help.js'
import path from 'node:path'

import * as Flags from '@oclif/core/flags'

import {KitCommand} from '../../lib/command/kit-command.js'
import {KitError} from '../../lib/errors.js'
import type {GenerationName} from '../../lib/generation.js'
import {applyPlan} from '../../lib/init/apply.js'
import {generate} from '../../lib/init/generate.js'
import {planFiles} from '../../lib/init/plan.js'
import {FRAMEWORK_LABELS, STACK_CHOICES, STACK_LABELS} from '../../lib/init/types.js'

const MARK: Record<string, string> = {
  create: '+ create',
  unchanged: '= unchanged',
  append: '~ append',
  merge: '~ merge',
  conflict: '! conflict',
  overwrite: '! overwrite',
}

export default class Init extends KitCommand {
  static override summary = 'generate the repository side of the pipeline for the app in this directory'

  static override description = helpDescription(
    'Detects the stack and framework (and from the dependencies: Postgres, Redis, a worker, migrations) and writes the Procfile (with a release line when it finds a migration tool), app.json, heroku-kit.yml, GitHub Actions workflows (CI, deploy to staging with a health check and rollback, promotion to production behind approval), a health endpoint and stdout logging for the framework, .env templates and .gitignore entries.',
    'A repository that already deploys to Heroku is adopted, not replaced: an existing Procfile and app.json keep everything they say, only missing process types, env declarations, formation, add-ons and environments are added, and what kit:init would write differently is reported; with heroku.yml (container stack) there are no buildpacks and no Procfile, and the formation comes from heroku.yml.',
    'With --generation fir (apps in a Fir Private Space, whose name and team kit:init leaves for you to write in heroku-kit.yml: it reads nothing from Heroku) it writes project.toml, naming the Cloud Native Buildpacks Fir builds with, instead of app.json buildpacks and stack, and Fir dyno sizes.',
    'Any other file that exists with other content is shown as a diff and needs --force. The .env.* files are created with mode 0600 and never shown or replaced (not even with --force): an existing one only gets the keys it lacks appended. Symbolic links are refused. A second run changes nothing.',
  )

  static override examples = [
    '<%= config.bin %> kit:init --dry-run',
    '<%= config.bin %> kit:init --pipeline shop',
    '<%= config.bin %> kit:init --stack python --force',
    '<%= config.bin %> kit:init --generation fir',
  ]

  static override flags = {
    dir: Flags.directory({description: "the app's root directory", default: '.', helpValue: 'DIR'}),
    stack: Flags.string({description: `stack or framework, instead of detecting it: ${STACK_CHOICES.join(', ')}`, helpValue: 'STACK'}),
    generation: Flags.string({
      description: 'fir: the apps will run in a Fir Private Space: project.toml (Cloud Native Buildpacks) instead of app.json buildpacks, Fir dyno sizes',
      options: ['cedar', 'fir'],
      helpValue: 'GENERATION',
      default: 'cedar',
    }),
    pipeline: Flags.string({
      char: 'p',
      description: 'pipeline name (default: heroku-kit.yml, else the project name); apps are PIPELINE-staging and PIPELINE-prod',
      helpValue: 'PIPELINE',
    }),
    force: Flags.boolean({description: 'overwrite files that exist with other content (never the .env.* files)'}),
    'dry-run': Flags.boolean({description: 'show what would be written, write nothing'}),
  }

  async run(): Promise<unknown> {
    const {flags} = await this.parse(Init)
    const dir = path.resolve(flags.dir)
    const generation = await generate(dir, {stack: flags.stack, pipeline: flags.pipeline, generation: flags.generation as GenerationName})
    const {detection} = generation
    const plan = await planFiles(dir, generation.files, {force: flags.force})

    // each thing once: a Go app is "Go", not "Go, Go"
    const stackLabel = STACK_LABELS[detection.stack]
    const frameworkLabel = FRAMEWORK_LABELS[detection.framework]
    this.say(
      `Detected: ${frameworkLabel === stackLabel ? stackLabel : `${stackLabel}, ${frameworkLabel}`}${detection.container ? ` (container stack: ${detection.container.file})` : ''}`,
    )
    for (const signal of detection.signals) this.say(`  - ${signal}`)
    this.say(`Pipeline: ${generation.pipeline} (from ${generation.pipelineSource}); apps ${generation.stagingApp} and ${generation.productionApp}`)
    if (generation.repo) this.say(`Repository: ${generation.repo.slug} (git remote origin)`)
    for (const warning of detection.warnings) this.warnUser(warning)
    this.say('')
    const width = Math.max(...plan.files.map(f => f.path.length))
    for (const file of plan.files) this.say(`  ${MARK[file.action].padEnd(11)} ${file.path.padEnd(width)}  ${file.purpose}`)
    for (const file of plan.files.filter(f => f.diff && f.action !== 'append')) {
      this.say('')
      this.say(file.diff!.trimEnd())
    }

    const notes = plan.files.flatMap(f => f.notes ?? [])
    if (notes.length > 0) {
      this.say('')
      this.say('Kept as you wrote them (kit:init would write these differently; change them yourself if you agree):')
      for (const note of notes) this.say(`  - ${note}`)
    }

    const json = {
      detection: {
        stack: detection.stack,
        framework: detection.framework,
        signals: detection.signals,
        warnings: detection.warnings,
        database: detection.database,
        redis: detection.redis,
        worker: detection.worker,
        migrations: detection.migrations,
        web: detection.web.command,
        healthPath: detection.healthPath,
        buildpacks: detection.buildpacks,
        ...(detection.container ? {container: detection.container} : {}),
      },
      pipeline: generation.pipeline,
      apps: {staging: generation.stagingApp, production: generation.productionApp},
      repo: generation.repo?.slug,
      files: plan.files.map(({path: file, action, purpose, diff, addedKeys, notes: kept}) => ({
        path: file,
        action,
        purpose,
        ...(diff ? {diff} : {}),
        ...(addedKeys ? {addedKeys} : {}),
        ...(kept ? {notes: kept} : {}),
      })),
      hints: generation.hints,
      dryRun: flags['dry-run'],
      written: [] as string[],
    }

    if (plan.conflicts.length > 0) {
      const message = `${plan.conflicts.length} file(s) exist with other content (diffs above): ${plan.conflicts.map(c => c.path).join(', ')}. Nothing was written.`
      if (this.jsonEnabled()) {
        process.exitCode = 1
        return {...json, error: {code: 'init_conflicts', message, suggestion: 'Run again with --force to overwrite them.'}}
      }

      throw new KitError(message, {code: 'init_conflicts', suggestion: 'Review the diffs, keep what you need, then run again with --force to overwrite them.'})
    }

    if (plan.writes.length === 0) {
      this.say('')
      this.say('Nothing to do: every file is already up to date.')
      this.printHints(generation.hints)
      return json
    }

    if (flags['dry-run']) {
      this.say('')
      this.say(`Dry run: ${plan.writes.length} file(s) would be written; nothing was written.`)
      return json
    }

    json.written = await applyPlan(dir, plan)
    this.say('')
    this.say(`Wrote ${json.written.length} file(s).`)
    for (const file of plan.writes.filter(f => f.addedKeys)) this.say(`Appended to ${file.path} (nothing in it was changed): ${file.addedKeys!.join(', ')}`)
    this.printHints(generation.hints)
    this.say('')
    this.say('Next steps:')
    this.say('  1. Wire in the health endpoint and logging (the lines above), then commit.')
    this.say('  2. Fill in secrets in .env.staging / .env.production (git-ignored).')
    this.say(`  3. heroku kit:bootstrap --dry-run, then heroku kit:bootstrap (creates pipeline ${generation.pipeline}).`)
    if (detection.container) {
      // kit:bootstrap creates new apps on the container stack (converge/resources/app.ts); an app that exists already is
      // reported as drift with the `heroku stack:set` command, never switched silently
      this.say(`     ${detection.container.file}: kit:bootstrap creates the apps on the container stack, so git push builds the Docker images.`)
    }

    this.say('  4. In GitHub, Settings → Environments: create `staging` and `production`, each with its own environment secret')
    this.say('     HEROKU_API_KEY (heroku authorizations:create --description github-actions; not a repository secret, which')
    this.say('     any branch could read). On `production`: required reviewers, and deployment branches limited to main.')
    this.say('     Deployment branch rules on `staging` too (main only).')
    this.say('  5. Keep the staging key away from production: a Heroku API key acts for its whole account, so a key in `staging`')
    this.say('     could change production. Use a separate Heroku user that is a collaborator on the staging app only, and put')
    this.say("     that user's key in `staging`; the production key (yours, or a deploy user of production) goes only in")
    this.say('     `production`. A job that only shows a plan can use an OAuth token with the `read` scope, which changes')
    this.say('     nothing and reads no config var (heroku authorizations:create --scope read); kit:bootstrap --dry-run also')
    this.say('     compares config vars, which takes `read-protected` (reads config values, changes nothing).')
    return json
  }

  private printHints(hints: Array<{file: string; where: string; lines: string[]}>): void {
    if (hints.length === 0) return
    this.say('')
    this.say('To wire them in:')
    for (const hint of hints) {
      this.say(`  ${hint.file}: ${hint.where}`)
      for (const line of hint.lines) this.say(`      ${line}`)
    }
  }
}
