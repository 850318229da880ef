/**
 * Range pagination as the Platform API does it:
 *   Range: <field> [[|]start]..[end][; max=N][, order=desc]
 * parsed leniently (`id ..; max=1000;`, `version ..; order=desc,max=1`, `version ..; max=10, order=desc`).
 * Default page 200, maximum 1000. A truncated list answers 206 with Next-Range and Content-Range.
 */
import {ApiError} from './http.js'

export const DEFAULT_PAGE = 200
export const MAX_PAGE = 1000

export interface RangeSpec {
  field: string
  start?: string
  startExclusive: boolean
  end?: string
  max: number
  order: 'asc' | 'desc'
}

function rangeError(message: string): ApiError {
  return new ApiError(416, 'requested_range_not_satisfiable', message)
}

export function parseRange(header: string | undefined, fields: string[]): RangeSpec {
  const fallback: RangeSpec = {field: fields[0], max: DEFAULT_PAGE, order: 'asc', startExclusive: false}
  if (header === undefined || header.trim() === '') return fallback
  const trimmed = header.trim()
  const space = trimmed.search(/[\s;,]/)
  const field = space === -1 ? trimmed : trimmed.slice(0, space)
  const rest = space === -1 ? '' : trimmed.slice(space)
  if (!fields.includes(field)) {
    throw rangeError(`Invalid sort field "${field}". Valid fields are: ${fields.join(', ')}.`)
  }

  const spec: RangeSpec = {...fallback, field}
  const parts = rest
    .split(/[;,]/)
    .map(p => p.trim())
    .filter(Boolean)
  for (const part of parts) {
    const param = /^(\w+)\s*=\s*(.*)$/.exec(part)
    if (param) {
      const [, key, value] = param
      if (key === 'max') {
        const max = Number(value)
        if (!Number.isInteger(max) || max < 1) throw rangeError(`Invalid max "${value}": expected a positive integer.`)
        spec.max = Math.min(max, MAX_PAGE)
      } else if (key === 'order') {
        if (value !== 'asc' && value !== 'desc') throw rangeError(`Invalid order "${value}": expected asc or desc.`)
        spec.order = value
      }

      continue
    }

    const bounds = /^(.*?)\.\.(.*)$/.exec(part)
    if (!bounds) continue
    let start = bounds[1].trim()
    if (start.startsWith(']')) {
      spec.startExclusive = true
      start = start.slice(1)
    } else if (start.startsWith('[')) {
      start = start.slice(1)
    }

    start = unquote(start)
    let end = bounds[2].trim()
    if (end.endsWith(']') || end.endsWith('[')) end = end.slice(0, -1)
    end = unquote(end)
    if (start !== '') spec.start = start
    if (end !== '') spec.end = end
  }

  return spec
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const as = a === null || a === undefined ? '' : String(a)
  const bs = b === null || b === undefined ? '' : String(b)
  if (/^\d+$/.test(as) && /^\d+$/.test(bs)) return Number(as) - Number(bs)
  return as < bs ? -1 : as > bs ? 1 : 0
}

export interface Page {
  items: Array<Record<string, unknown>>
  status: 200 | 206
  headers: Record<string, string>
}

export function paginate(items: Array<Record<string, unknown>>, fields: string[], rangeHeader: string | undefined): Page {
  const spec = parseRange(rangeHeader, fields)
  const direction = spec.order === 'desc' ? -1 : 1
  const sorted = [...items].sort((a, b) => direction * (compareValues(a[spec.field], b[spec.field]) || compareValues(a.id, b.id)))
  const inRange = sorted.filter(item => {
    const value = item[spec.field]
    if (spec.start !== undefined) {
      const c = direction * compareValues(value, spec.start)
      if (c < 0 || (c === 0 && spec.startExclusive)) return false
    }

    if (spec.end !== undefined && direction * compareValues(value, spec.end) > 0) return false
    return true
  })
  const page = inRange.slice(0, spec.max)
  const headers: Record<string, string> = {'Accept-Ranges': fields.join(', ')}
  if (page.length > 0) {
    headers['Content-Range'] =
      `${spec.field} ${String(page[0][spec.field])}..${String(page.at(-1)![spec.field])}; max=${spec.max}${spec.order === 'desc' ? ', order=desc' : ''}`
  }

  if (inRange.length > page.length) {
    headers['Next-Range'] = `${spec.field} ]${String(page.at(-1)![spec.field])}..; max=${spec.max}${spec.order === 'desc' ? ', order=desc' : ''}`
    return {headers, items: page, status: 206}
  }

  return {headers, items: page, status: 200}
}
