/**
 * kit:scale's pure parts: the formation arguments (`web=2:standard-2x worker=1`), the checks against what the app
 * runs (process types that exist, valid sizes), and the before → after table. The plan step itself is bootstrap's
 * `planFormation` (one batch `scale` operation), so kit:scale and kit:bootstrap scale the same way.
 */
import type {FormationEntry} from '../api/heroku-api.js'
import {sizeGenerationProblem} from '../converge/resources/formation.js'
import {KitError} from '../errors.js'
import {generationOf} from '../generation.js'
import {DYNO_SIZES, dynoSizeProblem, PROCESS_TYPE, SINGLE_DYNO_SIZES} from '../manifest/common.js'
import type {FormationDecl} from '../manifest/types.js'
import {type CostTotals, dynosCost, ECO_NOTE, formatCost, type PriceBook} from '../converge/pricing.js'

const EXAMPLE = 'web=2:standard-2x worker=1'
/** The sizes of the Common Runtime; private-* and shield-* exist only in Private Spaces. */
const COMMON_SIZES = DYNO_SIZES.filter(size => !size.startsWith('private-') && !size.startsWith('shield-'))

export function validSizesText(): string {
  return `Valid sizes: ${COMMON_SIZES.join(', ')} (private-* and shield-* in Private Spaces).`
}

/** Why one `TYPE=QUANTITY[:SIZE]` argument is wrong, or its parsed value. */
export function parseFormationArg(arg: string): {type: string; quantity: number; size?: string} | {problem: string} {
  const match = /^([^=:+\s]*)(?:([=+-])(.*))?$/.exec(arg.trim())
  if (!match || match[2] === undefined) {
    return {problem: `"${arg}" is not a formation: write TYPE=QUANTITY[:SIZE], e.g. ${EXAMPLE}`}
  }

  const [, type, sign, rest] = match
  if (type === '') return {problem: `"${arg}" has no process type before "${sign}": write TYPE=QUANTITY[:SIZE], e.g. web=2`}
  if (!PROCESS_TYPE.test(type)) return {problem: `"${arg}": "${type}" is not a process type name (letters, digits, "_" and "-", as in the Procfile)`}
  if (sign === '=' && /^-\d+$/.test(rest.split(':')[0])) return {problem: `"${arg}": ${rest.split(':')[0]} is negative; give 0 or more dynos`}
  if (sign !== '=' || /^[+-]/.test(rest)) {
    return {problem: `"${arg}": relative quantities are not supported; give the number of dynos, e.g. ${type}=2`}
  }

  const colon = rest.indexOf(':')
  const quantityText = colon === -1 ? rest : rest.slice(0, colon)
  const sizeText = colon === -1 ? undefined : rest.slice(colon + 1)
  if (!/^\d+$/.test(quantityText)) {
    return {
      problem:
        quantityText === ''
          ? `"${arg}" has no quantity: write ${type}=NUMBER[:SIZE], e.g. ${type}=1`
          : `"${arg}": "${quantityText}" is not a whole number of dynos (0 or more)`,
    }
  }

  const quantity = Number(quantityText)
  if (!Number.isSafeInteger(quantity)) return {problem: `"${arg}": ${quantityText} dynos is not a quantity Heroku runs`}
  if (sizeText === undefined) return {type, quantity}
  if (sizeText.trim() === '')
    return {problem: `"${arg}" has an empty size after ":"; write e.g. ${type}=${quantity}:standard-1x, or leave ":SIZE" out to keep the size`}
  const problem = dynoSizeProblem(sizeText)
  if (problem) return {problem: `"${arg}": ${problem}${/[.?!]$/.test(problem) ? '' : '.'} ${validSizesText()}`}
  const size = sizeText.toLowerCase()
  if (SINGLE_DYNO_SIZES.has(size) && quantity > 1) {
    return {problem: `"${arg}": ${size} dynos run at most 1 per process type; use standard-1x or larger to run ${quantity}`}
  }

  return {type, quantity, size}
}

/** The formation the arguments ask for; every wrong argument is reported at once, before any request. */
export function parseFormationArgs(args: string[]): FormationDecl {
  const formation: FormationDecl = {}
  const problems: string[] = []
  for (const arg of args) {
    const parsed = parseFormationArg(arg)
    if ('problem' in parsed) {
      problems.push(parsed.problem)
    } else if (Object.hasOwn(formation, parsed.type)) {
      problems.push(`"${arg}": ${parsed.type} is given twice; give each process type once`)
    } else {
      Object.defineProperty(formation, parsed.type, {
        configurable: true,
        enumerable: true,
        writable: true,
        value: parsed.size === undefined ? {quantity: parsed.quantity} : {quantity: parsed.quantity, size: parsed.size},
      })
    }
  }

  if (problems.length > 0) {
    throw new KitError(problems.length === 1 ? `Invalid formation: ${problems[0]}.` : `Invalid formation:\n${problems.map(p => `  - ${p}`).join('\n')}`, {
      code: 'invalid_formation',
      suggestion: `Example: heroku kit:scale ${EXAMPLE} -a APP. Nothing was sent.`,
    })
  }

  return formation
}

