/** Pitfall: logs written to files (the Procfile's commands and the source). */
import {plural} from '../wording.js'
import type {Evidence, RepositoryCheck, Verdict} from '../types.js'

/** Procfile commands that write logs to a file (gunicorn --log-file PATH, shell redirection to *.log). */
function procfileLogFiles(evidence: Evidence): string[] {
  const entries = evidence.repository.project.procfile?.entries ?? []
  const found: string[] = []
  for (const entry of entries) {
    const flag = /--(?:log-file|access-logfile|error-logfile|logfile)[= ](?!-(?:\s|$))(\S+)/.exec(entry.command)
    if (flag) found.push(`Procfile:${entry.line}: ${entry.type} writes its log to ${flag[1]}`)
    else if (/>>?\s*\S+\.log\b/.test(entry.command)) found.push(`Procfile:${entry.line}: ${entry.type} redirects its output to a .log file`)
  }

  return found
}

function checkFileLogging(evidence: Evidence): Verdict {
  const {fileLogging, sourceFilesScanned} = evidence.repository
  const found = [...procfileLogFiles(evidence), ...fileLogging.map(f => `${f.file}:${f.line}: ${f.match}`)]
  if (found.length === 0) return {status: 'pass', evidence: [`no logging to files in the Procfile or ${plural(sourceFilesScanned, 'source file')}`]}
  return {
    status: 'warn',
    evidence: ['logs written to files are lost: the dyno filesystem is discarded on every restart and deploy, and no drain sees them', ...found.slice(0, 10)],
    fix: 'log to stdout/stderr (Heroku collects them into the log stream and drains); e.g. gunicorn --log-file -, a console transport',
  }
}

export const fileLoggingCheck: RepositoryCheck = {
  id: 'file-logging',
  criterion: 'Pitfall: logging to files',
  scope: 'repository',
  run: checkFileLogging,
}
