import {type ChildProcess, spawn} from 'node:child_process'
import {readFile, symlink, writeFile} from 'node:fs/promises'
import {createServer} from 'node:net'
import path from 'node:path'

import {expect} from 'chai'
import ts from 'typescript'

import {applyPlan} from '../../../src/lib/init/apply.js'
import {generate, type Generation} from '../../../src/lib/init/generate.js'
import {planFiles} from '../../../src/lib/init/plan.js'
import {cleanTemps, copyFixture, ROOT, run, tempDir} from './helpers.js'

async function initFixture(name: string): Promise<{dir: string; generation: Generation}> {
  const dir = await copyFixture(name)
  const generation = await generate(dir)
  await applyPlan(dir, await planFiles(dir, generation.files))
  return {dir, generation}
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address() as {port: number}
      server.close(() => resolve(port))
    })
  })
}

/** Starts `node server.js` and resolves once it logs that it listens. */
async function startApp(dir: string, env: Record<string, string>): Promise<{child: ChildProcess; output: () => string}> {
  const child = spawn(process.execPath, ['server.js'], {cwd: dir, env: {PATH: process.env.PATH ?? '', ...env}, stdio: ['ignore', 'pipe', 'pipe']})
  let output = ''
  child.stdout!.on('data', chunk => {
    output += String(chunk)
  })
  child.stderr!.on('data', chunk => {
    output += String(chunk)
  })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start:\n${output}`)), 15_000)
    const check = (): void => {
      if (/listening on/.test(output)) {
        clearTimeout(timer)
        resolve()
      }
    }

    child.stdout!.on('data', check)
    child.once('exit', code => {
      clearTimeout(timer)
      reject(new Error(`the app exited with ${code}:\n${output}`))
    })
  })
  return {child, output: () => output}
}

/** Resolves once the app has printed every one of `texts` (the test's timeout bounds the wait). */
async function outputIncludes(app: {child: ChildProcess; output: () => string}, texts: string[]): Promise<void> {
  await new Promise<void>(resolve => {
    const check = (): void => {
      if (!texts.every(text => app.output().includes(text))) return
      app.child.stdout!.off('data', check)
      app.child.stderr!.off('data', check)
      resolve()
    }

    app.child.stdout!.on('data', check)
    app.child.stderr!.on('data', check)
    check()
  })
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise(resolve => {
    child.once('exit', resolve)
  })
  child.kill('SIGTERM')
  await exited
}

describe('kit:init health endpoints', function () {
  this.timeout(120_000)
  after(cleanTemps)

  describe('Express: the generated endpoint, wired in with the printed lines, runs', () => {
    let dir: string
    const children: ChildProcess[] = []
    before(async () => {
      const init = await initFixture('express')
      dir = init.dir
      // the fixture resolves express and pg from the repository's node_modules
      await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
      const lines = init.generation.hints.flatMap(h => h.lines)
      expect(lines).to.deep.equal(["app.get('/health', require('./health.js'))", "app.use(require('./logger.js').requestLogger)"])
      const server = await readFile(path.join(dir, 'server.js'), 'utf8')
      await writeFile(path.join(dir, 'server.js'), server.replace('// kit:init wiring goes here', [...lines].reverse().join('\n')))
    })

    afterEach(async () => {
      await Promise.all(children.splice(0).map(child => stop(child)))
    })

    it('answers 503 naming the database when DATABASE_URL points nowhere, without any secret', async () => {
      const port = await freePort()
      const secret = 's3cr3t-Passw0rd'
      const app = await startApp(dir, {PORT: String(port), DATABASE_URL: `postgres://shop:${secret}@127.0.0.1:1/nowhere`})
      children.push(app.child)
      const response = await fetch(`http://127.0.0.1:${port}/health`)
      const text = await response.text()
      expect(response.status).to.equal(503)
      expect(response.headers.get('content-type')).to.match(/application\/json/)
      expect(response.headers.get('cache-control')).to.equal('no-store')
      const body = JSON.parse(text)
      expect(body).to.deep.equal({status: 'unavailable', failing: ['database'], checks: {database: 'unavailable'}})
      for (const leak of [secret, '127.0.0.1:1', 'nowhere', 'postgres://', 'ECONNREFUSED']) expect(text).to.not.include(leak)
      // logs name the failure by code only, and the request logger writes a JSON line per request (after the response)
      await outputIncludes(app, ['health: database check failed', '"message":"request"'])
      expect(app.output()).to.include('health: database check failed (ECONNREFUSED)')
      expect(app.output()).to.not.include(secret)
      const requestLine = app
        .output()
        .split('\n')
        .find(line => line.includes('"message":"request"'))
      expect(JSON.parse(requestLine!)).to.include({level: 'info', method: 'GET', path: '/health', status: 503})
    })

    it('answers 200 when no database is configured', async () => {
      const port = await freePort()
      const app = await startApp(dir, {PORT: String(port)})
      children.push(app.child)
      const response = await fetch(`http://127.0.0.1:${port}/health`)
      expect(response.status).to.equal(200)
      expect(await response.json()).to.deep.equal({status: 'ok', checks: {database: 'not configured'}})
    })
  })

  describe('Node.js: every generated JavaScript file parses', () => {
    for (const name of ['express', 'fastify', 'next', 'nestjs']) {
      it(name, async () => {
        const {dir, generation} = await initFixture(name)
        const scratch = await tempDir()
        for (const file of generation.files.filter(f => /\.(?:js|ts)$/.test(f.path))) {
          if (file.path.endsWith('.ts')) {
            const source = ts.createSourceFile(file.path, file.content, ts.ScriptTarget.ES2022, true)
            const diagnostics = (source as unknown as {parseDiagnostics: ts.Diagnostic[]}).parseDiagnostics
            expect(
              diagnostics.map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
              file.path,
            ).to.deep.equal([])
            continue
          }

          const esm = /^(?:import|export) /m.test(file.content)
          const copy = path.join(scratch, `${file.path.replaceAll('/', '_')}.${esm ? 'mjs' : 'cjs'}`)
          await writeFile(copy, await readFile(path.join(dir, file.path), 'utf8'))
          await run(process.execPath, ['--check', copy])
        }
      })
    }
  })

  it('NestJS: the generated TypeScript type-checks under strict (against a stub of @nestjs/common)', async () => {
    const {dir, generation} = await initFixture('nestjs')
    const stub = path.join(dir, 'nest-stub.d.ts')
    await writeFile(
      stub,
      [
        "declare module '@nestjs/common' {",
        '  export function Controller(prefix?: string): ClassDecorator',
        '  export function Get(path?: string): MethodDecorator',
        '  export function Header(name: string, value: string): MethodDecorator',
        '  export class ServiceUnavailableException extends Error { constructor(body?: unknown) }',
        '  export interface LoggerService {',
        '    log(message: any, ...optionalParams: any[]): any',
        '    error(message: any, ...optionalParams: any[]): any',
        '    warn(message: any, ...optionalParams: any[]): any',
        '    debug?(message: any, ...optionalParams: any[]): any',
        '    verbose?(message: any, ...optionalParams: any[]): any',
        '  }',
        '}',
        '',
      ].join('\n'),
    )
    const files = generation.files.filter(f => f.path.endsWith('.ts')).map(f => path.join(dir, f.path))
    expect(files.length).to.equal(2)
    const program = ts.createProgram([...files, stub], {
      strict: true,
      noEmit: true,
      experimentalDecorators: true,
      target: ts.ScriptTarget.ES2021,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      types: ['node'],
      typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      skipLibCheck: true,
    })
    const diagnostics = ts.getPreEmitDiagnostics(program).map(d => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)
    expect(diagnostics).to.deep.equal([])
  })

  describe('Python: the generated files compile (python3 -m py_compile)', () => {
    for (const name of ['django', 'flask', 'fastapi']) {
      it(name, async function () {
        try {
          await run('python3', ['--version'])
        } catch {
          console.log('      (skipped: python3 is not installed)')
          this.skip()
        }

        const {dir, generation} = await initFixture(name)
        const files = generation.files.filter(f => f.path.endsWith('.py')).map(f => f.path)
        expect(files.length).to.equal(2)
        await run('python3', ['-m', 'py_compile', ...files], {cwd: dir})
      })
    }

    it('Flask: the health blueprint answers 503 naming the database, and 200 without one (when Flask is installed)', async function () {
      try {
        await run('python3', ['-c', 'import flask'])
      } catch {
        console.log('      (skipped: Flask is not installed for python3)')
        this.skip()
      }

      const {dir} = await initFixture('flask')
      const script = [
        'import json, os, sys',
        'from flask import Flask',
        'from health import health_bp',
        'app = Flask("probe")',
        'app.register_blueprint(health_bp)',
        'response = app.test_client().get("/health")',
        'print(json.dumps({"status": response.status_code, "cache": response.headers.get("Cache-Control"), "body": response.get_data(as_text=True)}))',
      ].join('\n')
      const env = {PATH: process.env.PATH ?? '', PYTHONDONTWRITEBYTECODE: '1'}
      const down = JSON.parse(
        (await run('python3', ['-c', script], {cwd: dir, env: {...env, DATABASE_URL: 'postgres://shop:s3cr3t@127.0.0.1:1/nowhere'}})).stdout,
      )
      expect(down.status).to.equal(503)
      expect(down.cache).to.equal('no-store')
      expect(JSON.parse(down.body)).to.deep.equal({status: 'unavailable', failing: ['database'], checks: {database: 'unavailable', redis: 'not configured'}})
      expect(down.body).to.not.include('s3cr3t')
      const up = JSON.parse((await run('python3', ['-c', script], {cwd: dir, env})).stdout)
      expect(up.status).to.equal(200)
      expect(JSON.parse(up.body)).to.deep.equal({status: 'ok', checks: {database: 'not configured', redis: 'not configured'}})
    })
  })
})
