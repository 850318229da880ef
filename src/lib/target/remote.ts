/**
 * -r/--remote as in the Heroku CLI: the app a git remote of the repository points at (@heroku-cli/command's
 * flags/app.js resolves `--remote` through `git remote -v` and the git.heroku.com URL). Unlike the CLI, an app is
 * never guessed from the remotes when no flag names one: kit commands write.
 */
import {KitError} from '../errors.js'
import {appFromHerokuGitUrl, remoteUrl} from '../git/repository.js'

/** The app of git remote `remote` in the repository at `dir`; a KitError when there is no such remote or it is not Heroku's. */
export async function appFromRemote(dir: string, remote: string): Promise<string> {
  const url = await remoteUrl(dir, remote)
  if (!url) {
    throw new KitError(`Git remote ${remote} not found.`, {
      code: 'remote_not_found',
      suggestion: 'List remotes with `git remote -v`, or pass the app with -a.',
    })
  }

  const app = appFromHerokuGitUrl(url)
  if (!app) throw new KitError(`Git remote ${remote} (${url}) is not a Heroku app remote.`, {code: 'remote_not_heroku', suggestion: 'Pass the app with -a.'})
  return app
}
