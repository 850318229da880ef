/**
 * A Fir stage's telemetry drains: OpenTelemetry exporters of the stage's app (`/telemetry-drains`, schema
 * `telemetry-drain`, "For Fir-generation apps only"; shared/heroku/api-reference.md §22.4). Fir has no classic log
 * drains: its logs, traces and metrics leave the app through these. One endpoint is one drain: a declared exporter
 * whose endpoint runs already is changed in place (PATCH) when its transport, signals or headers differ; a drain of
 * the app whose endpoint heroku-kit.yml does not declare is drift, removed only with `kit:bootstrap --prune-telemetry`.
 * Header values are secrets: they may be `${NAME}` references (resolved as drains' are, manifest/drain-references.ts),
 * and no plan line, detail or error ever holds a header value — only header names.
 */
import {isDeepStrictEqual} from 'node:util'

import {isNotFound} from '../../api/errors.js'
import type {HerokuApi, TelemetryDrain} from '../../api/heroku-api.js'
import {KitError} from '../../errors.js'
import {generationOf} from '../../generation.js'
import {describe, formatPath, isPlainObject, type KeyPath, type Report, reportUnknownKeys, setEntry} from '../../manifest/common.js'
import {drainReferenceName, resolveReference, runnerCredentialProblem} from '../../manifest/drain-references.js'
import type {StageName} from '../../manifest/types.js'
import {maskUrl, urlSecrets} from '../../output/mask-url.js'
import {looksSecret} from '../../output/redactor.js'
import type {UnresolvedReference} from '../desired.js'
import type {ExportStageInput, StageExport} from '../export.js'
import {type Applier, type Resource, type StageFields, type StagePlanInput, type StageReader, step} from '../resource.js'
import {createOnce, oldest, requireAppId} from '../run-context.js'
import {stageGeneration} from '../stage-generation.js'
import type {Step} from '../types.js'

export type TelemetrySignal = TelemetryDrain['signals'][number]
/** heroku-kit.yml's `transport`, as the Heroku CLI's `telemetry:add --transport` names it. */
export type TelemetryTransport = 'grpc' | 'http'

/** The signals in the order heroku-kit.yml lists and compares them; all three when `signals` is absent, as `telemetry:add` defaults to "all". */
export const TELEMETRY_SIGNALS: readonly TelemetrySignal[] = ['traces', 'metrics', 'logs']
const TRANSPORTS: readonly TelemetryTransport[] = ['http', 'grpc']
const EXPORTER_KEYS = ['endpoint', 'transport', 'signals', 'headers'] as const
/** [schema] `exporter_headers`: names `^[A-Za-z0-9\-_]{1,100}$`, values of at most 1000 characters, at most 20 of them. */
const HEADER_NAME = /^[A-Za-z0-9_-]{1,100}$/
const MAX_HEADERS = 20
const MAX_HEADER_VALUE = 1000
/** [schema] `exporter_endpoint`: at most 1000 characters. */
const MAX_ENDPOINT = 1000

/** The exporter type Heroku stores: `telemetry/add.js` and `telemetry/update.js` map `http` → `otlphttp`, `grpc` → `otlp`. */
export function exporterType(transport: TelemetryTransport): TelemetryDrain['exporter']['type'] {
  return transport === 'grpc' ? 'otlp' : 'otlphttp'
}

function transportOf(type: TelemetryDrain['exporter']['type']): TelemetryTransport {
  return type === 'otlp' ? 'grpc' : 'http'
}

/** One exporter of `stages.<stage>.telemetry` as read: header values literal or `${NAME}`. */
export interface TelemetryExporterDecl {
  endpoint: string
  transport: TelemetryTransport
  signals: TelemetrySignal[]
  headers: Record<string, string>
}

/** An exporter as it should run: header references resolved; `unresolved` names the references found nowhere. */
export interface DesiredTelemetryExporter {
  endpoint: string
  type: TelemetryDrain['exporter']['type']
  signals: TelemetrySignal[]
  headers: Record<string, string>
  /** `${NAME}` headers whose value is found nowhere a reference may read: the drain is neither created nor changed */
  unresolved?: UnresolvedReference[]
}

