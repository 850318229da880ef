import type {ExportStageInput, StageExport} from './types.js'

/** Whether a drain URL carries credentials: a user or password, or any query string (tokens travel there). */
export function drainHasCredentials(url: string): boolean {
  try {
    const parsed = new URL(url)
    return parsed.username !== '' || parsed.password !== '' || parsed.search !== ''
  } catch {
    return true // can't tell: treat it as secret
  }
}

/** LOG_DRAIN_URL, LOG_DRAIN_2_URL, … : the first that is not a config var of the app or already taken. */
function referenceName(index: number, taken: Set<string>): string {
  for (let n = index; ; n++) {
    const name = n === 1 ? 'LOG_DRAIN_URL' : `LOG_DRAIN_${n}_URL`
    if (!taken.has(name)) return name
  }
}

/**
 * The app's own log drains (add-on drains belong to their add-on and are listed). A URL with credentials
 * becomes a `${NAME}` reference (manifest/drain-references.ts); its value goes to `secrets`.
 */
export function exportDrains({name, current}: ExportStageInput): StageExport {
  const drains: string[] = []
  const secrets: Record<string, string> = {}
  const unmanaged: StageExport['unmanaged'] = []
  const taken = new Set(Object.keys(current.config))
  for (const drain of current.drains) {
    if (drain.addon) {
      unmanaged.push({scope: name, what: `log drain of add-on ${drain.addon.name ?? drain.addon.id}`, why: 'the add-on manages it'})
      continue
    }

    if (drainHasCredentials(drain.url)) {
      const key = referenceName(Object.keys(secrets).length + 1, taken)
      taken.add(key)
      secrets[key] = drain.url
      drains.push(`\${${key}}`)
    } else {
      drains.push(drain.url)
    }
  }

  return {fields: {drains}, unmanaged, secrets}
}
