import {KitError} from '../errors.js'

/** The parts of package.json kit:init uses. */
export interface PackageJson {
  name?: string
  description?: string
  main?: string
  type?: string
  scripts: Record<string, string>
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
  engines: Record<string, string>
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'string') out[k] = v
  }

  return out
}

export function parsePackageJson(text: string, file = 'package.json'): PackageJson {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new KitError(`${file} is not valid JSON (${(error as Error).message}). Nothing was written.`, {
      code: 'invalid_manifest',
      suggestion: `Fix ${file} (npm needs it to be valid JSON too), then run kit:init again.`,
    })
  }

  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new KitError(`${file} must contain a JSON object. Nothing was written.`, {code: 'invalid_manifest'})
  }

  const pkg = data as Record<string, unknown>
  return {
    name: typeof pkg.name === 'string' ? pkg.name : undefined,
    description: typeof pkg.description === 'string' && pkg.description.trim() ? pkg.description.trim() : undefined,
    main: typeof pkg.main === 'string' ? pkg.main : undefined,
    type: typeof pkg.type === 'string' ? pkg.type : undefined,
    scripts: stringRecord(pkg.scripts),
    dependencies: stringRecord(pkg.dependencies),
    devDependencies: stringRecord(pkg.devDependencies),
    engines: stringRecord(pkg.engines),
  }
}

/** PEP 503 normalised distribution name: `Flask_SQLAlchemy` → `flask-sqlalchemy`. */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replaceAll(/[-_.]+/g, '-')
}

/**
 * Names in a requirement specifier, normalised, plus `name[extra]` for each extra
 * (`celery[redis]>=5` → `celery`, `celery[redis]`).
 */
function requirementNames(spec: string): string[] {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?/.exec(spec)
  if (!match) return []
  const name = normalizePythonName(match[1])
  const extras = (match[2] ?? '')
    .split(',')
    .map(e => e.trim().toLowerCase())
    .filter(Boolean)
  return [name, ...extras.map(e => `${name}[${e}]`)]
}

/** requirements.txt: one requirement a line; comments, options (-r, -e, --hash) and URLs are skipped. */
export function parseRequirements(text: string): string[] {
  const names: string[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw
      .replace(/\s+#.*$/, '')
      .replace(/^#.*$/, '')
      .trim()
    if (!line || line.startsWith('-') || /^[a-z+]+:\/\//i.test(line)) continue
    // `name @ https://…` direct references keep their name
    names.push(...requirementNames(line))
  }

  return names
}

export interface TomlTables {
  /** table name → key → raw value text (arrays may span lines) */
  tables: Map<string, Map<string, string>>
}

/** Unquoted key of a TOML `key = value` line. */
function tomlKey(raw: string): string {
  const key = raw.trim()
  if ((key.startsWith('"') && key.endsWith('"')) || (key.startsWith("'") && key.endsWith("'"))) return key.slice(1, -1)
  return key
}

/** Net `[` minus `]` outside strings. */
function bracketBalance(text: string): number {
  let depth = 0
  let quote: string | undefined
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quote) {
      if (c === '\\' && quote === '"') i++
      else if (c === quote) quote = undefined
    } else if (c === '"' || c === "'") quote = c
    else if (c === '#') break
    else if (c === '[') depth++
    else if (c === ']') depth--
  }

  return depth
}

/**
 * A deliberately small TOML reader for pyproject.toml and Pipfile: tables and `key = value` pairs (values kept
 * as text, multi-line arrays joined). Enough to find names, descriptions and dependency lists; not a TOML parser.
 */
export function readTomlTables(text: string): TomlTables {
  const tables = new Map<string, Map<string, string>>()
  let current = ''
  tables.set(current, new Map())
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim()
    if (!line || line.startsWith('#')) continue
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/.exec(line)
    if (header) {
      current = header[1]
        .split('.')
        .map(p => tomlKey(p))
        .join('.')
      if (!tables.has(current)) tables.set(current, new Map())
      continue
    }

    const eq = line.indexOf('=')
    if (eq <= 0) continue
    const key = tomlKey(line.slice(0, eq))
    let value = line.slice(eq + 1).trim()
    let depth = bracketBalance(value)
    while (depth > 0 && i + 1 < lines.length) {
      i++
      value += '\n' + lines[i]
      depth += bracketBalance(lines[i])
    }

    tables.get(current)!.set(key, value)
  }

  return {tables}
}

