/** Pitfall: an app on a stack past (or near) its end of life. */
import type {StageName} from '../../manifest/types.js'
import {DEPRECATED_STACKS, END_OF_LIFE_STACKS} from '../catalog.js'
import {isVerdict, liveApp} from '../live-app.js'
import type {Evidence, StageCheck, Verdict} from '../types.js'

function checkStack(evidence: Evidence, name: StageName): Verdict {
  const found = liveApp(evidence, name)
  if (isVerdict(found)) return found
  const {app} = found
  const stack = app.stack?.name ?? 'unknown'
  const build = app.build_stack?.name
  const fix = `heroku stack:set heroku-24 -a ${app.name}, then deploy again`
  if (END_OF_LIFE_STACKS[stack]) {
    if (build && build !== stack && !END_OF_LIFE_STACKS[build]) {
      return {
        status: 'warn',
        evidence: [`${app.name} runs ${stack} (${END_OF_LIFE_STACKS[stack]}); the next build uses ${build}`],
        fix: 'deploy again to move to the new stack',
      }
    }

    return {status: 'fail', evidence: [`${app.name} runs ${stack}: ${END_OF_LIFE_STACKS[stack]}, with no security updates`], fix}
  }

  if (DEPRECATED_STACKS[stack]) return {status: 'warn', evidence: [`${app.name} runs ${stack}: ${DEPRECATED_STACKS[stack]}`], fix}
  return {status: 'pass', evidence: [`${app.name} runs ${stack}`]}
}

export const stackCheck: StageCheck = {
  id: 'stack',
  criterion: 'Pitfall: deprecated stack',
  scope: 'stage',
  run: checkStack,
}
