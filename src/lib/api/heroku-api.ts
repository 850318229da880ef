import type * as Heroku from '@heroku-cli/schema'

import type {GenerationLike} from '../generation.js'
import type {ReleaseArtifact} from '../release-artifact.js'
import {HerokuApiError, isNotFound} from './errors.js'
import type {HttpClient} from './http.js'

/** Resources as heroku-kit relies on them: the schema's types with the fields we use made required. */
/** `generation` (read it with `generationOf`, lib/generation.ts) is in the API's answers but not in @heroku-cli/schema's types. */
export type App = Heroku.App & {id: string; name: string; generation?: GenerationLike}
export type Pipeline = Heroku.Pipeline & {id: string; name: string; generation?: GenerationLike}
export type PipelineCoupling = Heroku.PipelineCoupling & {id: string; stage: string; app: {id: string; name?: string}; pipeline: {id: string; name?: string}}
export type AddonAttachment = Heroku.AddOnAttachment & {
  id: string
  name: string
  addon: {id: string; name: string; app: {id?: string; name?: string}}
  config_vars?: string[]
}
/** A Fir release runs an OCI image instead of a slug: `slug` null, `oci_image` (with `3.sdk`), an `oci-image` artifact. */
export type Release = Heroku.Release & {id: string; version: number; oci_image?: {id: string} | null; artifacts?: Array<{id?: string; type?: string}>}
export type ConfigVars = Record<string, string>
export type ConfigPatch = Record<string, string | null>
export type Team = Heroku.Team & {id: string; name: string}
/** A price as the Platform API gives it (`plan.price`, `billed_price`, a dyno size's `cost`); `metered` only in the `3.sdk` variant. */
export type ApiPrice = {cents?: number | null; unit?: string | null; contract?: boolean | null; metered?: boolean | null}
export type Addon = {
  id: string
  name: string
  state?: string
  addon_service: {id?: string; name: string}
  /** `price` when the list was read with `Accept-Expansion: plan` (listAddons) */
  plan: {id?: string; name: string; price?: ApiPrice | null}
  app: {id?: string; name?: string}
  config_vars?: string[]
  /** what Heroku bills for this add-on (a grandfathered price can differ from the plan's) */
  billed_price?: ApiPrice | null
}
/** An add-on plan of a service, with its list price. */
export type AddonPlan = {id?: string; name: string; default?: boolean; price?: ApiPrice | null}
export type FormationEntry = Heroku.Formation & {type: string; quantity: number; size?: string; dyno_size?: {id?: string; name?: string}}
export type Domain = Heroku.Domain & {
  id: string
  hostname: string
  kind: string
  cname: string | null
  acm_status?: string | null
  acm_status_reason?: string | null
  status?: string
}
export type LogDrain = {id: string; url: string; token?: string; addon: {id?: string; name?: string} | null; created_at?: string}
export type AppFeature = Heroku.AppFeature & {name: string; enabled: boolean}
export type ReviewAppConfig = {
  pipeline_id?: string
  repo?: {id?: number | string; name?: string}
  automatic_review_apps?: boolean
  destroy_stale_apps?: boolean
  stale_days?: number
  wait_for_ci?: boolean
  deploy_target?: unknown
}
export type BuildpackInstallation = {ordinal: number; buildpack: {url: string; name?: string}}
export type PipelinePromotion = {id: string; status?: string; pipeline: {id: string}; source?: unknown}
export type PromotionTarget = {
  id: string
  status: 'failed' | 'pending' | 'succeeded'
  error_message?: string | null
  app: {id: string}
  release?: {id: string} | null
}
export type DynoSize = {name: string; memory?: number; compute?: number; dedicated?: boolean; private_space_only?: boolean; cost?: ApiPrice | null}
export type Slug = {id: string; size?: number | null; process_types?: Record<string, string>; commit?: string | null; stack?: {name?: string}}
/** A slug or a Fir OCI image: what a release runs, with the commit it was built from and its process types (by name). */
export type BuildArtifact = {id: string; commit?: string | null; process_types?: Record<string, unknown>}
/** A source: where to upload a tarball (`put_url`, pre-signed) and where Heroku reads it back (`get_url`). */
export type Source = {source_blob: {get_url: string; put_url: string}}
export type Build = {
  id: string
  status: 'failed' | 'pending' | 'succeeded'
  output_stream_url?: string | null
  source_blob: {url?: string; version?: string | null; version_description?: string | null; checksum?: string | null}
  release?: {id: string} | null
  slug?: {id: string} | null
  stack?: string
  created_at?: string
  updated_at?: string
  app?: {id?: string}
}
export interface FormationUpdate {
  type: string
  quantity?: number
  dyno_size?: {name: string}
}
export interface AddonCreate {
  plan: string
  /** the add-on's globally unique name (`^[a-zA-Z][A-Za-z0-9_-]+$`); Heroku makes one up when absent */
  name?: string
  attachment?: {name: string}
  config?: Record<string, unknown>
}
export interface ReviewAppSettings {
  automatic_review_apps: boolean
  destroy_stale_apps: boolean
  stale_days: number
  wait_for_ci: boolean
}
/** A Private Space; `generation` in either of its forms (read it with `generationOf`, lib/generation.ts). */
export type Space = Heroku.Space & {id: string; name: string; generation?: GenerationLike}
/** A generation as `3.sdk` answers it: with the features Heroku does not offer on it (the Heroku CLI's `Generation` type). */
export type Generation = {id: string; name: string; unsupported_features: string[]}
/** An OpenTelemetry drain of a Fir app or space (schema `telemetry-drain`). */
export type TelemetryDrain = {
  id: string
  owner: {id: string; type: 'app' | 'space'}
  signals: Array<'logs' | 'metrics' | 'traces'>
  exporter: {type: 'otlp' | 'otlphttp'; endpoint: string; headers?: Record<string, string>}
  created_at?: string
}
/** `POST /telemetry-drains`: the owner by id, the signals, the exporter. */
export type TelemetryDrainCreate = Pick<TelemetryDrain, 'owner' | 'signals' | 'exporter'>
/** Pipeline stages whose config vars live on the pipeline, not on an app. */
export type PipelineConfigStage = 'review' | 'test'

