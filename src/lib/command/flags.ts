import * as Flags from '@oclif/core/flags'

import {STAGES} from '../config/target.js'

/**
 * How a command names the app or pipeline stage it works on. -a/--app and -r/--remote mean what they mean in
 * the Heroku CLI (HEROKU_APP is honoured), but the app is never guessed from git remotes: kit commands write.
 */
export const targetFlags = {
  app: Flags.string({char: 'a', description: 'app to use', env: 'HEROKU_APP', helpValue: 'APP'}),
  remote: Flags.string({char: 'r', description: 'git remote of the app to use', helpValue: 'REMOTE'}),
  pipeline: Flags.string({char: 'p', description: 'pipeline (name or id), with --stage', helpValue: 'PIPELINE'}),
  stage: Flags.string({description: 'pipeline stage: the app at staging/production, or the review/test stage config vars', options: [...STAGES], helpValue: 'STAGE'}),
}

export const dirFlag = {
  dir: Flags.directory({description: 'repository root (where heroku-kit.yml and app.json are)', default: '.', helpValue: 'DIR'}),
}

/** The pipeline a command works on, when heroku-kit.yml's `pipeline` is not the one. */
export const pipelineFlag = {
  pipeline: Flags.string({char: 'p', description: 'pipeline name (default: heroku-kit.yml `pipeline`)', helpValue: 'NAME'}),
}
