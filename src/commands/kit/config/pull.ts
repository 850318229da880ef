import {chmod, readFile, writeFile} from 'node:fs/promises'
import {displayPath, exists} from '../../../lib/fs.js'
import path from 'node:path'

import {Args, Flags} from '@oclif/core'

import {KitCommand} from '../../../lib/command/kit-command.js'
import {dirFlag, targetApp, targetFlags} from '../../../lib/command/flags.js'
import {readRemoteConfig} from '../../../lib/config/remote.js'
import {resolveConfigTarget} from '../../../lib/config/target.js'
import {DOTENV_KEY} from '../../../lib/dotenv/keys.js'
import {mergeDotenv, serializeDotenv} from '../../../lib/dotenv/serialize.js'
import {KitError} from '../../../lib/errors.js'
import {isTrackedByGit} from '../../../lib/git/repository.js'
import {loadAppJson} from '../../../lib/manifest/app-json.js'
import {loadPipelineFile} from '../../../lib/manifest/pipeline-file.js'


export default class ConfigPull extends KitCommand {
  static override description = `write an app's config vars to a dotenv file
The file reads back with kit:config:sync to exactly the same values. It is created with mode 0600; an existing
file is replaced only with --force, or updated in place with --merge (keeping its comments and order).
Config vars that add-ons own (DATABASE_URL…) are left out unless --include-addon-vars.`

  static override examples = [
    '<%= config.bin %> kit:config:pull .env.staging',
    '<%= config.bin %> kit:config:pull .env -a my-app --merge',
  ]

  static override args = {
    file: Args.string({description: 'dotenv file to write', default: '.env'}),
  }

  static override flags = {
    ...targetFlags,
    ...dirFlag,
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
    const fileExists = await exists(file)
    if (fileExists && !flags.force && !flags.merge) {
      throw new KitError(`${display} already exists; nothing was written.`, {code: 'file_exists', suggestion: 'Use --merge to update it in place, or --force to replace it.'})
    }

    const existing = fileExists && flags.merge ? await readFile(file, 'utf8') : undefined
    const appJson = await loadAppJson(dir)
    const pipelineFile = await loadPipelineFile(dir, appJson)
    const target = await resolveConfigTarget({flags: {...flags, app: targetApp(flags, this.argv, Boolean(flags.remote || flags.pipeline || flags.stage))}, file, cwd: dir, pipelineFile, api: () => this.api()})
    const api = await this.api()
    const remote = await readRemoteConfig(api, target)
    this.redactor.addConfig(remote.vars)

    const left: string[] = []
    const vars: Record<string, string> = {}
    const unwritable: string[] = []
    for (const key of Object.keys(remote.vars).sort()) {
      if (remote.owned.has(key) && !flags['include-addon-vars']) left.push(key)
      // Heroku allows keys such as 1PASSWORD that a dotenv file cannot hold; leave them out rather than fail
      else if (!DOTENV_KEY.test(key) || remote.vars[key].includes('\0')) unwritable.push(key)
      else vars[key] = remote.vars[key]
    }

    let text: string
    let summary: {written: string[]; updated?: string[]; added?: string[]; unchanged?: string[]}
    if (existing === undefined) {
      text = serializeDotenv(vars, {header: `config vars of ${target.label}, written by heroku kit:config:pull`})
      summary = {written: Object.keys(vars)}
    } else {
      const merged = mergeDotenv(existing, display, vars)
      text = merged.text
      summary = {written: Object.keys(vars), updated: merged.updated, added: merged.added, unchanged: merged.unchanged}
    }

    await writeFile(file, text, {mode: 0o600})
    await chmod(file, 0o600)
    if (summary.updated) {
      this.say(`Merged ${Object.keys(vars).length} config vars of ${target.label} into ${display}: ${summary.updated.length} updated, ${summary.added?.length ?? 0} added, ${summary.unchanged?.length ?? 0} unchanged.`)
    } else {
      this.say(`Wrote ${Object.keys(vars).length} config vars of ${target.label} to ${display} (mode 0600).`)
    }

    if (unwritable.length > 0) this.warnUser(`Left out ${unwritable.join(', ')}: a dotenv file cannot hold ${unwritable.length === 1 ? 'that key' : 'those keys'} (keys start with a letter or _; values cannot contain NUL).`)
    if (left.length > 0) this.say(`Left out ${left.length} add-on config var(s): ${left.join(', ')} (--include-addon-vars writes them).`)
    if (await isTrackedByGit(file)) {
      this.warnUser(`${display} is tracked by git: the secrets just written would be committed. Run \`git rm --cached ${display}\` and add it to .gitignore.`)
    }

    return {unwritableLeftOut: unwritable, target: target.kind === 'app' ? {app: target.app} : {pipeline: target.pipelineName, stage: target.stage}, file: display, ...summary, addonVarsLeftOut: left}
  }
}
