import path from 'node:path'

import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {targetFlags} from '../../../lib/command/flags.js'
import {StageCommand} from '../../../lib/command/stage-command.js'
import {readRemoteConfig} from '../../../lib/config/remote.js'
import {renderPulledFile, selectPulledVars, writeSecretFile} from '../../../lib/config/pull.js'
import {KitError} from '../../../lib/errors.js'
import {displayPath, readFileNoFollow, refuseSymlink} from '../../../lib/fs.js'
import {isTrackedByGit} from '../../../lib/git/repository.js'
import {loadAppJson} from '../../../lib/manifest/app-json.js'
import {loadPipelineFile} from '../../../lib/manifest/pipeline-file/index.js'

export default class ConfigPull extends StageCommand {
  static override description = `write an app's config vars to a dotenv file
The file reads back with kit:config:sync to exactly the same values, and sourcing it with sh or bash runs nothing.
It is written with mode 0600 (a temporary file renamed into place); a symbolic link is refused. An existing file is
replaced only with --force, or updated in place with --merge (keeping its comments and order).
Config vars that add-ons own (DATABASE_URL…) are left out unless --include-addon-vars.`

  static override examples = ['<%= config.bin %> kit:config:pull .env.staging', '<%= config.bin %> kit:config:pull .env -a my-app --merge']

  static override args = {
    file: Args.string({description: 'dotenv file to write', default: '.env'}),
  }

  static override flags = {
    ...targetFlags,
    force: Flags.boolean({char: 'f', description: 'replace an existing file', exclusive: ['merge']}),
    merge: Flags.boolean({description: 'update an existing file in place: change values, append new keys, keep comments and order'}),
    'include-addon-vars': Flags.boolean({description: 'also write config vars owned by add-ons'}),
  }

  async run(): Promise<unknown> {
    const {args, flags} = await this.parse(ConfigPull)
    await this.clients() // fails here, before reading anything, when there is no Heroku login
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

    const existing = fileExists && flags.merge ? current : undefined
    const appJson = await loadAppJson(dir)
    const pipelineFile = await loadPipelineFile(dir, appJson)
    const target = await this.configTarget(flags, {file, cwd: dir, pipelineFile})
    const api = await this.api()
    const remote = await readRemoteConfig(api, target)
    this.redactor.addConfig(remote.vars)

    const {vars, addonVarsLeftOut: left, unwritable} = selectPulledVars(remote, {includeAddonVars: flags['include-addon-vars']})
    const {text, summary} = renderPulledFile(vars, {header: `config vars of ${target.label}, written by heroku kit:config:pull`, existing, display})
    await writeSecretFile(file, text, display)
    if (summary.updated) {
      const counts = `${summary.updated.length} updated, ${summary.added?.length ?? 0} added, ${summary.unchanged?.length ?? 0} unchanged`
      this.say(`Merged ${Object.keys(vars).length} config vars of ${target.label} into ${display}: ${counts}.`)
    } else {
      this.say(`Wrote ${Object.keys(vars).length} config vars of ${target.label} to ${display} (mode 0600).`)
    }

    if (unwritable.length > 0) {
      const which = unwritable.length === 1 ? 'that config var' : 'those config vars'
      this.warnUser(
        `Left out ${unwritable.join(', ')}: a dotenv file cannot hold ${which} (keys start with a letter or _; ` +
          "values cannot contain NUL, nor a ' or CR together with $ or `, which a shell sourcing the file would run).",
      )
    }

    if (left.length > 0) this.say(`Left out ${left.length} add-on config var(s): ${left.join(', ')} (--include-addon-vars writes them).`)
    if (await isTrackedByGit(file)) {
      this.warnUser(`${display} is tracked by git: the secrets just written would be committed. Run \`git rm --cached ${display}\` and add it to .gitignore.`)
    }

    return {
      unwritableLeftOut: unwritable,
      target: target.kind === 'app' ? {app: target.app} : {pipeline: target.pipelineName, stage: target.stage},
      file: display,
      ...summary,
      addonVarsLeftOut: left,
    }
  }
}
