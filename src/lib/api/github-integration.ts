import {HerokuApiError, isNotFound} from './errors.js'
import type {HttpClient} from './http.js'

export interface GithubRepo {
  id: number
  full_name: string
  default_branch: string
}

export interface PipelineRepository {
  id?: string
  repository: {id: number | string; name: string; type?: string}
}

export interface AppGithubLink {
  auto_deploy?: boolean
  branch?: string
  wait_for_ci?: boolean
  repo?: string
}

export interface AutoDeploySettings {
  auto_deploy: boolean
  branch?: string
  wait_for_ci?: boolean
}

const enc = encodeURIComponent

/**
 * Heroku's GitHub integration (kolkrabbi: internal and undocumented, used by the Heroku CLI and Dashboard)
 * and the GitHub API lookup it needs. Kept behind this one class because it may change.
 */
export class GithubIntegration {
  constructor(readonly http: HttpClient) {}

  /** The user's GitHub token held by Heroku; undefined when the account never connected GitHub. */
  async findGithubToken(): Promise<string | undefined> {
    try {
      const body = (await this.http.get<{github?: {token?: string}}>('/account/github/token', {service: 'kolkrabbi'})).body
      return body?.github?.token || undefined
    } catch (error) {
      if (error instanceof HerokuApiError && (error.status === 404 || error.status === 401 || error.status === 403)) return undefined
      throw error
    }
  }

  async findRepo(fullName: string, githubToken: string): Promise<GithubRepo | undefined> {
    try {
      return (
        await this.http.get<GithubRepo>(
          `/repos/${fullName
            .split('/')
            .map(part => enc(part))
            .join('/')}`,
          {service: 'github', headers: {Authorization: `Token ${githubToken}`}},
        )
      ).body
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }

  async findPipelineRepository(pipelineId: string): Promise<PipelineRepository | undefined> {
    try {
      return (await this.http.get<PipelineRepository>(`/pipelines/${enc(pipelineId)}/repository`, {service: 'kolkrabbi'})).body
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }

  async linkPipelineRepository(pipelineId: string, repositoryId: number | string): Promise<PipelineRepository> {
    return (await this.http.post<PipelineRepository>(`/pipelines/${enc(pipelineId)}/repository`, {service: 'kolkrabbi', body: {repository: repositoryId}})).body
  }

  async findAppLink(appId: string): Promise<AppGithubLink | undefined> {
    try {
      return (await this.http.get<AppGithubLink>(`/apps/${enc(appId)}/github`, {service: 'kolkrabbi'})).body
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }

  async setAutoDeploy(appId: string, settings: AutoDeploySettings): Promise<AppGithubLink> {
    return (await this.http.patch<AppGithubLink>(`/apps/${enc(appId)}/github`, {service: 'kolkrabbi', body: settings})).body
  }
}
