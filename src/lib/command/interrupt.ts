/**
 * A run cut short by Ctrl-C (SIGINT) or a CI cancel (SIGTERM): one short block saying what finished, what was in
 * flight (sent, its outcome unknown), what did not start and the command that finishes the job; with --json a final
 * object with `interrupted: true`; exit 130 / 143 (128 + the signal's number, as shells report it); no stack trace.
 * KitCommand installs it for every command (its hook is `watchInterrupts`); the plan executor tells the journal
 * about each step (converge/executor.ts `StepJournal`), so every converging command reports alike.
 */
import type {StepJournal} from '../converge/executor.js'
import type {Step, StepResult} from '../converge/types.js'
import type {CommandFailure} from './kit-command.js'

export type InterruptSignal = 'SIGINT' | 'SIGTERM'

/** 128 + the signal's number: what a shell reports for a process a signal ended */
export const INTERRUPT_EXIT_CODES: Record<InterruptSignal, number> = {SIGINT: 130, SIGTERM: 143}

const SIGNAL_NAMES: Record<InterruptSignal, string> = {SIGINT: 'Ctrl-C (SIGINT)', SIGTERM: 'SIGTERM'}

type StepState = 'done' | 'failed' | 'in-flight' | 'not-started' | 'skipped'

/** What the plan executor did with each step that writes, as it happened. */
export class RunJournal implements StepJournal {
  private readonly steps = new Map<string, {summary: string; state: StepState}>()
  private begun = false

  begin(steps: ReadonlyArray<Step<unknown>>): void {
    this.begun = true
    for (const step of steps) this.steps.set(step.id, {summary: `${step.group}: ${step.summary}`, state: 'not-started'})
  }

  started(step: Step<unknown>): void {
    const entry = this.steps.get(step.id)
    if (entry) entry.state = 'in-flight'
  }

  finished(step: Step<unknown>, result: StepResult): void {
    const entry = this.steps.get(step.id)
    if (!entry) return
    entry.state = result.status === 'done' ? 'done' : result.status === 'failed' ? 'failed' : result.status === 'skipped' ? 'skipped' : 'not-started'
  }

  /** undefined until the executor began: the command had not started applying a plan */
  snapshot(): Record<StepState, string[]> | undefined {
    if (!this.begun) return undefined
    const by: Record<StepState, string[]> = {done: [], failed: [], 'in-flight': [], 'not-started': [], skipped: []}
    for (const {summary, state} of this.steps.values()) by[state].push(summary)
    return by
  }
}

/** The --json document of an interrupted run: the failure shape of every kit command, plus what happened. */
export interface InterruptedRun {
  interrupted: true
  signal: InterruptSignal
  exitCode: number
  /** undefined when the command was not applying a plan (the steps are unknown) */
  steps?: {finished: string[]; failed: string[]; inFlight: string[]; notStarted: string[]}
  resume: string
  error: CommandFailure
}

/** At most this many finished or not-started steps are named in the block (--json names them all). */
const SHOWN = 6

/** A line of the block; every step in flight is named (those are the ones to check), the others up to `max`. */
function listed(title: string, items: string[], max = SHOWN): string[] {
  if (items.length === 0) return []
  const shown = items.slice(0, max).join('; ')
  return [`${title} (${items.length}): ${shown}${items.length > max ? `; and ${items.length - max} more` : ''}`]
}

/**
 * The block and the JSON for a run a signal stopped. `planOnly`: the command sends its writes only as plan steps
 * (kit:bootstrap), so before the executor began nothing had been sent; otherwise a command that was not applying a
 * plan may have been sending something (an upload, a build), and the block says so.
 */
export function interruptedRun(signal: InterruptSignal, journal: RunJournal, resume: string, planOnly: boolean): {lines: string[]; json: InterruptedRun} {
  const exitCode = INTERRUPT_EXIT_CODES[signal]
  const snapshot = journal.snapshot()
  const headline = `Interrupted by ${SIGNAL_NAMES[signal]}; heroku-kit stopped and sends nothing more.`
  const suggestion = `To finish the job, run: ${resume}`
  const lines = [headline]
  let steps: InterruptedRun['steps']
  if (snapshot) {
    steps = {
      finished: snapshot.done,
      failed: snapshot.failed,
      inFlight: snapshot['in-flight'],
      notStarted: [...snapshot['not-started'], ...snapshot.skipped],
    }
    lines.push(
      ...listed('Finished', steps.finished),
      ...listed('Failed', steps.failed),
      ...listed('In flight, may or may not have happened', steps.inFlight, Infinity),
      ...listed('Not started', steps.notStarted),
    )
    if (steps.inFlight.length === 0 && steps.finished.length === 0) lines.push('No step had started: Heroku is unchanged.')
  } else {
    lines.push(planOnly ? 'Nothing had been sent yet: Heroku is unchanged.' : 'What it was sending when it stopped may or may not have happened.')
  }

  lines.push(`${suggestion} (it reads Heroku again and does only what is left).`)
  return {
    lines,
    json: {interrupted: true, signal, exitCode, ...(steps ? {steps} : {}), resume, error: {code: 'interrupted', message: headline, suggestion}},
  }
}

/** The command line that runs the same command again, each argument quoted for a POSIX shell when it needs it. */
export function resumeCommand(bin: string, id: string, argv: readonly string[]): string {
  const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", String.raw`'\''`)}'`)
  return [bin, id, ...argv].map(arg => quote(arg)).join(' ')
}

/** The process, as far as signal handling needs it (tests give a fake one). */
export interface SignalTarget {
  prependListener(signal: InterruptSignal, listener: () => void): unknown
  removeListener(signal: InterruptSignal, listener: () => void): unknown
}

/**
 * Calls `onSignal` on the first SIGINT or SIGTERM, which reports and exits; a second signal while that is still
 * going exits at once with the first one's code (`exit`), reporting nothing more. The listeners go first
 * (prepended): the heroku CLI's own telemetry listener exits with 1 and would otherwise end the process before the
 * report. Returns the function that removes them.
 */
export function watchInterrupts(options: {onSignal: (signal: InterruptSignal) => void; exit: (code: number) => void; target?: SignalTarget}): () => void {
  const target = options.target ?? process
  let first: InterruptSignal | undefined
  const listeners = (['SIGINT', 'SIGTERM'] as const).map(signal => {
    const listener = () => {
      if (first) {
        options.exit(INTERRUPT_EXIT_CODES[first])
        return
      }

      first = signal
      options.onSignal(signal)
    }

    target.prependListener(signal, listener)
    return {signal, listener}
  })
  return () => {
    for (const {signal, listener} of listeners) target.removeListener(signal, listener)
  }
}
