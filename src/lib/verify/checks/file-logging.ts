/** Pitfall: logs written to files (the process commands, from the Procfile or heroku.yml, and the source). */
import {plural} from '../wording.js'
import type {Evidence, RepositoryCheck, Verdict} from '../types.js'

/**
 * Process commands that write logs to a file (gunicorn --log-file PATH, shell redirection to *.log): the Procfile's,
 * or with heroku.yml (where Heroku ignores the Procfile) those its `run` section gives.
 */
function processLogFiles(evidence: Evidence): string[] {
  const {container} = evidence.repository
  const commands = container
    ? Object.entries(container.commands).map(([type, command]) => ({where: `${container.file} run.${type}`, type, command}))
    : (evidence.repository.project.procfile?.entries ?? []).map(entry => ({where: `Procfile:${entry.line}`, type: entry.type, command: entry.command}))
  const found: string[] = []
  for (const {where, type, command} of commands) {
    const flag = /--(?:log-file|access-logfile|error-logfile|logfile)[= ](?!-(?:\s|$))(\S+)/.exec(command)
    if (flag) found.push(`${where}: ${type} writes its log to ${flag[1]}`)
    else if (/>>?\s*\S+\.log\b/.test(command)) found.push(`${where}: ${type} redirects its output to a .log file`)
  }

  return found
}

function checkFileLogging(evidence: Evidence): Verdict {
  const {fileLogging, sourceFilesScanned} = evidence.repository
  const found = [...processLogFiles(evidence), ...fileLogging.map(f => `${f.file}:${f.line}: ${f.match}`)]
  if (found.length === 0)
    return {
      status: 'pass',
      evidence: [
        `no logging to files in the ${evidence.repository.container ? 'heroku.yml commands' : 'Procfile'} or ${plural(sourceFilesScanned, 'source file')}`,
      ],
    }
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
