/**
 * A stage's app: looked up by name, created when missing (in the declared region, team and stack), refused when
 * the name belongs to someone else. Its stack is never changed on an existing app: that is reported as drift.
 */
import {HerokuApiError} from '../../api/errors.js'
import type {App, HerokuApi} from '../../api/heroku-api.js'
import type {CurrentStage, CurrentState} from '../current.js'
import type {DesiredState} from '../desired.js'
import type {ExportStageInput, StageExport} from '../export.js'
import {type Applier, type Resource, type StagePlanInput, step} from '../resource.js'
import {createOnce} from '../run-context.js'
import type {Step} from '../types.js'
import type {StageName} from '../../manifest/types.js'

export type AppOperation = {kind: 'create-app'; stage: StageName; name: string; region?: string; team?: string; stack?: string}

/** The app by name: 'missing' when there is none (it will be created), 'forbidden' when the name is someone else's. */
export async function readApp(heroku: HerokuApi, name: string): Promise<{access: CurrentStage['access']; app?: App}> {
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

  if (!cur.app) {
    return [
      step({
        id,
        group: stage.name,
        resource: 'app',
        action: 'create',
        summary: `create app ${stage.app}${desired.region ? ` in ${desired.region}` : ''}${stage.stack ? ` on the ${stage.stack} stack` : ''}`,
        operation: {
          kind: 'create-app',
          stage: stage.name,
          name: stage.app,
          region: desired.region,
          team: desired.team,
          ...(stage.stack ? {stack: stage.stack} : {}),
        },
      }),
    ]
  }

  const steps: Array<Step<AppOperation>> = [step({id, group: stage.name, resource: 'app', action: 'unchanged', summary: `app ${stage.app}`})]
  const stack = buildStack(cur.app)
  if (stage.stack && stack !== undefined && stack !== stage.stack) {
    // Changing the stack changes the next build (`heroku stack:set` PATCHes /apps/{app} with build_stack:
    // heroku CLI 11, dist/commands/apps/stacks/set.js): reported, never done silently.
    steps.push(
      step({
        id: `${stage.name}.stack`,
        group: stage.name,
        resource: 'app',
        action: 'drift',
        summary: `${stage.app} is on the ${stack} stack, declared ${stage.stack}`,
        details: [`heroku stack:set ${stage.stack} -a ${stage.app}, then deploy (the stack changes with the next build).`],
        dependsOn: [id],
      }),
    )
  }

  return steps
}

const createApp: Applier<AppOperation> = async (op, {clients: {heroku}, ctx, sleep}) => {
  const app = await createOnce(
    () => heroku.createApp({name: op.name, region: op.region, team: op.team, stack: op.stack}),
    () => heroku.findApp(op.name),
    sleep,
  )
  ctx.appIds[op.stage] = app.id
}

export function exportApp({current}: ExportStageInput): StageExport {
  return {fields: {app: current.app!.name}, unmanaged: []}
}

export const app: Resource<AppOperation> = {
  name: 'app',
  read: {state: readApp},
  plan: {stage: planApp},
  apply: {'create-app': createApp},
  export: {stage: exportApp},
}