const enc = encodeURIComponent

/**
 * Typed Heroku operations over the one HTTP client. Methods are named after what they do, take names
 * or ids, and return the API's own representations. `find*` methods return undefined on 404.
 */
export class HerokuApi {
  constructor(readonly http: HttpClient) {}

  async getAccount(): Promise<Heroku.Account & {id: string; email: string}> {
    return (await this.http.get<Heroku.Account & {id: string; email: string}>('/account')).body
  }

  async findApp(app: string): Promise<App | undefined> {
    return this.orUndefined(async () => (await this.http.get<App>(`/apps/${enc(app)}`)).body)
  }

  async getConfigVars(app: string): Promise<ConfigVars> {
    return (await this.http.get<ConfigVars>(`/apps/${enc(app)}/config-vars`)).body ?? {}
  }

  /** One PATCH = one release. `null` deletes a key. Returns the resulting config. */
  async patchConfigVars(app: string, patch: ConfigPatch): Promise<ConfigVars> {
    return (await this.http.patch<ConfigVars>(`/apps/${enc(app)}/config-vars`, {body: patch})).body ?? {}
  }

  /**
   * The app's add-on attachments. `Accept-Inclusion: config_vars` asks Heroku to include the config var names
   * each attachment owns (as the Heroku CLI asks on attachment resolution).
   */
  async listAddonAttachments(app: string): Promise<AddonAttachment[]> {
    return (await this.http.get<AddonAttachment[]>(`/apps/${enc(app)}/addon-attachments`, {headers: {'Accept-Inclusion': 'config_vars'}})).body ?? []
  }

  async latestRelease(app: string): Promise<Release | undefined> {
    const releases = (await this.http.get<Release[]>(`/apps/${enc(app)}/releases`, {range: 'version ..; max=1, order=desc', partial: true})).body ?? []
    return releases[0]
  }

  async findPipelinesByName(name: string): Promise<Pipeline[]> {
    return (await this.http.get<Pipeline[]>(`/pipelines?eq[name]=${enc(name)}`, {variant: 'pipelines'})).body ?? []
  }

  /** Every pipeline the account can see (its own and its teams'). */
  async listPipelines(): Promise<Pipeline[]> {
    return (await this.http.get<Pipeline[]>('/pipelines', {variant: 'pipelines'})).body ?? []
  }

