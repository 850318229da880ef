/** Shared arithmetic of the bench scripts: nothing here measures or prints. */
import type {RequestLogEntry} from 'heroku-emulator'

/** The longest chain of requests that ran one after another (no overlap): round trips on the critical path. */
export function longestChain(entries: RequestLogEntry[]): number {
  const intervals = entries.map(e => [e.startedAt, e.startedAt + e.durationMs]).sort((a, b) => a[1] - b[1])
  let count = 0
  let end = -Infinity
  for (const [start, finish] of intervals) {
    if (start >= end) {
      count++
      end = finish
    }
  }

  return count
}
