import {helpDescription} from '../../lib/command/help.js'
import * as Flags from '@oclif/core/flags'

import {type CertificateWait, type DomainStatus, domainStatus, explainFailure, renderStatuses, waitForCertificates} from '../../lib/acm/acm.js'
import {ACM_FEATURE_NAMES, planDomainsWithAcm} from '../../lib/converge/resources/acm.js'
import {unsupported} from '../../lib/converge/stage-generation.js'
import {generationOf} from '../../lib/generation.js'
import {progressLine, renderPlan} from '../../lib/converge/render.js'
import {currentStage, desiredStage} from '../../lib/converge/stage-steps.js'
import {appFlag, confirmFlag, dryRunFlag, pipelineFlag, stageFlag, withRemoteApp, yesFlag} from '../../lib/command/flags.js'
import type {CommandFailure} from '../../lib/command/kit-command.js'
import {StageCommand} from '../../lib/command/stage-command.js'
import {KitError} from '../../lib/errors.js'
import {pollScheduleFromEnv} from '../../lib/converge/poll.js'
import type {StepResult} from '../../lib/converge/types.js'
import {sleep} from '../../lib/time.js'

export interface AcmResult {
  app: string
  stage: string | null
  action: 'disable' | 'enable'
  dryRun: boolean
  /** ACM on the app at the end */
  acm: boolean
  plan: Array<{id: string; action: string; summary: string; details?: string[]}>
  results: StepResult[]
  domains: DomainStatus[]
  wait: {issued: boolean; timedOut: boolean} | null
  error?: CommandFailure
}

export default class Acm extends StageCommand {
  static override summary = "add a stage's domains, turn on ACM, print the DNS targets"

  static override description = helpDescription(
    "Adds the domains heroku-kit.yml declares for the stage (production by default), enables Automated Certificate Management (the same steps as kit:bootstrap) and prints the DNS record to set for each domain — enabling ACM can change them. --wait polls the certificates until each is issued or failed, up to --wait-timeout, and reports each domain's failure reason.",
    "Basic and larger dynos have ACM; on eco dynos Heroku has refused it, and a domain fronted by a CDN or proxy can't be validated: heroku-kit sends the request and explains Heroku's answer. --disable turns ACM off (needs --confirm APP, or --yes, without a terminal).",
  )

  static override examples = [
    '<%= config.bin %> kit:acm',
    '<%= config.bin %> kit:acm --stage production --wait --wait-timeout 900',
    '<%= config.bin %> kit:acm --disable --confirm my-app',
  ]

  static override flags = {
    ...pipelineFlag,
    ...stageFlag('the stage of heroku-kit.yml (default: production)'),
    ...appFlag("the app (one of heroku-kit.yml's stages)"),
    wait: Flags.boolean({description: 'wait until every certificate is issued (or failed), up to --wait-timeout'}),
    'wait-timeout': Flags.integer({description: 'seconds --wait waits at most', default: 600, min: 1, helpValue: 'SECONDS'}),
    disable: Flags.boolean({description: 'disable ACM on the app (the certificates go; HTTPS on custom domains stops)'}),
    ...yesFlag('confirm --disable without a prompt'),
    ...confirmFlag('confirm --disable by repeating the app name'),
    ...dryRunFlag('show what would change and send nothing'),
  }

