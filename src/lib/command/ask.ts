import {KitError} from '../errors.js'

/** How long a question waits before it counts as "no": long enough to read a plan. */
export const ANSWER_TIMEOUT_MS = 10 * 60_000

export interface AskOptions {
  timeoutMs?: number
  /** for tests; a terminal (stdin) by default */
  input?: NodeJS.ReadableStream
  /** for tests; stderr by default, so stdout stays clean for pipes */
  output?: NodeJS.WritableStream
}

/**
 * A yes/no question, "no" by default and "no" when nobody answers within the timeout. Through the inquirer
 * that `@heroku-cli/command` already ships (its `prompter`, which writes to stderr), so asking adds no dependency.
 * Callers ask only when stdin and stdout are a terminal (KitCommand.isInteractive()).
 */
export async function askYesNo(question: string, options: AskOptions = {}): Promise<boolean> {
  const streams = {
    ...(options.input ? {input: options.input} : {}),
    ...(options.output ? {output: options.output} : {}),
    signal: AbortSignal.timeout(options.timeoutMs ?? ANSWER_TIMEOUT_MS),
  }
  // loaded only when a question is asked: the package's index pulls in Sentry and the credential manager (about
  // half a second of start-up for every kit command), its prompter module only inquirer
  const {prompter} = await import('@heroku-cli/command/lib/prompter.js')
  try {
    const {answer} = await prompter.prompt<{answer: boolean}>([{type: 'confirm', name: 'answer', message: question, default: false}], streams)
    return answer === true
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortPromptError') return false // timed out: the default answer
    // Ctrl-C at the question (the terminal is in raw mode, so it is a key, not SIGINT): every question comes before
    // anything is written, so nothing was sent; 130 as for SIGINT (command/interrupt.ts)
    if (error instanceof Error && error.name === 'ExitPromptError')
      throw new KitError('Cancelled by Ctrl-C at the question; nothing was sent.', {code: 'cancelled', exitCode: 130})
    throw error
  }
}
