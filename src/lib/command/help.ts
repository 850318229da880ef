/**
 * The help text of kit commands: descriptions written as paragraphs (oclif wraps them to the terminal's width, so
 * they are never wrapped by hand) and the one table of exit codes every command shares (README.md "Exit codes" says
 * the same).
 */

/** Every exit code a kit command ends with, and what it means. */
export const EXIT_CODES: ReadonlyArray<readonly [code: string, meaning: string]> = [
  ['0', 'done'],
  ['1', 'failed: the message says why and what to do (kit:verify: a check fails)'],
  ['2', 'wrong flags or arguments; changes pending (kit:bootstrap --exit-code)'],
  ['3', 'not logged in to Heroku, or the token was refused (heroku login)'],
  ['130', 'interrupted (Ctrl-C)'],
  ['143', 'stopped (SIGTERM)'],
]

/** The exit codes as a help section: one line per code, each short enough for 80 columns. */
export const EXIT_CODES_HELP = ['Exit codes:', ...EXIT_CODES.map(([code, meaning]) => `- ${code}: ${meaning}`)].join('\n')

/** A command's description: its paragraphs, separated by blank lines, then the exit codes. */
export function helpDescription(...paragraphs: string[]): string {
  return [...paragraphs, EXIT_CODES_HELP].join('\n\n')
}