/** A telemetry exporter as kit:import writes it: defaults (http, all signals, no headers) left out. */
export interface TelemetryExporterYaml {
  endpoint: string
  transport?: TelemetryTransport
  signals?: TelemetrySignal[]
  headers?: Record<string, string>
}

export type TelemetryStage = {
  declared: {telemetry: TelemetryExporterDecl[]}
  desired: {
    telemetry: DesiredTelemetryExporter[]
    /**
     * secrets for the redactor (registry.ts joins them with the drains'): the values `${NAME}` headers resolved to, and
     * what looks like a credential in an endpoint (a token in its path or query, as for drain URLs)
     */
    referencedValues?: string[]
    /** `${NAME}` headers found nowhere (kit:bootstrap refuses to run, as for drains; kit:verify can't compare them) */
    unresolvedTelemetry?: UnresolvedReference[]
  }
  /**
   * the app's own telemetry drains: read only on a Fir app (a Cedar app has none, and reading would cost a request),
   * and not in kit:verify's fleet mode (its budget per pipeline); absent when not read
   */
  current: {
    telemetry?: TelemetryDrain[]
    /** the drains of the app's space (a space's drains carry every app's telemetry): evidence for kit:verify, never managed here */
    spaceTelemetry?: TelemetryDrain[]
  }
  yaml: {telemetry?: TelemetryExporterYaml[]}
}

/** An exporter is named by its stage and endpoint: the applier takes its headers from the desired state, so no step holds a header value. */
export type TelemetryOperation =
  | {kind: 'create-telemetry-drain'; stage: StageName; app: string; endpoint: string}
  | {kind: 'update-telemetry-drain'; stage: StageName; app: string; endpoint: string; drainId: string}
  | {kind: 'remove-telemetry-drain'; app: string; endpoint: string; drainId: string}

const TELEMETRY_WHAT = 'exporters such as {endpoint: https://otel.example.com, transport: http, signals: [logs, traces], headers: {x-api-key: ${OTEL_KEY}}}'

// ------------------------------------------------------------------------------------------------ heroku-kit.yml

/**
 * Whether two endpoints are one drain: the same URL once parsed (`https://Host` and `https://host/` are one). Whether
 * Heroku stores an endpoint as sent or normalised is [unverified]; comparing parsed URLs holds either way, where
 * comparing text would create the drain again on every run if Heroku normalised it.
 */
export function sameEndpoint(a: string, b: string): boolean {
  if (a === b) return true
  try {
    return new URL(a).href === new URL(b).href
  } catch {
    return false
  }
}

function endpointProblem(endpoint: string): string | undefined {
  if (endpoint.length > MAX_ENDPOINT) return `is longer than ${MAX_ENDPOINT} characters`
  if (endpoint !== endpoint.trim()) return 'has spaces around it; remove them'
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return 'is not a URL; write https://host[:port][/path]'
  }

  if (url.protocol !== 'https:') return `must be an https:// URL (telemetry is sent encrypted), not ${url.protocol}//`
  if (url.hostname === '') return 'has no host'
  if (url.username !== '' || url.password !== '') return 'holds a user or password; send credentials as a header instead (headers: {authorization: ${NAME}})'
  return undefined
}

function parseSignals(value: unknown, at: KeyPath, report: Report): TelemetrySignal[] | undefined {
  const name = formatPath(at)
  if (value === undefined || value === null) return [...TELEMETRY_SIGNALS]
  if (!Array.isArray(value) || value.length === 0) {
    report(at, `${name} must be a non-empty list of ${TELEMETRY_SIGNALS.join(', ')}, not ${describe(value)} (leave it out for all three)`)
    return undefined
  }

  const signals: TelemetrySignal[] = []
  for (const [index, signal] of value.entries()) {
    if (!TELEMETRY_SIGNALS.includes(signal as TelemetrySignal)) {
      report([...at, index], `${formatPath([...at, index])}: ${describe(signal)} is not a signal; use ${TELEMETRY_SIGNALS.join(', ')}`)
      return undefined
    }

    if (signals.includes(signal as TelemetrySignal)) {
      report([...at, index], `${formatPath([...at, index])}: ${signal} is listed twice; remove one`)
      return undefined
    }

    signals.push(signal as TelemetrySignal)
  }

  return TELEMETRY_SIGNALS.filter(signal => signals.includes(signal))
}

