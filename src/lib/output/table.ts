/**
 * A plain table in the Heroku CLI's style (header, a rule, aligned columns). Not hux.table: that one loads
 * ink and React (~0.25 s measured on kit:bootstrap, 7% of its wall time) to print a few rows of text.
 */
export function formatTable<T extends Record<string, unknown>>(rows: T[], columns: Partial<Record<keyof T & string, {header: string}>>): string[] {
  const keys = Object.keys(columns) as Array<keyof T & string>
  const cells = rows.map(row => keys.map(key => String(row[key] ?? '')))
  const headers = keys.map(key => columns[key]!.header)
  const widths = keys.map((_, i) => Math.max(headers[i].length, ...cells.map(r => r[i].length)))
  const line = (values: string[]): string => `  ${values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]))).join('   ')}`.trimEnd()
  const lineWidth = 2 + widths.reduce((sum, w) => sum + w, 0) + 3 * (widths.length - 1)
  return [line(headers), ` ${'─'.repeat(lineWidth - 1)}`, ...cells.map(r => line(r))]
}
