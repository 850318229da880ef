/** How the checks' evidence words counts and commands. */

/** `1 key`, `2 keys` */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

/** A command in backticks, cut to 80 characters. */
export function quoteCommand(command: string): string {
  return command.length > 80 ? `\`${command.slice(0, 77)}...\`` : `\`${command}\``
}
