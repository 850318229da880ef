/** A plain JSON view of the emulator's state, for deep-equal assertions (see EmulatorState.snapshot). */
import type {EmulatorState} from './state.js'

export function snapshotState(state: EmulatorState, options: {ids?: boolean} = {}): Record<string, unknown> {
  const withIds = options.ids ?? true
  const id = (value: string): {id?: string} => (withIds ? {id: value} : {})
  const appName = (appId: string): string => state.apps.get(appId)?.name ?? appId
  const byKey = <T>(items: T[], key: (item: T) => string | number): T[] =>
    [...items].sort((a, b) => {
      const ka = key(a)
      const kb = key(b)
      return ka < kb ? -1 : ka > kb ? 1 : 0
    })

  const apps = byKey([...state.apps.values()], a => a.name).map(app => ({
    ...id(app.id),
    acm: app.acm,
    addons: byKey(state.appAddons(app), a => a.name).map(addon => ({
      ...id(addon.id),
      attachments: byKey(
        state.appAttachments(app).filter(a => a.addonId === addon.id),
        a => a.name,
      ).map(a => a.name),
      name: addon.name,
      plan: `${addon.service}:${addon.plan}`,
      state: addon.state,
    })),
    buildpacks: [...(state.buildpacks.get(app.id) ?? [])],
    configVars: Object.fromEntries(Object.entries(state.configVars.get(app.id) ?? {}).sort(([a], [b]) => a.localeCompare(b))),
    domains: byKey(
      [...state.domains.values()].filter(d => d.appId === app.id),
      d => d.hostname,
    ).map(d => ({
      ...id(d.id),
      acm_status: d.acmStatus,
      hostname: d.hostname,
      kind: d.kind,
      sni_endpoint: d.sniEndpoint,
      status: d.status,
    })),
    drains: byKey(
      [...state.drains.values()].filter(d => d.appId === app.id),
      d => d.url,
    ).map(d => ({
      ...id(d.id),
      addon: d.addonId ? (state.addons.get(d.addonId)?.name ?? null) : null,
      url: d.url,
    })),
    features: Object.entries(state.features.get(app.id) ?? {})
      .filter(([, on]) => on)
      .map(([name]) => name)
      .sort(),
    formation: state.appFormation(app).map(f => ({quantity: f.quantity, size: f.size, type: f.type})),
    maintenance: app.maintenance,
    name: app.name,
    owner: state.users.get(app.ownerId)?.email ?? null,
    region: app.region,
    releases: state.appReleases(app).map(r => ({
      // Without ids a slug shows as its commit.
      ...id(r.id),
      description: r.description,
      slug: withIds ? r.slugId : r.slugId ? (state.slugs.get(r.slugId)?.commit ?? true) : null,
      status: r.status,
      version: r.version,
    })),
    space: app.spaceId ? (state.spaces.get(app.spaceId)?.name ?? null) : null,
    stack: app.stack,
    team: app.teamId ? (state.teams.get(app.teamId)?.name ?? null) : null,
  }))
  const ownerName = (type: 'app' | 'space', ownerId: string): string => (type === 'app' ? appName(ownerId) : (state.spaces.get(ownerId)?.name ?? ownerId))
  const telemetryDrains = byKey([...state.telemetryDrains.values()], d => `${ownerName(d.ownerType, d.ownerId)}/${d.exporter.endpoint}`).map(d => ({
    ...id(d.id),
    endpoint: d.exporter.endpoint,
    headers: d.exporter.headers,
    owner: {name: ownerName(d.ownerType, d.ownerId), type: d.ownerType},
    signals: d.signals,
    type: d.exporter.type,
  }))
  const spaces = byKey([...state.spaces.values()], s => s.name).map(s => ({
    ...id(s.id),
    generation: s.generation,
    name: s.name,
    team: state.teams.get(s.teamId)?.name ?? null,
  }))
  const pipelines = byKey([...state.pipelines.values()], p => `${p.name}/${p.createdAt}/${p.id}`).map(p => {
    const repo = state.repoLinks.get(p.id)
    const review = state.reviewAppConfigs.get(p.id)
    return {
      ...id(p.id),
      couplings: byKey(state.pipelineCouplings(p), c => appName(c.appId)).map(c => ({...id(c.id), app: appName(c.appId), stage: c.stage})),
      generation: p.generation,
      name: p.name,
      owner: p.ownerType === 'user' ? state.users.get(p.ownerId)?.email : state.teams.get(p.ownerId)?.name,
      repository: repo ? (state.githubRepoById(repo.repoId)?.full_name ?? repo.repoId) : null,
      reviewAppConfig: review
        ? {
            automatic_review_apps: review.automaticReviewApps,
            destroy_stale_apps: review.destroyStaleApps,
            stale_days: review.staleDays,
            wait_for_ci: review.waitForCi,
          }
        : null,
      stageConfigVars: state.stageConfigVars.get(p.id) ?? null,
    }
  })
  const appLinks = byKey([...state.appLinks.values()], l => appName(l.appId)).map(l => ({
    app: appName(l.appId),
    auto_deploy: l.autoDeploy,
    branch: l.branch,
    pull_requests: l.pullRequests,
    wait_for_ci: l.waitForCi,
  }))
  const schedules = byKey([...state.schedules.values()], s => `${state.addons.get(s.addonId)?.name}/${s.name}`).map(s => ({
    ...id(s.uuid),
    addon: state.addons.get(s.addonId)?.name ?? s.addonId,
    hour: s.hour,
    name: s.name,
    timezone: s.timezone,
  }))
  const promotions = byKey([...state.promotions.values()], p => p.createdAt).map(p => ({
    ...id(p.id),
    source: appName(p.sourceAppId),
    targets: [...state.promotionTargets.values()]
      .filter(t => t.promotionId === p.id)
      .map(t => appName(t.appId))
      .sort(),
  }))
  return JSON.parse(
    JSON.stringify({
      appLinks,
      apps,
      pipelines,
      promotions,
      schedules,
      spaces,
      teams: byKey([...state.teams.values()], t => t.name).map(t => ({...id(t.id), name: t.name})),
      telemetryDrains,
      users: byKey([...state.users.values()], u => u.email).map(u => ({...id(u.id), email: u.email})),
    }),
  ) as Record<string, unknown>
}
