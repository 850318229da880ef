/**
 * Pieces shared by the app.json and heroku-kit.yml readers: key paths, "did you mean", and the app.json
 * `formation` and `addons` formats (heroku-kit.yml stages use the same formats).
 */
import type {AddonDecl, FormationDecl} from './types.js'

/** A key path into a parsed file: object keys and array indexes. */
export type Segment = string | number
export type KeyPath = readonly Segment[]

/** Records one problem at a key path; the caller turns the path into a line. */
export type Report = (path: KeyPath, message: string) => void

/** `env.SECRET_KEY.generator`, `addons[2].plan`, `formation["web.1"]` */
export function formatPath(path: KeyPath): string {
  let out = ''
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`
    else if (/^[A-Za-z0-9_-]+$/.test(segment)) out += out === '' ? segment : `.${segment}`
    else out += `[${JSON.stringify(segment)}]`
  }

  return out === '' ? '(top level)' : out
}

/**
 * The phrase for what a value is, for "must be a string, not a number" messages. `quote: false` for a whole file's
 * content (a file that is not what it claims to be, such as a netrc linked as heroku-kit.yml): its text is not quoted.
 */
export function describe(value: unknown, options: {quote?: boolean} = {}): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  switch (typeof value) {
    case 'string': {
      if (options.quote === false) return 'text'
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`
    }

    case 'number': {
      return `the number ${value}`
    }

    case 'boolean': {
      return String(value)
    }

    case 'object': {
      return 'a mapping'
    }

    default: {
      return typeof value
    }
  }
}

/** `record[key] = value` that also works for the key "__proto__" (JSON and YAML keys are data). */
export function setEntry<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, {configurable: true, enumerable: true, value, writable: true})
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function levenshtein(a: string, b: string): number {
  const previous = Array.from({length: b.length + 1}, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]
    previous[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }

  return previous[b.length]
}

/** The closest candidate to a mistyped name (ignoring case, `_` and `-`), when it is close enough to be a typo. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const normalise = (s: string) => s.toLowerCase().replaceAll(/[-_]/g, '')
  const wanted = normalise(name)
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of candidates) {
    const distance = levenshtein(wanted, normalise(candidate))
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }

  if (best === undefined) return undefined
  return bestDistance <= Math.max(1, Math.floor(Math.max(wanted.length, 4) / 3)) ? best : undefined
}

/** `; did you mean "x"?` or `; known keys: a, b, c` */
export function suggestion(name: string, candidates: readonly string[], noun = 'keys'): string {
  const near = closest(name, candidates)
  return near ? `; did you mean ${near}?` : `; known ${noun}: ${candidates.join(', ')}`
}

/** Reports keys of `object` that are not in `known`, each with a suggestion. */
export function reportUnknownKeys(object: Record<string, unknown>, known: readonly string[], path: KeyPath, report: Report, what: string): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) report([...path, key], `${formatPath([...path, key])} is not a known ${what} key${suggestion(key, known)}`)
  }
}

// ---------------------------------------------------------------- process types and dyno sizes

export const PROCESS_TYPE = /^[A-Za-z0-9_-]+$/

/** Dyno sizes of the Cedar generation (Common Runtime, Private and Shield Spaces). Compared case-insensitively. */
export const DYNO_SIZES = [
  'eco',
  'basic',
  'standard-1x',
  'standard-2x',
  'performance-m',
  'performance-l',
  'performance-l-ram',
  'performance-xl',
  'performance-2xl',
  'private-s',
  'private-m',
  'private-l',
  'private-l-ram',
  'private-xl',
  'private-2xl',
  'shield-s',
  'shield-m',
  'shield-l',
  'shield-l-ram',
  'shield-xl',
  'shield-2xl',
] as const

/** Fir-generation sizes look like `dyno-1c-0.5gb`, `dyno-2c-4gb`. */
const FIR_SIZE = /^dyno-\d+c-\d+(\.\d+)?gb$/

/** A size named like the Fir generation's (`dyno-<vCPUs>c-<GB>gb`), in any case. */
export function isFirDynoSize(size: string): boolean {
  return FIR_SIZE.test(size.toLowerCase())
}

const RETIRED_SIZES: Record<string, string> = {
  free: 'Free dynos were retired in November 2022; use eco (or basic)',
  hobby: 'Hobby dynos were renamed; use basic',
}

/** Eco and Basic dynos: at most one dyno per process type. */
export const SINGLE_DYNO_SIZES = new Set(['eco', 'basic'])

