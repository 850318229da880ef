/**
 * The Procfile: one `<process type>: <command>` per line (Dev Center "The Procfile"), and what its commands tell
 * us: does `web` bind $PORT (R10 boot timeouts otherwise), does `release` run migrations.
 */
import {FileIssuesError, type FileIssue} from '../errors.js'
import {readManifestFile} from './files.js'
import {PROCESS_TYPE} from './common.js'
import type {Procfile, ProcfileEntry} from './types.js'

export const PROCFILE = 'Procfile'

/** Parses Procfile text; throws FileIssuesError listing every bad line. Blank lines and `#` comments are skipped. */
export function parseProcfile(text: string, file: string): Procfile {
  const entries: ProcfileEntry[] = []
  const issues: FileIssue[] = []
  const firstLine = new Map<string, number>()
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)
  for (const [index, rawLine] of lines.entries()) {
    const line = index + 1
    const trimmed = rawLine.trim()
    if (trimmed === '' || trimmed.startsWith('#')) continue
    const colon = trimmed.indexOf(':')
    // messages quote at most the offending token, never the rest of the line: a file that is not a Procfile (a
    // netrc, a .env) must not have its secrets echoed
    if (colon === -1) {
      issues.push({file, line, message: `${startsWith(trimmed)} has no ":"; each line must be <process type>: <command>, e.g. web: npm start`})
      continue
    }

    const rawType = trimmed.slice(0, colon)
    const type = rawType.trimEnd()
    const command = trimmed.slice(colon + 1).trim()
    if (type === '') {
      issues.push({
        file,
        line,
        message: 'the line starts with ":" and has no process type; write <process type>: <command>, e.g. web: npm start',
      })
      continue
    }

    if (!PROCESS_TYPE.test(type)) {
      issues.push({
        file,
        line,
        message: `${startsWith(type)} is not a valid process type; use letters, digits, "_" and "-" only (e.g. web, worker, release)`,
      })
      continue
    }

    if (rawType !== type) {
      issues.push({
        file,
        line,
        message: `remove the space before ":" in "${rawType}:"; Heroku does not recognise it as the process type ${type}`,
      })
      continue
    }

    if (command === '') {
      issues.push({file, line, message: `process type ${type} has no command; write it after "${type}:", or remove the line`})
      continue
    }

    const first = firstLine.get(type)
    if (first !== undefined) {
      issues.push({file, line, message: `process type ${type} is declared twice (first on line ${first}); keep one line per process type`})
      continue
    }

    firstLine.set(type, line)
    entries.push({command, line, type})
  }

  if (issues.length > 0)
    throw new FileIssuesError(issues, {
      code: 'invalid_procfile',
      suggestion: 'Each Procfile line is <process type>: <command>; see https://devcenter.heroku.com/articles/procfile',
    })
  return {entries, file}
}

/** Reads `Procfile` in `dir`; undefined when there is none (Heroku then uses the buildpack's default process types). */
export async function loadProcfile(dir: string): Promise<Procfile | undefined> {
  const text = await readManifestFile(dir, PROCFILE, /^procfile(?:\.[a-z]+)?$/i)
  return text === undefined ? undefined : parseProcfile(text, PROCFILE)
}

/**
 * A line in a message: only its first word, as far as it could be a process type (`"SECRET"` of `SECRET=abc`, `"machine"`
 * of a netrc line), else its first character — never more of the line.
 */
function startsWith(text: string): string {
  const word = /^[A-Za-z0-9_-]{1,30}/.exec(text)?.[0]
  const rest = text.length > (word?.length ?? 0) ? '…' : ''
  return word ? `the line starting "${word}${rest}"` : `the line starting with ${JSON.stringify([...text][0] ?? '')}`
}

// ---------------------------------------------------------------- what a command does

