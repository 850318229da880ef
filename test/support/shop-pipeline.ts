import {expect} from 'chai'

import {pluginContractViolations} from './contract.js'
import {type Emulator, type EmulatorState, type Pipeline, type Release, startEmulator} from 'heroku-emulator'
import {type HerokuCli, type RunOptions, type RunResult, sharedHerokuCli} from './heroku-cli.js'
import {referenceRepo} from './reference.js'

/** An error message as one line: its lines joined, the " ›  " oclif puts in front of each dropped. */
export const flat = (text: string): string => text.replaceAll(/\s*›\s*/g, ' ').replaceAll(/\s+/g, ' ')

/** Process types of the reference repository's slug (its Procfile), release phase included. */
export const SHOP_PROCESS_TYPES = {web: 'node dist/server.js', worker: 'node dist/worker.js', release: 'npm run db:migrate'}

export interface ShopPipelineOptions {
  /** deploy a slug with these process types to both apps, release phase over (default: nothing deployed) */
  deploy?: Record<string, string>
  /** more state, after the pipeline and its two apps exist */
  setup?: (state: EmulatorState, pipeline: Pipeline) => void
}

/** The bed, filled in by the `before` hook. */
export interface ShopPipeline {
  cli: HerokuCli
  emulator: Emulator
  /** a scratch copy of the reference repository */
  repo: string
  /** `heroku ARGS` in the repository (or `cwd`), quick polling unless `env` says otherwise */
  kit: (args: string[], options?: {cwd?: string; env?: Record<string, string>; interrupt?: RunOptions['interrupt']}) => Promise<RunResult>
  /** observe a release until its release phase is over, as a client polling it would */
  settle: (release: Release) => Release
}

/**
 * The reference repository's pipeline (shop: shop-staging → shop-prod) in a fresh emulator, for the day-two
 * commands' end-to-end suites. Registers the describe block's hooks: set-up before, a log cleared before each case,
 * and after them all, every request the plugin sent checked against the Platform API schema.
 */
export function useShopPipeline(options: ShopPipelineOptions = {}): ShopPipeline {
  const bed = {
    kit: (args: string[], run: {cwd?: string; env?: Record<string, string>; interrupt?: RunOptions['interrupt']} = {}) =>
      bed.cli.run(args, bed.emulator.url, {cwd: run.cwd ?? bed.repo, env: {HEROKU_KIT_POLL_INTERVAL_MS: '10', ...run.env}, interrupt: run.interrupt}),
    settle(release: Release): Release {
      release.pendingPolls = 0
      bed.emulator.state.pollRelease(release)
      return release
    },
  } as ShopPipeline

  before(async () => {
    bed.cli = await sharedHerokuCli()
    bed.emulator = await startEmulator({timings: 'instant'})
    bed.repo = await referenceRepo()
    const {state} = bed.emulator
    const pipeline = state.createPipeline({name: 'shop'})
    for (const [app, stage] of [
      ['shop-staging', 'staging'],
      ['shop-prod', 'production'],
    ] as const) {
      state.couple(state.createApp({name: app}), pipeline, stage)
      if (options.deploy) bed.settle(state.deploy(app, {processTypes: options.deploy}))
    }

    options.setup?.(state, pipeline)
  })

  // every test's requests are checked (the log is cleared before each test)
  const violations: string[] = []
  afterEach(() => {
    if (bed.emulator) violations.push(...pluginContractViolations(bed.emulator.log))
  })

  after(async () => {
    await bed.emulator?.close()
    expect(violations, 'requests outside the Platform API schema or the endpoints the Heroku CLI uses').to.deep.equal([])
  })

  beforeEach(() => bed.emulator.clearLog())
  return bed
}
