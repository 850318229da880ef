import type {EmulatorState} from 'heroku-emulator'

/**
 * The emulator's state for one pipeline as comparable data: what exists, without ids, names Heroku generates
 * or generated secret values. Two runs that converge to the same setup give deep-equal summaries; a duplicate
 * pipeline, add-on, domain or drain shows up as an extra entry.
 */
export function summarizePipeline(state: EmulatorState, pipelineName: string): Record<string, unknown> {
  const pipelines = [...state.pipelines.values()].filter(p => p.name === pipelineName)
  const appSummary = (appId: string) => {
    const app = state.apps.get(appId)!
    const addons = [...state.addons.values()].filter(a => a.appId === appId)
    const addonIds = new Set(addons.map(a => a.id))
    return {
      name: app.name,
      acm: app.acm,
      addons: addons
        .map(
          a =>
            `${a.service}:${a.plan}@${[...state.attachments.values()]
              .filter(t => t.addonId === a.id && t.appId === appId)
              .map(t => t.name)
              .sort()
              .join('+')}:${a.state}`,
        )
        .sort(),
      configKeys: Object.keys(state.configVars.get(appId) ?? {}).sort(),
      buildpacks: state.buildpacks.get(appId) ?? [],
      preboot: state.features.get(appId)?.preboot ?? false,
      domains: [...state.domains.values()]
        .filter(d => d.appId === appId && d.kind === 'custom')
        .map(d => d.hostname)
        .sort(),
      drains: [...state.drains.values()]
        .filter(d => d.appId === appId && !d.addonId)
        .map(d => d.url)
        .sort(),
      schedules: [...state.schedules.values()]
        .filter(s => addonIds.has(s.addonId))
        .map(s => `${s.name}@${s.hour}:00 ${s.timezone}`)
        .sort(),
      // no stored link and a link with auto-deploy off mean the same: the app does not auto-deploy
      autoDeploy: state.appLinks.get(appId)?.autoDeploy ? `on from ${state.appLinks.get(appId)!.branch}` : 'off',
      formation: [...state.formation.values()]
        .filter(f => f.appId === appId)
        .map(f => `${f.type}=${f.quantity}:${f.size}`)
        .sort(),
    }
  }

  return {
    pipelines: pipelines.length,
    stages: pipelines.map(p => Object.fromEntries([...state.couplings.values()].filter(c => c.pipelineId === p.id).map(c => [c.stage, appSummary(c.appId)]))),
    reviewApps: pipelines.map(p => {
      const config = state.reviewAppConfigs.get(p.id)
      return config
        ? {automatic: config.automaticReviewApps, destroyStale: config.destroyStaleApps, staleDays: config.staleDays, waitForCi: config.waitForCi}
        : undefined
    }),
    reviewConfig: pipelines.map(p => state.stageConfigVars.get(p.id)?.review ?? {}),
    repoLinks: pipelines.map(p => state.repoLinks.get(p.id)?.repoId),
  }
}
