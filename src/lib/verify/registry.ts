/**
 * Every check kit:verify runs, in report order: the seed's twelve Verification Criteria (numbered), then the
 * Common Pitfalls. `runChecks` applies them to the evidence and never throws: a check that breaks says "unknown".
 */
import type {StageName} from '../manifest/types.js'
import {
  backupStages, checkBackups, checkConfigVars, checkDynos, checkErrorTracking, checkHealth, checkLatestRelease,
  checkLogs, checkMonitoring, checkPipeline, checkPreboot, checkProductionApproval, checkReviewApps, checkSlugSize,
  checkSsl, checkStack, checkStagingAutoDeploy, monitoringStages,
} from './checks-remote.js'
import {checkDrift} from './checks-drift.js'
import {checkAppJsonAddons, checkAppJsonSecrets, checkBuildpacks, checkDotenvTracked, checkFileLogging, checkHardcodedUrls, checkProcfile, checkReleasePhase} from './checks-repository.js'
import {checkPipelineFileCredentials} from './checks-credentials.js'
import {checkWorkflowSecurity} from './checks-workflows.js'
import type {CheckDefinition, CheckResult, CheckStatus, Evidence, VerifyReport} from './types.js'

const STAGING: StageName[] = ['staging']
const PRODUCTION: StageName[] = ['production']

export const CHECKS: CheckDefinition[] = [
  {id: 'pipeline', criterion: 'The pipeline and its staging and production apps exist', scope: 'pipeline', run: checkPipeline},
  {id: 'drift', criterion: 'The live pipeline matches heroku-kit.yml (no drift)', scope: 'pipeline', run: checkDrift},
  {id: 'procfile', criterion: '1. Procfile defines the process types (web on $PORT, worker, formation types)', scope: 'repository', run: checkProcfile},
  {id: 'app-json', criterion: '2. app.json includes the add-ons the pipeline needs, and validates', scope: 'repository', run: checkAppJsonAddons},
  {id: 'config', criterion: '3. Environment variables are set for the environment', scope: 'stage', run: (e, s) => checkConfigVars(e, s!)},
  {id: 'health', criterion: '4. The health endpoint returns 200', scope: 'stage', run: (e, s) => checkHealth(e, s!)},
  {id: 'release-phase', criterion: '5. Migrations run in the release phase, not at start-up', scope: 'repository', run: checkReleasePhase},
  {id: 'release', criterion: '5. The latest release (and its release phase) succeeded', scope: 'stage', run: (e, s) => checkLatestRelease(e, s!)},
  {id: 'review-apps', criterion: '6. Review apps are enabled for pull requests', scope: 'pipeline', run: checkReviewApps},
  {id: 'auto-deploy', criterion: '7. Staging auto-deploys from main', scope: 'stage', stages: () => STAGING, run: checkStagingAutoDeploy},
  {id: 'manual-approval', criterion: '8. Production requires manual approval', scope: 'stage', stages: () => PRODUCTION, run: checkProductionApproval},
  {id: 'ssl', criterion: '9. SSL certificates are configured for custom domains', scope: 'stage', run: (e, s) => checkSsl(e, s!)},
  {id: 'logs', criterion: '10. Logs are reachable (log drain or logging add-on)', scope: 'stage', run: (e, s) => checkLogs(e, s!)},
  {id: 'monitoring', criterion: '11. Monitoring is set up', scope: 'stage', stages: monitoringStages, run: (e, s) => checkMonitoring(e, s!)},
  {id: 'backups', criterion: '12. Database backups are scheduled', scope: 'stage', stages: backupStages, run: (e, s) => checkBackups(e, s!)},
  {id: 'hardcoded-urls', criterion: 'Pitfall: hard-coded URLs of the app\'s own hosts', scope: 'repository', run: checkHardcodedUrls},
  {id: 'file-logging', criterion: 'Pitfall: logging to files', scope: 'repository', run: checkFileLogging},
  {id: 'dotenv-tracked', criterion: 'Pitfall: .env files tracked by git', scope: 'repository', run: checkDotenvTracked},
  {id: 'app-json-secrets', criterion: 'Pitfall: secret values in app.json', scope: 'repository', run: checkAppJsonSecrets},
  {id: 'buildpacks', criterion: 'Pitfall: unpinned buildpacks', scope: 'repository', run: checkBuildpacks},
  {id: 'pipeline-file-secrets', criterion: 'Pitfall: credentials in heroku-kit.yml (drain URLs)', scope: 'repository', run: checkPipelineFileCredentials},
  {id: 'workflow-secrets', criterion: 'Pitfall: workflows that expose the Heroku API key or run unpinned tools', scope: 'repository', run: checkWorkflowSecurity},
  {id: 'slug-size', criterion: 'Pitfall: slug size (warn over 300 MB, fail over 500 MB)', scope: 'stage', run: (e, s) => checkSlugSize(e, s!)},
  {id: 'dynos', criterion: 'Pitfall: eco/basic dynos or a single web dyno in production', scope: 'stage', stages: () => PRODUCTION, run: (e, s) => checkDynos(e, s!)},
  {id: 'preboot', criterion: 'Pitfall: preboot off in production (no zero-downtime deploys)', scope: 'stage', stages: () => PRODUCTION, run: (e, s) => checkPreboot(e, s!)},
  {id: 'error-tracking', criterion: 'Pitfall: no error tracking', scope: 'stage', stages: () => PRODUCTION, run: (e, s) => checkErrorTracking(e, s!)},
  {id: 'stack', criterion: 'Pitfall: deprecated stack', scope: 'stage', run: (e, s) => checkStack(e, s!)},
]

