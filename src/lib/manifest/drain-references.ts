/**
 * `${NAME}` references in heroku-kit.yml `drains:` — a drain URL that holds credentials is not written into the
 * committed file; the file names a key of the stage's git-ignored dotenv file (or of the environment) instead
 * (`- ${LOG_DRAIN_URL}`). converge/desired.ts resolves them (resolveDrains).
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

/** The stage's config vars without the keys its drains reference. */
export function withoutDrainKeys(vars: Record<string, string>, drains: string[]): Record<string, string> {
  const keys = new Set(drains.map(d => drainReferenceName(d)).filter((n): n is string => n !== undefined))
  if (keys.size === 0) return vars
  return Object.fromEntries(Object.entries(vars).filter(([key]) => !keys.has(key)))
}
