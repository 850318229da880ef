/** Criterion 5, the live half: the latest release of each stage's app (and its release phase) succeeded. */
import type {StageName} from '../../manifest/types.js'
import {unknownFix} from '../fixes.js'
import {isVerdict, liveApp} from '../live-app.js'
import type {Evidence, StageCheck, Verdict} from '../types.js'

function checkLatestRelease(evidence: Evidence, name: StageName): Verdict {
  const found = liveApp(evidence, name)
  if (isVerdict(found)) return found
  const {app, evidence: stageEvidence} = found
  const latest = stageEvidence.latestRelease
  if (!latest) return {status: 'unknown', evidence: ['releases were not read'], fix: 'run kit:verify again'}
  if (!latest.ok) return {status: 'unknown', evidence: [`could not read the releases of ${app.name}: ${latest.error}`], fix: unknownFix(latest.error, app.name)}
  const release = latest.value
  if (!release) return {status: 'fail', evidence: [`${app.name} has no release`], fix: 'deploy: push to main (or run the deploy workflow)'}
  const what = `v${release.version}${release.description ? ` (${release.description})` : ''}`
  if (release.status === 'succeeded' || release.status === undefined) return {status: 'pass', evidence: [`latest release ${what} succeeded`]}
  if (release.status === 'pending') {
    return {
      status: 'warn',
      evidence: [`latest release ${what}: its release phase is still running`],
      fix: `wait, then check its output: heroku releases:output v${release.version} -a ${app.name}`,
    }
  }

  return {
    status: 'fail',
    evidence: [`latest release ${what} ${release.status}: the release command exited non-zero, so it never went live (the previous release still runs)`],
    fix: `read why: heroku releases:output v${release.version} -a ${app.name}; after fixing the cause, heroku releases:retry -a ${app.name} (or deploy again)`,
  }
}

export const latestReleaseCheck: StageCheck = {
  id: 'release',
  criterion: '5. The latest release (and its release phase) succeeded',
  scope: 'stage',
  run: checkLatestRelease,
}
