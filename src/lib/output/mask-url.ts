/**
 * URLs that carry credentials (log drains, add-on URLs): in `user:pass@` and in the query string
 * (`?dd-api-key=…`, `?token=…`). What heroku-kit shows of them, and what the redactor must mask.
 */

const MASK = '•••'

/** The URL with its user info, every query value and the fragment masked; scheme, host, port and path kept. */
export function maskUrl(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/is.exec(url)
  if (!match) return url.replace(/\/\/[^/@]*@/, `//${MASK}@`).replaceAll(/=[^&\s]*/g, `=${MASK}`)
  const [, scheme, authority, pathPart, query, fragment] = match
  const at = authority.lastIndexOf('@')
  const host = at === -1 ? authority : `${MASK}@${authority.slice(at + 1)}`
  const maskedQuery = query === undefined ? '' : query.replaceAll(/([?&][^=&]*)=[^&]*/g, `$1=${MASK}`).replaceAll(/([?&])([^=&]+)(?=&|$)/g, `$1${MASK}`)
  return `${scheme}${host}${pathPart}${maskedQuery}${fragment === undefined ? '' : `#${MASK}`}`
}

/** The secret parts of a URL (user info, password, query values, fragment), raw and decoded, for a Redactor. */
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

  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)[^?#]*(?:\?([^#]*))?(?:#(.*))?$/is.exec(url)
  if (!match) return []
  const [, authority, query, fragment] = match
  const at = authority.lastIndexOf('@')
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

/** Whether a URL carries a credential: a password in its user info, or any query value. */
export function urlHasCredentials(url: string): boolean {
  return urlSecrets(url).length > 0
}
