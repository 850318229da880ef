import type {App, HerokuApi, Pipeline, PipelineCoupling} from '../../../src/lib/api/heroku-api.js'

/** A Heroku account with these apps, pipelines and couplings, answering the reads the target resolver makes; `calls` lists them. */
export function fakeHeroku(account: {apps?: string[]; pipelines?: Pipeline[]; couplings?: Array<{pipeline: string; app: string; stage: string}>}) {
  const calls: string[] = []
  const apps = (account.apps ?? []).map(name => ({id: `${name}-id`, name}) as App)
  const byNameOrId = (nameOrId: string) => apps.find(app => app.name === nameOrId || app.id === nameOrId)
  const heroku = {
    async findApp(nameOrId: string) {
      calls.push(`findApp ${nameOrId}`)
      return byNameOrId(nameOrId)
    },
    async findPipeline(id: string) {
      calls.push(`findPipeline ${id}`)
      return account.pipelines?.find(p => p.id === id)
    },
    async findPipelinesByName(name: string) {
      calls.push(`findPipelinesByName ${name}`)
      return (account.pipelines ?? []).filter(p => p.name === name)
    },
    async listPipelineCouplings(pipelineId: string) {
      calls.push(`listPipelineCouplings ${pipelineId}`)
      return (account.couplings ?? [])
        .filter(c => c.pipeline === pipelineId)
        .map(
          c =>
            ({
              id: `${c.app}-coupling`,
              stage: c.stage,
              app: {id: `${c.app}-id`, name: c.app},
              pipeline: {id: c.pipeline},
            }) as PipelineCoupling,
        )
    },
  } as unknown as HerokuApi
  return {heroku, calls}
}

export const SHOP = {id: '0f3c7b52-5d8e-4a59-9f3e-2b1a6c4d8e90', name: 'shop'} as Pipeline
