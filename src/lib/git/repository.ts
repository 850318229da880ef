import {execFile} from 'node:child_process'
import path from 'node:path'
import {promisify} from 'node:util'

const run = promisify(execFile)

async function git(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    const {stdout} = await run('git', args, {cwd, timeout: 10_000})
    return stdout.trim()
  } catch {
    return undefined
  }
}

/** Whether git tracks the file (false outside a repository or when git is absent). */
export async function isTrackedByGit(file: string): Promise<boolean> {
  const dir = path.dirname(path.resolve(file))
  return (await git(dir, ['ls-files', '--error-unmatch', '--', path.basename(file)])) !== undefined
}

/** The URL of a git remote of the repository at `dir`, or undefined when there is no such remote. */
export async function remoteUrl(dir: string, remote: string): Promise<string | undefined> {
  return (await git(dir, ['remote', 'get-url', remote])) || undefined
}

/** The app name in a Heroku git URL (https://git.heroku.com/APP.git or git@heroku.com:APP.git). */
export function appFromHerokuGitUrl(url: string): string | undefined {
  const match = /^(?:https:\/\/[^/]*heroku[^/]*\/|ssh:\/\/git@[^/]*heroku[^/]*\/|git@[^:]*heroku[^:]*:)([a-z][a-z0-9-]*)(?:\.git)?\/?$/.exec(url.trim())
  return match?.[1]
}
