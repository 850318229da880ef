/**
 * An error the user can act on: what is wrong, and what to do about it.
 * Commands render it as one clear message (plus the suggestion) and exit with `exitCode`.
 * Anything that is not a KitError is a bug and keeps its stack trace under DEBUG.
 */
export class KitError extends Error {
  readonly exitCode: number
  readonly suggestion?: string
  /** a stable machine-readable code for --json output, e.g. 'dotenv_parse' */
  readonly code: string

  constructor(message: string, options: {code?: string; exitCode?: number; suggestion?: string; cause?: unknown} = {}) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    this.name = 'KitError'
    this.code = options.code ?? 'kit_error'
    this.exitCode = options.exitCode ?? 1
    this.suggestion = options.suggestion
  }
}

/** One problem at a place in a file: rendered `FILE:LINE: message`. */
export interface FileIssue {
  file: string
  line: number
  message: string
}

export function formatIssue(issue: FileIssue): string {
  return `${issue.file}:${issue.line}: ${issue.message}`
}

/** Several problems in input files; nothing was sent. */
export class FileIssuesError extends KitError {
  readonly issues: FileIssue[]

  constructor(issues: FileIssue[], options: {code?: string; suggestion?: string} = {}) {
    super(issues.map(i => formatIssue(i)).join('\n'), {code: options.code ?? 'invalid_file', suggestion: options.suggestion})
    this.name = 'FileIssuesError'
    this.issues = issues
  }
}
