/**
 * Releases and what follows them, shared by the routes that create releases (config vars, add-ons, builds,
 * promotions, rollbacks) and the seeding helpers on EmulatorState: the release phase (pending, then succeeded or
 * failed, after `timings.releasePhaseMs` and the configured number of polls), deploys of a slug, and the formation
 * that follows the current slug's process types. Sources: [schema] `release`, `slug`; [doc] "Release Phase" (README, Releases).
 */
import {randomUUID} from 'node:crypto'

import {FIR_DEFAULT_DYNO_SIZE} from './fir-dyno-sizes.js'
import {isFirApp} from './generations.js'
import {due} from './timings.js'
import type {App, DeployOptions, EmulatorState, Formation, NewReleaseOptions, Release, Slug} from './state.js'

export function createRelease(state: EmulatorState, app: App, options: NewReleaseOptions): Release {
  const slugId = options.slugId === undefined ? (state.currentRelease(app)?.slugId ?? null) : options.slugId
  const slug = slugId ? state.slugs.get(slugId) : undefined
  const releasePhase = Boolean(options.runReleasePhase && slug?.processTypes.release)
  const phase = app.releasePhaseOverride ?? slug?.releasePhase ?? 'succeeds'
  const now = state.now()
  const release: Release = {
    addonPlanNames: state.appAddons(app).map(a => `${a.service}:${a.plan}`),
    appId: app.id,
    configVars: {...(options.configVars ?? state.configVars.get(app.id) ?? {})},
    createdAt: now,
    description: options.description,
    id: randomUUID(),
    outcome: phase === 'fails' ? 'failed' : 'succeeded',
    pendingPolls: state.releasePhasePolls,
    readyAt: Date.now() + state.timings.releasePhaseMs,
    releasePhase,
    slugId,
    status: 'pending',
    updatedAt: now,
    userId: (options.user ?? state.defaultUser).id,
    version: (state.appReleases(app).at(-1)?.version ?? 0) + 1,
  }
  state.releases.set(release.id, release)
  if (!releasePhase) settleRelease(state, release, 'succeeded')
  return release
}

/** A GET observed the release: a pending release phase advances. */
export function pollRelease(state: EmulatorState, release: Release): void {
  if (release.status !== 'pending') return
  if (release.pendingPolls > 0) release.pendingPolls -= 1
  else if (due(release.readyAt)) settleRelease(state, release, release.outcome)
}

function settleRelease(state: EmulatorState, release: Release, status: 'succeeded' | 'failed'): void {
  release.status = status
  release.updatedAt = state.now()
  const app = state.apps.get(release.appId)
  if (app && status === 'succeeded') {
    app.releasedAt = release.updatedAt
    syncFormation(state, app)
  }
}

/** Deploy code: a slug with these process types and a release of it (release phase if `release` is a type). */
export function deploy(state: EmulatorState, appName: string, options: DeployOptions): Release {
  const app = state.appOrThrow(appName)
  const now = state.now()
  const commit = options.commit ?? state.prng.hex(40)
  const slug: Slug = {
    appId: app.id,
    commit,
    commitDescription: null,
    createdAt: now,
    id: randomUUID(),
    processTypes: {...options.processTypes},
    releasePhase: options.releasePhase ?? 'succeeds',
    size: 1024 * 1024 * 40,
    stack: app.stack,
    updatedAt: now,
  }
  state.slugs.set(slug.id, slug)
  return createRelease(state, app, {description: options.description ?? `Deploy ${commit.slice(0, 8)}`, runReleasePhase: true, slugId: slug.id})
}

/** Formation follows the current slug: new types appear (web at 1, others at 0), vanished types go. */
export function syncFormation(state: EmulatorState, app: App): void {
  const types = state.processTypes(app)
  const existing = state.appFormation(app)
  const now = state.now()
  for (const entry of existing) if (!(entry.type in types)) state.formation.delete(entry.id)
  for (const [type, command] of Object.entries(types)) {
    const entry = existing.find(f => f.type === type)
    if (entry) {
      if (entry.command !== command) Object.assign(entry, {command, updatedAt: now})
      continue
    }

    const formation: Formation = {
      appId: app.id,
      command,
      createdAt: now,
      id: randomUUID(),
      quantity: type === 'web' ? 1 : 0,
      size: isFirApp(state, app) ? FIR_DEFAULT_DYNO_SIZE : app.teamId ? 'standard-1x' : 'basic',
      type,
      updatedAt: now,
    }
    state.formation.set(formation.id, formation)
  }
}
