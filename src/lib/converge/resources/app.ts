/**
 * A stage's app: looked up by name, created when missing (in the declared region, team and stack), refused when
 * the name belongs to someone else. Its stack is never changed on an existing app: that is reported as drift.
 */
import {HerokuApiError} from '../../api/errors.js'
import type {App, HerokuApi} from '../../api/heroku-api.js'
import {formatPath} from '../../manifest/common.js'
import {appNameProblem, defaultAppName} from '../../manifest/pipeline-file/names.js'
import type {StageName} from '../../manifest/types.js'
import type {CurrentState} from '../current.js'
import type {DesiredState} from '../desired.js'
import type {ExportStageInput, StageExport} from '../export.js'
import type {CurrentStage} from '../registry.js'
import {type Applier, type Resource, type StageFields, type StagePlanInput, step} from '../resource.js'
import {createOnce} from '../run-context.js'
import {stageGeneration} from '../stage-generation.js'
import type {Step} from '../types.js'

/** `app:` names the stage's Heroku app (default: the pipeline's name with -staging / -prod); the app's stack is desired from the repository. */
export type AppStage = {
  declared: {app: string}
  desired: {app: string; stack?: string}
  /** 'missing': no such app (it will be created); 'forbidden': the name belongs to someone else */
  current: {access: 'forbidden' | 'missing' | 'ok'; app?: App}
  yaml: {app?: string}
}

/** `space`: created in that Private Space (of the team; its region and generation are the space's). */
export type AppOperation = {kind: 'create-app'; stage: StageName; name: string; region?: string; team?: string; stack?: string; space?: string}

/** The app by name: 'missing' when there is none (it will be created), 'forbidden' when the name is someone else's. */
export async function readApp(heroku: HerokuApi, name: string): Promise<{access: AppStage['current']['access']; app?: App}> {
  try {
    const app = await heroku.findApp(name)
    return app ? {access: 'ok', app} : {access: 'missing'}
  } catch (error) {
    if (error instanceof HerokuApiError && error.status === 403) return {access: 'forbidden'}
    throw error
  }
}

function appOwnedByUser(stage: CurrentStage, desired: DesiredState, current: CurrentState): boolean {
  const app = stage.app
  if (!app) return false
  if (desired.team) return app.team?.name === desired.team || app.team?.id === current.owner.id
  return app.owner?.id === current.account.id || app.owner?.email === current.account.email
}

/** The stack the app's next build uses (`build_stack`; `stack` is the one it runs until then). */
function buildStack(app: App): string | undefined {
  return app.build_stack?.name ?? app.stack?.name
}

export function planApp({stage, cur, desired, current, errors}: StagePlanInput): Array<Step<AppOperation>> {
  const id = `${stage.name}.app`
  if (cur.access === 'forbidden') {
    errors.push(`The app name ${stage.app} (${stage.name}) is taken by someone else. Choose another name in heroku-kit.yml (stages.${stage.name}.app).`)
  } else if (cur.app && !appOwnedByUser(cur, desired, current)) {
    const owner = cur.app.team?.name ? `team ${cur.app.team.name}` : (cur.app.owner?.email ?? 'another account')
    errors.push(
      `The app ${stage.app} (${stage.name}) exists but belongs to ${owner}, not ${desired.team ? `team ${desired.team}` : current.account.email}. ` +
        `Choose another name in heroku-kit.yml (stages.${stage.name}.app), or set team:.`,
    )
  }

  // Stacks are Cedar's: a Fir app is built by Cloud Native Buildpacks, or from its image, and has no stack to set or
  // compare (terraform-provider-heroku refuses `stack` on Fir apps: docs/resources/app.md).
  const stack = stageGeneration({stage, cur, current}).name === 'fir' ? undefined : stage.stack
  if (!cur.app) {
    // in a space, the app takes the space's region: `region` is not sent (a region the space is not in is a plan error, space.ts)
    const where = stage.space ? ` in the space ${stage.space}` : desired.region ? ` in ${desired.region}` : ''
    return [
      step({
        id,
        group: stage.name,
        resource: 'app',
        action: 'create',
        summary: `create app ${stage.app}${where}${stack ? ` on the ${stack} stack` : ''}`,
        operation: {
          kind: 'create-app',
          stage: stage.name,
          name: stage.app,
          ...(stage.space ? {space: stage.space} : {region: desired.region}),
          team: desired.team,
          ...(stack ? {stack} : {}),
        },
      }),
    ]
  }

  const steps: Array<Step<AppOperation>> = [step({id, group: stage.name, resource: 'app', action: 'unchanged', summary: `app ${stage.app}`})]
  const running = buildStack(cur.app)
  if (stack && running !== undefined && running !== stack) {
    // Changing the stack changes the next build (`heroku stack:set` PATCHes /apps/{app} with build_stack:
    // heroku CLI 11, dist/commands/apps/stacks/set.js): reported, never done silently.
    steps.push(
      step({
        id: `${stage.name}.stack`,
        group: stage.name,
        resource: 'app',
        action: 'drift',
        summary: `${stage.app} is on the ${running} stack, declared ${stack}`,
        details: [`heroku stack:set ${stack} -a ${stage.app}, then deploy (the stack changes with the next build).`],
        dependsOn: [id],
      }),
    )
  }

  return steps
}

const createApp: Applier<AppOperation> = async (op, {clients: {heroku}, ctx, sleep}) => {
  const app = await createOnce(
    () => heroku.createApp({name: op.name, region: op.region, team: op.team, stack: op.stack, space: op.space}),
    () => heroku.findApp(op.name),
    sleep,
  )
  ctx.appIds[op.stage] = app.id
}

export function exportApp({current}: ExportStageInput): StageExport {
  return {fields: {app: current.app!.name}, unmanaged: []}
}

const appStage: StageFields<AppStage> = {
  keys: ['app'],
  defaults: ({pipeline, name}) => ({app: defaultAppName(pipeline, name)}),
  none: () => ({app: ''}),
  parse({stage, value, at, fields, report}) {
    const name = fields.string(value, 'app', at)
    if (name === undefined) return
    const problem = appNameProblem(name)
    if (problem) report([...at, 'app'], `${formatPath([...at, 'app'])}: ${problem}`)
    else stage.app = name
  },
  across(stages, report) {
    if (stages.staging.app === stages.production.app) {
      const name = stages.production.app
      report(['stages', 'production', 'app'], `stages.production.app is ${name}, the same app as staging; production and staging must be two apps`)
    }
  },
  desire: ({stage, stack}) => ({app: stage.app, ...(stack ? {stack} : {})}),
  unread: () => ({access: 'missing'}),
}

export const app: Resource<AppOperation, AppStage> = {
  name: 'app',
  // the app itself: GET /apps/{app}, by name (readCurrentState) or by id (fleet mode)
  read: {state: readApp, requests: 1},
  stage: appStage,
  plan: {stage: planApp},
  apply: {'create-app': createApp},
  export: {stage: exportApp},
}
