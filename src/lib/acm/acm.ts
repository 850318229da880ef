/**
 * kit:acm's own parts: the DNS targets and certificate status of each domain, what a failing status means (DNS not
 * pointing at Heroku, a CDN or proxy in front, a CAA record), and waiting for certificates with a deadline — the
 * bound `heroku certs:auto:enable --wait` lacks. Adding domains and enabling ACM are bootstrap's plan steps
 * (`planDomainsWithAcm`, operations add-domain and enable-acm).
 */
import type {Domain, HerokuApi} from '../api/heroku-api.js'
import {dnsNote} from '../converge/resources/domains.js'
import {type PollSchedule, poller} from '../converge/poll.js'

export type CertState = 'issued' | 'failed' | 'failing' | 'pending' | 'none'

export interface DomainStatus {
  hostname: string
  /** the DNS record to set */
  dns: string
  cname: string | null
  acmStatus: string | null
  reason: string | null
  state: CertState
}

/** Heroku's acm_status values, as `heroku certs:auto` labels them. */
export function certState(acmStatus: string | null | undefined): CertState {
  switch ((acmStatus ?? '').toLowerCase()) {
    case 'cert issued':
    case 'ok': {
      return 'issued'
    }

    case 'failed': {
      return 'failed'
    }

    case 'failing': {
      return 'failing'
    }

    case '': {
      return 'none'
    }

    default: {
      // waiting, dns-verified, in-progress, pending…
      return 'pending'
    }
  }
}

export function domainStatus(domain: Domain): DomainStatus {
  return {
    hostname: domain.hostname,
    dns: dnsNote(domain.hostname, domain.cname).replace(/^DNS: /, ''),
    cname: domain.cname,
    acmStatus: domain.acm_status ?? null,
    reason: domain.acm_status_reason ?? null,
    state: certState(domain.acm_status),
  }
}

const CDN_HINT =
  "If the domain is behind a CDN or proxy (a Cloudflare proxied record, CloudFront, Fastly…), Let's Encrypt's validation never reaches Heroku: make the record DNS-only (point it straight at the DNS target) until the certificate is issued, or keep the CDN and upload your own certificate with `heroku certs:add`."
const DNS_HINT =
  'Point the DNS record at the DNS target shown above; ACM retries on its own for a while once it resolves (`heroku certs:auto:refresh` to retry now).'
const CAA_HINT = 'A CAA record on the domain must allow letsencrypt.org to issue certificates.'

/** What to do about a failing or failed certificate, by the reason Heroku gives (or both usual causes). */
export function explainFailure(status: DomainStatus): string[] {
  const reason = status.reason ?? ''
  if (/cdn|cloudflare|proxy|proxied|fastly|cloudfront|akamai/i.test(reason)) return [CDN_HINT]
  if (/\bcaa\b/i.test(reason)) return [CAA_HINT]
  if (/dns|cname|resolve|point|record|verif/i.test(reason)) return [DNS_HINT, CDN_HINT]
  return [DNS_HINT, CDN_HINT, CAA_HINT]
}

export function renderStatuses(statuses: DomainStatus[]): string[] {
  const width = Math.max(...statuses.map(s => s.hostname.length), 6)
  const lines: string[] = []
  for (const s of statuses) {
    const label = s.state === 'issued' ? 'certificate issued' : s.state === 'none' ? 'no ACM certificate' : (s.acmStatus ?? s.state)
    lines.push(`  ${s.hostname.padEnd(width)}  ${s.dns.replace(`${s.hostname} `, '')}  ${label}${s.reason ? ` — ${s.reason}` : ''}`)
  }

  return lines
}

export interface CertificateWait {
  /** true when every domain has its certificate */
  issued: boolean
  timedOut: boolean
  statuses: DomainStatus[]
}

/**
 * Polls the app's domains until each of `hostnames` has its certificate or has failed for good, or the deadline.
 * A domain that is `failing` may still recover (Heroku retries), so it is waited for until the deadline.
 */
export async function waitForCertificates(
  heroku: HerokuApi,
  app: string,
  hostnames: string[],
  options: {
    deadlineMs: number
    /** when to look again (converge/poll.ts) */
    poll: PollSchedule
    sleep: (ms: number) => Promise<void>
    now: () => number
    random?: () => number
    /** RateLimit-Remaining as last seen: polls back off when it runs low */
    rateLimitRemaining?: () => number | undefined
    onChange?: (status: DomainStatus) => void
  },
): Promise<CertificateWait> {
  const started = options.now()
  const deadline = started + options.deadlineMs
  const poll = poller({schedule: options.poll, sleep: options.sleep, now: options.now, random: options.random, rateLimitRemaining: options.rateLimitRemaining})
  const last = new Map<string, string>()
  for (let n = 0; ; n++) {
    // eslint-disable-next-line no-await-in-loop -- polling is sequential by nature
    const domains = await heroku.listDomains(app)
    const statuses = hostnames.map(hostname => {
      const domain = domains.find(d => d.hostname === hostname)
      return domain
        ? domainStatus(domain)
        : {hostname, dns: `${hostname} (not on the app)`, cname: null, acmStatus: null, reason: 'the domain is not on the app', state: 'failed' as const}
    })
    for (const status of statuses) {
      const key = `${status.acmStatus}|${status.reason}`
      if (last.get(status.hostname) !== key) options.onChange?.(status)
      last.set(status.hostname, key)
    }

    const issued = statuses.every(s => s.state === 'issued')
    if (statuses.every(s => s.state === 'issued' || s.state === 'failed')) return {issued, timedOut: false, statuses}
    const remaining = options.deadlineMs - (options.now() - started)
    if (remaining <= 0) return {issued: false, timedOut: true, statuses}
    // like certs:auto:enable --wait, the waits grow; unlike it, they start at about 1 s and stop at the deadline
    // eslint-disable-next-line no-await-in-loop -- polling is sequential by nature
    await poll.wait(n, deadline)
  }
}
