/**
 * A fleet of pipelines in the emulator, for kit:verify --team / --all (tests and `npm run bench`): each pipeline
 * NAME has NAME-staging and NAME-prod, deployed (web + worker), with Postgres (production backups scheduled),
 * a logging add-on, review apps, and on production preboot and a monitoring add-on. Every fifth pipeline's
 * latest production release failed, so the report has something to say.
 */
import {randomUUID} from 'node:crypto'

import type {EmulatorState, Pipeline, Team} from 'heroku-emulator'

export interface FleetOptions {
  pipelines: number
  /** team that owns the pipelines and apps (default: the account itself) */
  team?: string
  prefix?: string
}

export function seedFleet(state: EmulatorState, options: FleetOptions): {team?: Team; pipelines: Pipeline[]} {
  const team = options.team ? state.createTeam(options.team) : undefined
  const prefix = options.prefix ?? 'fleet'
  const pipelines: Pipeline[] = []
  for (let i = 1; i <= options.pipelines; i++) {
    const name = `${prefix}-${String(i).padStart(2, '0')}`
    const pipeline = state.createPipeline({name, owner: team})
    pipelines.push(pipeline)
    const now = state.now()
    state.addGithubRepo({full_name: `acme/${name}`, id: 4000 + i})
    state.repoLinks.set(pipeline.id, {
      id: randomUUID(),
      pipelineId: pipeline.id,
      repoId: 4000 + i,
      ci: false,
      organization: null,
      creatorId: state.defaultUser.id,
      createdAt: now,
      updatedAt: now,
    })
    state.reviewAppConfigs.set(pipeline.id, {
      pipelineId: pipeline.id,
      repoId: 4000 + i,
      automaticReviewApps: true,
      destroyStaleApps: true,
      staleDays: 5,
      deployTarget: null,
      waitForCi: true,
      baseName: null,
      createdAt: now,
      updatedAt: now,
    })
    for (const [suffix, stage] of [
      ['staging', 'staging'],
      ['prod', 'production'],
    ] as const) {
      const appName = `${name}-${suffix}`
      const app = state.createApp({name: appName, owner: team})
      state.couple(app, pipeline, stage)
      const database = state.addAddon(appName, stage === 'production' ? 'heroku-postgresql:standard-0' : 'heroku-postgresql:essential-0', {
        attachmentName: 'DATABASE',
      })
      state.addAddon(appName, 'papertrail:choklad')
      if (stage === 'production') state.addAddon(appName, 'newrelic:wayne')
      state.setConfigVars(appName, {NODE_ENV: 'production', SESSION_SECRET: `secret-${randomUUID()}`})
      const processTypes = {web: 'node server.js', worker: 'node worker.js', release: 'npm run migrate'}
      const release = state.deploy(appName, {processTypes})
      // seeded history: settled now, whatever the emulator's timings (packages/heroku-emulator/README.md, Timings)
      Object.assign(release, {pendingPolls: 0, readyAt: undefined})
      state.pollRelease(release)
      if (stage === 'production' && i % 5 === 0) {
        // the latest deploy's release phase failed: v(n) never went live
        const failed = state.deploy(appName, {processTypes, releasePhase: 'fails'})
        Object.assign(failed, {pendingPolls: 0, readyAt: undefined})
        state.pollRelease(failed)
      }
      if (stage === 'production') {
        state.features.get(app.id)!.preboot = true
        state.schedules.set(randomUUID(), {
          uuid: randomUUID(),
          addonId: database.id,
          name: 'DATABASE_URL',
          hour: 2,
          days: ['Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'],
          timezone: 'UTC',
          retainWeeks: 4,
          retainMonths: 3,
          createdAt: now,
          updatedAt: now,
        })
      }
    }
  }

  return {team, pipelines}
}
