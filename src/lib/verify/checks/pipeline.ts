/** The pipeline and its staging and production apps exist, each at its stage of that pipeline. */
import {bootstrapFix, unknownFix} from '../fixes.js'
import type {Evidence, PipelineCheck, Verdict} from '../types.js'

function checkPipeline(evidence: Evidence): Verdict {
  const state = evidence.remote?.state
  if (!state) return {status: 'unknown', evidence: ['the live pipeline was not read (--local)'], fix: 'run kit:verify without --local'}
  if (!state.ok) return {status: 'unknown', evidence: [`could not read the pipeline: ${state.error}`], fix: unknownFix(state.error)}
  const {pipelines, pipeline} = state.value
  const name = evidence.desired.pipeline
  const problems: string[] = []
  const lines: string[] = []
  if (pipelines.length === 0) problems.push(`no pipeline named ${name}`)
  else if (pipelines.length > 1)
    problems.push(`${pipelines.length} pipelines are named ${name} (${pipelines.map(p => p.id).join(', ')}); pass --pipeline-id ` + `to choose`)
  else lines.push(`pipeline ${name} (${pipeline!.id})`)
  for (const stage of evidence.desired.stages) {
    if (!evidence.stages[stage.name]) continue
    const current = state.value.stages[stage.name]
    if (current.access === 'forbidden') problems.push(`${stage.name}: the app name ${stage.app} belongs to someone else (choose another in heroku-kit.yml)`)
    else if (!current.app) problems.push(`${stage.name}: the app ${stage.app} does not exist`)
    else if (!current.coupling) problems.push(`${stage.name}: ${stage.app} is not in any pipeline`)
    else if (pipeline && current.coupling.pipeline.id !== pipeline.id)
      problems.push(`${stage.name}: ${stage.app} is in another pipeline ` + `(${current.coupling.pipeline.name ?? current.coupling.pipeline.id})`)
    else if (current.coupling.stage !== stage.name) problems.push(`${stage.name}: ${stage.app} is at stage ${current.coupling.stage}, not ${stage.name}`)
    else lines.push(`${stage.name}: ${stage.app}`)
  }

  if (problems.length > 0) return {status: 'fail', evidence: [...problems, ...lines], fix: bootstrapFix(evidence)}
  return {status: 'pass', evidence: lines}
}

export const pipelineCheck: PipelineCheck = {
  id: 'pipeline',
  criterion: 'The pipeline and its staging and production apps exist',
  scope: 'pipeline',
  run: checkPipeline,
}
