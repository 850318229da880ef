import {existsSync} from 'node:fs'
import {readdir, readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {expect} from 'chai'

import {generate} from '../../../../src/lib/init/generate.js'
import {appJson} from '../../../../src/lib/init/templates/app-json.js'
import {envExample, envStage} from '../../../../src/lib/init/templates/env-files.js'
import {observability} from '../../../../src/lib/init/templates/observability.js'
import {pipelineFile} from '../../../../src/lib/init/templates/pipeline-file.js'
import {procfile} from '../../../../src/lib/init/templates/procfile.js'
import {projectToml} from '../../../../src/lib/init/templates/project-toml.js'
import {placeholders, templatesRead} from '../../../../src/lib/init/templates/render.js'
import {ciWorkflow, deployStagingWorkflow, promoteProductionWorkflow, type WorkflowContext} from '../../../../src/lib/init/templates/workflows.js'
import type {Detection} from '../../../../src/lib/init/types.js'
import {cleanTemps, copyFixture, FIXTURES, FRAMEWORK_FIXTURES, ROOT} from '../helpers.js'

/**
 * What kit:init generated before its templates became files in their own language (captured from the TypeScript
 * string arrays they replaced): every generated file, for each fixture app and for variants of its detection that
 * switch every branch of the templates (module type, clients, drivers, routers, features, version files).
 * KIT_UPDATE_SNAPSHOT=1 rewrites the snapshot instead of comparing (only when the output is meant to change).
 */
const SNAPSHOT = path.join(FIXTURES, '..', 'init-templates', 'snapshot.json')

type Variant = [string, (d: Detection) => void]

const FEATURES: Variant[] = [
  ['as detected', () => {}],
  [
    'no backing services',
    d => {
      delete d.database
      delete d.redis
      delete d.worker
      delete d.migrations
    },
  ],
  [
    'database only',
    d => {
      delete d.redis
      delete d.worker
    },
  ],
  [
    'every backing service',
    d => {
      d.database ??= {via: 'test'}
      d.redis ??= {via: 'test'}
      d.worker ??= {via: 'test', command: 'bin/worker'}
      d.migrations ??= {via: 'test', command: 'bin/migrate'}
    },
  ],
  [
    'redis only',
    d => {
      d.redis ??= {via: 'test'}
      delete d.database
      delete d.migrations
    },
  ],
]

const STACK_VARIANTS: Record<string, Variant[]> = {
  node: [
    [
      'esm',
      d => {
        d.node!.moduleType = 'module'
      },
    ],
    [
      'commonjs',
      d => {
        d.node!.moduleType = 'commonjs'
      },
    ],
    [
      'pg + redis',
      d => {
        d.database ??= {via: 'test'}
        d.redis ??= {via: 'test'}
        d.node!.pgClient = 'pg'
        d.node!.redisClient = 'redis'
      },
    ],
    [
      'pg + ioredis',
      d => {
        d.database ??= {via: 'test'}
        d.redis ??= {via: 'test'}
        d.node!.pgClient = 'pg'
        d.node!.redisClient = 'ioredis'
      },
    ],
    [
      'pages router, pnpm, no lockfile',
      d => {
        d.node!.nextRoutes = {router: 'pages', dir: 'src/pages'}
        d.healthPath = '/api/health'
        d.node!.packageManager = 'pnpm'
        d.node!.lockfile = false
        d.node!.nodeVersion = undefined
        d.node!.scripts = {}
        d.testCommand = ''
      },
    ],
    [
      'no known framework (a start script)',
      d => {
        d.framework = 'node'
      },
    ],
    [
      'yarn, entry in src',
      d => {
        d.node!.packageManager = 'yarn'
        d.node!.entry = 'src/server.js'
        d.node!.nodeVersion = '20.x'
      },
    ],
  ],
  python: [
    [
      'pipenv',
      d => {
        d.python!.manager = 'pipenv'
      },
    ],
    [
      'poetry, package source dir',
      d => {
        d.python!.manager = 'poetry'
        d.python!.sourceDir = 'src/app'
      },
    ],
    [
      'uv, factory',
      d => {
        d.python!.manager = 'uv'
        d.python!.appVariable = 'create_app()'
      },
    ],
  ],
  ruby: [
    [
      'pg gem',
      d => {
        d.ruby!.pg = true
      },
    ],
    [
      'no pg gem',
      d => {
        d.ruby!.pg = false
      },
    ],
  ],
  go: [
    [
      'pgx5 + go-redis9, slog',
      d => {
        d.database ??= {via: 'test'}
        d.redis ??= {via: 'test'}
        d.go!.pgDriver = 'pgx5'
        d.go!.redisClient = 'go-redis9'
        d.go!.slog = true
      },
    ],
    [
      'pgx4 + go-redis8, no slog, gin, cmd dir',
      d => {
        d.database ??= {via: 'test'}
        d.redis ??= {via: 'test'}
        d.go!.pgDriver = 'pgx4'
        d.go!.redisClient = 'go-redis8'
        d.go!.slog = false
        d.go!.router = 'gin'
        d.go!.mainDir = 'cmd/api'
      },
    ],
    [
      'pq, no redis client',
      d => {
        d.database ??= {via: 'test'}
        d.go!.pgDriver = 'pq'
        delete d.go!.redisClient
        d.go!.router = 'chi'
      },
    ],
    [
      'database without a known driver',
      d => {
        d.database ??= {via: 'test'}
        delete d.go!.pgDriver
        d.go!.router = 'echo'
      },
    ],
  ],
}

const CONTEXTS: Array<[string, Omit<WorkflowContext, 'has'> & {files: string[]; repo?: string}]> = [
  ['no version files', {pipeline: 'shop', stagingApp: 'shop-staging', productionApp: 'shop-production', kitVersion: '1.2.3', files: []}],
  [
    'version files',
    {
      pipeline: 'shop',
      stagingApp: 'shop-staging',
      productionApp: 'shop-production',
      kitVersion: '0.1.0',
      repo: 'acme/shop',
      files: ['.nvmrc', '.python-version', '.ruby-version', '.tool-versions', 'requirements-dev.txt', 'requirements-test.txt'],
    },
  ],
]

/** Every file the templates render for one detection, keyed by a readable name. */
function render(detection: Detection, into: Record<string, string>, key: string): void {
  for (const [label, context] of CONTEXTS) {
    const workflow = {...context, has: (file: string) => context.files.includes(file)}
    into[`${key} | ${label} | ci.yml`] = ciWorkflow(detection, workflow)
    into[`${key} | ${label} | deploy-staging.yml`] = deployStagingWorkflow(detection, workflow)
    into[`${key} | ${label} | promote-production.yml`] = promoteProductionWorkflow(detection, workflow)
    into[`${key} | ${label} | heroku-kit.yml`] = pipelineFile(detection, {...context, repo: context.repo})
    into[`${key} | ${label} | app.json`] = appJson(detection, {pipeline: context.pipeline, repository: context.repo && `https://github.com/${context.repo}`})
  }

  // kit:init --generation fir: project.toml instead of app.json buildpacks, Fir sizes, the space left to the user
  into[`${key} | fir | heroku-kit.yml`] = pipelineFile(detection, {...CONTEXTS[0][1], generation: 'fir'})
  into[`${key} | fir | app.json`] = appJson(detection, {pipeline: 'shop', generation: 'fir'})
  if (!detection.container) into[`${key} | fir | project.toml`] = projectToml(detection)
  into[`${key} | Procfile`] = procfile(detection)
  into[`${key} | .env.example`] = envExample(detection, 'shop')
  into[`${key} | .env.staging`] = envStage(detection, 'staging', 'shop-staging')
  into[`${key} | .env.production`] = envStage(detection, 'production', 'shop-production')
  const {files, hints} = observability(detection)
  for (const file of files) into[`${key} | ${file.path}`] = file.content
  into[`${key} | hints`] = JSON.stringify(hints, null, 2)
}

async function renderAll(): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const framework of FRAMEWORK_FIXTURES) {
    const dir = await copyFixture(framework)
    const {detection} = await generate(dir, {kitVersion: '0.1.0'})
    for (const [feature, applyFeature] of FEATURES) {
      for (const [variant, applyVariant] of [['', () => {}] as Variant, ...STACK_VARIANTS[detection.stack]]) {
        const copy = structuredClone(detection)
        applyFeature(copy)
        applyVariant(copy)
        render(copy, out, `${framework} | ${feature}${variant ? ` | ${variant}` : ''}`)
      }
    }
  }

  return out
}

