import {readFile} from 'node:fs/promises'

import {parse as parseYaml} from 'yaml'

import {exists} from '../fs.js'
import {remoteUrl} from '../git/repository.js'
import {defaultAppName, PIPELINE_FILE} from '../manifest/index.js'
import {detect} from './detect/index.js'
import {readOptional} from './files.js'
import {mergeAppJson, mergeProcfile} from './merge.js'
import {checkPipelineName, githubRepoFromRemote, MAX_PIPELINE_LENGTH, pipelineNameFrom} from './names.js'
import {appJson} from './templates/app-json.js'
import {envExample, envStage, GITIGNORE_HEADER, GITIGNORE_LINES} from './templates/env-files.js'
import {observability} from './templates/observability.js'
import {pipelineFile} from './templates/pipeline-file.js'
import {procfile} from './templates/procfile.js'
import {projectToml} from './templates/project-toml.js'
import {ciWorkflow, deployStagingWorkflow, planWorkflow, promoteProductionWorkflow} from './templates/workflows.js'
import type {Detection, GeneratedFile, InitOptions, WiringHint} from './types.js'

export interface Generation {
  detection: Detection
  pipeline: string
  /** where the pipeline name came from */
  pipelineSource: '--pipeline' | 'heroku-kit.yml' | 'project name'
  stagingApp: string
  productionApp: string
  /** GitHub owner/name and URL from the `origin` remote */
  repo?: {slug: string; url: string}
  files: GeneratedFile[]
  hints: WiringHint[]
}

/** This package's version (package.json is three levels up from src/lib/init and from dist/lib/init alike). */
async function packageVersion(): Promise<string> {
  const text = await readFile(new URL('../../../package.json', import.meta.url), 'utf8')
  return (JSON.parse(text) as {version: string}).version
}

/** The pipeline name in an existing heroku-kit.yml (so that a re-run without --pipeline keeps it), if it is usable. */
async function existingPipelineName(dir: string): Promise<string | undefined> {
  let text: string | undefined
  try {
    text = await readOptional(dir, PIPELINE_FILE)
  } catch {
    return undefined
  }

  if (text === undefined) return undefined
  try {
    const doc = parseYaml(text) as unknown
    const name = doc && typeof doc === 'object' ? (doc as Record<string, unknown>).pipeline : undefined
    return typeof name === 'string' && /^[a-z][a-z0-9-]{2,}$/.test(name) && name.length <= MAX_PIPELINE_LENGTH && !name.endsWith('-') ? name : undefined
  } catch {
    return undefined
  }
}

/**
 * Everything kit:init would write for the app in `dir`: the files (deterministic: same repository and options,
 * byte-identical output) and the lines that wire the health endpoint and logging in. Reads only.
 */
export async function generate(dir: string, options: InitOptions = {}): Promise<Generation> {
  const detection = await detect(dir, {stack: options.stack})
  let pipeline: string
  let pipelineSource: Generation['pipelineSource']
  if (options.pipeline !== undefined) {
    pipeline = checkPipelineName(options.pipeline)
    pipelineSource = '--pipeline'
  } else {
    const existing = await existingPipelineName(dir)
    pipeline = existing ?? pipelineNameFrom(detection.name)
    pipelineSource = existing ? 'heroku-kit.yml' : 'project name'
  }

  const stagingApp = defaultAppName(pipeline, 'staging')
  const productionApp = defaultAppName(pipeline, 'production')
  const repo = githubRepoFromRemote(await remoteUrl(dir, 'origin'))
  const present = new Set<string>()
  for (const file of ['.nvmrc', '.python-version', '.ruby-version', '.tool-versions', 'requirements-dev.txt', 'requirements-test.txt']) {
    // eslint-disable-next-line no-await-in-loop -- a handful of stats
    if (await exists(dir, file)) present.add(file)
  }

  const kitVersion = options.kitVersion ?? (await packageVersion())
  const workflowContext = {pipeline, stagingApp, productionApp, has: (file: string) => present.has(file), kitVersion}
  const {files: observed, hints} = observability(detection)
  const procfileText = procfile(detection)
  const {generation} = options
  const appJsonText = appJson(detection, {pipeline, repository: repo?.url, generation})
  // Fir builds with Cloud Native Buildpacks named in project.toml (a container app builds from heroku.yml instead)
  const cnb = generation === 'fir' && !detection.container
  const files: GeneratedFile[] = [
    // heroku.yml replaces the Procfile on the container stack (Heroku ignores a Procfile there): none is written
    ...(detection.container
      ? []
      : [
          {
            path: 'Procfile',
            content: procfileText,
            mode: 'merge' as const,
            merge: (existing: string) => mergeProcfile(existing, procfileText),
            purpose: 'process types: web on $PORT' + (detection.worker ? ', worker' : '') + (detection.migrations ? ', release (migrations)' : ''),
          },
        ]),
    {
      path: 'app.json',
      content: appJsonText,
      mode: 'merge',
      merge: existing => mergeAppJson(existing, appJsonText),
      purpose: `env, formation, add-ons, ${detection.container ? 'container stack' : cnb ? 'no buildpacks (project.toml)' : 'buildpacks'}, review and CI environments`,
    },
    ...(cnb ? [{path: 'project.toml', content: projectToml(detection), purpose: 'the Cloud Native Buildpacks Fir builds the app with'}] : []),
    {
      path: PIPELINE_FILE,
      content: pipelineFile(detection, {pipeline, stagingApp, productionApp, repo: repo?.slug, generation}),
      purpose: 'the pipeline for kit:bootstrap',
    },
    {path: '.github/workflows/ci.yml', content: ciWorkflow(detection, workflowContext), purpose: 'CI on pull requests and pushes'},
    {
      path: '.github/workflows/deploy-staging.yml',
      content: deployStagingWorkflow(detection, workflowContext),
      purpose: 'deploy main to staging, health check, rollback',
    },
    {
      path: '.github/workflows/promote-production.yml',
      content: promoteProductionWorkflow(detection, workflowContext),
      purpose: 'promotion to production behind approval',
    },
    {
      path: '.github/workflows/plan.yml',
      content: planWorkflow(detection, workflowContext),
      purpose: 'the plan and its cost on pull requests (read-only token)',
    },
    ...observed,
    {path: '.env.example', content: envExample(detection, pipeline), mode: 'dotenv', purpose: 'config keys for local development (no secrets)'},
    {path: '.env.staging', content: envStage(detection, 'staging', stagingApp), mode: 'dotenv', purpose: 'staging config for kit:config:sync (git-ignored)'},
    {
      path: '.env.production',
      content: envStage(detection, 'production', productionApp),
      mode: 'dotenv',
      purpose: 'production config for kit:config:sync (git-ignored)',
    },
    {path: '.gitignore', content: `${GITIGNORE_HEADER}\n${GITIGNORE_LINES.join('\n')}\n`, mode: 'append', purpose: 'keep real .env files out of git'},
  ]
  return {detection, pipeline, pipelineSource, stagingApp, productionApp, repo, files, hints}
}
