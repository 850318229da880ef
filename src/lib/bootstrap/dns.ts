/** The DNS record a user must create for a custom domain: CNAME for a subdomain, ALIAS/ANAME for an apex. */
export function dnsNote(hostname: string, cname: string | null | undefined): string {
  if (!cname) return `DNS: ${hostname} → (target not assigned yet; see \`heroku domains\`)`
  const apex = hostname.split('.').length === 2
  return `DNS: ${apex ? 'ALIAS/ANAME' : 'CNAME'} ${hostname} → ${cname}`
}