/** `$PORT`, `${PORT}`, `${PORT:-5000}`, `%PORT%` */
const PORT_REFERENCE = /\$\{?PORT\b|%PORT%/

/** An explicit fixed port: `-p 3000`, `--port=8000`, `--bind 0.0.0.0:8000`, `127.0.0.1:5000`, `-Dserver.port=8080`. */
const FIXED_PORT = [
  /(?:^|\s)(?:-p|--port)(?:\s+|=)\d+\b/,
  /(?:^|\s)--server\.port(?:\s+|=)\d+\b/,
  /-Dserver\.port=\d+\b/,
  /(?:^|[\s=/])(?:0\.0\.0\.0|127\.0\.0\.1|localhost|\[::\]|\[::1\]):\d{2,5}\b/,
  /\bhttp\.server\s+\d+\b/,
]

/** `-b`/`--bind` with any value (a port or a unix socket when no $PORT is referenced). */
const BIND_FLAG = /(?:^|\s)(?:-b|--bind)(?:\s+|=)\S+/
const UNIX_SOCKET_BIND = /(?:^|\s)(?:-b|--bind)(?:\s+|=)unix:/

/** Servers that bind $PORT on their own when no port is given. */
const READS_PORT: RegExp[] = [
  /\bnext\s+(?:start|dev)\b/, // Next.js: `-p` or the PORT env var
  /\brails\s+(?:s|server)\b/, // Rails: PORT env var, 0.0.0.0 outside development
  /\bheroku-php-(?:apache2|nginx)\b/, // the PHP buildpack's boot scripts
]

/** Servers that bind a fixed default port (or localhost) unless told otherwise. */
const FIXED_DEFAULT: RegExp[] = [
  /\buvicorn\b/, // 127.0.0.1:8000
  /\bhypercorn\b/, // 127.0.0.1:8000
  /\bdaphne\b/, // 127.0.0.1:8000
  /\bwaitress-serve\b/, // 0.0.0.0:8080
  /\bflask\s+run\b/, // 127.0.0.1:5000, and the development server
  /\bmanage\.py\s+runserver\b/, // 127.0.0.1:8000, and the development server
  /\bstreamlit\s+run\b/, // 8501
]

/**
 * Whether a `web` command binds the port Heroku routes to: true when it references $PORT or runs a server known to
 * read the PORT env var, false when it binds another port (or a socket, or localhost), undefined when the command
 * alone can't tell (e.g. `node server.js`, `npm start`: the code decides).
 */
export function webBindsPort(command: string): boolean | undefined {
  const c = command.trim()
  if (PORT_REFERENCE.test(c)) return true
  if (FIXED_PORT.some(pattern => pattern.test(c)) || UNIX_SOCKET_BIND.test(c)) return false
  // gunicorn binds 0.0.0.0:$PORT when PORT is set and no bind is given (gunicorn `bind` setting); a config file may bind elsewhere
  if (/\bgunicorn\b/.test(c)) {
    if (BIND_FLAG.test(c)) return false
    return /(?:^|\s)(?:-c|--config)(?:\s|=)/.test(c) ? undefined : true
  }

  // puma itself binds 0.0.0.0:9292; Rails' generated config/puma.rb binds ENV["PORT"] (Heroku's documented setup)
  if (/\bpuma\b/.test(c)) return /(?:^|\s)(?:-C|--config)(?:\s|=)/.test(c) ? true : undefined
  if (READS_PORT.some(pattern => pattern.test(c))) return true
  if (FIXED_DEFAULT.some(pattern => pattern.test(c))) return false
  return undefined
}

/** Migration commands of common frameworks and tools. */
const MIGRATIONS: RegExp[] = [
  /\b(?:rails|rake)\s+(?:[\w:-]+\s+)*db:(?:migrate|prepare)(?!:(?:status|down|redo))\b/, // Rails
  /\bmanage\.py\s+migrate\b/, // Django
  /\bdjango-admin\s+migrate\b/,
  /\balembic\s+(?:-\S+\s+(?:\S+\s+)?)*upgrade\b/, // SQLAlchemy
  /\bflask\s+db\s+upgrade\b/, // Flask-Migrate
  /\bprisma\s+migrate\s+deploy\b/,
  /\bknex\s+(?:-\S+\s+(?:\S+\s+)?)*migrate:latest\b/,
  /\bsequelize(?:-cli)?\s+(?:-\S+\s+(?:\S+\s+)?)*db:migrate(?!:(?:status|undo))\b/,
  /\btypeorm(?:-ts-node-\w+)?\s+(?:-\S+\s+(?:\S+\s+)?)*migration:run\b/,
  /\bgoose\b.*\s(?:up|up-by-one|up-to)\b/, // goose [-dir d] DRIVER DSN up
  /(?:^|[\s/;&|])migrate\s+.*-(?:path|source|database)\b.*\bup\b/, // golang-migrate
  /\bmix\s+ecto\.migrate\b/, // Elixir
  /\bphp\s+artisan\s+migrate\b(?!:(?:status|rollback|reset|fresh|refresh))/, // Laravel
  /\bflyway\s+(?:-\S+\s+)*migrate\b/,
  /\bliquibase\s+(?:-\S+\s+)*update\b/,
  /\bdiesel\s+migration\s+run\b/,
  /\bsqlx\s+migrate\s+run\b/,
  /\bdbmate\s+(?:-\S+\s+)*(?:up|migrate)\b/,
  /\bnode-pg-migrate\s+(?:-\S+\s+(?:\S+\s+)?)*up\b/,
  /\bdb-migrate\s+up\b/,
  /\bdrizzle-kit\s+migrate\b/,
  /\batlas\s+migrate\s+apply\b/,
  /\bmikro-orm\s+migration:up\b/,
  /\bumzug\b.*\bup\b/,
  /\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?(?:[\w-]+:)*(?:db[:-])?migrat(?:e|ions?)(?::(?:deploy|up|latest|run|prod|production))?(?=$|[\s"';&|)])/, // npm run migrate, yarn db:migrate
  /\bnpx\s+(?:--yes\s+)?(?:prisma\s+migrate\s+deploy|knex\s+migrate:latest|sequelize(?:-cli)?\s+db:migrate)\b/,
]

/** A generic `<program> migrate` (e.g. `./bin/app migrate`, `python manage.py migrate`) as a separate word. */
const GENERIC_MIGRATE = /(?:^|\s)(?:\S+\s+)+(?:migrate|db:migrate|migrations?:(?:run|up|deploy))(?=$|[\s"';&|)])/
const NOT_A_MIGRATION =
  /\b(?:makemigrations|showmigrations|migrate:(?:status|rollback|reset|fresh|refresh|make)|db:migrate:(?:status|down|redo|undo)|--dry-run|--plan)\b/

/** Whether a command (usually the `release` process) runs database migrations. */
export function commandRunsMigrations(command: string): boolean {
  const c = command.trim()
  if (NOT_A_MIGRATION.test(c) && !/&&|;|\|\|/.test(c)) return false
  return MIGRATIONS.some(pattern => pattern.test(c)) || GENERIC_MIGRATE.test(c)
}
