/** Criterion 8: production changes only by a promotion someone approves (no auto-deploy, workflows behind an environment). */
import {bootstrapFix} from '../fixes.js'
import {isVerdict, liveApp} from '../live-app.js'
import type {Evidence, StageCheck, Verdict} from '../types.js'
import {runsAutomatically, stageDeployJobs} from '../workflows.js'

function checkProductionApproval(evidence: Evidence): Verdict {
  const found = liveApp(evidence, 'production')
  if (isVerdict(found)) return found
  const {stage, app} = found
  const failures: string[] = []
  const warnings: string[] = []
  const lines: string[] = []
  const fixes: string[] = []
  const link = stage.githubLink
  if (link?.auto_deploy) {
    failures.push(`Heroku GitHub integration auto-deploys ${app.name} from ${link.branch ?? 'the default branch'}: every merge goes to production unreviewed`)
    fixes.push(bootstrapFix(evidence))
  } else {
    lines.push(link ? `no Heroku auto-deploy on ${app.name}` : `${app.name} has no Heroku GitHub auto-deploy`)
  }

  const jobs = stageDeployJobs(evidence, 'production')
  for (const {workflow, job, target} of jobs) {
    const what = `${workflow.file}: job ${job.id} ${target.promotes ? 'promotes to' : 'deploys'} ${app.name}`
    if (job.environment) {
      lines.push(`${what} in environment ${job.environment} (its required reviewers approve each run)`)
    } else if (runsAutomatically(workflow)) {
      const {triggers} = workflow
      const trigger = triggers.push ? 'push' : triggers.workflowRun ? 'another workflow' : triggers.schedule ? 'a schedule' : 'pull requests'
      failures.push(`${what} on ${trigger}, without an environment: nobody approves it`)
      fixes.push(`add \`environment: production\` (with required reviewers) to job ${job.id} in ${workflow.file}, or run it only on workflow_dispatch`)
    } else {
      warnings.push(`${what} when run by hand, without an environment: anyone with write access can ship to production`)
      fixes.push(`add \`environment: production\` (with required reviewers in the repository settings) to job ${job.id} in ${workflow.file}`)
    }
  }

  if (jobs.length === 0) lines.push('no workflow deploys production; it changes by promotion (heroku kit:promote)')
  if (failures.length > 0) return {status: 'fail', evidence: [...failures, ...warnings, ...lines], fix: fixes.join('; ')}
  if (warnings.length > 0) return {status: 'warn', evidence: [...warnings, ...lines], fix: fixes.join('; ')}
  return {status: 'pass', evidence: lines}
}

export const productionApprovalCheck: StageCheck = {
  id: 'manual-approval',
  criterion: '8. Production requires manual approval',
  scope: 'stage',
  stages: () => ['production'],
  run: checkProductionApproval,
}
