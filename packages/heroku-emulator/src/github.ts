/**
 * api.github.com: `GET /repos/{owner}/{repo}` for repositories added with `state.addGithubRepo`: the one GitHub call
 * `heroku pipelines:setup/connect` make (node_modules/heroku/dist/lib/pipelines/github-api.js getRepo).
 */
import {ApiError, type Router} from './http.js'

export function registerGithub(router: Router): void {
  router.get(
    '/repos/:owner/:repo',
    ctx => {
      const repo = ctx.state.githubRepos.get(`${ctx.params.owner}/${ctx.params.repo}`.toLowerCase())
      if (!repo) throw new ApiError(404, 'not_found', 'Not Found')
      const [owner, name] = repo.full_name.split('/')
      return {
        body: {
          default_branch: repo.default_branch,
          full_name: repo.full_name,
          html_url: `https://github.com/${repo.full_name}`,
          id: repo.id,
          name,
          node_id: Buffer.from(`010:Repository${repo.id}`).toString('base64'),
          owner: {id: repo.id + 1, login: owner, type: 'Organization'},
          private: repo.private,
          visibility: repo.private ? 'private' : 'public',
        },
      }
    },
    {host: 'github', cli: 'lib/pipelines/github-api.js'},
  )
}
