import {randomBytes} from 'node:crypto'
import path from 'node:path'

import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {KitCommand} from '../../../lib/command/kit-command.js'
import {dirFlag, targetApp, targetFlags} from '../../../lib/command/flags.js'
import {formatMasked} from '../../../lib/config/mask.js'
import {hasWrites, planConfigSync, summarize} from '../../../lib/config/plan.js'
import {readRemoteConfig, writeConfig} from '../../../lib/config/remote.js'
import {configPlanJson, renderConfigPlan} from '../../../lib/config/render.js'
import {resolveConfigTarget} from '../../../lib/config/target.js'
import {readDotenvFile} from '../../../lib/dotenv/read.js'
import {KitError} from '../../../lib/errors.js'
import {displayPath} from '../../../lib/fs.js'
import {isTrackedByGit} from '../../../lib/git/repository.js'
import {loadAppJson} from '../../../lib/manifest/app-json.js'
import {withoutDrainKeys} from '../../../lib/manifest/drain-references.js'
import {loadPipelineFile, PIPELINE_FILE} from '../../../lib/manifest/pipeline-file/index.js'

/** After this long between reading the config and writing it, re-read it first. */
const RECHECK_AFTER_MS = 1000

export default class ConfigSync extends KitCommand {
  static override description = `set an app's config vars from a dotenv file, safely
Shows a diff first (values masked), sends only the keys that change in one request (one release), never
touches add-on config vars, and deletes keys only with --prune. Without -a/-r/--pipeline the target comes
from the file name (.env.staging → the staging app in heroku-kit.yml).`

  static override examples = [
    '<%= config.bin %> kit:config:sync .env.staging',
    '<%= config.bin %> kit:config:sync .env.production --dry-run',
    '<%= config.bin %> kit:config:sync .env -a my-app --prune --confirm my-app',
    '<%= config.bin %> kit:config:sync .env.review --pipeline my-pipeline --stage review',
  ]

  static override args = {
    file: Args.string({description: 'dotenv file to read', required: true}),
  }

  static override flags = {
    ...targetFlags,
    ...dirFlag,
    prune: Flags.boolean({description: 'also delete config vars that are not in the file (never add-on vars); asks for confirmation'}),
    confirm: Flags.string({description: 'confirm --prune without a prompt by repeating the target app (or pipeline) name', helpValue: 'APP'}),
    yes: Flags.boolean({char: 'y', description: 'apply without asking (deletions still need --confirm)'}),
    'dry-run': Flags.boolean({description: 'show the diff and send nothing'}),
    reveal: Flags.boolean({description: 'show values in the diff instead of masking them'}),
  }

