/** Pitfall: .env files tracked by git. */
import type {Evidence, RepositoryCheck, Verdict} from '../types.js'

function checkDotenvTracked(evidence: Evidence): Verdict {
  const {trackedEnvFiles, gitRepository} = evidence.repository
  if (!gitRepository) return {status: 'pass', evidence: ['not a git work tree, so git tracks no .env file']}
  if (trackedEnvFiles.length === 0) return {status: 'pass', evidence: ['git tracks no .env file']}
  return {
    status: 'fail',
    evidence: [
      `git tracks ${trackedEnvFiles.join(', ')}: the values in ${trackedEnvFiles.length === 1 ? 'it are' : 'them are'} in the repository's history ` +
        `for everyone with access`,
    ],
    fix: `git rm --cached ${trackedEnvFiles.join(' ')} && printf '%s\\n' ${trackedEnvFiles.join(' ')} >> .gitignore, then rotate the secrets they held`,
  }
}

export const dotenvTrackedCheck: RepositoryCheck = {
  id: 'dotenv-tracked',
  criterion: 'Pitfall: .env files tracked by git',
  scope: 'repository',
  run: checkDotenvTracked,
}
