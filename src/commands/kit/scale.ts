import {helpDescription} from '../../lib/command/help.js'
import {planFormation} from '../../lib/converge/resources/formation.js'
import {currentStage, desiredStage} from '../../lib/converge/stage-steps.js'
import {appFlag, confirmFlag, costFlag, dryRunFlag, pipelineFlag, stageFlag, withRemoteApp, yesFlag} from '../../lib/command/flags.js'
import {formatTotals, type PriceBook, priceReader, type TotalsJson, totalsJson} from '../../lib/converge/pricing.js'
import {StageCommand} from '../../lib/command/stage-command.js'
import {KitError} from '../../lib/errors.js'
import type {FormationDecl} from '../../lib/manifest/types.js'
import {
  checkGenerationSizes,
  checkProcessTypes,
  decreases,
  type FormationRow,
  formationRows,
  formationTotals,
  parseFormationArgs,
  renderRows,
  stopsWeb,
} from '../../lib/scale/formation.js'

export interface ScaleResult {
  app: string
  stage: string | null
  source: 'arguments' | 'heroku-kit.yml'
  dryRun: boolean
  applied: boolean
  changes: FormationRow[]
  formation: Array<{type: string; quantity: number; size: string | null}>
  /** the app's dynos per month, in cents, as they run and after the scale (absent with --no-cost) */
  cost?: TotalsJson & {notes: string[]}
}

export default class Scale extends StageCommand {
  /** interrupted before its plan ran, it had changed nothing on Heroku: the formation changes only as plan steps */
  protected override readonly writesOnlyPlanSteps = true

  static override summary = "scale a stage to heroku-kit.yml's formation, or to TYPE=QUANTITY[:SIZE]"

  static override description = helpDescription(
    "One batch request for every process type (the same scale step kit:bootstrap uses). Without arguments the formation is the stage's in heroku-kit.yml (--stage); with TYPE=QUANTITY[:SIZE] arguments it is theirs, for a stage or any app (-a). Process types must exist on the app (they come from the Procfile of its current release); sizes are checked before anything is sent.",
    'Any decrease on production needs confirmation (a question on a terminal, else --confirm APP or --yes); after the question the formation is read again, and a changed plan is shown and asked about again.',
  )

  static override strict = false

  static override examples = [
    '<%= config.bin %> kit:scale --stage production',
    '<%= config.bin %> kit:scale web=2:standard-2x worker=1 --stage production',
    '<%= config.bin %> kit:scale web=1 -a my-app-staging --dry-run',
  ]

  static override flags = {
    ...pipelineFlag,
    ...stageFlag('the stage of heroku-kit.yml to scale'),
    ...appFlag('the app to scale (with TYPE=QUANTITY arguments, any app you can access)'),
    ...dryRunFlag('show the changes and send nothing'),
    ...yesFlag('confirm scaling production down without a prompt'),
    ...confirmFlag('confirm scaling production down by repeating the app name'),
    ...costFlag("show what the app's dynos cost per month, before and after (--no-cost skips the price look-up)"),
  }

