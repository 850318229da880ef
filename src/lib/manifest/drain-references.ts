/**
 * `${NAME}` references in heroku-kit.yml `drains:` — a drain URL that holds credentials is not written into the
 * committed file; the file names a key of the stage's git-ignored dotenv file instead (`- ${LOG_DRAIN_URL}`).
 *
 * Minimal reading, kept apart on purpose (issue 13): the security issue (issue 9) adds `${NAME}` references to
 * heroku-kit.yml in general; when both land, this module is the one to reconcile with it.
 *
 * The referenced key is a drain's URL, not a config var: it is taken out of the stage's config before
 * kit:bootstrap and kit:config:sync compare config vars, so it never becomes a config var on the app.
 */

/** A drain entry that is a whole `${NAME}` reference. */
export const DRAIN_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/

/** The key a drain entry references, or undefined when it is a literal URL. */
export function drainReferenceName(drain: string): string | undefined {
  return DRAIN_REFERENCE.exec(drain)?.[1]
}

export interface ResolvedDrains {
  /** literal URLs, and references resolved from the stage's dotenv vars, in declaration order */
  urls: string[]
  /** references whose key the stage's dotenv file does not set (or the stage has none) */
  unresolved: string[]
  /** the keys that were drain references: not config vars */
  referencedKeys: string[]
}

/** Resolves a stage's drain entries against its dotenv vars. */
export function resolveDrainReferences(drains: string[], vars: Record<string, string>): ResolvedDrains {
  const urls: string[] = []
  const unresolved: string[] = []
  const referencedKeys: string[] = []
  for (const drain of drains) {
    const name = drainReferenceName(drain)
    if (name === undefined) {
      urls.push(drain)
      continue
    }

    referencedKeys.push(name)
    if (vars[name] === undefined || vars[name] === '') unresolved.push(name)
    else urls.push(vars[name])
  }

  return {urls, unresolved, referencedKeys}
}

/** The stage's config vars without the keys its drains reference. */
export function withoutDrainKeys(vars: Record<string, string>, drains: string[]): Record<string, string> {
  const keys = new Set(drains.map(d => drainReferenceName(d)).filter((n): n is string => n !== undefined))
  if (keys.size === 0) return vars
  return Object.fromEntries(Object.entries(vars).filter(([key]) => !keys.has(key)))
}
