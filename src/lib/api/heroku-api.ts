import type * as Heroku from '@heroku-cli/schema'

import {isNotFound} from './errors.js'
import type {HttpClient} from './http.js'

/** Resources as heroku-kit relies on them: the schema's types with the fields we use made required. */
export type App = Heroku.App & {id: string; name: string}
export type Pipeline = Heroku.Pipeline & {id: string; name: string}
export type PipelineCoupling = Heroku.PipelineCoupling & {id: string; stage: string; app: {id: string; name?: string}; pipeline: {id: string; name?: string}}
export type AddonAttachment = Heroku.AddOnAttachment & {id: string; name: string; addon: {id: string; name: string; app: {id?: string; name?: string}}; config_vars?: string[]}
export type Release = Heroku.Release & {id: string; version: number}
export type ConfigVars = Record<string, string>
export type ConfigPatch = Record<string, string | null>
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

  protected async orUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read()
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }
}
