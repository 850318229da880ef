/** Validators of single values in heroku-kit.yml: time zones, branch names, custom domains, drain URLs. */
import {maskUrl} from '../../output/mask-url.js'
import {closest} from '../common.js'

const DRAIN_PROTOCOLS = ['syslog+tls:', 'syslog:', 'https:']

let timeZones: Set<string> | undefined

/** Why a time zone is not an IANA name Heroku accepts, or undefined. */
export function timezoneProblem(timezone: string): string | undefined {
  timeZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC'])
  if (timeZones.has(timezone)) return undefined
  // aliases Intl resolves (US/Pacific, Europe/Kiev) are IANA names too
  if (/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+$/.test(timezone)) {
    try {
      new Intl.DateTimeFormat('en-US', {timeZone: timezone}) // eslint-disable-line no-new -- constructed only to see whether it throws for this time zone
      return undefined
    } catch {}
  }

  const near = closest(timezone, [...timeZones])
  return `"${timezone}" is not an IANA time zone name; write one such as UTC, Europe/Berlin or America/New_York${near ? ` (did you mean ${near}?)` : ''}`
}

/** Whether a text can be a git branch name (the rules of `git check-ref-format`, for auto_deploy). */
export function isBranchName(branch: string): boolean {
  return branch !== '' && !/[\s~^:?*[\\]|\.\.|@\{|^[-/]|\/$|\.lock$|^@$|\/\//.test(branch) && !branch.endsWith('.')
}

/** Why a custom domain is not a hostname Heroku can serve, or undefined. */
export function hostnameProblem(domain: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(domain)) {
    const host = domain.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/:?#]/)[0]
    return `"${domain}" is a URL; write only the hostname: ${host}`
  }

  if (/[/:?#@\s]/.test(domain)) return `"${domain}" must be a bare hostname such as www.example.com (no path, port or spaces)`
  const hostname = domain.toLowerCase().replace(/\.$/, '')
  if (hostname.length > 253) return `"${domain}" is longer than 253 characters`
  if (/\.herokuapp\.com$|\.herokudns\.com$/.test(hostname)) {
    return `${hostname} is a Heroku domain; every app already has its herokuapp.com domain, so list only your own domains`
  }

  const labels = hostname.split('.')
  if (labels.length < 2) return `"${domain}" is not a fully qualified hostname; write it with its domain, e.g. www.example.com`
  if (labels.every(label => /^\d+$/.test(label))) return `"${domain}" is an IP address; custom domains must be hostnames that point (CNAME) to Heroku`
  for (const [index, label] of labels.entries()) {
    if (index === 0 && label === '*') continue
    if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label)) {
      return `"${domain}" is not a valid hostname: each part between dots must be 1 to 63 letters, digits or dashes, not starting or ending with a dash`
    }
  }

  if (!/^[a-z][a-z0-9-]*[a-z0-9]$|^xn--[a-z0-9-]+$/.test(labels.at(-1)!)) return `"${domain}" does not end in a valid top-level domain`
  return undefined
}

/**
 * Why a drain URL is not one Heroku can send logs to, or undefined. A drain declared as `${NAME}` gets its URL from the
 * stage's config file or the environment: its caller passes `reference` (`${NAME} (from .env.production)`), which
 * the message names instead of the value — a value reached through a reference is a secret, never in an error.
 */
export function drainProblem(drain: string, reference?: string): string | undefined {
  const shown = reference ?? maskUrl(drain)
  let url: URL
  try {
    url = new URL(drain)
  } catch {
    return `${reference ?? `"${shown}"`} is not a URL; write syslog+tls://host:port, syslog://host:port or https://host/path`
  }

  if (url.protocol === 'http:') return `${shown} sends logs unencrypted; use https:// (or syslog+tls://)`
  if (!DRAIN_PROTOCOLS.includes(url.protocol)) {
    return `${shown}: Heroku drains use syslog+tls://, syslog:// or https://${reference ? '' : `, not ${url.protocol}//`}`
  }

  if (url.hostname === '') return `${shown} has no host`
  if (url.protocol !== 'https:' && url.port === '') return `${shown} has no port; syslog drains need host:port (e.g. logs.example.com:6514)`
  return undefined
}
