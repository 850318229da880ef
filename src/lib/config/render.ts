import {formatMasked, maskValue, type MaskedValue} from './mask.js'
import {type ConfigAction, type ConfigPlan, countChanges} from './plan.js'

const SIGN: Record<ConfigAction, string> = {add: '+', change: '~', remove: '-', unchanged: ' '}

function shown(value: string | undefined, reveal: boolean): string {
  if (value === undefined) return ''
  return reveal ? JSON.stringify(value) : formatMasked(value)
}

/** The diff as lines a person reads: values masked unless `reveal`, unchanged keys folded into a count. */
export function renderConfigPlan(plan: ConfigPlan, options: {reveal: boolean; prune: boolean}): string[] {
  const lines: string[] = []
  const width = Math.max(0, ...plan.changes.map(c => c.key.length))
  for (const change of plan.changes) {
    if (change.action === 'unchanged') continue
    const key = change.key.padEnd(width)
    const generated = change.generated ? '  (generated secret, app.json generator: secret)' : ''
    if (change.action === 'add') lines.push(`  ${SIGN.add} ${key}  ${shown(change.after, options.reveal)}${generated}`)
    if (change.action === 'change') lines.push(`  ${SIGN.change} ${key}  ${shown(change.before, options.reveal)} → ${shown(change.after, options.reveal)}`)
    if (change.action === 'remove') lines.push(`  ${SIGN.remove} ${key}  (not in the file; --prune)`)
  }

  for (const conflict of plan.conflicts) {
    lines.push(`  ! ${conflict.key.padEnd(width)}  owned by ${conflict.addon}: refused`)
  }

  const summary = countChanges(plan)
  const parts = [`${summary.add} to add`, `${summary.change} to change`, `${summary.remove} to remove`, `${summary.unchanged} unchanged`]
  lines.push(`Plan: ${parts.join(', ')}.`)
  if (plan.kept.length > 0 && !options.prune) {
    lines.push(`${plan.kept.length} key(s) set on Heroku but not in the file are kept (${plan.kept.join(', ')}); --prune removes them.`)
  }

  if (plan.generatedKept.length > 0) {
    lines.push(`${plan.generatedKept.length} generated secret(s) kept (${plan.generatedKept.join(', ')}: app.json generator: secret).`)
  }

  if (plan.leftOutKept.length > 0) {
    const them = plan.leftOutKept.length === 1 ? 'it' : 'them'
    lines.push(`${plan.leftOutKept.length} key(s) left out of the sync are kept on Heroku (${plan.leftOutKept.join(', ')}); --prune never deletes ${them}.`)
  }

  if (plan.ownedKept.length > 0) lines.push(`${plan.ownedKept.length} add-on key(s) left alone (${plan.ownedKept.join(', ')}).`)
  return lines
}

export interface JsonConfigChange {
  key: string
  action: ConfigAction
  before?: MaskedValue | string
  after?: MaskedValue | string
  generated?: boolean
}

/** The diff for --json: masked values ({length, fingerprint}) unless `reveal`. */
export function configPlanJson(
  plan: ConfigPlan,
  reveal: boolean,
): {
  changes: JsonConfigChange[]
  summary: Record<ConfigAction, number>
  refused: ConfigPlan['conflicts']
  kept: string[]
  leftOutKept: string[]
  addonKeys: string[]
  missingRequired: string[]
} {
  const value = (v: string | undefined) => (v === undefined ? undefined : reveal ? v : maskValue(v))
  return {
    changes: plan.changes.map(c => ({key: c.key, action: c.action, before: value(c.before), after: value(c.after), ...(c.generated ? {generated: true} : {})})),
    summary: countChanges(plan),
    refused: plan.conflicts,
    kept: plan.kept,
    leftOutKept: plan.leftOutKept,
    addonKeys: plan.ownedKept,
    missingRequired: plan.missingRequired,
  }
}
