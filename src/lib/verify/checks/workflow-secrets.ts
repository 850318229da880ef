/**
 * Pitfall: workflows that expose the Heroku API key or run what they didn't pin (issue 9), or that let a pull request
 * run its code or text with the repository's secrets (issue 19: ../workflow-dangers.ts). Repository only: the
 * GitHub settings themselves (is HEROKU_API_KEY an environment secret? reviewers?) can't be read from here, so
 * the check judges what the workflow files make possible.
 */
import type {Evidence, RepositoryCheck, Verdict} from '../types.js'
import {jobTarget, type WorkflowJob, type WorkflowSummary} from '../workflows.js'

const HEROKU_SECRET = /HEROKU/i
const PINNED_USES = /^(?:\.\/|docker:\/\/[^@]+@sha256:[\da-f]{64}$)|@[\da-f]{40}$/
const PIPED_DOWNLOAD = /\b(?:curl|wget)\b[^\n|]*\|\s*(?:sudo\s+)?(?:ba|z)?sh\b/

interface Finding {
  severity: 'fail' | 'warn'
  line: string
  fix: string
}

function jobFindings(workflow: WorkflowSummary, job: WorkflowJob, apps: {staging: string; production: string}): Finding[] {
  const findings: Finding[] = []
  const where = `${workflow.file}: job ${job.id}`
  const herokuSecrets = [...new Set([...job.jobEnvSecrets, ...job.steps.flatMap(s => s.secrets)].filter(name => HEROKU_SECRET.test(name)))]
  if (herokuSecrets.length > 0 && !job.environment) {
    findings.push({
      severity: 'fail',
      line:
        `${where} reads ${herokuSecrets.map(n => `secrets.${n}`).join(', ')} outside a GitHub environment: as a repository secret, any branch push can ` +
        `run a modified workflow that reads it`,
      fix:
        `run job ${job.id} in an environment (environment: staging / production) and keep HEROKU_API_KEY as that environment's secret, not a repository ` +
        `secret`,
    })
  }

  if (job.jobEnvSecrets.length > 0) {
    findings.push({
      severity: 'warn',
      line: `${where} puts ${job.jobEnvSecrets.join(', ')} (a secret) in the job's env: every step and every action of the job can read it`,
      fix: `move ${job.jobEnvSecrets.join(', ')} into the env: of the one step that needs it`,
    })
  }

  const target = jobTarget(workflow, job, apps)
  if (!target.deploys) return findings
  const unpinned = job.steps.map(s => s.uses).filter((uses): uses is string => uses !== undefined && !PINNED_USES.test(uses))
  if (unpinned.length > 0) {
    findings.push({
      severity: 'warn',
      line: `${where} deploys with actions not pinned to a commit SHA: ${unpinned.join(', ')}`,
      fix: 'pin each action to a full commit SHA with the tag as a comment (uses: owner/action@<sha> # v1.2.3)',
    })
  }

  const runs = job.steps.map(s => s.run ?? '')
  if (runs.some(run => PIPED_DOWNLOAD.test(run))) {
    findings.push({
      severity: 'warn',
      line: `${where} pipes a download into a shell`,
      fix: 'install a pinned version instead (npm install --global heroku@<version>)',
    })
  }

  if (runs.some(run => /\bplugins:install\s+heroku-kit(?!@\d)/.test(run))) {
    findings.push({severity: 'warn', line: `${where} installs heroku-kit without a version`, fix: 'pin it: heroku plugins:install heroku-kit@<version>'})
  }

  const promoteAt = runs.findIndex(run => /\bkit:promote\b/.test(run))
  const checkoutAt = job.steps.findIndex(s => s.uses?.startsWith('actions/checkout@'))
  if (promoteAt !== -1 && (checkoutAt === -1 || checkoutAt > promoteAt)) {
    findings.push({
      severity: 'fail',
      line:
        `${where} runs kit:promote without checking the repository out first: it can't read heroku-kit.yml, so it checks /health and rolls back an app ` +
        `whose health path is different`,
      fix: `add a step \`uses: actions/checkout@<sha>\` before kit:promote in job ${job.id}`,
    })
  }

  return findings
}

function checkWorkflowSecurity(evidence: Evidence): Verdict {
  const {workflows} = evidence.repository
  if (workflows.length === 0) return {status: 'pass', evidence: ['no GitHub Actions workflows']}
  const apps = {staging: evidence.desired.stages[0].app, production: evidence.desired.stages[1].app}
  const findings = workflows.flatMap(workflow => [
    ...workflow.dangers.map((danger): Finding => ({severity: 'fail', line: `${danger.where}: ${danger.line}`, fix: danger.fix})),
    ...workflow.jobs.flatMap(job => jobFindings(workflow, job, apps)),
  ])
  if (findings.length === 0) {
    return {
      status: 'pass',
      evidence: [
        `${workflows.length} workflow(s): the Heroku key only inside GitHub environments, deploy tools pinned, no pull request's code or text run with the repository's secrets`,
      ],
    }
  }

  return {
    status: findings.some(f => f.severity === 'fail') ? 'fail' : 'warn',
    evidence: findings.map(f => f.line),
    fix: [...new Set(findings.map(f => f.fix))].join('; '),
  }
}

export const workflowSecretsCheck: RepositoryCheck = {
  id: 'workflow-secrets',
  criterion: 'Pitfall: workflows that expose the Heroku API key or run unpinned tools',
  scope: 'repository',
  run: checkWorkflowSecurity,
}
