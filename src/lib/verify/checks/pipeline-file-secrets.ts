/**
 * Pitfall: a credential in heroku-kit.yml. The file is committed; a drain URL with `user:pass@` or a key in its
 * query string (`?dd-api-key=…`), or a telemetry header value that looks like a key (Fir: by its name, `x-api-key`,
 * `authorization`…, or its shape), belongs in the stage's config file or the environment, referenced as `${NAME}`.
 */
import {formatPath} from '../../manifest/common.js'
import {drainReferenceName} from '../../manifest/drain-references.js'
import {maskUrl, urlHasCredentials} from '../../output/mask-url.js'
import {looksSecret} from '../../output/redactor.js'
import type {Evidence, RepositoryCheck, Verdict} from '../types.js'

function checkPipelineFileCredentials(evidence: Evidence): Verdict {
  const {pipelineFile} = evidence.repository.project
  if (!pipelineFile.file) return {status: 'pass', evidence: ['no heroku-kit.yml']}
  const found: string[] = []
  for (const stage of Object.values(pipelineFile.stages)) {
    for (const [index, drain] of stage.drains.entries()) {
      if (drainReferenceName(drain) === undefined && urlHasCredentials(drain))
        found.push(`${pipelineFile.file}: stages.${stage.name}.drains[${index}] holds ` + `a credential: ${maskUrl(drain)}`)
    }

    for (const [index, exporter] of stage.telemetry.entries()) {
      for (const [header, value] of Object.entries(exporter.headers)) {
        if (drainReferenceName(value) === undefined && looksSecret(header, value)) {
          const at = formatPath(['stages', stage.name, 'telemetry', index, 'headers', header])
          found.push(`${pipelineFile.file}: ${at} looks like a credential (value not shown)`)
        }
      }
    }
  }

  if (found.length === 0) return {status: 'pass', evidence: [`${pipelineFile.file} holds no credential`]}
  return {
    status: 'warn',
    evidence: found,
    fix:
      "write the drain as ${LOG_DRAIN_URL} (a telemetry header's value as ${NAME}) in heroku-kit.yml and put the value in the stage's config file " +
      '(git-ignored) or the environment; rotate the credential, it is in git history',
  }
}

export const pipelineFileSecretsCheck: RepositoryCheck = {
  id: 'pipeline-file-secrets',
  criterion: 'Pitfall: credentials in heroku-kit.yml (drain URLs, telemetry headers)',
  scope: 'repository',
  run: checkPipelineFileCredentials,
}