  /** Requests left in the account's rate-limit pool (Platform API "Rate Limit Info"). */
  async getRateLimitRemaining(): Promise<number> {
    return (await this.http.get<{remaining: number}>('/account/rate-limits')).body.remaining
  }

  async findPipeline(id: string): Promise<Pipeline | undefined> {
    return this.orUndefined(async () => (await this.http.get<Pipeline>(`/pipelines/${enc(id)}`, {variant: 'pipelines'})).body)
  }

  async listPipelineCouplings(pipelineId: string): Promise<PipelineCoupling[]> {
    return (await this.http.get<PipelineCoupling[]>(`/pipelines/${enc(pipelineId)}/pipeline-couplings`)).body ?? []
  }

  async findAppPipelineCoupling(app: string): Promise<PipelineCoupling | undefined> {
    return this.orUndefined(async () => (await this.http.get<PipelineCoupling>(`/apps/${enc(app)}/pipeline-couplings`)).body)
  }

  async getStageConfigVars(pipelineId: string, stage: PipelineConfigStage): Promise<ConfigVars> {
    return (await this.http.get<ConfigVars>(`/pipelines/${enc(pipelineId)}/stage/${stage}/config-vars`, {variant: 'pipelines'})).body ?? {}
  }

  async patchStageConfigVars(pipelineId: string, stage: PipelineConfigStage, patch: ConfigPatch): Promise<ConfigVars> {
    return (await this.http.patch<ConfigVars>(`/pipelines/${enc(pipelineId)}/stage/${stage}/config-vars`, {variant: 'pipelines', body: patch})).body ?? {}
  }

  async findTeam(team: string): Promise<Team | undefined> {
    return this.orUndefined(async () => (await this.http.get<Team>(`/teams/${enc(team)}`)).body)
  }

  /** POST /apps (or /teams/apps for a team), `stack` by name: the schema's app create accepts a stack identity. */
  /** `space`: in that Private Space (`POST /teams/apps`, as `heroku apps:create --space` sends it: commands/apps/create.js). */
  async createApp(body: {name: string; region?: string; team?: string; stack?: string; space?: string}): Promise<App> {
    const optional = {...(body.region ? {region: body.region} : {}), ...(body.stack ? {stack: body.stack} : {}), ...(body.space ? {space: body.space} : {})}
    if (body.team || body.space) return (await this.http.post<App>('/teams/apps', {body: {name: body.name, team: body.team, ...optional}})).body
    return (await this.http.post<App>('/apps', {body: {name: body.name, ...optional}})).body
  }

  /**
   * `generation`: `{name}` as `heroku pipelines:create` sends it (lib/api.js createPipeline; not in the v6 request
   * schema, which does not forbid it). Absent, Heroku creates a Cedar pipeline.
   */
  async createPipeline(body: {name: string; owner: {id: string; type: 'team' | 'user'}; generation?: {name: string}}): Promise<Pipeline> {
    return (await this.http.post<Pipeline>('/pipelines', {variant: 'pipelines', body})).body
  }

  async deletePipeline(id: string): Promise<void> {
    await this.http.delete(`/pipelines/${enc(id)}`, {variant: 'pipelines'})
  }

  async createPipelineCoupling(body: {app: string; pipeline: string; stage: string}): Promise<PipelineCoupling> {
    return (await this.http.post<PipelineCoupling>('/pipeline-couplings', {body})).body
  }

  async updatePipelineCoupling(id: string, stage: string): Promise<PipelineCoupling> {
    return (await this.http.patch<PipelineCoupling>(`/pipeline-couplings/${enc(id)}`, {body: {stage}})).body
  }

  async listBuildpacks(app: string): Promise<BuildpackInstallation[]> {
    return (await this.http.get<BuildpackInstallation[]>(`/apps/${enc(app)}/buildpack-installations`)).body ?? []
  }

  async setBuildpacks(app: string, buildpacks: string[]): Promise<BuildpackInstallation[]> {
    return (
      (await this.http.put<BuildpackInstallation[]>(`/apps/${enc(app)}/buildpack-installations`, {body: {updates: buildpacks.map(buildpack => ({buildpack}))}}))
        .body ?? []
    )
  }

