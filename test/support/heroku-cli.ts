import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process'
import {rmSync} from 'node:fs'
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

/** The repository root (the plugin that gets linked). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
/** The real Heroku CLI from npm, pinned in devDependencies. */
export const HEROKU_BIN = path.join(ROOT, 'node_modules', 'heroku', 'bin', 'run.js')

export interface RunResult {
  code: number
  stdout: string
  stderr: string
  /** stdout and stderr, for assertions that don't care which stream */
  output: string
}

export interface RunOptions {
  cwd?: string
  env?: Record<string, string | undefined>
  input?: string
  /** no HEROKU_API_KEY: as a user who never ran `heroku login` */
  loggedOut?: boolean
  timeoutMs?: number
  /** send `signal` to the CLI process once its output includes `when` (a Ctrl-C at a chosen moment) */
  interrupt?: {when: string; signal: NodeJS.Signals}
  /** the child once spawned, in a process group of its own (signals go to `-child.pid`, as a terminal sends Ctrl-C) */
  onSpawn?: (child: ChildProcessWithoutNullStreams) => void
}

/**
 * oclif runs a linked plugin that has tsx in its devDependencies from src/ through tsx (config/ts-path.js in
 * @oclif/core): it loads TypeScript to read tsconfig.json and transpiles src/ on every start. The tests run what
 * users run, the build in dist/ (`npm run build`), and save that start-up cost on each of the hundreds of CLI runs.
 */
const RUN_BUILT_PLUGIN = '--import=data:text/javascript,globalThis.oclif={enableAutoTranspile:false}'

/** Environment that keeps the real CLI hermetic: scratch HOME, no autoupdate, no telemetry, no update checks. */
function hermeticEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    NODE_OPTIONS: RUN_BUILT_PLUGIN,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    LANG: 'C.UTF-8',
    HEROKU_DISABLE_AUTOUPDATE: '1',
    HEROKU_SKIP_ANALYTICS: '1',
    DISABLE_TELEMETRY: 'true',
    HEROKU_SKIP_NEW_VERSION_CHECK: 'true',
    OCLIF_DISABLE_LINKED_ESM_WARNING: '1',
    NO_COLOR: '1',
    COLUMNS: '160',
  }
}

/** Environment pointing the CLI and the plugin at an emulator on one port (all four services). */
export function emulatorEnv(url: string, token = 'test-api-key'): Record<string, string> {
  return {
    HEROKU_HOST: url,
    HEROKU_API_KEY: token,
    HEROKU_PARTICLEBOARD_URL: url,
    HEROKU_DATA_HOST: '127.0.0.1',
    HEROKU_KOLKRABBI_HOST: url,
    GITHUB_API_URL: url,
    HEROKU_KIT_RETRY_BASE_MS: '5',
    // the Heroku CLI's own side calls, so plain `heroku` commands stay on the emulator too
    HEROKU_BUILDPACK_REGISTRY_URL: url,
    HEROKU_PARTICLEBOARD_HEADERS: '{"X-Heroku-Kit-Emulator":"particleboard"}',
  }
}

export function exec(
  command: string,
  args: string[],
  options: {
    cwd: string
    env: Record<string, string>
    input?: string
    timeoutMs?: number
    interrupt?: RunOptions['interrupt']
    onSpawn?: RunOptions['onSpawn']
  },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'], detached: Boolean(options.onSpawn)})
    options.onSpawn?.(child)
    let stdout = ''
    let stderr = ''
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      output += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
      output += chunk
    })
    let interrupted = false
    const interrupt = options.interrupt
    if (interrupt) {
      for (const stream of [child.stdout, child.stderr])
        stream.on('data', () => {
          if (interrupted || !output.includes(interrupt.when)) return
          interrupted = true
          child.kill(interrupt.signal)
        })
    }

    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
    child.on('error', reject)
    child.on('close', code => {
      clearTimeout(timer)
      resolve({code: code ?? 137, stdout, stderr, output})
    })
    child.stdin.end(options.input ?? '')
  })
}

/**
 * The real `heroku` CLI with heroku-kit linked (`heroku plugins:link`), in a scratch HOME.
 * Commands run without a TTY, so the plugin must never prompt.
 */
export class HerokuCli {
  private constructor(readonly home: string) {}

  /** The CLI in a scratch HOME without the plugin (for startup comparisons). */
  static async createUnlinked(): Promise<HerokuCli> {
    return new HerokuCli(await mkdtemp(path.join(tmpdir(), 'heroku-kit-home-')))
  }

  static async create(): Promise<HerokuCli> {
    const home = await mkdtemp(path.join(tmpdir(), 'heroku-kit-home-'))
    const cli = new HerokuCli(home)
    const linked = await cli.raw(['plugins:link', ROOT, '--no-install'])
    if (linked.code !== 0) throw new Error(`heroku plugins:link failed:\n${linked.output}`)
    return cli
  }

  /** `heroku ARGS` with the given emulator (or none). */
  run(args: string[], emulatorUrl: string | undefined, options: RunOptions = {}): Promise<RunResult> {
    const env: Record<string, string | undefined> = {...(emulatorUrl ? emulatorEnv(emulatorUrl) : {}), ...options.env}
    if (options.loggedOut) delete env.HEROKU_API_KEY
    return this.raw(args, {...options, env})
  }

  raw(args: string[], options: RunOptions = {}): Promise<RunResult> {
    const env = {...hermeticEnv(this.home)} as Record<string, string>
    for (const [key, value] of Object.entries(options.env ?? {})) {
      if (value === undefined) delete env[key]
      else env[key] = value
    }

    return exec(process.execPath, [HEROKU_BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env,
      input: options.input,
      timeoutMs: options.timeoutMs,
      interrupt: options.interrupt,
      onSpawn: options.onSpawn,
    })
  }

  async dispose(): Promise<void> {
    await rm(this.home, {recursive: true, force: true})
  }
}

let shared: Promise<HerokuCli> | undefined
/** One linked CLI for the whole test run (linking takes a couple of seconds). */
export function sharedHerokuCli(): Promise<HerokuCli> {
  shared ??= HerokuCli.create().then(cli => {
    // the scratch HOME goes when the test process ends
    process.once('exit', () => rmSync(cli.home, {recursive: true, force: true}))
    return cli
  })
  return shared
}
