/**
 * URLs that carry credentials (log drains, add-on URLs): in `user:pass@`, in the query string (`?dd-api-key=…`,
 * `?token=…`) and in the path (Loggly `/bulk/<token>/tag/heroku/`, Sumo Logic `/receiver/v1/http/<token>`, any long
 * high-entropy path segment). What heroku-kit shows of them, and what the redactor must mask.
 */

const MASK = '•••'

/**
 * Services whose drain URLs carry the token as a path segment, by host: the segment right after one of `after`.
 * Loggly: https://logs-01.loggly.com/bulk/TOKEN/tag/heroku/ (also /inputs/TOKEN); Sumo Logic:
 * https://endpoint1.collection.us2.sumologic.com/receiver/v1/http/TOKEN; Logentries (Rapid7):
 * https://webhook.logentries.com/noformat/logs/TOKEN.
 */
const PATH_TOKEN_SERVICES: Array<{host: RegExp; after: string[]}> = [
  {host: /(?:^|\.)loggly\.com$/i, after: ['bulk', 'inputs']},
  {host: /(?:^|\.)sumologic\.(?:com|net)$/i, after: ['http', 'otlp']},
  {host: /(?:^|\.)logentries\.com$/i, after: ['logs']},
]

/** Bits of entropy per character of a text, over its own character frequencies (Shannon). */
function entropyPerCharacter(text: string): number {
  const counts = new Map<string, number>()
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1)
  let bits = 0
  for (const count of counts.values()) {
    const p = count / text.length
    bits -= p * Math.log2(p)
  }

  return bits
}

/**
 * Whether a path segment looks like a token: 20 characters or more of URL-safe text, letters mixed with digits
 * (a UUID, a hex or base64 key) or upper with lower case, and high entropy. `logs`, `heroku-production` or
 * `api/v2` are not; `3f2c…` keys and base64 tokens are.
 */
export function looksLikeToken(segment: string): boolean {
  let text = segment
  try {
    text = decodeURIComponent(segment)
  } catch {
    // not percent-encoded
  }

  if (text.length < 20 || !/^[A-Za-z0-9._~+=-]+$/.test(text)) return false
  const digits = /\d/.test(text)
  const letters = /[A-Za-z]/.test(text)
  const mixedCase = /[a-z]/.test(text) && /[A-Z]/.test(text)
  if (!((letters && digits) || mixedCase)) return false
  return entropyPerCharacter(text) >= 3
}

/** Indexes of the path segments (split on `/`, the leading empty one included) that hold a token. */
function tokenSegments(host: string, segments: string[]): Set<number> {
  const found = new Set<number>()
  const service = PATH_TOKEN_SERVICES.find(s => s.host.test(host.replace(/:\d+$/, '')))
  for (const [index, segment] of segments.entries()) {
    if (segment === '') continue
    if (looksLikeToken(segment) || (service && index > 0 && service.after.includes(segments[index - 1].toLowerCase()))) found.add(index)
  }

  return found
}

/** The path with its token segments masked. */
function maskPath(host: string, pathPart: string): string {
  const segments = pathPart.split('/')
  const tokens = tokenSegments(host, segments)
  return segments.map((segment, index) => (tokens.has(index) ? MASK : segment)).join('/')
}

/** The URL with its user info, every query value and the fragment masked; scheme, host, port and path kept. */
export function maskUrl(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/is.exec(url)
  if (!match) return url.replace(/\/\/[^/@]*@/, `//${MASK}@`).replaceAll(/=[^&\s]*/g, `=${MASK}`)
  const [, scheme, authority, pathPart, query, fragment] = match
  const at = authority.lastIndexOf('@')
  const host = at === -1 ? authority : `${MASK}@${authority.slice(at + 1)}`
  const maskedPath = maskPath(authority.slice(at + 1), pathPart)
  const maskedQuery = query === undefined ? '' : query.replaceAll(/([?&][^=&]*)=[^&]*/g, `$1=${MASK}`).replaceAll(/([?&])([^=&]+)(?=&|$)/g, `$1${MASK}`)
  return `${scheme}${host}${maskedPath}${maskedQuery}${fragment === undefined ? '' : `#${MASK}`}`
}

/** The secret parts of a URL (user info, password, token path segments, query values, fragment), raw and decoded, for a Redactor. */
export function urlSecrets(url: string): string[] {
  const out = new Set<string>()
  const add = (value: string | undefined) => {
    if (!value) return
    out.add(value)
    try {
      out.add(decodeURIComponent(value.replaceAll('+', ' ')))
    } catch {
      // not percent-encoded: the raw form is enough
    }
  }

  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/is.exec(url)
  if (!match) return []
  const [, authority, pathPart, query, fragment] = match
  const at = authority.lastIndexOf('@')
  const segments = pathPart.split('/')
  for (const index of tokenSegments(authority.slice(at + 1), segments)) add(segments[index])
  if (at !== -1) {
    const userinfo = authority.slice(0, at)
    add(userinfo)
    const colon = userinfo.indexOf(':')
    if (colon !== -1) add(userinfo.slice(colon + 1))
  }

  for (const pair of (query ?? '').split('&')) {
    const eq = pair.indexOf('=')
    add(eq === -1 ? pair : pair.slice(eq + 1))
  }

  add(fragment)
  return [...out]
}

/** Whether a URL carries a credential: user info, a token in its path, or any query value. */
export function urlHasCredentials(url: string): boolean {
  return urlSecrets(url).length > 0
}
