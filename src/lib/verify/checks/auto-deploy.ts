/** Criterion 7: something deploys staging when main changes (Heroku's GitHub integration, or a workflow). */
import {bootstrapFix, INIT_FIX} from '../fixes.js'
import {isVerdict, liveApp} from '../live-app.js'
import type {Evidence, StageCheck, Verdict} from '../types.js'
import {runsOnBranch, stageDeployJobs} from '../workflows.js'

function checkStagingAutoDeploy(evidence: Evidence): Verdict {
  const found = liveApp(evidence, 'staging')
  if (isVerdict(found)) return found
  const {stage, app, evidence: stageEvidence} = found
  const wanted = stageEvidence.desired.autoDeploy ?? 'main'
  const state = evidence.remote!.state.ok ? evidence.remote!.state.value : undefined
  const link = stage.githubLink
  const lines: string[] = []
  const branchOf = (branch: string | undefined | null) => branch ?? state?.github.repo?.default_branch ?? 'the default branch'
  let passes = false
  if (link?.auto_deploy && branchOf(link.branch) === wanted) {
    passes = true
    lines.push(`Heroku GitHub integration: ${app.name} auto-deploys from ${wanted}${link.wait_for_ci ? ' after CI passes' : ''}`)
  } else if (link?.auto_deploy) {
    lines.push(`Heroku GitHub integration: ${app.name} auto-deploys from ${branchOf(link.branch)}, not ${wanted}`)
  } else if (link) {
    lines.push(`Heroku GitHub integration: auto-deploy of ${app.name} is off`)
  } else {
    lines.push(
      state?.github.token
        ? `${app.name} is not connected to GitHub in Heroku`
        : 'this Heroku account has no GitHub connection, so Heroku does not ' + 'auto-deploy',
    )
  }

  for (const {workflow, job} of stageDeployJobs(evidence, 'staging')) {
    if (runsOnBranch(workflow, job, wanted)) {
      passes = true
      lines.push(`${workflow.file}: job ${job.id} deploys ${app.name} on every push to ${wanted}`)
    } else {
      lines.push(`${workflow.file}: job ${job.id} deploys ${app.name}, but not on push to ${wanted}`)
    }
  }

  if (passes) return {status: 'pass', evidence: lines}
  let fix: string
  if (!stageEvidence.desired.autoDeploy)
    fix =
      `set stages.staging.auto_deploy: ${wanted} in heroku-kit.yml, then ${bootstrapFix(evidence)}; or ${INIT_FIX} ` + `for the GitHub Actions deploy workflow`
  else if (evidence.desired.repo && state?.github.token) fix = bootstrapFix(evidence)
  else fix = `${INIT_FIX} (writes the GitHub Actions workflow that deploys staging on push to ${wanted}), or connect GitHub and ${bootstrapFix(evidence)}`
  return {status: 'fail', evidence: [`nothing deploys ${app.name} when ${wanted} changes`, ...lines], fix}
}

export const stagingAutoDeployCheck: StageCheck = {
  id: 'auto-deploy',
  criterion: '7. Staging auto-deploys from main',
  scope: 'stage',
  stages: () => ['staging'],
  run: checkStagingAutoDeploy,
}
