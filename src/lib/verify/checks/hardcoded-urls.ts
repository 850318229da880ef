/** Pitfall: URLs of the app's own hosts written into the source. */
import {plural} from '../wording.js'
import type {Evidence, RepositoryCheck, Verdict} from '../types.js'

/** The host names that are the app's own: `<app>.herokuapp.com`, `<app>-<hash>.herokuapp.com`, web_url hosts, custom domains. */
function ownHost(evidence: Evidence, host: string): string | undefined {
  const lower = host.toLowerCase()
  for (const stage of evidence.desired.stages) {
    if (stage.domains.some(d => d.toLowerCase() === lower)) return `${stage.name} domain`
    if (new RegExp(`^${stage.app}(?:-[0-9a-f]{12})?\\.herokuapp\\.com$`).test(lower)) return `${stage.name} app`
    const webUrl = evidence.stages[stage.name]?.current
    const url = webUrl?.ok ? webUrl.value.app?.web_url : undefined
    if (url && new URL(url).hostname.toLowerCase() === lower) return `${stage.name} app`
  }

  return undefined
}

function checkHardcodedUrls(evidence: Evidence): Verdict {
  const {urlFindings, sourceFilesScanned} = evidence.repository
  const own = urlFindings.map(f => ({...f, whose: ownHost(evidence, f.match)})).filter(f => f.whose)
  if (own.length === 0) return {status: 'pass', evidence: [`no URL of the pipeline's own hosts in ${plural(sourceFilesScanned, 'source file')}`]}
  const shown = own.slice(0, 10).map(f => `${f.file}:${f.line}: ${f.match} (${f.whose})`)
  if (own.length > shown.length) shown.push(`… and ${own.length - shown.length} more`)
  return {
    status: 'warn',
    evidence: [`${plural(own.length, 'hard-coded URL')} of the app's own hosts: the same code can't serve staging, production and review apps`, ...shown],
    fix: 'read the URL from a config var (e.g. APP_URL), declare it in app.json env, and set it per stage with heroku kit:config:sync',
  }
}

export const hardcodedUrlsCheck: RepositoryCheck = {
  id: 'hardcoded-urls',
  criterion: "Pitfall: hard-coded URLs of the app's own hosts",
  scope: 'repository',
  run: checkHardcodedUrls,
}
