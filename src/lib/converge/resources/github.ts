/**
 * GitHub: the pipeline linked to the repository (Heroku's GitHub integration), and each stage's auto-deploy
 * (staging from its branch; production explicitly off: it changes only by promotion).
 */
import type {AppGithubLink, GithubRepo, PipelineRepository} from '../../api/github-integration.js'
import type {Pipeline} from '../../api/heroku-api.js'
import {KitError} from '../../errors.js'
import {describe, formatPath} from '../../manifest/common.js'
import {isBranchName} from '../../manifest/pipeline-file/values.js'
import type {StageName} from '../../manifest/types.js'
import type {Clients, CurrentState} from '../current.js'
import type {DesiredState} from '../desired.js'
import type {ExportStageInput, StageExport} from '../export.js'
import {type Applier, type PipelinePlanInput, type Resource, type StageFields, type StageReader, step} from '../resource.js'
import {createOnce, requireAppId, requirePipeline} from '../run-context.js'
import type {Step} from '../types.js'

/**
 * `auto_deploy:` the branch that auto-deploys staging (default: main; false for none). Production never auto-deploys:
 * it changes only by promotion. The app's GitHub link holds it.
 */
export type GithubStage = {
  declared: {autoDeploy?: string}
  /** undefined: no auto-deploy (production changes only by promotion) */
  desired: {autoDeploy?: string}
  current: {githubLink?: AppGithubLink}
  yaml: {auto_deploy?: string | false}
}

export type GithubOperation =
  {kind: 'link-repository'; repo: string} | {kind: 'set-auto-deploy'; stage: StageName; app: string; enabled: boolean; branch?: string}

const DASHBOARD_GITHUB = 'https://dashboard.heroku.com/account/applications'

/** The app's GitHub link (its auto-deploy), when the account has a GitHub connection. */
export const readGithubLink: StageReader = async ({clients, app, withGithub}) => ({
  githubLink: withGithub ? await clients.github.findAppLink(app.id) : undefined,
})

/** The account's GitHub token, when heroku-kit.yml names a repository (first wave of the read). */
export async function readGithubToken(clients: Clients, desired: DesiredState): Promise<string | undefined> {
  return desired.repo ? clients.github.findGithubToken() : undefined
}

/** With the token: the repository and the pipeline's link to it (second wave, once the pipeline is known). */
export async function readGithub(
  clients: Clients,
  desired: DesiredState,
  token: string | undefined,
  pipeline: Pipeline | undefined,
): Promise<{repo?: GithubRepo; pipelineRepository?: PipelineRepository}> {
  const [pipelineRepository, repo] = await Promise.all([
    pipeline && token ? clients.github.findPipelineRepository(pipeline.id) : Promise.resolve(undefined),
    token && desired.repo ? clients.github.findRepo(desired.repo, token) : Promise.resolve(undefined),
  ])
  return {repo, pipelineRepository}
}

/** Whether the account's GitHub connection sees the repository: what the pipeline's link, auto-deploy and review apps need. */
export function githubConnected(current: CurrentState): boolean {
  return Boolean(current.github.token && current.github.repo)
}

/** The link, then each stage's auto-deploy; nothing without `repo:` in heroku-kit.yml. */
export function planGithub({desired, current}: PipelinePlanInput): Array<Step<GithubOperation>> {
  const steps: Array<Step<GithubOperation>> = []
  if (!desired.repo) return steps
  if (!current.github.token) {
    steps.push(
      step({
        id: 'pipeline.github',
        group: 'pipeline',
        resource: 'github',
        action: 'manual',
        summary: `connect ${desired.repo}: this Heroku account has no GitHub connection`,
        details: [
          `Once, in the Dashboard: ${DASHBOARD_GITHUB} → Third-party Services → GitHub → Connect, then run kit:bootstrap again.`,
          'Until then staging can deploy from the generated GitHub Actions workflow instead.',
        ],
      }),
    )
  } else if (!current.github.repo) {
    steps.push(
      step({
        id: 'pipeline.github',
        group: 'pipeline',
        resource: 'github',
        action: 'manual',
        summary: `GitHub repository ${desired.repo} not found, or the connected GitHub account can't see it`,
        details: ['Check repo: in heroku-kit.yml, and that the GitHub account connected to Heroku has access to it.'],
      }),
    )
  } else if (current.github.pipelineRepository) {
    steps.push(
      step({
        id: 'pipeline.github',
        group: 'pipeline',
        resource: 'github',
        action: 'unchanged',
        summary: `pipeline linked to ${current.github.pipelineRepository.repository?.name ?? desired.repo}`,
        dependsOn: ['pipeline'],
      }),
    )
  } else {
    steps.push(
      step({
        id: 'pipeline.github',
        group: 'pipeline',
        resource: 'github',
        action: 'create',
        summary: `link the pipeline to GitHub ${desired.repo}`,
        dependsOn: ['pipeline'],
        operation: {kind: 'link-repository', repo: desired.repo},
      }),
    )
  }

  const connected = githubConnected(current)
  for (const stage of desired.stages) {
    const id = `${stage.name}.auto-deploy`
    const link = current.stages[stage.name].githubLink
    const want = stage.autoDeploy !== undefined
    if (!connected) {
      if (want) {
        steps.push(
          step({
            id,
            group: stage.name,
            resource: 'auto-deploy',
            action: 'manual',
            summary: `auto-deploy of ${stage.autoDeploy} waits for the GitHub connection`,
          }),
        )
      }

      continue
    }

    const dependsOn = ['pipeline.github', `${stage.name}.coupling`]
    if (want && (!link?.auto_deploy || link.branch !== stage.autoDeploy)) {
      steps.push(
        step({
          id,
          group: stage.name,
          resource: 'auto-deploy',
          action: link ? 'change' : 'create',
          summary: `auto-deploy ${stage.app} from ${stage.autoDeploy}`,
          dependsOn,
          operation: {kind: 'set-auto-deploy', stage: stage.name, app: stage.app, enabled: true, branch: stage.autoDeploy},
        }),
      )
    } else if (!want && (!link || link.auto_deploy)) {
      // explicitly off, not just "never turned on": production changes only by promotion
      steps.push(
        step({
          id,
          group: stage.name,
          resource: 'auto-deploy',
          action: link ? 'change' : 'create',
          summary: `auto-deploy of ${stage.app} off: ${stage.name} changes only by promotion`,
          dependsOn,
          operation: {kind: 'set-auto-deploy', stage: stage.name, app: stage.app, enabled: false},
        }),
      )
    } else {
      steps.push(
        step({
          id,
          group: stage.name,
          resource: 'auto-deploy',
          action: 'unchanged',
          summary: want ? `auto-deploy from ${stage.autoDeploy}` : 'no auto-deploy (changes only by promotion)',
          dependsOn,
        }),
      )
    }
  }
  return steps
}

