/**
 * The emulator's data model: every resource lives in a Map on EmulatorState, keyed by id
 * (config vars, features and buildpacks by app id). Tests read and seed it directly.
 *
 * Lifecycle rules that several endpoints share (releases and the release phase, formation,
 * config vars owned by add-on attachments) live here; HTTP parsing and validation live in
 * the resource modules.
 */
import {randomUUID} from 'node:crypto'

import {destroyAddon, pollAddon, type ProvisionRequest, provisionAddon} from './addon-lifecycle.js'
import {createApp, deleteApp, generateAppName, type NewAppOptions} from './app-lifecycle.js'
import {attachmentConfigVars, ownedConfigVars, setConfigVars} from './config-lifecycle.js'
import {createRelease, deploy, pollRelease, syncFormation} from './release-lifecycle.js'
import {DEFAULT_UNSUPPORTED_FEATURES} from './generations.js'
import {createSpace, findSpace, type NewSpaceOptions} from './spaces.js'
import {findPlan} from './catalog.js'
import {ApiError, invalid} from './http.js'
import {Prng} from './random.js'
import {TokenPool} from './rate-limit.js'
import {snapshotState} from './snapshot.js'
import {due, INSTANT_TIMINGS, type Timings} from './timings.js'
import type {
  User,
  Team,
  App,
  Slug,
  Release,
  Pipeline,
  Stage,
  Coupling,
  Addon,
  Attachment,
  Formation,
  Domain,
  Drain,
  TransferSchedule,
  Transfer,
  Promotion,
  PromotionTarget,
  ReviewAppConfig,
  RepoLink,
  AppLink,
  GithubRepo,
  GenerationName,
  Space,
  TelemetryDrain,
  StateOptions,
  DeployOptions,
  NewReleaseOptions,
} from './model.js'

export {STAGES} from './model.js'
// the model's types, for the route modules that import them with EmulatorState
export type * from './model.js'

