/**
 * Test-control endpoints under /__emulator/ (host 'app', no auth) so scripts that run the emulator as a separate
 * process (main.ts: demo, benchmarks) can seed and inspect it. Not part of any Heroku API.
 */
import {invalid, objectBody, type Router} from './http.js'
import type {Faults} from './faults.js'
import type {FaultRule, RequestLogEntry} from './types.js'

export interface Controls {
  faults: Faults
  setLatency(ms: number): void
  log(): RequestLogEntry[]
  clearLog(): void
}

const control = {host: 'app' as const, public: true}

function text(body: Record<string, unknown>, key: string): string {
  if (typeof body[key] !== 'string' || body[key] === '') throw invalid(`${key} is required`)
  return body[key] as string
}

export function registerControl(router: Router, controls: Controls): void {
  router
    .get('/__emulator/snapshot', ctx => ({body: ctx.state.snapshot({ids: ctx.query.ids !== 'false'})}), control)
    .get('/__emulator/log', () => ({body: controls.log()}), control)
    .delete(
      '/__emulator/log',
      () => {
        controls.clearLog()
        return {body: {}}
      },
      control,
    )
    .post(
      '/__emulator/deploy',
      ctx => {
        const body = objectBody(ctx)
        const processTypes = body.processTypes as Record<string, string> | undefined
        if (!processTypes || typeof processTypes !== 'object') throw invalid('processTypes is required')
        const release = ctx.state.deploy(text(body, 'app'), {
          commit: typeof body.commit === 'string' ? body.commit : undefined,
          processTypes,
          releasePhase: body.releasePhase === 'fails' ? 'fails' : 'succeeds',
        })
        return {body: {id: release.id, status: release.status, version: release.version}, status: 201}
      },
      control,
    )
    .post(
      '/__emulator/spaces',
      ctx => {
        const body = objectBody(ctx)
        const generation = body.generation === 'fir' ? 'fir' : body.generation === undefined || body.generation === 'cedar' ? 'cedar' : undefined
        if (!generation) throw invalid('generation must be cedar or fir')
        const team = typeof body.team === 'string' ? body.team : undefined
        const space = ctx.state.createSpace(text(body, 'name'), {generation, region: typeof body.region === 'string' ? body.region : undefined, team})
        return {body: {generation: space.generation, id: space.id, name: space.name, team: ctx.state.teams.get(space.teamId)?.name}, status: 201}
      },
      control,
    )
    .post(
      '/__emulator/health',
      ctx => {
        const body = objectBody(ctx)
        if (!Array.isArray(body.statuses)) throw invalid('statuses is required')
        ctx.state.setHealth(text(body, 'app'), body.statuses.map(Number))
        return {body: {}}
      },
      control,
    )
    .post(
      '/__emulator/github-repos',
      ctx => {
        const body = objectBody(ctx)
        return {
          body: ctx.state.addGithubRepo({default_branch: body.default_branch as string | undefined, full_name: text(body, 'full_name'), id: Number(body.id)}),
          status: 201,
        }
      },
      control,
    )
    .post(
      '/__emulator/fail-acm',
      ctx => {
        const body = objectBody(ctx)
        ctx.state.failAcm(text(body, 'hostname'), text(body, 'reason'))
        return {body: {}}
      },
      control,
    )
    .post(
      '/__emulator/faults',
      ctx => {
        const body = objectBody(ctx) as FaultRule & {path?: string; times?: number | null}
        controls.faults.add({...body, times: body.times === null ? Number.POSITIVE_INFINITY : body.times})
        return {body: {}, status: 201}
      },
      control,
    )
    .delete(
      '/__emulator/faults',
      () => {
        controls.faults.clear()
        return {body: {}}
      },
      control,
    )
    .post(
      '/__emulator/latency',
      ctx => {
        const ms = Number(objectBody(ctx).ms)
        if (!Number.isFinite(ms) || ms < 0) throw invalid('ms must be a non-negative number')
        controls.setLatency(ms)
        return {body: {}}
      },
      control,
    )
}
