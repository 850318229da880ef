import {cp, mkdtemp} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {ROOT} from './heroku-cli.js'

/** The reference repository: two stages, four add-ons each, config files, domain, backups, drains, review apps. */
export const REFERENCE = path.join(ROOT, 'test', 'fixtures', 'manifest', 'reference')
/** The GitHub repository the emulator knows for it. */
export const GITHUB_REPO = {id: 4242, default_branch: 'main'}

/** A scratch copy of the reference repository. */
export async function referenceRepo(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'heroku-kit-reference-'))
  await cp(REFERENCE, dir, {recursive: true})
  return dir
}
