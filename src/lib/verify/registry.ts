/**
 * Every check kit:verify runs, in report order: the seed's twelve Verification Criteria (numbered), then the
 * Common Pitfalls; each is defined in its own file under `checks/`. `runChecks` applies them to the evidence and
 * never throws: a check that breaks says "unknown".
 */
import type {StageName} from '../manifest/types.js'
import {appJsonAddonsCheck} from './checks/app-json.js'
import {appJsonSecretsCheck} from './checks/app-json-secrets.js'
import {stagingAutoDeployCheck} from './checks/auto-deploy.js'
import {backupsCheck} from './checks/backups.js'
import {buildpacksCheck} from './checks/buildpacks.js'
import {configVarsCheck} from './checks/config.js'
import {dotenvTrackedCheck} from './checks/dotenv-tracked.js'
import {driftCheck} from './checks/drift.js'
import {dynosCheck} from './checks/dynos.js'
import {errorTrackingCheck} from './checks/error-tracking.js'
import {fileLoggingCheck} from './checks/file-logging.js'
import {hardcodedUrlsCheck} from './checks/hardcoded-urls.js'
import {healthEndpointCheck} from './checks/health.js'
import {logsCheck} from './checks/logs.js'
import {productionApprovalCheck} from './checks/manual-approval.js'
import {monitoringCheck} from './checks/monitoring.js'
import {pipelineCheck} from './checks/pipeline.js'
import {pipelineFileSecretsCheck} from './checks/pipeline-file-secrets.js'
import {featuresCheck} from './checks/features.js'
import {prebootCheck} from './checks/preboot.js'
import {procfileCheck} from './checks/procfile.js'
import {latestReleaseCheck} from './checks/release.js'
import {releasePhaseCheck} from './checks/release-phase.js'
import {reviewAppsCheck} from './checks/review-apps.js'
import {slugSizeCheck} from './checks/slug-size.js'
import {sslCheck} from './checks/ssl.js'
import {stackCheck} from './checks/stack.js'
import {workflowSecretsCheck} from './checks/workflow-secrets.js'
import type {CheckDefinition, CheckResult, CheckStatus, Evidence, Verdict, VerifyReport} from './types.js'

export const CHECKS: readonly CheckDefinition[] = [
  pipelineCheck,
  driftCheck,
  procfileCheck,
  appJsonAddonsCheck,
  configVarsCheck,
  healthEndpointCheck,
  releasePhaseCheck,
  latestReleaseCheck,
  reviewAppsCheck,
  stagingAutoDeployCheck,
  productionApprovalCheck,
  sslCheck,
  logsCheck,
  monitoringCheck,
  backupsCheck,
  hardcodedUrlsCheck,
  fileLoggingCheck,
  dotenvTrackedCheck,
  appJsonSecretsCheck,
  buildpacksCheck,
  pipelineFileSecretsCheck,
  workflowSecretsCheck,
  slugSizeCheck,
  dynosCheck,
  prebootCheck,
  featuresCheck,
  errorTrackingCheck,
  stackCheck,
]

/** The check's verdict; a check that throws is "unknown" with the error. */
function verdictOf(run: () => Verdict): Verdict {
  try {
    return run()
  } catch (error) {
    return {
      status: 'unknown',
      evidence: [`the check could not run: ${error instanceof Error ? error.message : String(error)}`],
      fix: 'a heroku-kit bug: please report it with this message',
    }
  }
}

function resultOf(definition: CheckDefinition, stage: StageName | null, verdict: Verdict): CheckResult {
  return {
    id: definition.id,
    criterion: definition.criterion,
    scope: definition.scope,
    stage,
    status: verdict.status,
    evidence: verdict.evidence,
    fix: verdict.status === 'pass' ? null : (verdict.fix ?? null),
  }
}

/** Runs the checks that apply: repository checks always, the others unless `local`, stage checks per selected stage. */
export function runChecks(evidence: Evidence, options: {local: boolean; checks?: readonly CheckDefinition[]}): CheckResult[] {
  const results: CheckResult[] = []
  const selected = Object.keys(evidence.stages) as StageName[]
  for (const definition of options.checks ?? CHECKS) {
    if (options.local && definition.scope !== 'repository') continue
    if (definition.scope !== 'stage') {
      results.push(
        resultOf(
          definition,
          null,
          verdictOf(() => definition.run(evidence)),
        ),
      )
      continue
    }

    const applies = definition.stages?.(evidence) ?? ['staging', 'production']
    for (const stage of (['staging', 'production'] as const).filter(s => applies.includes(s) && selected.includes(s))) {
      results.push(
        resultOf(
          definition,
          stage,
          verdictOf(() => definition.run(evidence, stage)),
        ),
      )
    }
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
