import {Command} from '@oclif/core/command'
import * as Errors from '@oclif/core/errors'
import {ux} from '@oclif/core/ux'

import {DataApi} from '../api/data-api.js'
import {GithubIntegration} from '../api/github-integration.js'
import {HerokuApi} from '../api/heroku-api.js'
import {resolveServiceUrls} from '../api/hosts.js'
import {HttpClient, retryPolicyFromEnv} from '../api/http.js'
import {KitError} from '../errors.js'
import {Redactor} from '../output/redactor.js'
import {writeStepSummary} from '../output/markdown.js'
import {formatTable} from '../output/table.js'
import {terminalSafe} from '../output/terminal.js'
import {askYesNo} from './ask.js'
import {type InterruptSignal, interruptedRun, resumeCommand, RunJournal, watchInterrupts} from './interrupt.js'

/** A failed run in --json output, under `error`: the same shape for every kit command. */
export interface CommandFailure {
  code: string
  message: string
  suggestion?: string
}

export function commandFailure(code: string, message: string, suggestion?: string): CommandFailure {
  return {code, message, ...(suggestion ? {suggestion} : {})}
}

export interface ApiClients {
  http: HttpClient
  heroku: HerokuApi
  data: DataApi
  github: GithubIntegration
}

/**
 * The user's Heroku CLI login, found as the Heroku CLI finds it (@heroku-cli/command's APIClient.getAuthEntry in
 * node_modules/@heroku-cli/command/lib/api-client.js): HEROKU_API_KEY first, else the stored credentials (netrc or
 * the system's credential store). @heroku-cli/command is loaded only for the second case: it pulls in Sentry,
 * inquirer and the credential manager, about half a second of start-up on a quiet machine, paid by the plugin's own
 * copy even though the CLI has one.
 */
async function herokuToken(config: Command['config']): Promise<string | undefined> {
  if (process.env.HEROKU_API_KEY) return process.env.HEROKU_API_KEY
  const {APIClient} = await import('@heroku-cli/command')
  return new APIClient(config).getAuth()
}

/**
 * Base of every kit command: the user's Heroku CLI login, the one API adapter, output that masks secrets,
 * and errors rendered as one clear message with what to do. Built on oclif's Command rather than
 * @heroku-cli/command's (whose init() loads the credential manager before run() starts): the login is read when
 * `clients()` is first called, which commands do before their local work so the two overlap.
 */
export abstract class KitCommand extends Command {
  static override enableJsonFlag = true

  protected readonly redactor = new Redactor()
  /** what the plan executor did with each step, for the report of a run a signal stops (./interrupt.ts) */
  protected readonly journal = new RunJournal()
  /** true when every write the command sends is a plan step, or it sends none: stopped before its plan, it sent nothing */
  protected readonly writesOnlyPlanSteps: boolean = false
  private clientsPromise: Promise<ApiClients> | undefined
  private stopWatchingInterrupts: (() => void) | undefined

  override async init(): Promise<void> {
    await super.init()
    this.stopWatchingInterrupts = watchInterrupts({onSignal: signal => this.interrupted(signal), exit: code => process.exit(code)})
  }

  override async finally(error: Error | undefined): Promise<unknown> {
    this.stopWatchingInterrupts?.()
    return super.finally(error)
  }

  /** Ctrl-C or SIGTERM: what finished, what was in flight, what did not start, how to finish; exit 130 / 143. */
  private interrupted(signal: InterruptSignal): void {
    const {lines, json} = interruptedRun(signal, this.journal, resumeCommand(this.config.bin, this.id ?? '', this.argv), this.writesOnlyPlanSteps)
    if (this.jsonEnabled()) {
      this.logJson(json)
    } else {
      if (ux.action.running) ux.action.stop('interrupted') // a status line still spinning
      this.logToStderr(
        lines
          .map((line, i) => (i === 0 ? ` ›   ${line}` : ` ›     ${line}`))
          .map(line => this.redactor.redact(line))
          .join('\n'),
      )
    }

    process.exit(json.exitCode)
  }

  /** The Heroku Platform API as the logged-in user. Fails before any request when there is no login. */
  protected async api(): Promise<HerokuApi> {
    return (await this.clients()).heroku
  }

  /**
   * Platform API, Data API and GitHub integration, sharing one HTTP client (one retry and rate-limit policy).
   * Call it early and await it late: reading the login then overlaps the command's local work.
   */
  protected clients(): Promise<ApiClients> {
    if (!this.clientsPromise) {
      this.clientsPromise = this.connect()
      // awaited later (or never, when local work fails first): not an unhandled rejection meanwhile
      this.clientsPromise.catch(() => {})
    }

    return this.clientsPromise
  }

  private async connect(): Promise<ApiClients> {
    const token = (await herokuToken(this.config))?.trim()
    if (!token || token === 'undefined') {
      // one short line: oclif wraps long error lines at 80 columns when stderr is not a terminal
      throw new KitError('Not logged in to Heroku: run `heroku login` first.', {code: 'not_logged_in', exitCode: 3})
    }

    this.redactor.add([token])
    const debug = process.env.HEROKU_DEBUG ? (line: string) => this.logToStderr(this.redactor.redact(`heroku-kit: ${line}`)) : undefined
    const http = new HttpClient({
      urls: resolveServiceUrls(),
      token,
      userAgent: `heroku-kit/${this.config.pjson.version ?? '0'} ${this.config.userAgent}`,
      retry: retryPolicyFromEnv(),
      debug,
    })
    return {http, heroku: new HerokuApi(http), data: new DataApi(http), github: new GithubIntegration(http)}
  }

