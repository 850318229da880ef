/**
 * Merging kit:init's Procfile and app.json into the ones a repository already has: what the user wrote is kept
 * exactly; only what is missing is added; where kit:init would have written something else, that is reported
 * (a note), never changed.
 */

/** The merged text, what was added (one line each) and what was kept although kit:init would write it differently. */
export interface FileMerge {
  content: string
  added: string[]
  kept: string[]
}

const PROCFILE_LINE = /^([A-Za-z0-9_-]+)[ \t]*:[ \t]*(.*?)\s*$/

/** Process types and commands of a Procfile text (comments, blank and malformed lines skipped). */
export function procfileTypes(text: string): Map<string, string> {
  const types = new Map<string, string>()
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trimStart().startsWith('#')) continue
    const match = PROCFILE_LINE.exec(raw)
    if (match && !types.has(match[1])) types.set(match[1], match[2])
  }

  return types
}

/**
 * The existing Procfile with kit:init's missing process types appended, one line each, in kit:init's order.
 * A process type that exists is left exactly as written, also when kit:init would run another command.
 */
export function mergeProcfile(existing: string, generated: string): FileMerge {
  const present = procfileTypes(existing)
  const eol = existing.includes('\r\n') ? '\r\n' : '\n'
  const added: string[] = []
  const kept: string[] = []
  const lines: string[] = []
  for (const [type, command] of procfileTypes(generated)) {
    const current = present.get(type)
    if (current === undefined) {
      lines.push(`${type}: ${command}`)
      added.push(`Procfile ${type}: ${command}`)
    } else if (current !== command) {
      kept.push(`Procfile ${type}: kept \`${current}\` (kit:init would run \`${command}\`)`)
    }
  }

  if (lines.length === 0) return {content: existing, added, kept}
  const base = existing === '' || existing.endsWith('\n') ? existing : `${existing}${eol}`
  return {content: `${base}${lines.join(eol)}${eol}`, added, kept}
}

type Json = null | boolean | number | string | Json[] | {[key: string]: Json}
type JsonObject = {[key: string]: Json}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]))
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every(k => k in b && same(a[k], b[k]))
  }

  return false
}

function show(value: unknown): string {
  const text = JSON.stringify(value)
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

/** The service of an app.json add-on entry (`"heroku-postgresql:essential-0"` or `{plan: …}`). */
function addonService(entry: Json): string | undefined {
  const plan = typeof entry === 'string' ? entry : isObject(entry) && typeof entry.plan === 'string' ? entry.plan : undefined
  return plan?.split(':')[0]
}

/** Object keys whose values are maps of independent entries: kit:init adds the missing entries. */
const ENTRY_MAPS = new Set(['env', 'formation', 'scripts', 'environments', 'review', 'test'])

class AppJsonMerger {
  readonly added: string[] = []
  readonly kept: string[] = []

  /** `target` gains the keys of `wanted` it lacks; nested maps (env, formation, scripts, environments) entry by entry. */
  object(target: JsonObject, wanted: JsonObject, where: string): void {
    for (const [key, value] of Object.entries(wanted)) {
      const at = where ? `${where}.${key}` : key
      if (!(key in target)) {
        target[key] = structuredClone(value)
        this.added.push(`app.json ${at}`)
        continue
      }

      const current = target[key]
      if (ENTRY_MAPS.has(key) && isObject(current) && isObject(value)) {
        if (key === 'env' || key === 'formation') this.entries(current, value, at, key)
        else this.object(current, value, at)
      } else if (key === 'addons' && Array.isArray(current) && Array.isArray(value)) {
        this.addons(current, value, at)
      } else if (!same(current, value)) {
        this.kept.push(`app.json ${at}: kept ${show(current)} (kit:init would set ${show(value)})`)
      }
    }
  }

  /** env / formation: missing entries are added whole; an entry the user wrote is kept whole. */
  private entries(target: JsonObject, wanted: JsonObject, where: string, kind: 'env' | 'formation'): void {
    for (const [key, value] of Object.entries(wanted)) {
      if (!(key in target)) {
        target[key] = structuredClone(value)
        this.added.push(`app.json ${where}.${key}`)
        continue
      }

      // env descriptions are prose; only what reaches the app counts (value, generator)
      const fields = kind === 'env' ? ['value', 'generator'] : ['quantity', 'size']
      const current = target[key]
      const differs =
        isObject(current) && isObject(value)
          ? fields.some(f => f in value && f in current && !same(current[f], value[f]))
          : !same(current, value) && kind === 'formation'
      if (differs) {
        const pick = (entry: Json): unknown => (isObject(entry) ? Object.fromEntries(fields.filter(f => f in entry).map(f => [f, entry[f]])) : entry)
        this.kept.push(`app.json ${where}.${key}: kept ${show(pick(current))} (kit:init would set ${show(pick(value))})`)
      }
    }
  }

  /** add-ons: one per service; a service the user declared is kept with its plan and options. */
  private addons(target: Json[], wanted: Json[], where: string): void {
    for (const entry of wanted) {
      const service = addonService(entry)
      const existing = target.find(e => addonService(e) === service)
      if (existing === undefined) {
        target.push(structuredClone(entry))
        this.added.push(`app.json ${where}: ${service}`)
      } else if (!same(existing, entry)) {
        this.kept.push(`app.json ${where}: kept ${show(existing)} (kit:init would declare ${show(entry)})`)
      }
    }
  }
}

/** The indentation of a JSON text (its first indented line), 2 spaces when it has none. */
function indentOf(text: string): string | number {
  const match = /\n([ \t]+)\S/.exec(text)
  return match ? match[1] : 2
}

/**
 * The existing app.json with kit:init's missing fields and entries added (top-level keys, env, formation,
 * add-ons by service, scripts, environments.review/test). Undefined when the existing text is not a JSON object
 * (the caller then treats the file as a conflict). When nothing is missing the text is returned byte for byte.
 */
export function mergeAppJson(existing: string, generated: string): FileMerge | undefined {
  let current: unknown
  try {
    current = JSON.parse(existing)
  } catch {
    return undefined
  }

  if (!isObject(current)) return undefined
  const wanted = JSON.parse(generated) as JsonObject
  const merger = new AppJsonMerger()
  merger.object(current, wanted, '')
  if (merger.added.length === 0) return {content: existing, added: [], kept: merger.kept}
  const eol = existing.includes('\r\n') ? '\r\n' : '\n'
  const text = JSON.stringify(current, null, indentOf(existing))
  return {content: `${eol === '\n' ? text : text.replaceAll('\n', eol)}${eol}`, added: merger.added, kept: merger.kept}
}
