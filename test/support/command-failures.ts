/**
 * A failing run of every kit command, as a new user meets them: no Heroku login, a directory with nothing in it (or
 * one broken file). What each must say, and with which exit code; used against the linked plugin
 * (test/e2e/command-failures.test.ts) and the packed one installed into the real CLI (test/e2e/package.test.ts),
 * where the CLI's copy of oclif is not the plugin's.
 */
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import type {RunResult} from './heroku-cli.js'

export interface CommandFailure {
  args: string[]
  /** the exit code, and `error.code` of the JSON (undefined: the output is a report, not an error) */
  exit: number
  code?: string
  /** files to write in the scratch directory first */
  files?: Record<string, string>
}

/** Problems found without Heroku (offline) come first; `not_logged_in` only when there is nothing wrong locally. */
export const COMMAND_FAILURES: CommandFailure[] = [
  {args: ['kit:acm'], exit: 1, code: 'no_pipeline_file'},
  {args: ['kit:backups'], exit: 1, code: 'no_pipeline_file'},
  {args: ['kit:bootstrap', '--dry-run'], exit: 1, code: 'no_pipeline_file'},
  {args: ['kit:bootstrap', '--dry-run'], exit: 1, code: 'invalid_pipeline_file', files: {'heroku-kit.yml': 'pipeline: shop\nstagez: {}\n'}},
  {args: ['kit:bootstrap', '--dry-run', '--pipeline', 'shop'], exit: 3, code: 'not_logged_in'},
  {args: ['kit:bootstrap', '--dry-run', '--no-such-flag'], exit: 2, code: 'invalid_flags'},
  {args: ['kit:bootstrap', '--dry-run', '--exit-code', '--pipeline', 'shop'], exit: 3, code: 'not_logged_in'},
  {args: ['kit:config:pull'], exit: 1, code: 'no_target'},
  {args: ['kit:config:pull', '-a', 'shop-staging'], exit: 3, code: 'not_logged_in'},
  {args: ['kit:config:sync', '.env.staging'], exit: 1, code: 'dotenv_read'},
  {args: ['kit:config:sync', '.env.staging'], exit: 1, code: 'dotenv_parse', files: {'.env.staging': 'API_URL=https://api.example.com\nnot a line\n'}},
  {args: ['kit:config:sync', '.env.staging', '-r', 'staging'], exit: 1, code: 'remote_not_found', files: {'.env.staging': 'API_URL=x\n'}},
  {args: ['kit:deploy'], exit: 1, code: 'no_pipeline_file'},
  {args: ['kit:deploy', '-a', 'shop-staging'], exit: 1, code: 'not_a_repository'},
  {args: ['kit:import'], exit: 1, code: 'missing_target'},
  {args: ['kit:import', '--pipeline', 'shop'], exit: 3, code: 'not_logged_in'},
  {args: ['kit:init'], exit: 1, code: 'not_an_app'},
  {args: ['kit:promote'], exit: 1, code: 'no_pipeline_file'},
  {args: ['kit:promote', '--pipeline', 'shop', '--yes'], exit: 3, code: 'not_logged_in'},
  {args: ['kit:scale', 'web=lots'], exit: 1, code: 'invalid_formation'},
  {args: ['kit:scale'], exit: 1, code: 'no_pipeline_file'},
  {args: ['kit:scale', 'web=1', '-a', 'shop-staging'], exit: 3, code: 'not_logged_in'},
  {args: ['kit:verify'], exit: 1, code: 'no_pipeline_file'},
  {args: ['kit:verify', '--local'], exit: 1},
  {args: ['kit:verify', '--pipeline', 'shop'], exit: 3, code: 'not_logged_in'},
]

/** Runs each failure with --json in a scratch directory; returns what is wrong (nothing: an empty list) and one line per run. */
export async function checkJsonFailures(run: (args: string[], cwd: string) => Promise<RunResult>): Promise<{problems: string[]; table: string[]}> {
  const problems: string[] = []
  const table: string[] = []
  for (const failure of COMMAND_FAILURES) {
    const dir = await mkdtemp(path.join(tmpdir(), 'kit-failure-'))
    try {
      for (const [file, text] of Object.entries(failure.files ?? {})) {
        await mkdir(path.dirname(path.join(dir, file)), {recursive: true})
        await writeFile(path.join(dir, file), text)
      }

      const args = [...failure.args, '--json']
      const result = await run(args, dir)
      const name = `heroku ${args.join(' ')}${failure.files ? ` (with ${Object.keys(failure.files).join(', ')})` : ''}`
      let parsed: {error?: {code?: string; message?: string}} | undefined
      try {
        parsed = JSON.parse(result.stdout)
      } catch {
        problems.push(`${name}: stdout is not one JSON document: ${result.stdout.slice(0, 200)}`)
      }

      if (result.code !== failure.exit) problems.push(`${name}: exit ${result.code}, expected ${failure.exit}\n${result.output}`)
      if (parsed && parsed.error?.code !== failure.code) problems.push(`${name}: error.code ${parsed.error?.code}, expected ${failure.code}`)
      if (/EEXIT|Error:|\n\s+at /.test(result.stderr)) problems.push(`${name}: stderr has an error rendering: ${result.stderr}`)
      table.push(`${String(result.code).padEnd(3)} ${(parsed?.error?.code ?? '(report)').padEnd(17)} ${name}`)
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  }

  return {problems, table}
}