  async run(): Promise<unknown> {
    const {args, flags} = await this.parse(ConfigSync)
    await this.clients() // fails here, before reading anything, when there is no Heroku login
    const dir = path.resolve(flags.dir)
    const file = path.resolve(args.file)
    const display = displayPath(file)

    const dotenv = await readDotenvFile(file, display)
    if (dotenv.entries.length === 0) {
      throw new KitError(`${display} defines no config vars; nothing was sent.`, {code: 'empty_file', suggestion: 'Check the file name, or use `heroku config:unset` to remove config vars.'})
    }

    if (!flags.reveal) this.redactor.addConfig(dotenv.vars)
    const appJson = await loadAppJson(dir)
    const pipelineFile = await loadPipelineFile(dir, appJson)
    // asking git runs alongside the first requests instead of before them
    const tracked = isTrackedByGit(file)
    const target = await resolveConfigTarget({flags: {...flags, app: targetApp(flags, this.argv, Boolean(flags.remote || flags.pipeline || flags.stage))}, file, cwd: dir, pipelineFile, api: () => this.api()})
    // keys that heroku-kit.yml's drains reference (`${NAME}`) are drain URLs, not config vars
    const stage = pipelineFile && Object.values(pipelineFile.stages).find(s => s.config && path.resolve(dir, s.config) === file)
    const local = stage ? withoutDrainKeys(dotenv.vars, stage.drains) : dotenv.vars
    const drainKeys = Object.keys(dotenv.vars).filter(key => !(key in local))
    if (drainKeys.length > 0) this.say(`Left out ${drainKeys.join(', ')}: ${PIPELINE_FILE} uses ${drainKeys.length === 1 ? 'it' : 'them'} as log drain URL(s) of ${stage!.name}, not as config vars.`)
    const api = await this.api()
    const remote = await readRemoteConfig(api, target)
    if (await tracked) {
      this.warnUser(`${display} is tracked by git: secrets in it are in the repository's history. Remove it with \`git rm --cached ${display}\` and add it to .gitignore.`)
    }

    if (!flags.reveal) this.redactor.addConfig(remote.vars)

    const plan = planConfigSync({
      local,
      remote: remote.vars,
      owned: remote.owned,
      prune: flags.prune,
      env: target.kind === 'app' ? appJson?.env : undefined,
      generateSecret: target.kind === 'app' ? () => randomBytes(32).toString('hex') : undefined,
    })
    if (!flags.reveal) this.redactor.add(plan.changes.filter(c => c.generated).map(c => c.after))

    const json = {target: target.kind === 'app' ? {app: target.app} : {pipeline: target.pipelineName, pipelineId: target.pipelineId, stage: target.stage}, file: display, dryRun: flags['dry-run'], ...configPlanJson(plan, flags.reveal)}
    this.say(`Config vars of ${target.label} from ${display}`)
    for (const line of renderConfigPlan(plan, {reveal: flags.reveal, prune: flags.prune})) this.say(line)

    if (plan.conflicts.length > 0) {
      throw new KitError(`${display} sets config vars that add-ons own: ${plan.conflicts.map(c => `${c.key} (${c.addon})`).join(', ')}. Nothing was sent.`, {
        code: 'addon_owned_keys',
        suggestion: `Remove ${plan.conflicts.length === 1 ? 'that line' : 'those lines'} from the file: add-ons manage these values themselves.`,
      })
    }

    for (const key of plan.missingRequired) this.warnUser(`${key} is required by app.json but is not set on ${target.label}.`)

    if (flags['dry-run'] || !hasWrites(plan)) {
      this.say(hasWrites(plan) ? 'Dry run: nothing was sent.' : `Nothing to change: ${target.label} already matches ${display}.`)
      return {...json, applied: false}
    }

    const removals = summarize(plan).remove
    const targetName = target.kind === 'app' ? target.app : target.pipelineName
    let confirmed = false
    if (removals > 0) {
      if (flags.confirm !== undefined) {
        if (flags.confirm !== targetName) {
          throw new KitError(`--confirm ${flags.confirm} does not match ${targetName}. Nothing was sent.`, {code: 'confirmation_mismatch'})
        }
      } else if (this.isInteractive()) {
        confirmed = await this.ask(`Delete ${removals} config var(s) from ${target.label} and apply the other changes?`)
        if (!confirmed) throw new KitError('Cancelled; nothing was sent.', {code: 'cancelled'})
      } else {
        throw new KitError(`--prune would delete ${removals} config var(s) from ${target.label}; without a terminal that needs --confirm ${targetName}. Nothing was sent.`, {code: 'confirmation_required'})
      }
    } else if (!flags.yes && this.isInteractive()) {
      confirmed = await this.ask(`Apply these changes to ${target.label}?`)
      if (!confirmed) throw new KitError('Cancelled; nothing was sent.', {code: 'cancelled'})
    }

    const {concurrent} = await writeConfig(api, target, plan.patch, {
      snapshot: remote.vars,
      recheck: confirmed || Date.now() - remote.readAt > RECHECK_AFTER_MS,
    })
    const summary = summarize(plan)
    this.say(`Updated ${target.label}: ${summary.add} added, ${summary.change} changed, ${summary.remove} removed (one release).`)
    for (const change of plan.changes.filter(c => c.generated)) {
      this.say(`Generated ${change.key} (app.json generator: secret): ${formatMasked(change.after ?? '')}`)
    }

    if (concurrent.length > 0) {
      this.warnUser(`Someone else changed ${concurrent.join(', ')} on ${target.label} while this sync ran; their values were kept.`)
    }

    return {...json, applied: true, concurrentChanges: concurrent}
  }
}
