import {ux} from '@oclif/core/ux'

import {terminalSafe} from './terminal.js'

/** A status line that redraws in place: oclif's spinner on a terminal. */
export interface StatusLine {
  start(title: string): void
  update(status: string): void
  stop(message: string): void
}

/**
 * Progress of a plan being applied. Every finished step is a line of its own, on every output (logs keep them);
 * on a terminal, a status line under them also shows how many steps finished and which are running now.
 */
export class StepProgress {
  private readonly running = new Map<string, string>()
  private finished = 0

  constructor(
    private readonly total: number,
    private readonly statusLine?: StatusLine,
  ) {}

  begin(title: string): void {
    this.statusLine?.start(title)
    this.statusLine?.update(this.status())
  }

  started(id: string, label: string): void {
    this.running.set(id, label)
    this.statusLine?.update(this.status())
  }

  /** a step finished, failed, or was skipped (then it never started) */
  done(id: string): void {
    this.running.delete(id)
    this.finished++
    this.statusLine?.update(this.status())
  }

  end(message: string): void {
    this.statusLine?.stop(message)
  }

  /** e.g. `3/27 · production: create add-on heroku-postgresql:standard-0 as DATABASE and 2 more` (one line) */
  status(): string {
    const now = [...this.running.values()]
    const shown = (now[0] ?? '') + (now.length > 1 ? ` and ${now.length - 1} more` : '')
    return `${this.finished}/${this.total}${shown ? ` · ${shown}` : ''}`
  }
}

/**
 * oclif's spinner when stderr is a terminal (it draws nothing otherwise: no TTY, CI, TERM=dumb), with every status
 * passed through `redact` and made terminal-safe (./terminal.ts). Lines written while it spins appear above it.
 */
export function terminalStatusLine(redact: (text: string) => string): StatusLine | undefined {
  if (ux.action.type !== 'spinner') return undefined
  const show = (text: string) => terminalSafe(redact(text))
  return {
    start: title => ux.action.start(show(title)),
    update(status) {
      ux.action.status = show(status)
    },
    stop: message => ux.action.stop(show(message)),
  }
}
