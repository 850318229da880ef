/**
 * kit:init's detection: which language and web framework the app in a directory is, and what its dependencies
 * need. One detector per language (detect/node.ts, python.ts, ruby.ts, go.ts), run in STACKS order; what does not
 * depend on the language (the choice between stacks, env vars the code reads, heroku.yml, an existing Procfile) is here.
 */
import {stat} from 'node:fs/promises'

import {KitError} from '../../errors.js'
import {exists} from '../../fs.js'
import {envFromScan, isPlatformKey, scanEnvReads} from '../env-scan.js'
import {readOptional} from '../files.js'
import {procfileTypes as procfileTypesOf} from '../merge.js'
import {
  type Detection,
  type EnvSpec,
  FRAMEWORK_LABELS,
  FRAMEWORKS,
  type Framework,
  type KnownFramework,
  STACK_CHOICES,
  STACK_LABELS,
  STACKS,
  type Stack,
} from '../types.js'
import {readContainerSetup} from './container.js'
import type {Detector, StackProbe} from './detector.js'
import {goDetector} from './go.js'
import {nodeDetector} from './node.js'
import {pythonDetector} from './python.js'
import {rubyDetector} from './ruby.js'

/** The detector of each language: a new language is one file in detect/ and one line here (and its names in types.ts). */
const DETECTORS: Record<Stack, Detector> = {node: nodeDetector, python: pythonDetector, ruby: rubyDetector, go: goDetector}

function stackOf(choice: string): {stack: Stack; framework?: KnownFramework} {
  if ((STACKS as readonly string[]).includes(choice)) return {stack: choice as Stack}
  return {stack: FRAMEWORKS[choice as KnownFramework], framework: choice as KnownFramework}
}

/** Parses `--stack`; an unknown value is an error listing the choices. */
export function parseStackChoice(value: string | undefined): {stack: Stack; framework?: KnownFramework} | undefined {
  if (value === undefined) return undefined
  const choice = value.trim().toLowerCase()
  const aliases: Record<string, string> = {
    nodejs: 'node',
    'node.js': 'node',
    js: 'node',
    nextjs: 'next',
    'next.js': 'next',
    nest: 'nestjs',
    golang: 'go',
    py: 'python',
    rb: 'ruby',
  }
  const resolved = aliases[choice] ?? choice
  if (!STACK_CHOICES.includes(resolved)) {
    throw new KitError(`Unknown stack "${value}". Choose one of: ${STACK_CHOICES.join(', ')}.`, {
      code: 'unknown_stack',
      suggestion: 'A language (node, python, ruby, go) detects the framework within it; a framework name (e.g. flask) uses that framework.',
    })
  }

  return stackOf(resolved)
}

/**
 * What the app in `dir` is: stack, framework and what its dependencies need (database, Redis, worker, migrations),
 * with one line of evidence per decision. Reads only; throws a KitError for anything that stops generation
 * (not an app, conflicting stacks, unreadable or invalid manifests).
 */