/**
 * The sizes must be the app's generation's (Fir's `dyno-…` names on a Fir app, Cedar's elsewhere): Heroku refuses the
 * other generation's, so kit:scale says so before any request.
 */
export function checkGenerationSizes(formation: FormationDecl, app: {name: string; generation?: unknown}): void {
  const generation = generationOf(app) ?? 'cedar'
  const problems = Object.entries(formation).flatMap(([type, entry]) => {
    const problem = entry.size === undefined ? undefined : sizeGenerationProblem(entry.size, generation)
    return problem ? [`${type}: ${problem}`] : []
  })
  if (problems.length === 0) return
  throw new KitError(`${app.name} runs on ${generation === 'fir' ? 'Fir' : 'Cedar'}: ${problems.join('; ')}.`, {
    code: 'invalid_formation',
    suggestion: 'Give a size of the app’s generation. Nothing was sent.',
  })
}

/** Process types must exist on the app (they come from the Procfile of its current release). */
export function checkProcessTypes(formation: FormationDecl, current: FormationEntry[], app: string, source: string): void {
  const existing = current.map(f => f.type).sort()
  const unknown = Object.keys(formation).filter(type => !existing.includes(type))
  if (unknown.length === 0) return
  if (existing.length === 0) {
    throw new KitError(`${app} has no process types yet, so ${unknown.join(', ')} can't be scaled.`, {
      code: 'no_process_types',
      suggestion: 'Process types come from the Procfile of a release: deploy once, then scale. Nothing was sent.',
    })
  }

  throw new KitError(`${app} has no process type ${unknown.join(', ')} (${source}). Its process types: ${existing.join(', ')}.`, {
    code: 'unknown_process_type',
    suggestion: 'Process types come from the Procfile of the current release; check the spelling, or deploy the Procfile that declares it. Nothing was sent.',
  })
}

export interface FormationRow {
  type: string
  from: {quantity: number; size: string | null}
  to: {quantity: number; size: string | null}
  changed: boolean
}

function sizeOf(entry: FormationEntry): string | null {
  return (entry.dyno_size?.name ?? entry.size ?? null)?.toLowerCase() ?? null
}

/** Each process type of the app: what runs, what will run. */
export function formationRows(formation: FormationDecl, current: FormationEntry[]): FormationRow[] {
  return [...current]
    .sort((a, b) => a.type.localeCompare(b.type))
    .map(entry => {
      const from = {quantity: entry.quantity, size: sizeOf(entry)}
      const want = formation[entry.type]
      const to = want ? {quantity: want.quantity, size: want.size?.toLowerCase() ?? from.size} : from
      return {type: entry.type, from, to, changed: to.quantity !== from.quantity || to.size !== from.size}
    })
}

/** Each row's dynos priced before → after (quantity × size), when prices were read. */
function rowPrice(prices: PriceBook, row: FormationRow): string {
  const before = dynosCost(prices, [{quantity: row.from.quantity, size: row.from.size ?? undefined}]).cost
  const after = dynosCost(prices, [{quantity: row.to.quantity, size: row.to.size ?? undefined}]).cost
  return row.changed ? `  (${formatCost(before)} → ${formatCost(after)})` : `  (${formatCost(before)})`
}

export function renderRows(rows: FormationRow[], prices?: PriceBook): string[] {
  const text = (side: FormationRow['from']) => `${side.quantity}${side.size ? `:${side.size}` : ''}`
  const width = Math.max(4, ...rows.map(r => r.type.length))
  return rows.map(
    r =>
      `  ${r.changed ? '~' : '='} ${r.type.padEnd(width)}  ${r.changed ? `${text(r.from)} → ${text(r.to)}` : `${text(r.from)} (unchanged)`}${
        prices ? rowPrice(prices, r) : ''
      }`,
  )
}

/** What the app's dynos cost per month as they run and after the scale (every process type), and the eco note. */
export function formationTotals(rows: FormationRow[], prices: PriceBook): {totals: CostTotals; notes: string[]} {
  const side = (pick: (row: FormationRow) => FormationRow['from']) =>
    dynosCost(
      prices,
      rows.map(row => ({quantity: pick(row).quantity, size: pick(row).size ?? undefined})),
    )
  const now = side(row => row.from)
  const after = side(row => row.to)
  return {totals: {now: now.cost, after: after.cost}, notes: now.eco || after.eco ? [ECO_NOTE] : []}
}

/** Scaling web from running dynos to none: the app stops answering requests. */
/** Process types that will run fewer dynos than now. */
export function decreases(rows: FormationRow[]): FormationRow[] {
  return rows.filter(r => r.changed && r.to.quantity < r.from.quantity)
}

export function stopsWeb(rows: FormationRow[]): boolean {
  const web = rows.find(r => r.type === 'web')
  return Boolean(web && web.from.quantity > 0 && web.to.quantity === 0)
}