  async run(): Promise<ScaleResult> {
    const {flags: parsed, argv} = await this.parse(Scale)
    const flags = await withRemoteApp(parsed, this.argv)
    const args = (argv as string[]).filter(a => a !== '')
    // the arguments first: a mistyped formation is reported before any request
    const fromArgs: FormationDecl | undefined = args.length > 0 ? parseFormationArgs(args) : undefined
    const {pipelineFile} = await this.readProject(flags)
    if (!fromArgs && !flags.stage && !flags.app) {
      throw new KitError(
        "Which app? Pass --stage staging|production to apply heroku-kit.yml's formation, or TYPE=QUANTITY[:SIZE] arguments with --stage or -a.",
        {code: 'no_target'},
      )
    }

    const clients = await this.clients()
    const {stage, app} = await this.stageTarget(pipelineFile, flags, {appWithoutStage: Boolean(fromArgs)})
    let formation = fromArgs
    if (!formation) {
      formation = stage!.formation
      if (Object.keys(formation).length === 0) {
        throw new KitError(`stages.${stage!.name} declares no formation (${pipelineFile.file ?? 'there is no heroku-kit.yml'}, and app.json has none).`, {
          code: 'no_formation',
          suggestion: `Declare stages.${stage!.name}.formation in heroku-kit.yml (or formation in app.json), or pass TYPE=QUANTITY[:SIZE] arguments. Nothing was sent.`,
        })
      }
    }

    const source = fromArgs ? 'arguments' : 'heroku-kit.yml'
    const wanted = formation
    const desired = desiredStage(stage, app.name, {formation: wanted})
    // the dyno sizes' prices, read once while the formation is read (a scale never waits for them)
    const prices = flags.cost ? priceReader(clients.heroku) : undefined
    let book: PriceBook | undefined
    const readPlan = async () => {
      prices?.prefetch([])
      const current = await clients.heroku.getFormation(app.name)
      book = prices && (flags['dry-run'] ? await prices.read([]) : prices.settled([]))
      checkProcessTypes(wanted, current, app.name, fromArgs ? 'from the arguments' : `declared in stages.${stage!.name}.formation`)
      checkGenerationSizes(wanted, app)
      const rows = formationRows(wanted, current)
      // an explicit scale applies smaller quantities too (bootstrap only does with --scale-down)
      const steps = planFormation(desired, currentStage(app, {formation: current}), {scaleDown: true, prices: book})
      return {rows, steps, writes: steps.filter(s => s.operation)}
    }

    const show = (rows: FormationRow[]) => {
      this.say(`Formation of ${app.name}${stage ? ` (${stage.name})` : ''} from ${source}:`)
      for (const line of renderRows(
        rows.filter(r => r.changed || Object.hasOwn(wanted, r.type)),
        book,
      ))
        this.say(line)
      if (book) {
        const {totals, notes} = formationTotals(rows, book)
        this.say(`  Dynos' cost: ${formatTotals(totals)}`)
        for (const note of notes) this.say(`  Note: ${note}`)
      }
    }

    const costOf = (rows: FormationRow[]) => {
      if (!book) return {}
      const {totals, notes} = formationTotals(rows, book)
      return {cost: {...totalsJson(totals), notes}}
    }

    let {rows, steps, writes} = await readPlan()
    const result: ScaleResult = {
      app: app.name,
      stage: stage?.name ?? null,
      source,
      dryRun: Boolean(flags['dry-run']),
      applied: false,
      changes: rows.filter(r => r.changed),
      formation: rows.map(r => ({type: r.type, ...r.to})),
      ...costOf(rows),
    }
    const nothingToChange = () => {
      this.say('Nothing to change: the app already runs this formation.')
      result.formation = rows.map(r => ({type: r.type, ...r.from}))
      return result
    }

    show(rows)
    if (writes.length === 0) return nothingToChange()

    if (flags['dry-run']) {
      this.say(`Dry run: ${result.changes.length} process type(s) would change in one request; nothing was sent.`)
      return result
    }

    const isProduction = stage ? stage.name === 'production' : (await clients.heroku.findAppPipelineCoupling(app.name))?.stage === 'production'
    if (isProduction && decreases(rows).length > 0) {
      const interactive = this.isInteractive() && !this.jsonEnabled()
      const describe = (r: FormationRow[]) => {
        const smaller = decreases(r)
          .map(row => `${row.type} ${row.from.quantity} → ${row.to.quantity}`)
          .join(', ')
        return stopsWeb(r) ? `Scaling web to 0 on ${app.name} (production) stops it from serving requests` : `Scaling down ${app.name} (production): ${smaller}`
      }

      if (flags.confirm !== undefined || flags.yes || !interactive) {
        await this.confirmOrCancel({flags, app: app.name, action: describe(rows)})
      } else {
        // the question may wait minutes: re-read the formation before writing; ask again when it changed meanwhile
        ;({rows, steps, writes} = await this.confirmFreshOrCancel({
          initial: {rows, steps, writes},
          ask: asked => this.ask(`${describe(asked.rows)}. Continue?`),
          reread: readPlan,
          same: (asked, fresh) => JSON.stringify(asked.rows) === JSON.stringify(fresh.rows),
          settled: fresh => fresh.writes.length === 0,
          changed: fresh => {
            this.say('')
            this.say(`${app.name} changed while the question waited:`)
            show(fresh.rows)
          },
        }))
        result.changes = rows.filter(r => r.changed)
        result.formation = rows.map(r => ({type: r.type, ...r.to}))
        Object.assign(result, costOf(rows))
        if (writes.length === 0) return nothingToChange()
      }
    }

    const [outcome] = await this.converge(steps, {pipelineFile, stage, app, desired}, () => {})
    if (outcome.status !== 'done') throw new KitError(`Scaling ${app.name} failed: ${outcome.message ?? outcome.status}`, {code: 'scale_failed'})
    const after = await clients.heroku.getFormation(app.name)
    result.applied = true
    result.formation = formationRows({}, after).map(r => ({type: r.type, ...r.from}))
    this.say(`Scaled ${app.name} in one request: ${result.changes.map(c => `${c.type}=${c.to.quantity}${c.to.size ? `:${c.to.size}` : ''}`).join(' ')}.`)
    return result
  }
}