  /**
   * The app's add-ons with their plans expanded (the plan's price with `metered`), as `heroku addons` lists them
   * (src/commands/addons/index.ts: `version=3.sdk`, `Accept-Expansion: addon_service,plan`); `billed_price` comes along.
   */
  async listAddons(app: string): Promise<Addon[]> {
    return (await this.http.get<Addon[]>(`/apps/${enc(app)}/addons`, {variant: 'sdk', headers: {'Accept-Expansion': 'plan'}})).body ?? []
  }

  /** A service's plans with their list prices, as `heroku addons:plans` reads them (`version=3.sdk`: with `price.metered`). */
  async listAddonServicePlans(service: string): Promise<AddonPlan[]> {
    return (await this.http.get<AddonPlan[]>(`/addon-services/${enc(service)}/plans`, {variant: 'sdk'})).body ?? []
  }

  async getAddon(app: string, addon: string): Promise<Addon> {
    return (await this.http.get<Addon>(`/apps/${enc(app)}/addons/${enc(addon)}`)).body
  }

  async createAddon(app: string, body: AddonCreate): Promise<Addon> {
    return (
      await this.http.post<Addon>(`/apps/${enc(app)}/addons`, {
        body: {
          plan: body.plan,
          ...(body.name ? {name: body.name} : {}),
          ...(body.attachment ? {attachment: body.attachment} : {}),
          ...(body.config ? {config: body.config} : {}),
        },
      })
    ).body
  }

  async changeAddonPlan(app: string, addon: string, plan: string): Promise<Addon> {
    return (await this.http.patch<Addon>(`/apps/${enc(app)}/addons/${enc(addon)}`, {body: {plan}})).body
  }

  async getFormation(app: string): Promise<FormationEntry[]> {
    return (await this.http.get<FormationEntry[]>(`/apps/${enc(app)}/formation`)).body ?? []
  }

  /** One batch request for every process type (one change to the app's formation). */
  async updateFormation(app: string, updates: FormationUpdate[]): Promise<FormationEntry[]> {
    return (await this.http.patch<FormationEntry[]>(`/apps/${enc(app)}/formation`, {body: {updates}})).body ?? []
  }

  async findAppFeature(app: string, feature: string): Promise<AppFeature | undefined> {
    return this.orUndefined(async () => (await this.http.get<AppFeature>(`/apps/${enc(app)}/features/${enc(feature)}`)).body)
  }

  async setAppFeature(app: string, feature: string, enabled: boolean): Promise<AppFeature> {
    return (await this.http.patch<AppFeature>(`/apps/${enc(app)}/features/${enc(feature)}`, {body: {enabled}})).body
  }

  async listDomains(app: string): Promise<Domain[]> {
    return (await this.http.get<Domain[]>(`/apps/${enc(app)}/domains`)).body ?? []
  }

  async createDomain(app: string, hostname: string): Promise<Domain> {
    // sni_endpoint is required by the API since 2021; null lets Heroku pick (ACM or the only certificate)
    return (await this.http.post<Domain>(`/apps/${enc(app)}/domains`, {body: {hostname, sni_endpoint: null}})).body
  }

  async enableAcm(app: string): Promise<App> {
    return (await this.http.post<App>(`/apps/${enc(app)}/acm`, {body: {}})).body
  }

  async disableAcm(app: string): Promise<App> {
    return (await this.http.delete<App>(`/apps/${enc(app)}/acm`)).body
  }

  async listLogDrains(app: string): Promise<LogDrain[]> {
    return (await this.http.get<LogDrain[]>(`/apps/${enc(app)}/log-drains`)).body ?? []
  }

  async createLogDrain(app: string, url: string): Promise<LogDrain> {
    return (await this.http.post<LogDrain>(`/apps/${enc(app)}/log-drains`, {body: {url}})).body
  }

  async deleteLogDrain(app: string, drainId: string): Promise<void> {
    await this.http.delete(`/apps/${enc(app)}/log-drains/${enc(drainId)}`)
  }

  async findReviewAppConfig(pipelineId: string): Promise<ReviewAppConfig | undefined> {
    return this.orUndefined(
      async () => (await this.http.get<ReviewAppConfig>(`/pipelines/${enc(pipelineId)}/review-app-config`, {variant: 'review-apps'})).body,
    )
  }

