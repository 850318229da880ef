import {KitError} from '../errors.js'

/** The four services heroku-kit talks to. */
export type ServiceName = 'platform' | 'data' | 'kolkrabbi' | 'github'

export type ServiceUrls = Record<ServiceName, string>

const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]'])

function isLocal(hostname: string): boolean {
  return LOCAL_HOSTNAMES.has(hostname)
}

/**
 * Turn a configured value into a base URL (no trailing slash).
 * - a full URL is used as given; plain http only for localhost/127.0.0.1 (tests, the emulator);
 * - a bare hostname means https, except a bare local hostname, which inherits the scheme and port of the
 *   platform API URL — the Heroku CLI treats HEROKU_DATA_HOST=127.0.0.1 the same way, so one set of
 *   variables points both the CLI and the plugin at a local emulator.
 */
function toBaseUrl(variable: string, value: string, platform?: URL): string {
  const trimmed = value.trim()
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    let url: URL
    try {
      url = new URL(trimmed)
    } catch {
      throw new KitError(`${variable} is not a valid URL: ${trimmed}`, {
        code: 'invalid_host',
        suggestion: `Set ${variable} to a hostname (api.example.com) or a full https:// URL.`,
      })
    }

    if (url.protocol === 'http:' && !isLocal(url.hostname)) {
      throw new KitError(`${variable} uses plain http for ${url.hostname}; only localhost and 127.0.0.1 may use http.`, {
        code: 'invalid_host',
        suggestion: `Use https://${url.host}${url.pathname === '/' ? '' : url.pathname}.`,
      })
    }

    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new KitError(`${variable} must be an http(s) URL, got ${url.protocol}`, {code: 'invalid_host'})
    }

    return url.toString().replace(/\/+$/, '')
  }

  if (!/^[a-z0-9.-]+(:\d+)?$/i.test(trimmed) && !/^\[::1\](:\d+)?$/.test(trimmed)) {
    throw new KitError(`${variable} is not a hostname: ${trimmed}`, {
      code: 'invalid_host',
      suggestion: `Set ${variable} to a hostname (api.example.com) or a full https:// URL.`,
    })
  }

  const hostname = trimmed.replace(/:\d+$/, '')
  if (isLocal(hostname) && platform) {
    const port = trimmed.includes(':') && !trimmed.startsWith('[') ? trimmed.split(':')[1] : platform.port
    return `${platform.protocol}//${hostname}${port ? `:${port}` : ''}`
  }

  return `https://${trimmed}`
}

/**
 * Resolve the base URLs from the environment:
 * - HEROKU_HOST as the Heroku CLI reads it: a URL, or a domain that gets `api.` in front (default heroku.com);
 * - HEROKU_DATA_HOST (or HEROKU_POSTGRESQL_HOST), default api.data.heroku.com;
 * - HEROKU_KOLKRABBI_HOST, default kolkrabbi.heroku.com (GitHub integration);
 * - GITHUB_API_URL, default https://api.github.com.
 */
export function resolveServiceUrls(env: NodeJS.ProcessEnv = process.env): ServiceUrls {
  const herokuHost = env.HEROKU_HOST?.trim() || 'heroku.com'
  const platformValue = /^https?:\/\//i.test(herokuHost) || herokuHost.startsWith('api.') ? herokuHost : `api.${herokuHost}`
  const platform = allowedFor('heroku', 'HEROKU_HOST', toBaseUrl('HEROKU_HOST', platformValue))
  const platformUrl = new URL(platform)
  const dataVariable = env.HEROKU_DATA_HOST ? 'HEROKU_DATA_HOST' : 'HEROKU_POSTGRESQL_HOST'
  return {
    platform,
    data: allowedFor('heroku', dataVariable, toBaseUrl(dataVariable, env.HEROKU_DATA_HOST || env.HEROKU_POSTGRESQL_HOST || 'api.data.heroku.com', platformUrl)),
    kolkrabbi: allowedFor(
      'heroku',
      'HEROKU_KOLKRABBI_HOST',
      toBaseUrl('HEROKU_KOLKRABBI_HOST', env.HEROKU_KOLKRABBI_HOST || 'kolkrabbi.heroku.com', platformUrl),
    ),
    // On GitHub Enterprise runners Actions sets GITHUB_API_URL to the company's server: the token heroku-kit holds
    // is the user's github.com token (from Heroku's GitHub integration) and must not go there.
    github: allowedFor('github', 'GITHUB_API_URL', toBaseUrl('GITHUB_API_URL', env.GITHUB_API_URL || 'https://api.github.com', platformUrl)),
  }
}

/**
 * Tokens go only where they belong: the Heroku token to https://*.heroku.com, the GitHub token to
 * https://api.github.com, both also to localhost/127.0.0.1 (the emulator). Any other host is refused before
 * any request is made, naming the variable that pointed there.
 */
function allowedFor(owner: 'heroku' | 'github', variable: string, base: string): string {
  const url = new URL(base)
  if (isLocal(url.hostname)) return base
  const hostname = url.hostname.toLowerCase()
  const ok =
    url.protocol === 'https:' &&
    (owner === 'heroku' ? hostname.endsWith('.heroku.com') : hostname === 'api.github.com') &&
    url.username === '' &&
    url.password === ''
  if (ok) return base
  const allowed = owner === 'heroku' ? 'https://*.heroku.com' : 'https://api.github.com'
  throw new KitError(
    `${variable} points at ${url.host}, which is not ${allowed}: heroku-kit refuses to send the ${owner === 'heroku' ? 'Heroku' : 'GitHub'} token there. Nothing was sent.`,
    {
      code: 'untrusted_host',
      suggestion: `Unset ${variable} (or point it at ${allowed}, or localhost for a local emulator).`,
    },
  )
}