  /** Interactive only when both ends are a terminal: CI and pipes never get a prompt. */
  protected isInteractive(): boolean {
    return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !process.env.CI
  }

  /** A yes/no question, no by default; only call when isInteractive(). */
  protected async ask(question: string): Promise<boolean> {
    return askYesNo(this.printable(question)) // "no" after 10 minutes without an answer
  }

  /** Rows as a table (Heroku CLI style), every line masked; nothing in --json mode. */
  protected table<T extends Record<string, unknown>>(rows: T[], columns: Partial<Record<keyof T & string, {header: string}>>): void {
    if (rows.length > 0) for (const line of formatTable(rows, columns)) this.say(line)
  }

  /**
   * What every printed line goes through: the redactor (no secret), then terminalSafe (no escape sequence or control
   * character from a commit subject, build output, an API error or a file reaches the terminal). `colors` keeps plain
   * SGR colours, for the progress stream on stderr where build output goes.
   */
  protected printable(text: string, options: {colors?: boolean} = {}): string {
    return terminalSafe(this.redactor.redact(text), options)
  }

  /** A result line on stdout (suppressed by --json). */
  protected say(line = ''): void {
    if (!this.jsonEnabled()) this.log(this.printable(line))
  }

  /**
   * A Markdown report (`--format markdown`), masked and neutralised like every other line: on stdout (not in --json
   * mode) and appended to $GITHUB_STEP_SUMMARY when it is set (a GitHub Actions job summary).
   */
  protected async sayMarkdown(markdown: string): Promise<void> {
    const masked = this.printable(markdown)
    if (!this.jsonEnabled()) this.log(masked.replace(/\n$/, ''))
    const file = await writeStepSummary(masked)
    if (file) this.note(`The report was added to the job summary (${file}).`)
  }

  /** Progress, warnings and notes on stderr, so stdout stays clean for pipes (build output keeps its colours). */
  protected note(line: string): void {
    if (!this.jsonEnabled()) this.logToStderr(this.printable(line, {colors: true}))
  }

  protected warnUser(line: string): void {
    this.logToStderr(this.printable(` ›   Warning: ${line}`))
  }

  protected override logJson(json: unknown): void {
    super.logJson(this.redactor.redactDeep(json))
  }

  protected override async catch(error: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    if (this.jsonEnabled()) return this.failJson(error)
    if (error instanceof KitError) {
      const message = this.redactor.redact(error.message)
      const suggestion = error.suggestion ? this.redactor.redact(error.suggestion) : undefined
      // (--json escapes control characters itself; the text below is made terminal-safe where it is printed)
      process.exitCode = error.exitCode

      // Written as is, not through oclif's error renderer: that one wraps at the terminal width, which
      // breaks file paths and `file:line` references in two and makes them impossible to copy or click.
      const text = terminalSafe(suggestion ? `${message}\n${suggestion}` : message)
      if (ux.action.running) ux.action.stop('!') // a status line still spinning (as oclif's own catch does)
      this.logToStderr(
        text
          .split('\n')
          .map((line, i) => (i === 0 ? ` ›   Error: ${line}` : ` ›   ${line}`))
          .join('\n'),
      )
      const rendered = new Errors.CLIError(text, {exit: error.exitCode})
      rendered.skipOclifErrorHandling = true // printed above; the error still carries the message and exit code
      throw rendered
    }

    this.redactor.redactError(error) // message, stack and the cause chain: oclif prints the stack of unexpected errors
    try {
      error.message = terminalSafe(error.message)
      if (typeof error.stack === 'string') error.stack = terminalSafe(error.stack)
    } catch {
      // a read-only property: oclif prints what it can
    }

    return super.catch(error)
  }

  /**
   * --json: any failure (a KitError, a flag oclif rejects, an unexpected error) is one JSON document on stdout,
   * `{"error": {code, message, suggestion?}}`, and nothing on stderr. The error thrown to end the run is marked as
   * handled: the CLI's oclif (not always the plugin's copy, so `instanceof ExitError` fails there) prints nothing
   * for it and exits with its code.
   */
  private failJson(error: Error & {exitCode?: number; oclif?: {exit?: number}; code?: string}): never {
    if (error instanceof Errors.ExitError || error.code === 'EEXIT') {
      // an exit the command asked for (this.exit): nothing to report
      ;(error as Error & {skipOclifErrorHandling?: boolean}).skipOclifErrorHandling = true
      throw error
    }

    const kit = error instanceof KitError
    const exitCode = kit ? error.exitCode : (error.oclif?.exit ?? error.exitCode ?? 1)
    // oclif exits 2 for a flag or argument it rejects
    const code = kit ? error.code : exitCode === 2 ? 'invalid_flags' : 'unexpected_error'
    const suggestion = kit && error.suggestion ? this.redactor.redact(error.suggestion) : undefined
    // oclif's messages (an unknown flag, a missing argument) end with "See more help with --help": keep the first lines
    const message = this.redactor.redact(error.message.replace(/\n+See more help with --help$/, ''))
    process.exitCode = exitCode
    super.logJson({error: commandFailure(code, message, suggestion)})
    const exit = new Errors.ExitError(exitCode) as Errors.ExitError & {skipOclifErrorHandling?: boolean}
    exit.skipOclifErrorHandling = true
    throw exit
  }
}