function safely(definition: CheckDefinition, evidence: Evidence, stage?: StageName): CheckResult {
  let verdict
  try {
    verdict = definition.run(evidence, stage)
  } catch (error) {
    verdict = {status: 'unknown' as const, evidence: [`the check could not run: ${error instanceof Error ? error.message : String(error)}`], fix: 'a heroku-kit bug: please report it with this message'}
  }

  return {
    id: definition.id,
    criterion: definition.criterion,
    scope: definition.scope,
    stage: stage ?? null,
    status: verdict.status,
    evidence: verdict.evidence,
    fix: verdict.status === 'pass' ? null : (verdict.fix ?? null),
  }
}

/** Runs the checks that apply: repository checks always, the others unless `local`, stage checks per selected stage. */
export function runChecks(evidence: Evidence, options: {local: boolean; checks?: CheckDefinition[]}): CheckResult[] {
  const results: CheckResult[] = []
  const selected = Object.keys(evidence.stages) as StageName[]
  for (const definition of options.checks ?? CHECKS) {
    if (options.local && definition.scope !== 'repository') continue
    if (definition.scope !== 'stage') {
      results.push(safely(definition, evidence))
      continue
    }

    const applies = definition.stages?.(evidence) ?? ['staging', 'production']
    for (const stage of (['staging', 'production'] as const).filter(s => applies.includes(s) && selected.includes(s))) results.push(safely(definition, evidence, stage))
  }

  return results
}

export function summarize(checks: CheckResult[]): Record<CheckStatus, number> {
  const summary: Record<CheckStatus, number> = {pass: 0, warn: 0, fail: 0, unknown: 0}
  for (const check of checks) summary[check.status]++
  return summary
}

export function buildReport(pipeline: string, checks: CheckResult[]): VerifyReport {
  return {pipeline, summary: summarize(checks), checks}
}

/**
 * 1 when a check failed or could not run (a gate that couldn't look must not let the change through), or with
 * `strict` when one warns; else 0.
 */
export function exitCodeFor(report: VerifyReport, strict: boolean): number {
  const {fail, unknown, warn} = report.summary
  return fail > 0 || unknown > 0 || (strict && warn > 0) ? 1 : 0
}
