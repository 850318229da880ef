/** Pitfall: secret values committed in app.json. */
import type {EnvDecl} from '../../manifest/types.js'
import {appJsonFindingKind, findingLine} from '../app-json-findings.js'
import {configSyncFix} from '../fixes.js'
import type {Evidence, RepositoryCheck, Verdict} from '../types.js'

/** Literal credentials, whatever the key is called. */
const CREDENTIAL = [
  {name: 'a URL with a password', pattern: /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i},
  {name: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/},
  {name: 'an AWS access key', pattern: /\bAKIA[0-9A-Z]{16}\b/},
  {name: 'a Stripe live key', pattern: /\b[sr]k_live_[0-9a-zA-Z]{10,}/},
  {name: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}/},
  {name: 'a Slack token', pattern: /\bxox[abprs]-[0-9A-Za-z-]{10,}/},
]

function checkAppJsonSecrets(evidence: Evidence): Verdict {
  const {appJsonChecks, project} = evidence.repository
  const appJson = project.appJson
  if (!appJson) {
    return {
      status: 'pass',
      evidence: [evidence.repository.appJsonErrors ? 'app.json does not parse (see app-json); no values to check' : 'no app.json'],
    }
  }

  const failures: string[] = []
  const warnings: string[] = []
  const keys: string[] = []
  for (const check of appJsonChecks.filter(c => appJsonFindingKind(c) === 'secrets')) {
    const inTestEnv = check.path.startsWith('environments.test.')
    ;(inTestEnv ? warnings : failures).push(findingLine(check, appJson.file))
    keys.push(check.path.replace(/\.value$/, ''))
  }

  const envs: Array<[string, Record<string, EnvDecl>]> = [['env', appJson.env]]
  if (appJson.environments.review) envs.push(['environments.review.env', appJson.environments.review.env])
  if (appJson.environments.test) envs.push(['environments.test.env', appJson.environments.test.env])
  for (const [where, env] of envs) {
    for (const [key, decl] of Object.entries(env)) {
      const credential = decl.value ? CREDENTIAL.find(c => c.pattern.test(decl.value!)) : undefined
      const path = `${where}.${key}`
      if (credential && !keys.includes(path)) {
        ;(where.startsWith('environments.test') ? warnings : failures).push(`${appJson.file}: ${path} holds ${credential.name}`)
        keys.push(path)
      }
    }
  }

  const fix =
    `remove the value of ${keys.join(', ')} from app.json (use "generator": "secret", or set it per stage: add it to .env.production and run ` +
    `${configSyncFix(evidence, 'production')}), then rotate it`
  if (failures.length > 0) {
    return {
      status: 'fail',
      evidence: ['secret values committed in app.json are public to everyone who can read the repository:', ...failures, ...warnings],
      fix,
    }
  }

  if (warnings.length > 0) return {status: 'warn', evidence: ['literal secrets in app.json (test environment):', ...warnings], fix}
  const total = envs.reduce((n, [, env]) => n + Object.keys(env).length, 0)
  return {status: 'pass', evidence: [`no secret values among app.json's ${total} env ${total === 1 ? 'entry' : 'entries'}`]}
}

export const appJsonSecretsCheck: RepositoryCheck = {
  id: 'app-json-secrets',
  criterion: 'Pitfall: secret values in app.json',
  scope: 'repository',
  run: checkAppJsonSecrets,
}
