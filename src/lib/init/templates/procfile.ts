import type {Detection} from '../types.js'

/**
 * The Procfile: `web` bound to $PORT, `worker` when a queue library was found, `release` running migrations
 * (never the web command) when migration tooling was found.
 */
export function procfile(detection: Detection): string {
  const lines = [`web: ${detection.web.command}`]
  if (detection.worker) lines.push(`worker: ${detection.worker.command}`)
  if (detection.migrations) lines.push(`release: ${detection.migrations.command}`)
  return `${lines.join('\n')}\n`
}
