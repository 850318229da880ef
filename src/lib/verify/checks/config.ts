/** Criterion 3: the config vars app.json requires, and the keys of the stage's config file, are set on the app. */
import type {StageName} from '../../manifest/types.js'
import {bootstrapFix, configSyncFix} from '../fixes.js'
import {isVerdict, liveApp} from '../live-app.js'
import type {Evidence, StageCheck, Verdict} from '../types.js'
import {plural} from '../wording.js'

function checkConfigVars(evidence: Evidence, name: StageName): Verdict {
  const found = liveApp(evidence, name)
  if (isVerdict(found)) return found
  const {stage, app, evidence: stageEvidence} = found
  if (stage.configUnread) {
    return {
      status: 'unknown',
      evidence: [`${app.name}: ${stage.configUnread}`],
      fix: 'run kit:verify with a key that can read config vars (heroku login, or a read-protected token)',
    }
  }

  const desired = stageEvidence.desired
  const required = Object.entries(desired.env).filter(([, decl]) => decl.required)
  const missingRequired = required.filter(([key]) => !Object.hasOwn(stage.config, key))
  const fromFile = Object.keys(desired.config)
  const missingFromFile = fromFile.filter(key => !Object.hasOwn(stage.config, key) && !missingRequired.some(([k]) => k === key))
  const differing = fromFile.filter(key => Object.hasOwn(stage.config, key) && stage.config[key] !== desired.config[key] && !stage.owned.has(key))
  const lines: string[] = []
  if (required.length > 0) lines.push(`app.json requires ${plural(required.length, 'key')}: ${required.length - missingRequired.length} set on ${app.name}`)
  else lines.push('app.json declares no required keys')
  if (desired.configFile)
    lines.push(
      `${desired.configFile}: ${plural(fromFile.length, 'key')}, ` +
        `${fromFile.length - missingFromFile.length - missingRequired.filter(([k]) => fromFile.includes(k)).length} set on ${app.name}`,
    )
  if (stageEvidence.configFileMissing) lines.push(stageEvidence.configFileMissing)
  const file = desired.configFile ?? evidence.repository.project.pipelineFile.stages[name].config ?? `.env.${name}`
  if (missingRequired.length > 0 || missingFromFile.length > 0) {
    const generatedOnly = missingFromFile.length === 0 && missingRequired.every(([, decl]) => decl.generator === 'secret')
    const needFile = missingRequired.filter(([key, decl]) => decl.generator !== 'secret' && !Object.hasOwn(desired.config, key)).map(([key]) => key)
    const problems: string[] = []
    if (missingRequired.length > 0)
      problems.push(
        `not set on ${app.name}, though app.json requires ${missingRequired.length === 1 ? 'it' : 'them'}: ` +
          `${missingRequired.map(([key]) => key).join(', ')}`,
      )
    if (missingFromFile.length > 0) problems.push(`in ${desired.configFile} but not set on ${app.name}: ${missingFromFile.join(', ')}`)
    const fix = generatedOnly
      ? `${bootstrapFix(evidence)} (generates the secrets)`
      : needFile.length > 0
        ? `add ${needFile.join(', ')} to ${file}, then ${configSyncFix(evidence, name)}`
        : configSyncFix(evidence, name)
    return {status: 'fail', evidence: [...problems, ...lines], fix}
  }

  if (differing.length > 0) {
    return {
      status: 'warn',
      evidence: [
        `${plural(differing.length, 'key')} of ${desired.configFile} differ${differing.length === 1 ? 's' : ''} on ${app.name} (values not shown): ` +
          `${differing.join(', ')}`,
        ...lines,
      ],
      fix: configSyncFix(evidence, name),
    }
  }

  return {status: 'pass', evidence: lines}
}

export const configVarsCheck: StageCheck = {
  id: 'config',
  criterion: '3. Environment variables are set for the environment',
  scope: 'stage',
  run: checkConfigVars,
}