const linkRepository: Applier<Extract<GithubOperation, {kind: 'link-repository'}>> = async (op, {clients: {github}, ctx, sleep}) => {
  const pipeline = requirePipeline(ctx)
  if (ctx.githubRepoId === undefined) throw new KitError(`The GitHub repository ${op.repo} was not found.`, {code: 'github_repo'})
  const repoId = ctx.githubRepoId
  await createOnce(
    () => github.linkPipelineRepository(pipeline, repoId),
    () => github.findPipelineRepository(pipeline),
    sleep,
  )
}

const setAutoDeploy: Applier<Extract<GithubOperation, {kind: 'set-auto-deploy'}>> = async (op, {clients: {github}, ctx}) => {
  await github.setAutoDeploy(requireAppId(ctx, op.stage), op.enabled ? {auto_deploy: true, branch: op.branch, wait_for_ci: true} : {auto_deploy: false})
}

/**
 * Staging's auto-deploy branch (or false). Production never auto-deploys in heroku-kit.yml: one that does is
 * listed, since kit:bootstrap would turn it off.
 */
export function exportAutoDeploy({name, current}: ExportStageInput): StageExport {
  const link = current.githubLink
  const on = link?.auto_deploy === true && Boolean(link.branch)
  if (name === 'production') {
    const why = 'heroku-kit.yml changes production only by promotion; kit:bootstrap would turn auto-deploy off'
    return {fields: {}, unmanaged: on ? [{scope: name, what: `production auto-deploys from ${link!.branch}`, why}] : []}
  }

  return {fields: {auto_deploy: on ? link!.branch! : false}, unmanaged: []}
}

const githubStage: StageFields<GithubStage> = {
  keys: ['auto_deploy'],
  defaults: ({name}) => (name === 'staging' ? {autoDeploy: 'main'} : {}),
  none: () => ({}),
  parse({stage, value, at, report}) {
    const autoDeploy = value.auto_deploy
    if (autoDeploy === undefined || autoDeploy === null) return
    const name = formatPath([...at, 'auto_deploy'])
    if (stage.name === 'production') {
      if (autoDeploy !== false) {
        const message = `${name}: production never auto-deploys, ` + 'it changes only by promotion from staging (heroku pipelines:promote); remove this key'
        report([...at, 'auto_deploy'], message)
      }
    } else if (autoDeploy === false) {
      delete stage.autoDeploy
    } else if (autoDeploy === true) {
      stage.autoDeploy = 'main'
    } else if (typeof autoDeploy === 'string' && isBranchName(autoDeploy)) {
      stage.autoDeploy = autoDeploy
    } else {
      report([...at, 'auto_deploy'], `${name} must be a branch name such as main (or false for no automatic deploys), not ${describe(autoDeploy)}`)
    }
  },
  desire: ({stage}) => ({autoDeploy: stage.name === 'staging' ? stage.autoDeploy : undefined}),
  unread: () => ({}),
}

export const github: Resource<GithubOperation, GithubStage> = {
  name: 'github',
  // the app's GitHub link, when the account has a GitHub connection (fleet mode does not ask GitHub)
  read: {stage: readGithubLink, state: readGithub, requests: 1, fleet: false},
  stage: githubStage,
  plan: {pipeline: planGithub},
  apply: {'link-repository': linkRepository, 'set-auto-deploy': setAutoDeploy},
  export: {stage: exportAutoDeploy},
}