/** The string literals in a TOML value (an array of strings, or one string). */
export function tomlStrings(value: string | undefined): string[] {
  if (!value) return []
  const out: string[] = []
  for (const m of value.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)) out.push(m[1] ?? m[2])
  return out
}

export interface PythonProject {
  name?: string
  description?: string
  dependencies: string[]
  devDependencies: string[]
}

export function parsePyproject(text: string): PythonProject {
  const {tables} = readTomlTables(text)
  const project = tables.get('project')
  const poetry = tables.get('tool.poetry')
  const deps: string[] = []
  const dev: string[] = []
  for (const spec of tomlStrings(project?.get('dependencies'))) deps.push(...requirementNames(spec))
  for (const [name, table] of tables) {
    if (name === 'project.optional-dependencies' || name === 'dependency-groups') {
      for (const value of table.values()) for (const spec of tomlStrings(value)) dev.push(...requirementNames(spec))
    }

    if (name === 'tool.poetry.dependencies') {
      for (const [key, value] of table) {
        if (key === 'python') continue
        deps.push(normalizePythonName(key))
        const extras = /extras\s*=\s*(\[[^\]]*\])/.exec(value)
        if (extras) for (const e of tomlStrings(extras[1])) deps.push(`${normalizePythonName(key)}[${e.toLowerCase()}]`)
      }
    }

    if (/^tool\.poetry\.(dev-dependencies|group\.[^.]+\.dependencies)$/.test(name)) {
      for (const key of table.keys()) dev.push(normalizePythonName(key))
    }
  }

  const name = tomlStrings(project?.get('name'))[0] ?? tomlStrings(poetry?.get('name'))[0]
  const description = tomlStrings(project?.get('description'))[0] ?? tomlStrings(poetry?.get('description'))[0]
  return {name, description: description?.trim() || undefined, dependencies: deps, devDependencies: dev}
}

export function parsePipfile(text: string): PythonProject {
  const {tables} = readTomlTables(text)
  const deps: string[] = []
  const dev: string[] = []
  for (const [key, value] of tables.get('packages') ?? []) {
    deps.push(normalizePythonName(key))
    const extras = /extras\s*=\s*(\[[^\]]*\])/.exec(value)
    if (extras) for (const e of tomlStrings(extras[1])) deps.push(`${normalizePythonName(key)}[${e.toLowerCase()}]`)
  }

  for (const key of (tables.get('dev-packages') ?? new Map()).keys()) dev.push(normalizePythonName(key))
  return {dependencies: deps, devDependencies: dev}
}

/** Gem names declared with `gem "name"` (any group). */
export function parseGemfile(text: string): string[] {
  const gems: string[] = []
  for (const raw of text.split(/\r?\n/)) {
    const match = /^\s*gem\s+["']([^"']+)["']/.exec(raw)
    if (match) gems.push(match[1].toLowerCase())
  }

  return gems
}

export interface GoMod {
  module: string
  goVersion?: string
  /** direct requirements (not `// indirect`) */
  requires: string[]
}

export function parseGoMod(text: string, file = 'go.mod'): GoMod {
  let module: string | undefined
  let goVersion: string | undefined
  const requires: string[] = []
  let inRequire = false
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (inRequire) {
      if (line.startsWith(')')) {
        inRequire = false
        continue
      }

      const m = /^(\S+)\s+\S+(.*)$/.exec(line)
      if (m && !m[1].startsWith('//') && !/\/\/\s*indirect/.test(m[2])) requires.push(m[1])
      continue
    }

    const moduleLine = /^module\s+"?([^\s"]+)"?/.exec(line)
    if (moduleLine) module = moduleLine[1]
    const goLine = /^go\s+(\d+\.\d+(?:\.\d+)?)/.exec(line)
    if (goLine) goVersion = goLine[1]
    if (/^require\s*\($/.test(line)) inRequire = true
    const single = /^require\s+(\S+)\s+\S+(.*)$/.exec(line)
    if (single && single[1] !== '(' && !/\/\/\s*indirect/.test(single[2])) requires.push(single[1])
  }

  if (!module) {
    throw new KitError(`${file} has no \`module\` line. Nothing was written.`, {
      code: 'invalid_manifest',
      suggestion: 'Run `go mod init MODULE` (or fix go.mod), then run kit:init again.',
    })
  }

  return {module, goVersion, requires}
}