function parseHeaders(value: unknown, at: KeyPath, report: Report): Record<string, string> | undefined {
  const name = formatPath(at)
  if (value === undefined || value === null) return {}
  if (!isPlainObject(value)) {
    report(at, `${name} must be a mapping of header names to values (a value may be \${NAME}), not ${describe(value)}`)
    return undefined
  }

  const entries = Object.entries(value)
  if (entries.length > MAX_HEADERS) {
    report(at, `${name} has ${entries.length} headers; Heroku takes at most ${MAX_HEADERS}`)
    return undefined
  }

  const headers: Record<string, string> = {}
  let ok = true
  for (const [header, text] of entries) {
    const keyPath = [...at, header]
    const problem = !HEADER_NAME.test(header)
      ? `"${header}" is not a header name Heroku accepts (letters, digits, - and _, at most 100)`
      : typeof text !== 'string'
        ? `the value must be text (quote it), not ${describe(text, {quote: false})}`
        : text.length > MAX_HEADER_VALUE
          ? `the value is longer than ${MAX_HEADER_VALUE} characters`
          : headerReferenceProblem(text)
    if (problem) {
      report(keyPath, `${formatPath(keyPath)}: ${problem}`)
      ok = false
    } else {
      setEntry(headers, header, text as string)
    }
  }

  return ok ? headers : undefined
}