  async run(): Promise<AcmResult> {
    const flags = await withRemoteApp((await this.parse(Acm)).flags, this.argv)
    if (flags.disable && flags.wait) throw new KitError('--wait waits for certificates; it makes no sense with --disable.', {code: 'invalid_flags'})
    const {pipelineFile} = await this.readProject(flags)
    const clients = await this.clients()
    const {heroku} = clients
    const {stage, app} = await this.stageTarget(pipelineFile, flags, {defaultStage: 'production'})
    const result: AcmResult = {
      app: app.name,
      stage: stage?.name ?? null,
      action: flags.disable ? 'disable' : 'enable',
      dryRun: Boolean(flags['dry-run']),
      acm: Boolean(app.acm),
      plan: [],
      results: [],
      domains: [],
      wait: null,
    }

    if (flags.disable) return this.disable(result, flags)
    if (!stage || stage.domains.length === 0) {
      throw new KitError(`stages.${stage?.name ?? 'production'} declares no domains in ${pipelineFile.file ?? 'heroku-kit.yml (there is none)'}.`, {
        code: 'no_domains',
        suggestion: `Add them under stages.${stage?.name ?? 'production'}.domains (e.g. - www.example.com), then run kit:acm again. Nothing was sent.`,
      })
    }

    if (!stage.acm) {
      this.note(`Note: heroku-kit.yml has no \`acm: true\` for ${stage.name}; enabling ACM as asked (add it so kit:bootstrap and kit:verify agree).`)
    }

    // a Fir app: what its generation does not offer, read at run time (a Cedar app's read stays as it was)
    const fir = generationOf(app) === 'fir'
    const [domains, formation, generation] = await Promise.all([
      heroku.listDomains(app.name),
      heroku.getFormation(app.name),
      fir ? heroku.findGeneration('fir') : Promise.resolve(undefined),
    ])
    const lacking = unsupported({name: 'fir', unsupportedFeatures: generation?.unsupported_features ?? []}, ...ACM_FEATURE_NAMES)
    if (lacking !== undefined) {
      throw new KitError(`${app.name} runs on Fir, which does not offer Automated Certificate Management (unsupported_features: ${lacking}).`, {
        code: 'acm_unsupported',
        suggestion: `Add the domains' certificate with heroku certs:add -a ${app.name}, and set stages.${stage.name}.acm: false. Nothing was sent.`,
      })
    }

    const desired = desiredStage(stage, app.name, {domains: stage.domains, acm: true, formation: stage.formation})
    const steps = planDomainsWithAcm(desired, currentStage(app, {domains, formation}))
    result.plan = steps.map(({id, action, summary, details}) => ({id, action, summary, ...(details ? {details} : {})}))
    for (const line of renderPlan({steps, errors: []}, {[stage.name]: app.name})) this.say(line)
    const writes = steps.filter(s => s.operation)

    if (flags['dry-run']) {
      this.say(`Dry run: ${writes.length} change(s) would be sent; nothing was sent.`)
      result.domains = stage.domains.map(hostname => {
        const found = domains.find(d => d.hostname === hostname)
        if (found) return domainStatus(found)
        return {hostname, dns: `${hostname} (target assigned when the domain is added)`, cname: null, acmStatus: null, reason: null, state: 'none'}
      })
      return result
    }

    if (writes.length > 0) {
      result.results = await this.converge(steps, {pipelineFile, stage, app, desired}, (step, stepResult) => this.note(progressLine(step, stepResult)))
    }

    const after = await heroku.findApp(app.name)
    result.acm = Boolean(after?.acm)
    const statuses = (await heroku.listDomains(app.name)).filter(d => stage.domains.includes(d.hostname)).map(d => domainStatus(d))
    result.domains = statuses
    this.say('')
    this.say(`DNS records to set at your DNS provider (${app.name}):`)
    for (const line of renderStatuses(statuses)) this.say(line)

    const failed = result.results.filter(r => r.status !== 'done')
    if (failed.length > 0) {
      const unfinished = failed.map(r => `${r.id}: ${(r.message ?? r.status).split('\n')[0]}`).join('; ')
      return this.fail(result, 'acm_incomplete', `${failed.length} step(s) did not finish: ${unfinished}`)
    }

    if (!result.acm) return this.fail(result, 'acm_not_enabled', `ACM is not enabled on ${app.name}.`)

    if (flags.wait) {
      this.note(`Waiting for the certificates (up to ${flags['wait-timeout']} s)…`)
      const waited: CertificateWait = await waitForCertificates(heroku, app.name, stage.domains, {
        deadlineMs: flags['wait-timeout'] * 1000,
        poll: pollScheduleFromEnv(),
        sleep,
        now: Date.now,
        rateLimitRemaining: () => clients.http.rateLimitRemaining,
        onChange: status => this.note(`  ${status.hostname}: ${status.acmStatus ?? 'no status yet'}${status.reason ? ` — ${status.reason}` : ''}`),
      })
      result.wait = {issued: waited.issued, timedOut: waited.timedOut}
      result.domains = waited.statuses
      if (!waited.issued) {
        const bad = waited.statuses.filter(s => s.state !== 'issued')
        this.say('')
        for (const status of bad) {
          this.say(`${status.hostname}: ${status.acmStatus ?? status.state}${status.reason ? ` — ${status.reason}` : ''}`)
          for (const hint of explainFailure(status)) this.say(`  ${hint}`)
        }

        const what = waited.timedOut ? `still without a certificate after ${flags['wait-timeout']} s` : 'failed'
        return this.fail(result, waited.timedOut ? 'acm_timeout' : 'acm_failed', `${bad.map(s => s.hostname).join(', ')} ${what}.`)
      }

      this.say(`Every certificate is issued: ${stage.domains.join(', ')} serve HTTPS.`)
      return result
    }

    const failing = statuses.filter(s => s.state === 'failing' || s.state === 'failed')
    for (const status of failing) for (const hint of explainFailure(status)) this.say(`  ${status.hostname}: ${hint}`)
    this.say(
      writes.length > 0
        ? 'ACM is enabled: certificates are issued once the DNS records point at Heroku (kit:acm --wait waits for them).'
        : 'Nothing to change: the domains are added and ACM is enabled.',
    )
    return result
  }

  private async disable(result: AcmResult, flags: {yes?: boolean; confirm?: string; 'dry-run'?: boolean}): Promise<AcmResult> {
    if (!result.acm) {
      this.say(`ACM is not enabled on ${result.app}; nothing to do.`)
      return result
    }

    if (flags['dry-run']) {
      this.say(`Dry run: would disable ACM on ${result.app}; nothing was sent.`)
      return result
    }

    await this.confirmOrCancel({
      flags,
      app: result.app,
      action: `Disabling ACM on ${result.app} removes its certificates: HTTPS on its custom domains stops unless you add your own certificate`,
    })
    const {heroku} = await this.clients()
    const app = await heroku.disableAcm(result.app)
    result.acm = Boolean(app.acm)
    this.say(`ACM disabled on ${result.app}. Add your own certificate with \`heroku certs:add\`, or run kit:acm to enable ACM again.`)
    return result
  }
}
