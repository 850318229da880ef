/** A stage's custom domains: added when missing; each with the DNS record the user sets. */
import type {Domain} from '../../api/heroku-api.js'
import {formatPath} from '../../manifest/common.js'
import {hostnameProblem} from '../../manifest/pipeline-file/values.js'
import type {CurrentStage} from '../current.js'
import type {DesiredStage} from '../desired.js'
import type {ExportStageInput, StageExport} from '../export.js'
import {type Applier, type Resource, type StageFields, type StageReader, step} from '../resource.js'
import {createOnce} from '../run-context.js'
import type {Step} from '../types.js'

/** `domains:` custom hostnames, lowercase, each on one stage only; the app's domains (its herokuapp.com one included). */
export type DomainsStage = {declared: {domains: string[]}; desired: {domains: string[]}; current: {domains: Domain[]}; yaml: {domains?: string[]}}

export type DomainsOperation = {kind: 'add-domain'; app: string; hostname: string}

export const readDomains: StageReader = async ({clients, app}) => ({domains: await clients.heroku.listDomains(app.name)})

/** The DNS record a user must create for a custom domain: CNAME for a subdomain, ALIAS/ANAME for an apex. */
export function dnsNote(hostname: string, cname: string | null | undefined): string {
  if (!cname) return `DNS: ${hostname} → (target not assigned yet; see \`heroku domains\`)`
  const apex = hostname.split('.').length === 2
  return `DNS: ${apex ? 'ALIAS/ANAME' : 'CNAME'} ${hostname} → ${cname}`
}

/** The plan step id of a declared domain (ACM waits for them). */
export function domainStepId(stage: DesiredStage, hostname: string): string {
  return `${stage.name}.domain.${hostname}`
}

export function planDomains(stage: DesiredStage, cur: CurrentStage): Array<Step<DomainsOperation>> {
  return stage.domains.map(hostname => {
    const id = domainStepId(stage, hostname)
    const found = cur.domains.find(d => d.hostname === hostname)
    const dependsOn = [`${stage.name}.app`]
    const fields = {id, group: stage.name, resource: 'domain', dependsOn}
    return found
      ? step({...fields, action: 'unchanged', summary: `domain ${hostname}`, details: [dnsNote(hostname, found.cname)]})
      : step({...fields, action: 'create', summary: `add domain ${hostname}`, operation: {kind: 'add-domain', app: stage.app, hostname}})
  })
}

const addDomain: Applier<DomainsOperation> = async (op, {clients: {heroku}, sleep}) => {
  const domain = await createOnce(
    () => heroku.createDomain(op.app, op.hostname),
    async () => (await heroku.listDomains(op.app)).find(d => d.hostname === op.hostname),
    sleep,
  )
  return [dnsNote(op.hostname, domain.cname)]
}

/** Custom domains (not the app's herokuapp.com domain). */
export function exportDomains({current}: ExportStageInput): StageExport {
  return {
    fields: {
      domains: current.domains
        .filter(d => d.kind === 'custom')
        .map(d => d.hostname.toLowerCase())
        .sort(),
    },
    unmanaged: [],
  }
}

const domainsStage: StageFields<DomainsStage> = {
  keys: ['domains'],
  defaults: () => ({domains: []}),
  none: () => ({domains: []}),
  parse({stage, value, at, fields, report}) {
    const listed = fields.stringList(value, 'domains', at, 'hostnames such as www.example.com')
    for (const [index, domain] of (listed ?? []).entries()) {
      const keyPath = [...at, 'domains', index]
      const problem = hostnameProblem(domain)
      if (problem) {
        report(keyPath, `${formatPath(keyPath)}: ${problem}`)
        continue
      }

      const hostname = domain.toLowerCase().replace(/\.$/, '')
      if (stage.domains.includes(hostname)) report(keyPath, `${formatPath(keyPath)}: ${hostname} is listed twice; remove one`)
      else stage.domains.push(hostname)
    }
  },
  across(stages, report) {
    for (const domain of stages.production.domains) {
      const index = stages.staging.domains.indexOf(domain)
      if (index !== -1) {
        const message = `stages.staging.domains[${index}]: ${domain} is also a production domain; a hostname can belong to only one Heroku app`
        report(['stages', 'staging', 'domains', index], message)
      }
    }
  },
  desire: ({stage}) => ({domains: stage.domains}),
  unread: () => ({domains: []}),
}

export const domains: Resource<DomainsOperation, DomainsStage> = {
  name: 'domains',
  read: {stage: readDomains, requests: 1},
  stage: domainsStage,
  plan: {stage: ({stage, cur}) => planDomains(stage, cur)},
  apply: {'add-domain': addDomain},
  export: {stage: exportDomains},
}