/** A `${NAME}` value may not name the runner's credentials; a value that only looks like a reference is a mistake. */
function headerReferenceProblem(text: string): string | undefined {
  const reference = drainReferenceName(text)
  if (reference !== undefined) {
    return runnerCredentialProblem(reference)
  }

  return /\$\{/.test(text) ? 'the value must be a whole ${NAME} reference, or hold no ${' : undefined
}

function parseExporter(value: unknown, at: KeyPath, report: Report): TelemetryExporterDecl | undefined {
  const name = formatPath(at)
  if (!isPlainObject(value)) {
    report(at, `${name} must be a mapping like {endpoint: https://otel.example.com, transport: http}, not ${describe(value)}`)
    return undefined
  }

  reportUnknownKeys(value, EXPORTER_KEYS, at, report, 'telemetry exporter')
  const {endpoint, transport = 'http'} = value
  if (typeof endpoint !== 'string' || endpoint.trim() === '') {
    report(endpoint === undefined ? at : [...at, 'endpoint'], `${name}.endpoint is required: the https:// URL of the OpenTelemetry collector`)
    return undefined
  }

  const problem = endpointProblem(endpoint)
  if (problem) {
    report([...at, 'endpoint'], `${name}.endpoint ${problem}`)
    return undefined
  }

  if (!TRANSPORTS.includes(transport as TelemetryTransport)) {
    report([...at, 'transport'], `${name}.transport must be http or grpc (as heroku telemetry:add --transport), not ${describe(transport)}`)
    return undefined
  }

  const signals = parseSignals(value.signals, [...at, 'signals'], report)
  const headers = parseHeaders(value.headers, [...at, 'headers'], report)
  if (!signals || !headers) return undefined
  return {endpoint, transport: transport as TelemetryTransport, signals, headers}
}

function parseTelemetry(value: unknown, at: KeyPath, report: Report): TelemetryExporterDecl[] | undefined {
  if (!Array.isArray(value)) {
    report(at, `${formatPath(at)} must be a list of ${TELEMETRY_WHAT}, not ${describe(value)}`)
    return undefined
  }

  const exporters: TelemetryExporterDecl[] = []
  for (const [index, item] of value.entries()) {
    const exporter = parseExporter(item, [...at, index], report)
    if (!exporter) continue
    // one endpoint is one drain: what identifies a drain here
    if (exporters.some(e => sameEndpoint(e.endpoint, exporter.endpoint))) {
      report(
        [...at, index, 'endpoint'],
        `${formatPath([...at, index, 'endpoint'])}: ${maskUrl(exporter.endpoint)} is declared twice; keep one exporter per endpoint`,
      )
    } else {
      exporters.push(exporter)
    }
  }

  return exporters
}

/** The header values of a stage's exporters as heroku-kit.yml writes them: a `${NAME}` among them names a header secret, not a config var. */
export function telemetryHeaderValues(telemetry: readonly TelemetryExporterDecl[]): string[] {
  return telemetry.flatMap(exporter => Object.values(exporter.headers))
}

// ------------------------------------------------------------------------------------------------ read, plan

/**
 * The app's own telemetry drains and its space's, on a Fir app only: Heroku offers them to Fir apps alone ([schema]
 * "For Fir-generation apps only"), and a Fir app runs in a space (`GET /spaces/{space}/telemetry-drains`, as
 * `heroku telemetry -s SPACE`). Each list keeps its owner's drains only.
 */
export const readTelemetry: StageReader = async ({clients: {heroku}, app}) => {
  if (generationOf(app) !== 'fir') return {}
  const space = app.space?.name
  const [own, ofSpace] = await Promise.all([heroku.listAppTelemetryDrains(app.name), space ? heroku.listSpaceTelemetryDrains(space) : undefined])
  return {
    telemetry: own.filter(drain => drain.owner.type === 'app' && drain.owner.id === app.id),
    ...(ofSpace ? {spaceTelemetry: ofSpace.filter(drain => drain.owner.type === 'space' && drain.owner.id === app.space?.id)} : {}),
  }
}

function sameSignals(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every(signal => b.includes(signal))
}

function ordered(signals: readonly TelemetrySignal[]): TelemetrySignal[] {
  return TELEMETRY_SIGNALS.filter(signal => signals.includes(signal))
}

/**
 * What differs between a declared exporter and the drain at its endpoint, as lines without any header value. Live
 * headers are compared only when Heroku returns them: whether it always does is [unverified] (the CLI's
 * `telemetry:info` prints them when present), and a drain whose headers are not shown is left as it is rather than
 * rewritten on every run.
 */
function differences(want: DesiredTelemetryExporter, have: TelemetryDrain): string[] {
  const lines: string[] = []
  if (want.type !== have.exporter.type) lines.push(`transport: ${transportOf(have.exporter.type)} → ${transportOf(want.type)}`)
  if (!sameSignals(want.signals, have.signals)) lines.push(`signals: ${ordered(have.signals).join(', ')} → ${want.signals.join(', ')}`)
  if (have.exporter.headers !== undefined && !isDeepStrictEqual({...have.exporter.headers}, {...want.headers})) {
    const live = have.exporter.headers
    const names = [...new Set([...Object.keys(live), ...Object.keys(want.headers)])].sort()
    const changed = names.flatMap(header =>
      !Object.hasOwn(live, header)
        ? [`+${header}`]
        : !Object.hasOwn(want.headers, header)
          ? [`-${header}`]
          : live[header] === want.headers[header]
            ? []
            : [`~${header}`],
    )
    lines.push(`headers (values not shown): ${changed.join(' ')}`)
  }

  return lines
}

export function planTelemetry({stage, cur, current, errors, options}: StagePlanInput): Array<Step<TelemetryOperation>> {
  const generation = stageGeneration({stage, cur, current}).name
  if (generation !== 'fir') {
    if (stage.telemetry.length > 0) {
      errors.push(
        `stages.${stage.name}.telemetry: telemetry drains are for Fir apps only, and the ${stage.name} stage runs on Cedar ` +
          `(Heroku's telemetry-drain API: "For Fir-generation apps only"). Declare drains: for a Cedar stage, or a Fir space (space:) for this one.`,
      )
    }

    return []
  }

  const dependsOn = [`${stage.name}.app`]
  const live = cur.telemetry ?? [] // read on every Fir app (readTelemetry)
  const steps: Array<Step<TelemetryOperation>> = []
  for (const [index, want] of stage.telemetry.entries()) {
    const id = `${stage.name}.telemetry.${index + 1}`
    const shown = maskUrl(want.endpoint)
    const have = live.find(drain => sameEndpoint(drain.exporter.endpoint, want.endpoint))
    if (want.unresolved?.length) {
      steps.push(
        step({
          id,
          group: stage.name,
          resource: 'telemetry',
          action: 'manual',
          summary: `telemetry drain ${shown}: ${want.unresolved.map(u => u.why).join('; ')}`,
          details: [
            `Put ${want.unresolved.map(u => `${u.name}=…`).join(', ')} in ${stage.configFile ?? `.env.${stage.name}`} (git-ignored) and declare it as ` +
              `stages.${stage.name}.config in heroku-kit.yml (or list the names under env_references to read them from the environment).`,
          ],
          dependsOn,
        }),
      )
      continue
    }

    const signals = want.signals.join(', ')
    if (!have) {
      steps.push(
        step({
          id,
          group: stage.name,
          resource: 'telemetry',
          action: 'create',
          summary: `add telemetry drain ${shown} (${transportOf(want.type)}: ${signals})`,
          dependsOn,
          operation: {kind: 'create-telemetry-drain', stage: stage.name, app: stage.app, endpoint: want.endpoint},
        }),
      )
      continue
    }

    const lines = differences(want, have)
    steps.push(
      lines.length === 0
        ? step({id, group: stage.name, resource: 'telemetry', action: 'unchanged', summary: `telemetry drain ${shown} (${signals})`, dependsOn})
        : step({
            id,
            group: stage.name,
            resource: 'telemetry',
            action: 'change',
            summary: `change telemetry drain ${shown}`,
            details: lines,
            dependsOn,
            operation: {kind: 'update-telemetry-drain', stage: stage.name, app: stage.app, endpoint: want.endpoint, drainId: have.id},
          }),
    )
  }

  for (const have of live.filter(drain => !stage.telemetry.some(want => sameEndpoint(want.endpoint, drain.exporter.endpoint)))) {
    const shown = maskUrl(have.exporter.endpoint)
    const id = `${stage.name}.telemetry.${have.id}`
    steps.push(
      options.pruneTelemetry
        ? step({
            id,
            group: stage.name,
            resource: 'telemetry',
            action: 'change',
            summary: `remove telemetry drain ${shown} (not in heroku-kit.yml)`,
            dependsOn,
            operation: {kind: 'remove-telemetry-drain', app: stage.app, endpoint: have.exporter.endpoint, drainId: have.id},
          })
        : step({
            id,
            group: stage.name,
            resource: 'telemetry',
            action: 'drift',
            summary: `telemetry drain ${shown} is not in heroku-kit.yml`,
            details: [
              `Declare it under stages.${stage.name}.telemetry (kit:import writes it), or remove it: kit:bootstrap --prune-telemetry, ` +
                `or heroku telemetry:remove ${have.id}`,
            ],
            dependsOn,
          }),
    )
  }

  return steps
}

// ------------------------------------------------------------------------------------------------ apply

function desiredExporter(input: Parameters<Applier<TelemetryOperation>>[1], stage: StageName, endpoint: string): DesiredTelemetryExporter {
  const exporter = input.desired.stages.find(s => s.name === stage)?.telemetry.find(e => e.endpoint === endpoint)
  if (!exporter) throw new KitError(`The telemetry exporter ${maskUrl(endpoint)} of ${stage} is not declared (the plan changed).`, {code: 'internal'})
  return exporter
}

function exporterBody(exporter: DesiredTelemetryExporter): {signals: TelemetrySignal[]; exporter: TelemetryDrain['exporter']} {
  return {signals: exporter.signals, exporter: {type: exporter.type, endpoint: exporter.endpoint, headers: exporter.headers}}
}

/** The app's own drains to one endpoint. */
async function drainsTo(heroku: HerokuApi, app: string, endpoint: string): Promise<TelemetryDrain[]> {
  return (await heroku.listAppTelemetryDrains(app)).filter(drain => drain.owner.type === 'app' && sameEndpoint(drain.exporter.endpoint, endpoint))
}

/**
 * Creates the drain unless it is there. Whether Heroku refuses a second drain to one endpoint is not documented
 * [unverified], so another run at the same moment could create the same one: the drains are read again just before
 * the POST (one already there is adopted, and brought to the declaration) and after it; when two to one endpoint then
 * exist, both runs keep the oldest (run-context.ts `oldest`) and the run whose drain is not that one removes its own.
 */
const createTelemetryDrain: Applier<Extract<TelemetryOperation, {kind: 'create-telemetry-drain'}>> = async (op, input) => {
  const {heroku} = input.clients
  const want = desiredExporter(input, op.stage, op.endpoint)
  const there = oldest(await drainsTo(heroku, op.app, op.endpoint))
  if (there) {
    if (differences(want, there).length > 0) await heroku.updateTelemetryDrain(there.id, exporterBody(want))
    return
  }

  const owner = {id: requireAppId(input.ctx, op.stage), type: 'app' as const}
  const created = await createOnce(
    () => heroku.createTelemetryDrain({owner, ...exporterBody(want)}),
    async () => oldest(await drainsTo(heroku, op.app, op.endpoint)),
    input.sleep,
  )
  const kept = oldest(await drainsTo(heroku, op.app, op.endpoint))
  if (kept && kept.id !== created.id) await heroku.deleteTelemetryDrain(created.id)
}

const updateTelemetryDrain: Applier<Extract<TelemetryOperation, {kind: 'update-telemetry-drain'}>> = async (op, input) => {
  // a PATCH to the state wanted: sending it twice does no harm
  await input.clients.heroku.updateTelemetryDrain(op.drainId, exporterBody(desiredExporter(input, op.stage, op.endpoint)))
}

const removeTelemetryDrain: Applier<Extract<TelemetryOperation, {kind: 'remove-telemetry-drain'}>> = async (op, {clients: {heroku}}) => {
  try {
    await heroku.deleteTelemetryDrain(op.drainId)
  } catch (error) {
    if (!isNotFound(error)) throw error // gone already: what was asked
  }
}

// ------------------------------------------------------------------------------------------------ kit:import

/**
 * TELEMETRY_<HEADER> (TELEMETRY_X_HONEYCOMB_TEAM), then TELEMETRY_<HEADER>_2, …: the first name that is not a config
 * var of the app or already taken (two exporters sending one header name).
 */
function referenceName(header: string, taken: Set<string>): string {
  const base = header
    .toUpperCase()
    .replaceAll(/[^A-Z0-9]+/g, '_')
    .replaceAll(/^_+|_+$/g, '')
  for (let n = 1; ; n++) {
    const name = `TELEMETRY_${base || 'HEADER'}${n === 1 ? '' : `_${n}`}`
    if (!taken.has(name)) return name
  }
}

/**
 * The app's telemetry drains, defaults left out. Every header value becomes a `${NAME}` reference, its value going
 * to `secrets` (the stage's git-ignored dotenv file): which headers carry credentials can't be told, so none is
 * written into the committed file.
 */
export function exportTelemetry({name, current}: ExportStageInput): StageExport {
  const secrets: Record<string, string> = {}
  const taken = new Set(Object.keys(current.config))
  // by endpoint: the file and the reference names stay the same whatever order Heroku lists the drains in
  const drains = [...(current.telemetry ?? [])].sort((a, b) => a.exporter.endpoint.localeCompare(b.exporter.endpoint))
  const telemetry = drains.map((drain): TelemetryExporterYaml => {
    const headers: Record<string, string> = {}
    for (const [header, value] of Object.entries(drain.exporter.headers ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      const key = referenceName(header, taken)
      taken.add(key)
      secrets[key] = value
      setEntry(headers, header, `\${${key}}`)
    }

    const signals = ordered(drain.signals)
    return {
      endpoint: drain.exporter.endpoint,
      ...(drain.exporter.type === 'otlp' ? {transport: 'grpc' as const} : {}),
      ...(sameSignals(signals, TELEMETRY_SIGNALS) ? {} : {signals}),
      ...(Object.keys(headers).length > 0 ? {headers} : {}),
    }
  })
  // a space's drains carry the telemetry of every app in it: the space is managed elsewhere (heroku telemetry:add -s SPACE)
  const unmanaged: StageExport['unmanaged'] = (current.spaceTelemetry ?? []).map(drain => ({
    scope: name,
    what: `telemetry drain ${maskUrl(drain.exporter.endpoint)} of the space ${current.app?.space?.name ?? drain.owner.id}`,
    why: "a space drain serves every app of the space; heroku-kit.yml declares the app's own",
  }))
  return {fields: {telemetry: telemetry.length > 0 ? telemetry : undefined}, unmanaged, secrets}
}

// ------------------------------------------------------------------------------------------------ the resource

const telemetryStage: StageFields<TelemetryStage> = {
  keys: ['telemetry'],
  defaults: () => ({telemetry: []}),
  none: () => ({telemetry: []}),
  parse({stage, value, at, report}) {
    if (value.telemetry === undefined || value.telemetry === null) return
    stage.telemetry = parseTelemetry(value.telemetry, [...at, 'telemetry'], report) ?? []
  },
  desire({stage, configVars, envReferences, env}) {
    const sources = {configFile: stage.config, config: configVars, envNames: envReferences, env}
    const referencedValues: string[] = []
    const unresolvedTelemetry: UnresolvedReference[] = []
    const telemetry = stage.telemetry.map((exporter): DesiredTelemetryExporter => {
      referencedValues.push(...urlSecrets(exporter.endpoint))
      const headers: Record<string, string> = {}
      const unresolved: UnresolvedReference[] = []
      for (const [header, text] of Object.entries(exporter.headers)) {
        const name = drainReferenceName(text)
        if (name === undefined) {
          setEntry(headers, header, text)
          continue
        }

        const reference = resolveReference(name, sources)
        if (reference.value === undefined) {
          unresolved.push({name, why: reference.why})
          continue
        }

        referencedValues.push(reference.value)
        if (reference.value.length > MAX_HEADER_VALUE) {
          throw new KitError(
            `stages.${stage.name}.telemetry: the header ${header} (\${${name}} from ${reference.source}) is longer than ${MAX_HEADER_VALUE} characters. Nothing was sent.`,
            {code: 'invalid_manifest', suggestion: `Set ${name} in ${reference.source} to the header's value.`},
          )
        }

        setEntry(headers, header, reference.value)
      }

      unresolvedTelemetry.push(...unresolved)
      return {
        endpoint: exporter.endpoint,
        type: exporterType(exporter.transport),
        signals: [...exporter.signals],
        headers,
        ...(unresolved.length > 0 ? {unresolved} : {}),
      }
    })
    return {telemetry, referencedValues, unresolvedTelemetry}
  },
  unread: () => ({}),
  references: {what: 'telemetry header', entries: stage => telemetryHeaderValues(stage.telemetry), unresolved: stage => stage.unresolvedTelemetry},
}

export const telemetry: Resource<TelemetryOperation, TelemetryStage> = {
  name: 'telemetry',
  // the app's and its space's telemetry drains, on a Fir app only; kit:verify --team leaves them out (its logs check says so on a Fir app)
  read: {
    stage: readTelemetry,
    requests: 2,
    fleet: false,
    // telemetry headers carry API keys: as for config vars, the values that look secret (redactor.ts looksSecret)
    secrets: cur =>
      (cur.telemetry ?? []).flatMap(drain =>
        Object.entries(drain.exporter.headers ?? {}).flatMap(([name, value]) => (looksSecret(name, value) ? [value] : [])),
      ),
  },
  stage: telemetryStage,
  plan: {stage: planTelemetry},
  apply: {
    'create-telemetry-drain': createTelemetryDrain,
    'update-telemetry-drain': updateTelemetryDrain,
    'remove-telemetry-drain': removeTelemetryDrain,
  },
  // the drains read again before the POST and after it
  cost: {'create-telemetry-drain': 3},
  export: {stage: exportTelemetry},
}