export function timestamp(ms = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

// ---------------------------------------------------------------- state

export class EmulatorState {
  readonly users = new Map<string, User>()
  readonly teams = new Map<string, Team>()
  readonly apps = new Map<string, App>()
  readonly slugs = new Map<string, Slug>()
  readonly releases = new Map<string, Release>()
  readonly pipelines = new Map<string, Pipeline>()
  readonly couplings = new Map<string, Coupling>()
  readonly addons = new Map<string, Addon>()
  readonly attachments = new Map<string, Attachment>()
  /** by app id */
  readonly configVars = new Map<string, Record<string, string>>()
  readonly formation = new Map<string, Formation>()
  readonly domains = new Map<string, Domain>()
  readonly drains = new Map<string, Drain>()
  /** by app id: feature name → enabled */
  readonly features = new Map<string, Record<string, boolean>>()
  /** by app id: ordered buildpack names/URLs */
  readonly buildpacks = new Map<string, string[]>()
  /** by pipeline id */
  readonly stageConfigVars = new Map<string, {review: Record<string, string>; test: Record<string, string>}>()
  /** by pipeline id */
  readonly reviewAppConfigs = new Map<string, ReviewAppConfig>()
  /** kolkrabbi pipeline ↔ GitHub repository links, by pipeline id */
  readonly repoLinks = new Map<string, RepoLink>()
  /** kolkrabbi app links, by app id */
  readonly appLinks = new Map<string, AppLink>()
  /** by lower-case full_name */
  readonly githubRepos = new Map<string, GithubRepo>()
  readonly schedules = new Map<string, TransferSchedule>()
  readonly transfers = new Map<string, Transfer>()
  readonly promotions = new Map<string, Promotion>()
  readonly promotionTargets = new Map<string, PromotionTarget>()
  /** hostname → reason: ACM for this hostname fails (DNS not pointing at Heroku, CAA, …) */
  readonly acmFailures = new Map<string, string>()
  /** Private Spaces (spaces.ts), seeded with createSpace */
  readonly spaces = new Map<string, Space>()
  readonly telemetryDrains = new Map<string, TelemetryDrain>()
  /** what `GET /generations/{name}` lists as `unsupported_features` (3.sdk); tests may change it (generations.ts) */
  unsupportedFeatures: Record<GenerationName, string[]> = {cedar: [...DEFAULT_UNSUPPORTED_FEATURES.cedar], fir: [...DEFAULT_UNSUPPORTED_FEATURES.fir]}
  /**
   * OAuth tokens of scope `read` (heroku authorizations:create --scope read): they read apps and their resources but
   * neither config vars nor anything that writes (api-reference §22.2; the exact refusal is [unverified])
   */
  readonly readScopeTokens = new Set<string>()

  readonly defaultUser: User
  readonly prng: Prng
  /** GETs that still answer 'provisioning' / 'pending' */
  addonProvisionPolls: number
  releasePhasePolls: number
  domainPolls: number
  acmPolls: number
  /** how long add-ons, release phases and certificates take (timings.ts); tests may change it */
  timings: Timings
  /** when > 0, log-drain POSTs on apps younger than this many ms fail with the log-channel error */
  logChannelDelayMs = 0
  /** set by the server once it listens */
  baseUrl = 'http://127.0.0.1:0'

  private readonly pools = new Map<string, TokenPool>()
  private readonly releaseIndex = {byApp: new Map<string, Release[]>(), size: -1}

  constructor(readonly options: StateOptions) {
    this.prng = new Prng(options.seed)
    this.addonProvisionPolls = options.addonProvisionPolls
    this.releasePhasePolls = options.releasePhasePolls
    this.domainPolls = options.domainPolls
    this.acmPolls = options.acmPolls ?? options.domainPolls
    this.timings = {...INSTANT_TIMINGS, ...options.timings}
    this.defaultUser = this.addUser({email: options.email, githubConnected: options.githubConnected, tokens: options.tokens})
  }

  now(): string {
    return timestamp()
  }

  // ------------------------------------------------------------ users, teams, rate limit

  addUser({email, githubConnected = true, tokens}: {email: string; tokens: string[]; githubConnected?: boolean}): User {
    const now = this.now()
    const user: User = {
      createdAt: now,
      email,
      githubConnected,
      githubToken: `gho_${this.prng.alnum(36)}`,
      id: randomUUID(),
      name: null,
      tokens: [...tokens],
      updatedAt: now,
    }
    this.users.set(user.id, user)
    return user
  }

  /** A token of scope `read` for the user (as `heroku authorizations:create --scope read` creates one). */
  addReadScopeToken(user: User, token: string): void {
    user.tokens.push(token)
    this.readScopeTokens.add(token)
  }

  userByToken(token: string): User | undefined {
    for (const user of this.users.values()) if (user.tokens.includes(token)) return user
    return undefined
  }

  userByGithubToken(token: string): User | undefined {
    for (const user of this.users.values()) if (user.githubConnected && user.githubToken === token) return user
    return undefined
  }

  /** `~` is the acting user; otherwise id or email. */
  findUser(identity: string, acting?: User): User | undefined {
    if (identity === '~') return acting ?? this.defaultUser
    for (const user of this.users.values()) if (user.id === identity || user.email === identity) return user
    return undefined
  }

  pool(user: User): TokenPool {
    let pool = this.pools.get(user.id)
    if (!pool) {
      pool = new TokenPool(this.options.rateLimit.capacity, this.options.rateLimit.refillPerMinute)
      this.pools.set(user.id, pool)
    }

    return pool
  }

  createTeam(name: string, options: {members?: User[]} = {}): Team {
    if (this.findTeam(name)) throw new Error(`team ${name} already exists`)
    const now = this.now()
    const team: Team = {createdAt: now, id: randomUUID(), memberIds: (options.members ?? [this.defaultUser]).map(u => u.id), name, updatedAt: now}
    this.teams.set(team.id, team)
    return team
  }

  findTeam(nameOrId: string): Team | undefined {
    for (const team of this.teams.values()) if (team.id === nameOrId || team.name === nameOrId) return team
    return undefined
  }

  isMember(user: User, team: Team): boolean {
    return team.memberIds.includes(user.id)
  }

  // ------------------------------------------------------------ spaces

  /** Seeding helper: a Private Space, already allocated, of a team (created when absent) and a generation (spaces.ts). */
  createSpace(name: string, options: NewSpaceOptions = {}): Space {
    return createSpace(this, name, options)
  }

  findSpace(nameOrId: string): Space | undefined {
    return findSpace(this, nameOrId)
  }

  // ------------------------------------------------------------ apps

  findApp(nameOrId: string): App | undefined {
    const byId = this.apps.get(nameOrId)
    if (byId) return byId
    for (const app of this.apps.values()) if (app.name === nameOrId) return app
    return undefined
  }

  /** App by name or id, or throws an ApiError. */
  appOrThrow(nameOrId: string): App {
    const app = this.findApp(nameOrId)
    if (!app) throw this.noSuchApp()
    return app
  }

  noSuchApp(): ApiError {
    return new ApiError(404, 'not_found', "Couldn't find that app.", {resource: 'app'})
  }

  canAccessApp(user: User, app: App): boolean {
    if (app.teamId) {
      const team = this.teams.get(app.teamId)
      return Boolean(team && this.isMember(user, team))
    }

    return app.ownerId === user.id
  }

  generateAppName(): string {
    return generateAppName(this)
  }

  /** Create an app as `POST /apps` does (app-lifecycle.ts). */
  createApp(options: NewAppOptions = {}): App {
    return createApp(this, options)
  }

  /** Delete an app and everything that hangs off it. */
  deleteApp(app: App): void {
    deleteApp(this, app)
  }

  // ------------------------------------------------------------ releases

  /** Releases of an app, oldest first (indexed; the index is rebuilt when the releases map changes size). */
  appReleases(app: App): Release[] {
    if (this.releaseIndex.size !== this.releases.size) {
      this.releaseIndex.byApp.clear()
      for (const release of this.releases.values()) {
        const list = this.releaseIndex.byApp.get(release.appId) ?? []
        list.push(release)
        this.releaseIndex.byApp.set(release.appId, list)
      }

      for (const list of this.releaseIndex.byApp.values()) list.sort((a, b) => a.version - b.version)
      this.releaseIndex.size = this.releases.size
    }

    return [...(this.releaseIndex.byApp.get(app.id) ?? [])]
  }

  /**
   * Not Heroku's documented behaviour, off by default: a release whose release phase failed becomes current anyway.
   * Only there to test that kit:promote rolls back should Heroku ever do this.
   */
  failedReleasesGoLive = false

  /** The latest succeeded release (or the latest settled one, with failedReleasesGoLive). */
  currentRelease(app: App): Release | undefined {
    return this.appReleases(app)
      .filter(r => r.status === 'succeeded' || (this.failedReleasesGoLive && r.status === 'failed'))
      .at(-1)
  }

  currentSlug(app: App): Slug | undefined {
    const slugId = this.currentRelease(app)?.slugId
    return slugId ? this.slugs.get(slugId) : undefined
  }

  /** A release of the app (release-lifecycle.ts): its release phase runs when asked and the slug declares one. */
  createRelease(app: App, options: NewReleaseOptions): Release {
    return createRelease(this, app, options)
  }

  /** A GET observed the release: a pending release phase advances. */
  pollRelease(release: Release): void {
    pollRelease(this, release)
  }

  /** Deploy code: a slug with these process types and a release of it (release phase if `release` is a type). */
  deploy(appName: string, options: DeployOptions): Release {
    return deploy(this, appName, options)
  }

  /** Make every later release phase on this app succeed or fail (undefined: follow the slug). */
  setReleasePhase(appName: string, outcome: 'succeeds' | 'fails' | undefined): void {
    this.appOrThrow(appName).releasePhaseOverride = outcome
  }

  /** Process types of the current release's slug, with `release` left out (it is not scalable). */
  processTypes(app: App): Record<string, string> {
    const types = {...this.currentSlug(app)?.processTypes}
    delete types.release
    return types
  }

  /** Formation follows the current slug (release-lifecycle.ts). */
  syncFormation(app: App): void {
    syncFormation(this, app)
  }

  appFormation(app: App): Formation[] {
    return [...this.formation.values()].filter(f => f.appId === app.id).sort((a, b) => a.type.localeCompare(b.type))
  }

  // ------------------------------------------------------------ config vars

  /** Config var name → attachment that owns it. */
  ownedConfigVars(app: App): Map<string, Attachment> {
    return ownedConfigVars(this, app)
  }

  attachmentConfigVars(attachment: Attachment): string[] {
    return attachmentConfigVars(this, attachment)
  }

  /** Apply a config change (null deletes) and create ONE release if anything changed (config-lifecycle.ts). */
  setConfigVars(appName: string, changes: Record<string, string | null>, user?: User): Release | undefined {
    return setConfigVars(this, appName, changes, user)
  }

  // ------------------------------------------------------------ add-ons (logic in addons.ts)

  appAddons(app: App): Addon[] {
    return [...this.addons.values()].filter(a => a.appId === app.id && a.state !== 'deprovisioned')
  }

  appAttachments(app: App): Attachment[] {
    return [...this.attachments.values()].filter(a => a.appId === app.id)
  }

  findAddon(identity: string, app?: App): Addon | undefined {
    for (const addon of this.addons.values()) {
      if ((addon.id === identity || addon.name === identity) && (!app || addon.appId === app.id || this.appAttachments(app).some(a => a.addonId === addon.id)))
        return addon
    }

    if (app) {
      const attachment = this.appAttachments(app).find(a => a.name === identity)
      if (attachment) return this.addons.get(attachment.addonId)
    }

    return undefined
  }

  /** Create an add-on on an app as `POST /apps/{app}/addons` does (see addon-lifecycle.ts). */
  provisionAddon(app: App, request: ProvisionRequest, user?: User): Addon {
    return provisionAddon(this, app, request, user)
  }

  /** A GET observed the add-on: provisioning advances. */
  pollAddon(addon: Addon): void {
    pollAddon(this, addon)
  }

  destroyAddon(addon: Addon, options: {release?: boolean; user?: User} = {}): void {
    destroyAddon(this, addon, options)
  }

  /** Seeding helper: add an add-on, already provisioned. */
  addAddon(appName: string, plan: string, options: {attachmentName?: string; name?: string} = {}): Addon {
    const app = this.appOrThrow(appName)
    const found = findPlan(plan)
    if (!found) throw new Error(`unknown plan ${plan}`)
    const addon = this.provisionAddon(app, {attachmentName: options.attachmentName, name: options.name, plan: found.plan.name, service: found.service})
    addon.readyAt = undefined // seeded: no provisioning time
    while (addon.state === 'provisioning') this.pollAddon(addon)
    return addon
  }

  // ------------------------------------------------------------ pipelines

  createPipeline(options: {name: string; owner?: User | Team; generation?: 'cedar' | 'fir'}): Pipeline {
    const owner = options.owner ?? this.defaultUser
    const now = this.now()
    const pipeline: Pipeline = {
      createdAt: now,
      generation: options.generation ?? 'cedar',
      id: randomUUID(),
      name: options.name,
      ownerId: owner.id,
      ownerType: 'memberIds' in owner ? 'team' : 'user',
      updatedAt: now,
    }
    this.pipelines.set(pipeline.id, pipeline)
    this.stageConfigVars.set(pipeline.id, {review: {}, test: {}})
    return pipeline
  }

  canAccessPipeline(user: User, pipeline: Pipeline): boolean {
    if (pipeline.ownerType === 'user') return pipeline.ownerId === user.id
    const team = this.teams.get(pipeline.ownerId)
    return Boolean(team && this.isMember(user, team))
  }

  couple(app: App | string, pipeline: Pipeline | string, stage: Stage): Coupling {
    const theApp = typeof app === 'string' ? this.appOrThrow(app) : app
    const thePipeline = typeof pipeline === 'string' ? this.pipelines.get(pipeline) : pipeline
    if (!thePipeline) throw new Error('no such pipeline')
    if (this.appCoupling(theApp)) throw invalid(`${theApp.name} is already a member of a pipeline.`)
    const now = this.now()
    const coupling: Coupling = {appId: theApp.id, createdAt: now, id: randomUUID(), pipelineId: thePipeline.id, stage, updatedAt: now}
    this.couplings.set(coupling.id, coupling)
    return coupling
  }

  appCoupling(app: App): Coupling | undefined {
    for (const coupling of this.couplings.values()) if (coupling.appId === app.id) return coupling
    return undefined
  }

  pipelineCouplings(pipeline: Pipeline): Coupling[] {
    return [...this.couplings.values()].filter(c => c.pipelineId === pipeline.id)
  }

  deletePipeline(pipeline: Pipeline): void {
    for (const coupling of this.pipelineCouplings(pipeline)) {
      this.couplings.delete(coupling.id)
      this.appLinks.delete(coupling.appId)
    }

    this.pipelines.delete(pipeline.id)
    this.stageConfigVars.delete(pipeline.id)
    this.reviewAppConfigs.delete(pipeline.id)
    this.repoLinks.delete(pipeline.id)
  }

  // ------------------------------------------------------------ health, GitHub, ACM

  /** The app's web endpoint answers these statuses in turn; the last one repeats. */
  setHealth(appName: string, statuses: number[]): void {
    if (statuses.length === 0) throw new Error('setHealth needs at least one status')
    this.appOrThrow(appName).health = {index: 0, statuses: [...statuses]}
  }

  addGithubRepo(repo: {full_name: string; id: number; default_branch?: string; private?: boolean}): GithubRepo {
    const entry: GithubRepo = {default_branch: repo.default_branch ?? 'main', full_name: repo.full_name, id: repo.id, private: repo.private ?? false}
    this.githubRepos.set(repo.full_name.toLowerCase(), entry)
    return entry
  }

  githubRepoById(id: number): GithubRepo | undefined {
    for (const repo of this.githubRepos.values()) if (repo.id === id) return repo
    return undefined
  }

  /** ACM for this hostname fails (e.g. DNS does not point at Heroku): acm_status 'failing' with this reason. */
  failAcm(hostname: string, reason: string): void {
    this.acmFailures.set(hostname, reason)
    for (const domain of this.domains.values()) {
      const app = this.apps.get(domain.appId)
      if (domain.hostname === hostname && app?.acm) Object.assign(domain, {acmStatus: 'failing', acmStatusReason: reason, updatedAt: this.now()})
    }
  }

  /** A GET observed the domain: DNS status and ACM status advance. */
  pollDomain(domain: Domain): void {
    if (domain.status === 'pending') {
      if (domain.pendingPolls > 0) domain.pendingPolls -= 1
      else Object.assign(domain, {status: 'succeeded', updatedAt: this.now()})
    }

    if (domain.acmStatus === 'pending') {
      const failure = this.acmFailures.get(domain.hostname)
      if (failure) Object.assign(domain, {acmStatus: 'failing', acmStatusReason: failure, updatedAt: this.now()})
      else if (domain.acmPolls > 0) domain.acmPolls -= 1
      else if (due(domain.acmReadyAt)) Object.assign(domain, {acmStatus: 'cert issued', acmStatusReason: null, updatedAt: this.now()})
    }
  }

  /** ACM switched on (or refreshed): custom domains start issuing. */
  startAcm(app: App, domains: Domain[]): void {
    for (const domain of domains) {
      if (domain.kind !== 'custom' || domain.acmStatus === 'cert issued') continue
      const failure = this.acmFailures.get(domain.hostname)
      Object.assign(domain, {
        acmPolls: this.acmPolls,
        acmReadyAt: Date.now() + this.timings.acmIssueMs,
        acmStatus: failure ? 'failing' : 'pending',
        acmStatusReason: failure ?? null,
        updatedAt: this.now(),
      })
    }

    app.updatedAt = this.now()
  }

  // ------------------------------------------------------------ snapshot

  /**
   * A plain JSON view of every resource for deep-equal assertions. Timestamps and poll counters are left
   * out (and ids too with `{ids: false}`), lists are sorted by natural key. Note that GETs advance pending
   * states (releases, add-ons, domains), so reads can change a snapshot.
   */
  snapshot(options: {ids?: boolean} = {}): Record<string, unknown> {
    return snapshotState(this, options)
  }
}
