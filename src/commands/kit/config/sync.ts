import {helpDescription} from '../../../lib/command/help.js'
import {randomBytes} from 'node:crypto'
import path from 'node:path'

import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {confirmFlag, dryRunFlag, targetFlags, yesFlag} from '../../../lib/command/flags.js'
import {StageCommand} from '../../../lib/command/stage-command.js'
import {formatMasked} from '../../../lib/config/mask.js'
import {countChanges, hasWrites, planConfigSync} from '../../../lib/config/plan.js'
import {readRemoteConfig, writeConfig} from '../../../lib/config/remote.js'
import {configPlanJson, renderConfigPlan} from '../../../lib/config/render.js'
import {readDotenvFile} from '../../../lib/dotenv/read.js'
import {KitError} from '../../../lib/errors.js'
import {displayPath, resolveInRepository} from '../../../lib/fs.js'
import {isTrackedByGit} from '../../../lib/git/repository.js'
import {loadAppJson} from '../../../lib/manifest/app-json.js'
import {stageReferences} from '../../../lib/converge/registry.js'
import {drainReferenceNames, withoutKeys} from '../../../lib/manifest/drain-references.js'
import {drainProblem, loadPipelineFile, PIPELINE_FILE} from '../../../lib/manifest/pipeline-file/index.js'

/** After this long between reading the config and writing it, re-read it first. */
const RECHECK_AFTER_MS = 1000

export default class ConfigSync extends StageCommand {
  static override summary = "set an app's config vars from a dotenv file, safely"

  static override description = helpDescription(
    'Shows a diff first (values masked), sends only the keys that change in one request (one release), never touches add-on config vars, and deletes keys only with --prune.',
    'Without -a/-r/--pipeline the target comes from the file name (.env.staging → the staging app in heroku-kit.yml).',
  )

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
    prune: Flags.boolean({description: 'also delete config vars that are not in the file (never add-on vars); asks for confirmation'}),
    ...confirmFlag('confirm --prune without a prompt by repeating the target app (or pipeline) name'),
    ...yesFlag('apply without asking (deletions still need --confirm)'),
    ...dryRunFlag('show the diff and send nothing'),
    reveal: Flags.boolean({description: 'show values in the diff instead of masking them'}),
  }

  async run(): Promise<unknown> {
    const {args, flags} = await this.parse(ConfigSync)
    this.clients() // the login is read meanwhile; problems with the file are reported before a missing login
    const dir = path.resolve(flags.dir)
    const file = path.resolve(args.file)
    const display = displayPath(file)

    // a file of the repository is never read through a link that leaves it (fs.ts); a path given outside the
    // repository (another folder, a pipe such as <(vault read …)) is read where it is
    const relative = path.relative(dir, file)
    const inRepository = !relative.startsWith('..') && !path.isAbsolute(relative)
    const dotenv = await readDotenvFile(inRepository ? await resolveInRepository(dir, file, display) : file, display)
    if (dotenv.entries.length === 0) {
      throw new KitError(`${display} defines no config vars; nothing was sent.`, {
        code: 'empty_file',
        suggestion: 'Check the file name, or use `heroku config:unset` to remove config vars.',
      })
    }

    if (!flags.reveal) this.redactor.addConfig(dotenv.vars)
    const appJson = await loadAppJson(dir)
    const pipelineFile = await loadPipelineFile(dir, appJson)
    // asking git runs alongside the first requests instead of before them
    const tracked = isTrackedByGit(file)
    const target = await this.configTarget(flags, {file, cwd: dir, pipelineFile})
    // every key a `${NAME}` reference of the stage names (drain URLs, telemetry headers: registry.ts stageReferences)
    // is that secret, never sent as a config var and never pruned
    const stage = pipelineFile && Object.values(pipelineFile.stages).find(s => s.config && path.resolve(dir, s.config) === file)
    const references = (stage ? stageReferences(stage) : []).map(({what, keys}) => ({what, keys: keys.filter(key => Object.hasOwn(dotenv.vars, key))}))
    const referencedKeys = references.flatMap(reference => reference.keys)
    this.redactor.add(referencedKeys.map(key => dotenv.vars[key])) // a value reached through a reference is a secret, whatever it looks like
    for (const key of drainReferenceNames(stage?.drains ?? []).filter(key => Object.hasOwn(dotenv.vars, key))) {
      const problem = drainProblem(dotenv.vars[key].trim(), `\${${key}} (from ${display})`)
      if (problem) {
        throw new KitError(`stages.${stage!.name}.drains in ${PIPELINE_FILE}: ${problem}. Nothing was sent.`, {
          code: 'invalid_manifest',
          suggestion: `${key} is used as a log drain URL: remove \${${key}} from stages.${stage!.name}.drains, or set ${key} to the drain's URL.`,
        })
      }
    }

    for (const {what, keys} of references.filter(reference => reference.keys.length > 0)) {
      const [pronoun, plural] = keys.length === 1 ? ['it', ''] : ['them', 's']
      this.say(`Left out ${keys.join(', ')}: ${PIPELINE_FILE} uses ${pronoun} as ${what}${plural} of ${stage!.name}, not as config vars.`)
    }

    const local = withoutKeys(dotenv.vars, referencedKeys)

    const api = await this.api()
    const remote = await readRemoteConfig(api, target)
    if (await tracked) {
      this.warnUser(
        `${display} is tracked by git: secrets in it are in the repository's history. Remove it with \`git rm --cached ${display}\` and add it to .gitignore.`,
      )
    }

    if (!flags.reveal) this.redactor.addConfig(remote.vars)

    const plan = planConfigSync({
      local,
      remote: remote.vars,
      owned: remote.owned,
      prune: flags.prune,
      leftOut: [...dotenv.leftOut.map(entry => entry.key), ...referencedKeys],
      env: target.kind === 'app' ? appJson?.env : undefined,
      generateSecret: target.kind === 'app' ? () => randomBytes(32).toString('hex') : undefined,
    })
    if (!flags.reveal) this.redactor.add(plan.changes.filter(c => c.generated).map(c => c.after))

    const json = {
      target: target.kind === 'app' ? {app: target.app} : {pipeline: target.pipelineName, pipelineId: target.pipelineId, stage: target.stage},
      file: display,
      dryRun: flags['dry-run'],
      ...configPlanJson(plan, flags.reveal),
    }
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

    const removals = countChanges(plan).remove
    const targetName = target.kind === 'app' ? target.app : target.pipelineName
    let confirmed = false
    if (removals > 0) {
      if (flags.confirm !== undefined) {
        if (flags.confirm !== targetName) {
          throw new KitError(`--confirm ${flags.confirm} does not match ${targetName}. Nothing was sent.`, {code: 'confirmation_mismatch'})
        }
      } else if (this.isInteractive()) {
        await this.askOrCancel(`Delete ${removals} config var(s) from ${target.label} and apply the other changes?`)
        confirmed = true
      } else {
        throw new KitError(
          `--prune would delete ${removals} config var(s) from ${target.label}; without a terminal that needs --confirm ${targetName}. Nothing was sent.`,
          {code: 'confirmation_required'},
        )
      }
    } else if (!flags.yes && this.isInteractive()) {
      await this.askOrCancel(`Apply these changes to ${target.label}?`)
      confirmed = true
    }

    const {concurrent} = await writeConfig(api, target, plan.patch, {
      snapshot: remote.vars,
      recheck: confirmed || Date.now() - remote.readAt > RECHECK_AFTER_MS,
    })
    const summary = countChanges(plan)
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