describe('kit:init templates: the output is what it was before the templates became files', function () {
  this.timeout(180_000)
  after(cleanTemps)

  it('renders every file of every fixture and variant byte for byte as the snapshot', async () => {
    const rendered = await renderAll()
    if (process.env.KIT_UPDATE_SNAPSHOT === '1') {
      const contents = [...new Set(Object.values(rendered))]
      const files = Object.fromEntries(Object.entries(rendered).map(([key, content]) => [key, contents.indexOf(content)]))
      await writeFile(SNAPSHOT, `${JSON.stringify({files, contents}, null, 1)}\n`)
      console.log(`wrote ${Object.keys(rendered).length} files to ${SNAPSHOT}`)
    }

    expect(existsSync(SNAPSHOT), `${SNAPSHOT} (KIT_UPDATE_SNAPSHOT=1 writes it)`).to.equal(true)
    // each distinct content once: {files: {key: index}, contents: [text]}
    const snapshot = JSON.parse(await readFile(SNAPSHOT, 'utf8')) as {files: Record<string, number>; contents: string[]}
    expect(Object.keys(rendered).sort()).to.deep.equal(Object.keys(snapshot.files).sort())
    for (const [key, index] of Object.entries(snapshot.files)) expect(rendered[key], key).to.equal(snapshot.contents[index])
  })

  it('uses every template file, and leaves no placeholder unfilled in any file it renders', async () => {
    const rendered = await renderAll()
    for (const [key, content] of Object.entries(rendered)) expect(placeholders(content), key).to.deep.equal([])
    const files = (await readdir(path.join(ROOT, 'src/lib/init/templates/files'), {recursive: true, withFileTypes: true}))
      .filter(entry => entry.isFile())
      .map(entry => path.posix.join(path.relative(path.join(ROOT, 'src/lib/init/templates/files'), entry.parentPath).split(path.sep).join('/'), entry.name))
    expect(files.length).to.be.greaterThan(30)
    expect(templatesRead().sort()).to.deep.equal(files.sort())
  })
})
