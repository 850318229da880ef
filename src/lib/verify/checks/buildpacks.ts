/** Pitfall: buildpacks not pinned, in app.json and on the live apps. */
import {buildpackPinProblem} from '../../manifest/app-json.js'
import {appJsonFindingKind, findingLine} from '../app-json-findings.js'
import {bootstrapFix} from '../fixes.js'
import type {Evidence, RepositoryCheck, Verdict} from '../types.js'

function checkBuildpacks(evidence: Evidence): Verdict {
  const {appJsonChecks, project} = evidence.repository
  const problems = appJsonChecks.filter(c => appJsonFindingKind(c) === 'buildpacks').map(c => findingLine(c, project.appJson?.file))
  const lines: string[] = []
  const declared = project.appJson?.buildpacks ?? []
  if (declared.length > 0) lines.push(`app.json buildpacks: ${declared.join(', ')}`)
  for (const [name, stage] of Object.entries(evidence.stages)) {
    const current = stage?.current
    if (!current?.ok || !current.value.app) continue
    const live = current.value.buildpacks
    if (live.length === 0) continue
    for (const buildpack of live) {
      const problem = buildpackPinProblem(buildpack)
      if (problem && !declared.includes(buildpack)) problems.push(`${current.value.app.name} (${name}): ${problem}`)
    }

    lines.push(`${current.value.app.name}: ${live.join(', ')}`)
  }

  if (declared.length === 0 && lines.length === 0) return {status: 'pass', evidence: ['no buildpacks declared: Heroku detects the official one at each build']}
  if (problems.length > 0) {
    return {
      status: 'warn',
      evidence: [...problems, ...lines],
      fix:
        `pin each buildpack (an official heroku/<name>, or a repository URL with #<tag>) in app.json, then ${bootstrapFix(evidence)} to set them on the ` +
        `apps`,
    }
  }

  return {status: 'pass', evidence: lines.length > 0 ? lines : ['buildpacks pinned']}
}

export const buildpacksCheck: RepositoryCheck = {
  id: 'buildpacks',
  criterion: 'Pitfall: unpinned buildpacks',
  scope: 'repository',
  run: checkBuildpacks,
}