  async createReviewAppConfig(pipelineId: string, repo: string, settings: ReviewAppSettings): Promise<ReviewAppConfig> {
    return (await this.http.post<ReviewAppConfig>(`/pipelines/${enc(pipelineId)}/review-app-config`, {variant: 'review-apps', body: {repo, ...settings}})).body
  }

  async updateReviewAppConfig(pipelineId: string, settings: Partial<ReviewAppSettings>): Promise<ReviewAppConfig> {
    return (await this.http.patch<ReviewAppConfig>(`/pipelines/${enc(pipelineId)}/review-app-config`, {variant: 'review-apps', body: settings})).body
  }

  async listReleases(app: string, max = 10): Promise<Release[]> {
    return (await this.http.get<Release[]>(`/apps/${enc(app)}/releases`, {range: `version ..; max=${max}, order=desc`, partial: true})).body ?? []
  }

  async getRelease(app: string, idOrVersion: string | number): Promise<Release> {
    return (await this.http.get<Release>(`/apps/${enc(app)}/releases/${enc(String(idOrVersion))}`)).body
  }

  async createPromotion(body: {pipelineId: string; sourceAppId: string; sourceReleaseId?: string; targetAppIds: string[]}): Promise<PipelinePromotion> {
    const source = {app: {id: body.sourceAppId}, ...(body.sourceReleaseId ? {release: {id: body.sourceReleaseId}} : {})}
    return (
      await this.http.post<PipelinePromotion>('/pipeline-promotions', {
        body: {pipeline: {id: body.pipelineId}, source, targets: body.targetAppIds.map(id => ({app: {id}}))},
      })
    ).body
  }

  async listPromotionTargets(promotionId: string): Promise<PromotionTarget[]> {
    return (await this.http.get<PromotionTarget[]>(`/pipeline-promotions/${enc(promotionId)}/promotion-targets`)).body ?? []
  }

  /** Roll back to a release: a new release with that release's slug and config vars. */
  async rollback(app: string, releaseId: string): Promise<Release> {
    return (await this.http.post<Release>(`/apps/${enc(app)}/releases`, {body: {release: releaseId}})).body
  }

  async getSlug(app: string, slugId: string): Promise<Slug> {
    return (await this.http.get<Slug>(`/apps/${enc(app)}/slugs/${enc(slugId)}`)).body
  }

  /**
   * What a release runs, as built: its slug (Cedar), or its OCI image (Fir: `GET /apps/{app}/oci-images/{id}`, which
   * answers a list, [schema] oci-image Info; the Heroku CLI's `pipelines:diff` reads the first entry's `commit`).
   * Both carry the commit and the process types.
   */
  async getBuildArtifact(app: string, artifact: ReleaseArtifact): Promise<BuildArtifact> {
    if (artifact.type === 'slug') return this.getSlug(app, artifact.id)
    const path = `/apps/${enc(app)}/oci-images/${enc(artifact.id)}`
    const images = (await this.http.get<BuildArtifact[]>(path)).body ?? []
    if (images[0]) return images[0]
    throw new HerokuApiError({status: 404, body: {id: 'not_found', message: "Couldn't find that OCI image."}, method: 'GET', path, service: 'platform'})
  }

  /** URLs to upload a source tarball to and read it back from (the schema's `source` resource). */
  async createSource(): Promise<Source> {
    return (await this.http.post<Source>('/sources')).body
  }

  /** A build from a source tarball; `version` is the commit, which Heroku records on the slug. */
  async createBuild(app: string, source: {url: string; version: string; versionDescription?: string}): Promise<Build> {
    const blob = {url: source.url, version: source.version, ...(source.versionDescription ? {version_description: source.versionDescription} : {})}
    return (await this.http.post<Build>(`/apps/${enc(app)}/builds`, {body: {source_blob: blob}})).body
  }

  async getBuild(app: string, buildId: string): Promise<Build> {
    return (await this.http.get<Build>(`/apps/${enc(app)}/builds/${enc(buildId)}`)).body
  }

