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
      throw new KitError(`${variable} is not a valid URL: ${trimmed}`, {code: 'invalid_host', suggestion: `Set ${variable} to a hostname (api.example.com) or a full https:// URL.`})
    }

    if (url.protocol === 'http:' && !isLocal(url.hostname)) {
      throw new KitError(`${variable} uses plain http for ${url.hostname}; only localhost and 127.0.0.1 may use http.`, {code: 'invalid_host', suggestion: `Use https://${url.host}${url.pathname === '/' ? '' : url.pathname}.`})
    }

    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new KitError(`${variable} must be an http(s) URL, got ${url.protocol}`, {code: 'invalid_host'})
    }

    return url.toString().replace(/\/+$/, '')
  }

  if (!/^[a-z0-9.-]+(:\d+)?$/i.test(trimmed) && !/^\[::1\](:\d+)?$/.test(trimmed)) {
    throw new KitError(`${variable} is not a hostname: ${trimmed}`, {code: 'invalid_host', suggestion: `Set ${variable} to a hostname (api.example.com) or a full https:// URL.`})
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
  const platform = toBaseUrl('HEROKU_HOST', platformValue)
  const platformUrl = new URL(platform)
  return {
    platform,
    data: toBaseUrl(env.HEROKU_DATA_HOST ? 'HEROKU_DATA_HOST' : 'HEROKU_POSTGRESQL_HOST', env.HEROKU_DATA_HOST || env.HEROKU_POSTGRESQL_HOST || 'api.data.heroku.com', platformUrl),
    kolkrabbi: toBaseUrl('HEROKU_KOLKRABBI_HOST', env.HEROKU_KOLKRABBI_HOST || 'kolkrabbi.heroku.com', platformUrl),
    github: toBaseUrl('GITHUB_API_URL', env.GITHUB_API_URL || 'https://api.github.com', platformUrl),
  }
}
