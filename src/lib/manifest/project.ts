/** The repository as every kit command sees it: app.json, Procfile and heroku-kit.yml (or its defaults). */
import path from 'node:path'

import {KitError} from '../errors.js'
import {loadAppJson} from './app-json.js'
import {defaultPipelineFile, loadPipelineFile, PIPELINE_FILE, pipelineNameProblem, sanitisePipelineName} from './pipeline-file/index.js'
import {loadProcfile} from './procfile.js'
import type {Project} from './types.js'

/**
 * Loads the three files of `dir`. Without heroku-kit.yml the pipeline file is `defaultPipelineFile(name)`, where
 * name is `options.pipeline`, else app.json's `name`, else the directory name (the latter two sanitised into a
 * valid pipeline name; an explicit `options.pipeline` must already be valid).
 */
export async function loadProject(dir: string, options: {pipeline?: string} = {}): Promise<Project> {
  const appJson = await loadAppJson(dir)
  const procfile = await loadProcfile(dir)
  let pipelineFile = await loadPipelineFile(dir, appJson)
  if (pipelineFile) {
    if (options.pipeline !== undefined && options.pipeline !== pipelineFile.pipeline) {
      throw new KitError(`--pipeline is ${options.pipeline} but ${PIPELINE_FILE} names the pipeline ${pipelineFile.pipeline}.`, {
        code: 'pipeline_mismatch',
        suggestion: `Drop --pipeline to use ${pipelineFile.pipeline}, or change \`pipeline:\` in ${PIPELINE_FILE} if the pipeline should be ${options.pipeline}.`,
      })
    }
  } else if (options.pipeline === undefined) {
    pipelineFile = defaultPipelineFile(sanitisePipelineName(appJson?.name ?? path.basename(path.resolve(dir))), appJson)
  } else {
    const problem = pipelineNameProblem(options.pipeline)
    if (problem)
      throw new KitError(`--pipeline: ${problem}.`, {code: 'invalid_pipeline_name', suggestion: `Use --pipeline ${sanitisePipelineName(options.pipeline)}.`})
    pipelineFile = defaultPipelineFile(options.pipeline, appJson)
  }

  const project: Project = {dir, pipelineFile}
  if (appJson) project.appJson = appJson
  if (procfile) project.procfile = procfile
  return project
}