/** Why a dyno size is not valid, or undefined when it is. */
export function dynoSizeProblem(size: string): string | undefined {
  const lower = size.toLowerCase()
  if ((DYNO_SIZES as readonly string[]).includes(lower) || FIR_SIZE.test(lower)) return undefined
  if (RETIRED_SIZES[lower]) return `"${size}" is not offered any more: ${RETIRED_SIZES[lower]}`
  const near = closest(lower, DYNO_SIZES)
  return `"${size}" is not a Heroku dyno size${near ? `; did you mean ${near}?` : `; use one of eco, basic, standard-1x, standard-2x, performance-m, performance-l (or private-*/shield-* in Private Spaces)`}`
}

// ---------------------------------------------------------------- formation

/**
 * Reads an app.json-format formation `{type: {quantity, size}}`, reporting type errors.
 * With `semantic`, it also reports what Heroku would reject (sizes, negative quantities, process type names).
 */
export function parseFormationDecl(value: unknown, path: KeyPath, report: Report, semantic: boolean): FormationDecl {
  const formation: FormationDecl = {}
  if (!isPlainObject(value)) {
    report(path, `${formatPath(path)} must be a mapping of process types, e.g. {"web": {"quantity": 1, "size": "standard-1x"}}, not ${describe(value)}`)
    return formation
  }

  for (const [type, entry] of Object.entries(value)) {
    const at = [...path, type]
    if (!isPlainObject(entry)) {
      const hint = typeof entry === 'number' ? `{"quantity": ${entry}}` : '{"quantity": 1, "size": "standard-1x"}'
      report(at, `${formatPath(at)} must be a mapping like ${hint}, not ${describe(entry)}`)
      continue
    }

    reportUnknownKeys(entry, ['quantity', 'size'], at, report, 'formation')
    // Heroku accepts a size without a quantity (Heroku CI's `"test": {"size": "performance-l"}`); we then run 1 dyno.
    let quantity = 1
    if (typeof entry.quantity === 'number' && Number.isInteger(entry.quantity)) quantity = entry.quantity
    else if (entry.quantity !== undefined)
      report([...at, 'quantity'], `${formatPath([...at, 'quantity'])} must be a whole number of dynos, not ${describe(entry.quantity)}`)

    let size: string | undefined
    if (entry.size !== undefined) {
      if (typeof entry.size === 'string' && entry.size.trim() !== '') size = entry.size
      else report([...at, 'size'], `${formatPath([...at, 'size'])} must be a dyno size such as "standard-1x", not ${describe(entry.size)}`)
    }

    setEntry(formation, type, size === undefined ? {quantity} : {quantity, size})
  }

  if (semantic) for (const problem of formationProblems(formation, path)) report(problem.path, problem.message)
  return formation
}

/** What Heroku would reject in a formation. */
export function formationProblems(formation: FormationDecl, path: KeyPath): Array<{path: KeyPath; message: string}> {
  const problems: Array<{path: KeyPath; message: string}> = []
  for (const [type, {quantity, size}] of Object.entries(formation)) {
    const at = [...path, type]
    if (!PROCESS_TYPE.test(type)) {
      problems.push({
        path: at,
        message: `${formatPath(at)}: "${type}" is not a valid process type name; use letters, digits, "_" and "-" only, matching the Procfile`,
      })
    }

    if (quantity < 0) problems.push({path: [...at, 'quantity'], message: `${formatPath([...at, 'quantity'])} is ${quantity}; use 0 or more dynos`})
    if (size !== undefined) {
      const problem = dynoSizeProblem(size)
      if (problem) problems.push({path: [...at, 'size'], message: `${formatPath([...at, 'size'])}: ${problem}`})
      else if (SINGLE_DYNO_SIZES.has(size.toLowerCase()) && quantity > 1) {
        problems.push({
          path: [...at, 'quantity'],
          message: `${formatPath([...at, 'quantity'])} is ${quantity}, but ${size.toLowerCase()} dynos run at most 1 per process type; use standard-1x or larger to scale out`,
        })
      }
    }
  }

  return problems
}

// ---------------------------------------------------------------- add-ons

const ADDON_SERVICE = /^[a-z0-9][a-z0-9-]*$/
const ADDON_PLAN = /^[a-z0-9][a-z0-9._-]*$/i
/** Heroku's rule for attachment names (the prefix of the config var, e.g. DATABASE → DATABASE_URL). */
export const ATTACHMENT_NAME = /^[A-Z][A-Z0-9_]*$/

/** `heroku-postgresql:essential-0` → {service, plan}; a bare service keeps `plan === service` ("default plan"). */
export function addonFromPlan(plan: string): AddonDecl {
  const colon = plan.indexOf(':')
  return {plan, service: colon === -1 ? plan : plan.slice(0, colon)}
}

