import {helpDescription} from '../../../lib/command/help.js'
import path from 'node:path'

import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {targetFlags} from '../../../lib/command/flags.js'
import {StageCommand} from '../../../lib/command/stage-command.js'
import {readRemoteConfig} from '../../../lib/config/remote.js'
import {refuseTrackedSecretFile, renderPulledFile, selectPulledVars, writeSecretFile} from '../../../lib/config/pull.js'
import {KitError} from '../../../lib/errors.js'
import {displayPath, readFileNoFollow, refuseSymlink} from '../../../lib/fs.js'
import {loadAppJson} from '../../../lib/manifest/app-json.js'
import {loadPipelineFile} from '../../../lib/manifest/pipeline-file/index.js'

export default class ConfigPull extends StageCommand {
  static override summary = "write an app's config vars to a dotenv file"

  static override description = helpDescription(
    'The file reads back with kit:config:sync to exactly the same values, and sourcing it with sh or bash runs nothing. It is written with mode 0600 (a temporary file renamed into place); a symbolic link is refused. An existing file is replaced only with --force, or updated in place with --merge (keeping its comments and order).',
    'Config vars that add-ons own (DATABASE_URL…) are left out unless --include-addon-vars. Config vars that make a program run code (BASH_ENV, PROMPT_COMMAND, LD_PRELOAD, NODE_OPTIONS…) are written commented out (#heroku-kit:held KEY=value), which kit:config:sync still reads, unless --allow-exec-vars. A config var no dotenv file can hold (a key starting with a digit, a value with NUL) is recorded as #heroku-kit:left-out, and kit:config:sync --prune never deletes it. A file git tracks is refused unless --allow-tracked.',
  )

  static override examples = ['<%= config.bin %> kit:config:pull .env.staging', '<%= config.bin %> kit:config:pull .env -a my-app --merge']

  static override args = {
    file: Args.string({description: 'dotenv file to write', default: '.env'}),
  }

  static override flags = {
    ...targetFlags,
    force: Flags.boolean({char: 'f', description: 'replace an existing file', exclusive: ['merge']}),
    merge: Flags.boolean({description: 'update an existing file in place: change values, append new keys, keep comments and order'}),
    'include-addon-vars': Flags.boolean({description: 'also write config vars owned by add-ons'}),
    'allow-exec-vars': Flags.boolean({
      description: 'write config vars that make programs run code (BASH_ENV, LD_PRELOAD, NODE_OPTIONS…) as plain lines, not commented out',
    }),
    'allow-tracked': Flags.boolean({description: 'write even though git tracks FILE (the secrets would be committed)'}),
  }

  async run(): Promise<unknown> {
    const {args, flags} = await this.parse(ConfigPull)
    this.clients() // the login is read meanwhile; problems with the file or the target are reported before a missing login
    const dir = path.resolve(flags.dir)
    const file = path.resolve(args.file)
    const display = displayPath(file)
    // a link (even a dangling one) would send production secrets to wherever it points: refused, not followed
    await refuseSymlink(file, {display})
    const current = await readFileNoFollow(file, display).catch((error: unknown) => {
      if (error instanceof KitError) throw error
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
      throw new KitError(`${display} can't be read (${reason}); nothing was written.`, {code: 'unreadable_file'})
    })
    const fileExists = current !== undefined
    if (fileExists && !flags.force && !flags.merge) {
      throw new KitError(`${display} already exists; nothing was written.`, {
        code: 'file_exists',
        suggestion: 'Use --merge to update it in place, or --force to replace it.',
      })
    }

    await refuseTrackedSecretFile(file, {allowTracked: flags['allow-tracked'], display, flag: '--allow-tracked'})
    const existing = fileExists && flags.merge ? current : undefined
    const appJson = await loadAppJson(dir)
    const pipelineFile = await loadPipelineFile(dir, appJson)
    const target = await this.configTarget(flags, {file, cwd: dir, pipelineFile})
    const api = await this.api()
    const remote = await readRemoteConfig(api, target)
    this.redactor.addConfig(remote.vars)

    const pulled = selectPulledVars(remote, {includeAddonVars: flags['include-addon-vars'], allowExecVars: flags['allow-exec-vars']})
    const {vars, addonVarsLeftOut: left} = pulled
    const held = Object.keys(pulled.held)
    const leftOut = Object.keys(pulled.leftOut)
    const {text, summary} = renderPulledFile(pulled, {header: `config vars of ${target.label}, written by heroku kit:config:pull`, existing, display})
    const removed = await writeSecretFile(file, text, display)
    if (removed.length > 0) this.note(`Removed ${removed.length} temporary file(s) an interrupted pull of ${display} left behind: ${removed.join(', ')}.`)
    if (summary.updated) {
      const counts = `${summary.updated.length} updated, ${summary.added?.length ?? 0} added, ${summary.unchanged?.length ?? 0} unchanged`
      this.say(`Merged ${Object.keys(vars).length} config vars of ${target.label} into ${display}: ${counts}.`)
    } else {
      this.say(`Wrote ${Object.keys(vars).length} config vars of ${target.label} to ${display} (mode 0600).`)
    }

    if (held.length > 0) {
      this.say(
        `Commented out ${held.join(', ')} (#heroku-kit:held): a shell or program given ${held.length === 1 ? 'it' : 'them'} runs code. ` +
          'kit:config:sync still reads the value; --allow-exec-vars writes them as plain lines.',
      )
    }

    if (leftOut.length > 0) {
      this.warnUser(
        `Recorded ${leftOut.map(key => `${key} (${pulled.leftOut[key]})`).join(', ')} as left out (#heroku-kit:left-out): a dotenv file cannot hold ` +
          `${leftOut.length === 1 ? 'that config var' : 'those config vars'}; kit:config:sync --prune never deletes ${leftOut.length === 1 ? 'it' : 'them'}.`,
      )
    }

    if (left.length > 0) this.say(`Left out ${left.length} add-on config var(s): ${left.join(', ')} (--include-addon-vars writes them).`)
    return {
      held,
      leftOut,
      target: target.kind === 'app' ? {app: target.app} : {pipeline: target.pipelineName, stage: target.stage},
      file: display,
      ...summary,
      addonVarsLeftOut: left,
    }
  }
}
