/**
 * Criterion 1: the Procfile declares the process types: web on $PORT, the worker the code has, the types formations
 * scale. A repository with heroku.yml deploys Docker images and Heroku ignores its Procfile: there heroku.yml declares
 * the process types, and is checked instead.
 */
import type {ContainerSetup} from '../../init/detect/container.js'
import {webBindsPort} from '../../manifest/procfile.js'
import type {Project} from '../../manifest/types.js'
import {INIT_FIX} from '../fixes.js'
import type {Evidence, RepositoryCheck, Verdict} from '../types.js'
import {quoteCommand} from '../wording.js'

const CONTAINER_PARSE_FIX = "fix heroku.yml (Heroku can't build from it either)"

/** The process types app.json's formation and heroku-kit.yml's stages scale, with where each is scaled first. */
function scaledTypes(project: Project): Map<string, string> {
  const formationTypes = new Map<string, string>()
  for (const type of Object.keys(project.appJson?.formation ?? {})) formationTypes.set(type, 'app.json formation')
  if (project.pipelineFile.file) {
    for (const stage of Object.values(project.pipelineFile.stages)) {
      for (const type of Object.keys(stage.formation)) if (!formationTypes.has(type)) formationTypes.set(type, `heroku-kit.yml stages.${stage.name}.formation`)
    }
  }

  return formationTypes
}

/**
 * The container stack: the process types are heroku.yml's `run` entries, or without `run` one per `build.docker`
 * image (running its CMD); a Procfile is ignored (Dev Center "Building Docker Images with heroku.yml").
 */
function checkContainerProcesses(evidence: Evidence, container: ContainerSetup): Verdict {
  const {project, detection} = evidence.repository
  const types = container.processes
  const lines = [`${container.file} declares ${types.length > 0 ? types.join(', ') : 'no process type'} (container stack)`]
  if (project.procfile) lines.push(`the Procfile is not used: with ${container.file}, Heroku takes the process types from it`)
  const problems: string[] = []
  const fixes: string[] = []
  if (!types.includes('web')) {
    problems.push(`${container.file} declares no web process (build.docker.web or run.web): nothing receives HTTP traffic`)
    fixes.push(`add web under build.docker (web: Dockerfile) or under run (web: <command that listens on $PORT>) in ${container.file}`)
  }

  const workers = types.filter(type => type !== 'web')
  if (detection?.worker) {
    if (workers.length === 0) {
      problems.push(`the app has worker code (${detection.worker.via}) but ${container.file} declares no worker process, so its jobs never run`)
      fixes.push(`add \`worker: ${detection.worker.command}\` under run: in ${container.file}`)
    } else {
      lines.push(`worker code (${detection.worker.via}) runs as ${workers.join(', ')}`)
    }
  }

  for (const [type, where] of scaledTypes(project)) {
    if (!types.includes(type)) {
      problems.push(`${where} scales ${type}, which ${container.file} doesn't declare: Heroku answers "Couldn't find that process type"`)
      fixes.push(`add ${type} under run: in ${container.file} or remove ${type} from ${where}`)
    }
  }

  if (problems.length > 0) return {status: 'fail', evidence: [...problems, ...lines], fix: fixes.join('; ')}
  return {status: 'pass', evidence: lines}
}

function checkProcfile(evidence: Evidence): Verdict {
  const {procfileErrors, project, detection, container, containerError} = evidence.repository
  if (containerError) return {status: 'fail', evidence: ['heroku.yml does not parse:', containerError], fix: CONTAINER_PARSE_FIX}
  if (container) return checkContainerProcesses(evidence, container)
  if (procfileErrors) {
    return {
      status: 'fail',
      evidence: ['the Procfile does not parse:', ...procfileErrors],
      fix: 'fix the Procfile lines above (each is `<process type>: <command>`)',
    }
  }

  const procfile = project.procfile
  if (!procfile) {
    return {
      status: 'fail',
      evidence: ["no Procfile: Heroku falls back to the buildpack's default web command, and there is no release phase or worker"],
      fix: `${INIT_FIX} (writes a Procfile with web, release${detection?.worker ? ' and worker' : ''})`,
    }
  }

  const types = procfile.entries.map(e => e.type)
  const lines: string[] = [`Procfile declares ${types.join(', ')}`]
  const problems: string[] = []
  const fixes: string[] = []
  const web = procfile.entries.find(e => e.type === 'web')
  if (web) {
    const binds = webBindsPort(web.command)
    if (binds === false) {
      problems.push(
        `Procfile:${web.line}: web ${quoteCommand(web.command)} listens on a fixed port, a socket or localhost, not $PORT: the router can't ` +
          `reach it (R10 boot timeout)`,
      )
      fixes.push('make the web command listen on 0.0.0.0:$PORT')
    } else if (binds) {
      lines.push(`web ${quoteCommand(web.command)} binds $PORT`)
    } else {
      const entry = evidence.repository.webEntry
      lines.push(
        entry?.readsPort
          ? `web ${quoteCommand(web.command)} runs ${entry.file}, which reads PORT`
          : `web ${quoteCommand(web.command)} leaves the ` + `port to the code (not detectable from the command${entry ? ` or ${entry.file}` : ''})`,
      )
    }
  } else {
    problems.push('no web process type: nothing receives HTTP traffic')
    fixes.push(`add \`web: ${detection?.web.command ?? '<command that listens on $PORT>'}\` to the Procfile`)
  }

  const workers = procfile.entries.filter(e => e.type !== 'web' && e.type !== 'release')
  if (detection?.worker) {
    if (workers.length === 0) {
      problems.push(`the app has worker code (${detection.worker.via}) but the Procfile declares no worker process, so its jobs never run`)
      fixes.push(`add \`worker: ${detection.worker.command}\` to the Procfile`)
    } else {
      lines.push(`worker code (${detection.worker.via}) runs as ${workers.map(w => w.type).join(', ')}`)
    }
  }

  for (const [type, where] of scaledTypes(project)) {
    if (!types.includes(type)) {
      problems.push(`${where} scales ${type}, which the Procfile doesn't declare: Heroku answers "Couldn't find that process type"`)
      fixes.push(`add \`${type}: <command>\` to the Procfile or remove ${type} from ${where}`)
    }
  }

  if (problems.length > 0) return {status: 'fail', evidence: [...problems, ...lines], fix: fixes.join('; ')}
  return {status: 'pass', evidence: lines}
}

export const procfileCheck: RepositoryCheck = {
  id: 'procfile',
  criterion: '1. Procfile defines the process types (web on $PORT, worker, formation types)',
  scope: 'repository',
  run: checkProcfile,
}
