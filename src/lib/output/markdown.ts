/**
 * GitHub-flavoured Markdown for reports shown in a pull request (a job summary, a PR comment): table cells that
 * can't break the table or inject HTML, collapsible sections, and the 64 KB cap (a PR comment holds at most 65,536
 * characters) with a note saying what was left out.
 */
import {appendFile} from 'node:fs/promises'

/** The most a report may take, in bytes (UTF-8): a PR comment's limit. */
export const MARKDOWN_LIMIT = 64 * 1024

/**
 * Text as one table cell: on one line, `|` escaped, HTML's `<`, `>` and `&` as entities (a value can't open a tag or
 * close the `<details>` around it), and the Markdown punctuation that could link or format escaped with a backslash.
 */
export function cell(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll(/([\\`*_[\]|~])/g, '\\$1')
    .replaceAll(/\r?\n/g, '<br>')
}

/** A Markdown table: a header row, the rule, one row per entry (every value through `cell`). */
export function table(headers: string[], rows: string[][]): string[] {
  return [
    `| ${headers.map(h => cell(h)).join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...rows.map(row => `| ${row.map(v => cell(v)).join(' | ')} |`),
  ]
}

/** A collapsible section: `summary` (escaped) and its body lines; blank lines around the body so GitHub renders it as Markdown. */
export function details(summary: string, body: string[], open = false): string[] {
  return [`<details${open ? ' open' : ''}><summary>${cell(summary)}</summary>`, '', ...body, '', '</details>', '']
}

/**
 * The report, at most `limit` bytes: whole lines are kept while they fit; then any `<details>` left open is closed
 * and a note says how many lines and bytes were left out.
 */
export function capMarkdown(lines: string[], limit = MARKDOWN_LIMIT): string {
  const full = `${lines.join('\n')}\n`
  if (Buffer.byteLength(full) <= limit) return full
  const reserve = 400 // the closing tags and the note
  const kept: string[] = []
  let size = 0
  let open = 0
  for (const line of lines) {
    const bytes = Buffer.byteLength(line) + 1
    if (size + bytes > limit - reserve) break
    kept.push(line)
    size += bytes
    if (line.startsWith('<details')) open++
    if (line === '</details>') open--
  }

  const left = lines.length - kept.length
  const leftBytes = Buffer.byteLength(full) - size
  const closing = Array.from({length: Math.max(0, open)}, () => ['', '</details>']).flat()
  const note = `> **Truncated:** ${left} line(s) (${Math.ceil(leftBytes / 1024)} KB) were left out to stay under ${limit / 1024} KB; the job log has the whole report.`
  return `${[...kept, ...closing, '', note].join('\n')}\n`
}

/**
 * Appends the report to the job summary GitHub Actions shows ($GITHUB_STEP_SUMMARY), when that variable is set;
 * returns the file written, if any.
 */
export async function writeStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const file = env.GITHUB_STEP_SUMMARY
  if (!file) return undefined
  await appendFile(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`, 'utf8')
  return file
}