export async function detect(dir: string, options: {stack?: string; exclude?: Set<string>} = {}): Promise<Detection> {
  const override = parseStackChoice(options.stack)
  let info
  try {
    info = await stat(dir)
  } catch {
    throw new KitError(`${dir} does not exist.`, {code: 'not_a_directory'})
  }

  if (!info.isDirectory()) throw new KitError(`${dir} is not a directory.`, {code: 'not_a_directory'})

  const stacks = override ? [override.stack] : [...STACKS]
  const probes: StackProbe[] = []
  for (const stack of stacks) {
    // eslint-disable-next-line no-await-in-loop -- in order, so the first unreadable manifest is the one reported
    const probe = await DETECTORS[stack].probe(dir)
    if (probe) probes.push(probe)
  }

  const signals: string[] = []
  let chosen: StackProbe
  let framework: Framework
  if (override) {
    const probe = probes[0]
    if (!probe) {
      const manifests = DETECTORS[override.stack].manifests.join(', ')
      throw new KitError(`--stack ${options.stack}: there is no ${manifests} in ${dir}, so this is not a ${STACK_LABELS[override.stack]} app.`, {
        code: 'not_an_app',
        suggestion: `Run kit:init in the app's root directory (or pass --dir).`,
      })
    }

    chosen = probe
    signals.push(`--stack ${options.stack}: ${STACK_LABELS[override.stack]} (${probe.manifests.join(', ')})`)
    if (override.framework) {
      framework = override.framework
      const suggested = probe.framework && probe.framework !== framework ? ` (the manifests suggested ${FRAMEWORK_LABELS[probe.framework]})` : ''
      signals.push(`framework ${FRAMEWORK_LABELS[framework]} from --stack${suggested}`)
    } else if (probe.framework) {
      framework = probe.framework
      signals.push(`framework ${FRAMEWORK_LABELS[framework]}: ${probe.frameworkSignal}`)
    } else {
      throw noFramework(probe, dir)
    }
  } else {
    const web = probes.filter(p => p.web)
    if (web.length > 1) {
      const stacks = web.map(p => `${STACK_LABELS[p.stack]} with ${FRAMEWORK_LABELS[p.framework!]} (${p.frameworkSignal})`).join(' and ')
      throw new KitError(`Conflicting stacks in ${dir}: ${stacks}. kit:init generates the files for one app.`, {
        code: 'conflicting_stacks',
        suggestion: `Pass --stack ${web.map(p => p.stack).join(' or --stack ')} to choose. Nothing was written.`,
      })
    }

    if (web.length === 1) {
      chosen = web[0]
    } else {
      const generic = probes.filter(p => p.framework)
      if (generic.length === 1) {
        chosen = generic[0]
      } else if (probes.length === 0) {
        const manifests = STACKS.flatMap(stack => DETECTORS[stack].manifests)
        throw new KitError(`${dir} doesn't look like an app: none of ${manifests.slice(0, -1).join(', ')} or ${manifests.at(-1)} is there.`, {
          code: 'not_an_app',
          suggestion: `Run kit:init in the app's root directory (or pass --dir DIR). Nothing was written.`,
        })
      } else if (probes.length === 1) {
        throw noFramework(probes[0], dir)
      } else {
        const found = probes.map(p => `${p.manifests.join(', ')} (${STACK_LABELS[p.stack]})`).join(' and ')
        throw new KitError(`Can't tell which app this is: ${found} are here, none with a known web framework.`, {
          code: 'conflicting_stacks',
          suggestion: `Pass --stack ${probes.map(p => p.stack).join(' or --stack ')}. Nothing was written.`,
        })
      }
    }

    framework = chosen.framework!
    signals.push(`${STACK_LABELS[chosen.stack]}: ${chosen.manifests.join(', ')}`, `framework ${FRAMEWORK_LABELS[framework]}: ${chosen.frameworkSignal}`)
    for (const other of probes.filter(p => p !== chosen)) {
      signals.push(`${other.manifests.join(', ')} present without a web framework: treated as tooling for the ${STACK_LABELS[chosen.stack]} app`)
    }
  }

  const exclude = options.exclude ?? new Set<string>()
  const warnings: string[] = []
  const built = await chosen.build(framework, signals)
  warnings.push(...(built.warnings ?? []))

  // env: framework defaults first, then what the code reads
  const env = new Map<string, EnvSpec>()
  for (const spec of built.env ?? []) env.set(spec.key, spec)
  const scanned = await scanEnvReads(dir, chosen.stack, exclude)
  for (const [key, file] of scanned) {
    if (!env.has(key) && !isPlatformKey(key)) env.set(key, envFromScan(key, file))
  }

  // only the app's own config: keys the platform, buildpacks or add-ons set (PORT, DATABASE_URL…) are not listed
  const own = [...scanned.keys()].filter(key => !isPlatformKey(key))
  if (own.length > 0) signals.push(`config vars the app's code reads: ${own.join(', ')}`)
  env.set('LOG_LEVEL', {
    key: 'LOG_LEVEL',
    kind: 'value',
    value: 'info',
    stageValues: {staging: 'debug'},
    localValue: 'debug',
    description: 'Log verbosity of the stdout logger (debug, info, warn, error)',
  })

  let buildpacks = [...(built.buildpacks ?? [])]
  const otherNode = chosen.stack !== 'node' && probes.some(p => p.stack === 'node')
  if (otherNode && (await exists(dir, 'package.json'))) {
    buildpacks.unshift('heroku/nodejs')
    signals.push('package.json next to the app: the Node.js buildpack runs first (asset build)')
  }

  const container = await readContainerSetup(dir)
  if (container) {
    buildpacks = []
    const processes = `${container.processes.join(', ') || 'none'}${container.release ? ', release phase' : ''}`
    signals.push(`container stack: ${container.file} (processes ${processes}): Docker builds, no buildpacks, no Procfile`)
    if (!container.processes.includes('web')) {
      warnings.push(`${container.file} declares no web process (build.docker.web or run.web): the app gets no HTTP traffic.`)
    }

    if (built.worker && !container.processes.includes('worker')) {
      const {via, command} = built.worker
      warnings.push(`${via} needs a worker process, which ${container.file} does not declare: add it under run: (e.g. worker: ${command}).`)
    }

    if (built.migrations && !container.release) {
      const {command} = built.migrations
      warnings.push(`${container.file} has no release section: add one to run migrations before each release (release: {image: web, command: [${command}]}).`)
    }
  }

  const procfileText = container ? undefined : await readOptional(dir, 'Procfile')
  const procfileTypes = procfileText === undefined ? undefined : [...procfileTypesOf(procfileText).keys()]
  if (procfileTypes) {
    signals.push(`Procfile present (${procfileTypes.join(', ') || 'no process types'}): kept as written, missing process types added`)
  }

  return {
    stack: chosen.stack,
    framework,
    name: built.name,
    description: built.description,
    signals: [...new Set([...signals, ...(built.signals ?? [])])],
    warnings,
    database: built.database,
    redis: built.redis,
    worker: built.worker,
    migrations: built.migrations,
    web: built.web,
    testCommand: built.testCommand,
    buildpacks,
    healthPath: built.healthPath ?? '/health',
    env: sortEnv([...env.values()]),
    ...(container ? {container} : {}),
    ...(procfileTypes ? {procfileTypes} : {}),
    node: built.node,
    python: built.python,
    ruby: built.ruby,
    go: built.go,
  }
}

const KIND_ORDER: Record<EnvSpec['kind'], number> = {value: 0, generated: 1, secret: 2, optional: 3}
function sortEnv(env: EnvSpec[]): EnvSpec[] {
  return env.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

function noFramework(probe: StackProbe, dir: string): KitError {
  const choices = Object.entries(FRAMEWORKS)
    .filter(([, stack]) => stack === probe.stack)
    .map(([framework]) => framework)
    .join(', ')
  const what =
    DETECTORS[probe.stack].noFramework?.(dir) ??
    `${probe.manifests.join(', ')} ${probe.manifests.length > 1 ? 'are' : 'is'} in ${dir} but names no web framework kit:init knows`
  return new KitError(`${what}.`, {
    code: 'no_framework',
    suggestion: `If this is a web app, pass --stack with its framework (${choices}). Nothing was written.`,
  })
}