  /** The app's newest builds (first page only: `started_at` descending, at most `max`). */
  async listRecentBuilds(app: string, max = 10): Promise<Build[]> {
    return (await this.http.get<Build[]>(`/apps/${enc(app)}/builds`, {range: `started_at ..; max=${max}, order=desc`, partial: true})).body ?? []
  }

  async listDynoSizes(): Promise<DynoSize[]> {
    return (await this.http.get<DynoSize[]>('/dyno-sizes')).body ?? []
  }

  async listAppFeatures(app: string): Promise<AppFeature[]> {
    return (await this.http.get<AppFeature[]>(`/apps/${enc(app)}/features`)).body ?? []
  }

  async listSniEndpoints(app: string): Promise<Array<Record<string, unknown>>> {
    return (await this.http.get<Array<Record<string, unknown>>>(`/apps/${enc(app)}/sni-endpoints`)).body ?? []
  }

  /** Every app the account can see. */
  async listApps(): Promise<App[]> {
    return (await this.http.get<App[]>('/apps')).body ?? []
  }

  async listTeamApps(team: string): Promise<App[]> {
    return (await this.http.get<App[]>(`/teams/${enc(team)}/apps`)).body ?? []
  }

  // ------------------------------------------------------------ generations (Cedar, Fir), spaces, telemetry drains

  async findSpace(space: string): Promise<Space | undefined> {
    return this.orUndefined(async () => (await this.http.get<Space>(`/spaces/${enc(space)}`)).body)
  }

  async listSpaces(): Promise<Space[]> {
    return (await this.http.get<Space[]>('/spaces')).body ?? []
  }

  /**
   * A generation with `unsupported_features`: only the `3.sdk` form carries them (the Heroku CLI's types; the v3 schema's
   * generation has none), so this asks for it. Read them at run time rather than keep a list of what Fir lacks.
   */
  async findGeneration(generation: string): Promise<Generation | undefined> {
    return this.orUndefined(async () => withFeatures((await this.http.get<Generation>(`/generations/${enc(generation)}`, {variant: 'sdk'})).body))
  }

  async listGenerations(): Promise<Generation[]> {
    return ((await this.http.get<Generation[]>('/generations', {variant: 'sdk'})).body ?? []).map(generation => withFeatures(generation))
  }

  /** The generations a team may create apps and spaces on. */
  async listTeamGenerations(team: string): Promise<Generation[]> {
    return ((await this.http.get<Generation[]>(`/teams/${enc(team)}/available-generations`, {variant: 'sdk'})).body ?? []).map(generation =>
      withFeatures(generation),
    )
  }

  async listAppTelemetryDrains(app: string): Promise<TelemetryDrain[]> {
    return (await this.http.get<TelemetryDrain[]>(`/apps/${enc(app)}/telemetry-drains`)).body ?? []
  }

  async listSpaceTelemetryDrains(space: string): Promise<TelemetryDrain[]> {
    return (await this.http.get<TelemetryDrain[]>(`/spaces/${enc(space)}/telemetry-drains`)).body ?? []
  }

  async findTelemetryDrain(id: string): Promise<TelemetryDrain | undefined> {
    return this.orUndefined(async () => (await this.http.get<TelemetryDrain>(`/telemetry-drains/${enc(id)}`)).body)
  }

  /** A drain of an app or a space, its owner named by id (as the Heroku CLI's `telemetry:add` sends it). */
  async createTelemetryDrain(drain: TelemetryDrainCreate): Promise<TelemetryDrain> {
    return (await this.http.post<TelemetryDrain>('/telemetry-drains', {body: drain})).body
  }

  /** The whole exporter and the signals: what the drain should be (the schema's update requires the exporter's type and endpoint). */
  async updateTelemetryDrain(id: string, update: Omit<TelemetryDrainCreate, 'owner'>): Promise<TelemetryDrain> {
    return (await this.http.patch<TelemetryDrain>(`/telemetry-drains/${enc(id)}`, {body: update})).body
  }

  async deleteTelemetryDrain(id: string): Promise<void> {
    await this.http.delete(`/telemetry-drains/${enc(id)}`)
  }

  protected async orUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read()
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }
}

/** `unsupported_features` as a list even when Heroku leaves it out. */
function withFeatures(generation: Generation): Generation {
  return {...generation, unsupported_features: Array.isArray(generation.unsupported_features) ? generation.unsupported_features : []}
}
