/** The plugin's own advice about app.json (`checkAppJson`), shared out among the checks it belongs to. */
import type {AppJsonCheck} from '../manifest/app-json.js'

/** Where each checkAppJson finding belongs: its own pitfall check, or the app.json check. */
export function appJsonFindingKind(check: AppJsonCheck): 'buildpacks' | 'secrets' | 'app-json' {
  if (/^buildpacks\b/.test(check.path)) return 'buildpacks'
  if (/^(?:env|environments\.\w+\.env)\.[^.]+\.value$/.test(check.path)) return 'secrets'
  return 'app-json'
}

/** A finding as evidence: `app.json:LINE: message`. */
export function findingLine(check: AppJsonCheck, file = 'app.json'): string {
  return check.line === undefined ? `${file}: ${check.message}` : `${file}:${check.line}: ${check.message}`
}