/** Why a `service[:plan]` string is not valid, or undefined. */
export function addonPlanProblem(plan: string): string | undefined {
  const colon = plan.indexOf(':')
  const service = colon === -1 ? plan : plan.slice(0, colon)
  const planName = colon === -1 ? undefined : plan.slice(colon + 1)
  if (!ADDON_SERVICE.test(service))
    return `"${plan}" is not an add-on plan: write service[:plan] in lowercase, e.g. "heroku-postgresql:essential-0" or "heroku-redis"`
  if (planName !== undefined && !ADDON_PLAN.test(planName))
    return `"${plan}" has an invalid plan after the ":"; write service:plan, e.g. "heroku-postgresql:essential-0", or just the service for its default plan`
  return undefined
}

/** Reads app.json-format add-ons: `["service:plan", {"plan": "...", "as": "NAME", "options": {...}}]`. */
export function parseAddonDecls(value: unknown, path: KeyPath, report: Report, semantic: boolean): AddonDecl[] {
  const addons: AddonDecl[] = []
  if (!Array.isArray(value)) {
    report(path, `${formatPath(path)} must be a list of add-on plans, e.g. ["heroku-postgresql:essential-0"], not ${describe(value)}`)
    return addons
  }

  for (const [index, entry] of value.entries()) {
    const at = [...path, index]
    if (typeof entry === 'string') {
      if (entry.trim() === '') report(at, `${formatPath(at)} is empty; write the add-on plan, e.g. "heroku-redis:mini"`)
      else addons.push(addonFromPlan(entry))
      continue
    }

    if (!isPlainObject(entry)) {
      report(at, `${formatPath(at)} must be a plan string or {"plan": "service:plan", "as": "NAME"}, not ${describe(entry)}`)
      continue
    }

    reportUnknownKeys(entry, ['plan', 'as', 'options'], at, report, 'add-on')
    if (entry.plan === undefined) {
      report(at, `${formatPath(at)} has no plan; add "plan": "service:plan", e.g. "plan": "heroku-postgresql:essential-0"`)
      continue
    }

    if (typeof entry.plan !== 'string' || entry.plan.trim() === '') {
      report([...at, 'plan'], `${formatPath([...at, 'plan'])} must be an add-on plan such as "heroku-postgresql:essential-0", not ${describe(entry.plan)}`)
      continue
    }

    const addon = addonFromPlan(entry.plan)
    if (entry.as !== undefined) {
      if (typeof entry.as === 'string' && entry.as !== '') addon.as = entry.as
      else report([...at, 'as'], `${formatPath([...at, 'as'])} must be an attachment name such as "DATABASE", not ${describe(entry.as)}`)
    }

    if (entry.options !== undefined) {
      if (isPlainObject(entry.options)) addon.options = entry.options
      else
        report(
          [...at, 'options'],
          `${formatPath([...at, 'options'])} must be a mapping of plan options, e.g. {"version": "16"}, not ${describe(entry.options)}`,
        )
    }

    addons.push(addon)
  }

  if (semantic) for (const problem of addonProblems(addons, path)) report(problem.path, problem.message)
  return addons
}

/** Plan syntax, attachment names, and the same add-on declared twice without distinct `as` names. */
export function addonProblems(addons: AddonDecl[], path: KeyPath): Array<{path: KeyPath; message: string}> {
  const problems: Array<{path: KeyPath; message: string}> = []
  const seen = new Map<string, number>()
  for (const [index, addon] of addons.entries()) {
    const at = [...path, index]
    const planProblem = addonPlanProblem(addon.plan)
    if (planProblem) problems.push({path: at, message: `${formatPath(at)}: ${planProblem}`})
    if (addon.as !== undefined && !ATTACHMENT_NAME.test(addon.as)) {
      problems.push({
        path: [...at, 'as'],
        message: `${formatPath([...at, 'as'])}: "${addon.as}" is not a valid attachment name; use uppercase letters, digits and "_", starting with a letter (e.g. "${
          addon.as
            .toUpperCase()
            .replaceAll(/[^A-Z0-9_]/g, '_')
            .replace(/^[^A-Z]+/, '') || 'DATABASE'
        }")`,
      })
    }

    const key = addon.as ?? addon.service
    const first = seen.get(key)
    if (first === undefined) seen.set(key, index)
    else {
      problems.push({
        path: at,
        message:
          addon.as === undefined
            ? `${formatPath(at)}: ${addon.service} is already declared at ${formatPath([...path, first])}; give one of them its own "as" attachment name (e.g. "as": "${addon.service.toUpperCase().replaceAll('-', '_')}_2")`
            : `${formatPath(at)}: the attachment name ${key} is already used by ${formatPath([...path, first])}; attachment names must be unique`,
      })
    }
  }

  return problems
}
