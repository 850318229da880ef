import {expect} from 'chai'
import {readdir} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {
  APPLIERS,
  desiredStageOf,
  liveSecrets,
  type Operation,
  RESOURCES,
  STAGE_EXPORTERS,
  STAGE_KEYS,
  stageReferences,
} from '../../../src/lib/converge/registry.js'
import {FileIssuesError} from '../../../src/lib/errors.js'
import {parsePipelineFile} from '../../../src/lib/manifest/index.js'
import {liveStage} from '../verify/fixture.js'

/** The messages heroku-kit.yml's reader gives for `text` (none: it reads). */
function problems(text: string): string[] {
  try {
    parsePipelineFile(text, 'heroku-kit.yml')
    return []
  } catch (error) {
    if (error instanceof FileIssuesError) return error.issues.map(issue => issue.message)
    throw error
  }
}

const RESOURCES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src/lib/converge/resources')

/** Every operation kind, once: the compiler refuses a missing or an unknown kind here. */
const KINDS: Record<Operation['kind'], true> = {
  'create-pipeline': true,
  'create-app': true,
  'couple-app': true,
  'change-coupling-stage': true,
  'set-buildpacks': true,
  'create-addon': true,
  'change-addon-plan': true,
  'sync-config': true,
  scale: true,
  'enable-feature': true,
  'add-domain': true,
  'enable-acm': true,
  'schedule-backups': true,
  'add-drain': true,
  'create-telemetry-drain': true,
  'update-telemetry-drain': true,
  'remove-telemetry-drain': true,
  'link-repository': true,
  'set-auto-deploy': true,
  'create-review-app-config': true,
  'update-review-app-config': true,
  'set-review-config': true,
}

describe('converge registry', () => {
  it('has an applier for every operation kind, and no applier for a kind that does not exist', () => {
    expect(Object.keys(APPLIERS).sort()).to.deep.equal(Object.keys(KINDS).sort())
    for (const applier of Object.values(APPLIERS)) expect(applier).to.be.a('function')
  })

  it('gives each operation kind to one resource only', () => {
    const kinds = RESOURCES.flatMap(resource => Object.keys(resource.apply))
    expect(kinds).to.have.length(new Set(kinds).size)
  })

  it('lists every module of resources/ once, and each has a reader and a planner', async () => {
    const modules = (await readdir(RESOURCES_DIR))
      .filter(file => file.endsWith('.ts'))
      .map(file => file.replace(/\.ts$/, ''))
      .sort()
    expect(RESOURCES.map(resource => resource.name).sort()).to.deep.equal(modules)
    for (const resource of RESOURCES) {
      const readers = Object.values(resource.read).filter(reader => typeof reader === 'function')
      expect(readers, `${resource.name} reads its part of the current state`).to.have.length.above(0)
      const planners = Object.values(resource.plan).filter(planner => typeof planner === 'function')
      expect(planners, `${resource.name} plans`).to.have.length(1)
    }
  })

  it('every exporter in resources/ belongs to its resource, and every stage exporter is written', async () => {
    const owned = new Map<unknown, string>(
      RESOURCES.flatMap(resource => (resource.export ? [[Object.values(resource.export)[0], resource.name] as const] : [])),
    )
    for (const file of await readdir(RESOURCES_DIR)) {
      const name = file.replace(/\.ts$/, '')
      const module = (await import(path.join(RESOURCES_DIR, file))) as Record<string, unknown>
      for (const [exported, value] of Object.entries(module)) {
        if (!/^export[A-Z]/.test(exported) || typeof value !== 'function') continue
        expect(owned.get(value), `${name}.ts ${exported}`).to.equal(name)
      }
    }

    const stageExporters = RESOURCES.flatMap(resource => (resource.export && 'stage' in resource.export ? [resource.export.stage] : []))
    expect(new Set(STAGE_EXPORTERS)).to.deep.equal(new Set(stageExporters))
    expect(STAGE_EXPORTERS).to.have.length(stageExporters.length)
  })

  it('every key the pipeline-file reader accepts under a stage belongs to exactly one resource, which reads it', () => {
    const owners = new Map<string, string[]>()
    for (const resource of RESOURCES) for (const key of resource.stage?.keys ?? []) owners.set(key, [...(owners.get(key) ?? []), resource.name])
    for (const [key, names] of owners) expect(names, `stages.<stage>.${key} is read by`).to.have.length(1)
    expect([...STAGE_KEYS].sort()).to.deep.equal([...owners.keys()].sort())
    expect(problems('pipeline: shop\nstages:\n  staging:\n    not_a_resource: 1\n')).to.deep.equal([
      `stages.staging.not_a_resource is not a known stage key; known keys: ${STAGE_KEYS.join(', ')}`,
    ])
    for (const key of STAGE_KEYS) {
      // accepted: an empty value is no error, and a value of the wrong shape is reported on the key by its resource
      expect(problems(`pipeline: shop\nstages:\n  staging:\n    ${key}: null\n`), key).to.deep.equal([])
      const wrong = problems(`pipeline: shop\nstages:\n  staging:\n    ${key}: {nested: [1]}\n`)
      expect(wrong, key).to.have.length.above(0)
      expect(wrong.join('\n'), key).to.include(`stages.staging.${key}`).and.not.include('not a known stage key')
    }
  })

  it("the stage's ${NAME} references come from the resources that declare them, and none of their keys is a config var", () => {
    const file = parsePipelineFile(
      [
        'pipeline: shop',
        'stages:',
        '  production:',
        '    config: .env.production',
        '    drains: ["${LOG_DRAIN_URL}"]',
        '    telemetry:',
        '      - endpoint: https://otlp.example.com',
        '        headers: {x-team: "${OTLP_KEY}"}',
      ].join('\n'),
      'heroku-kit.yml',
    )
    const stage = file.stages.production
    expect(stageReferences(stage)).to.deep.equal([
      {what: 'log drain URL', keys: ['LOG_DRAIN_URL']},
      {what: 'telemetry header', keys: ['OTLP_KEY']},
    ])
    const configVars = {LOG_DRAIN_URL: 'syslog+tls://logs.example.com:6514', OTLP_KEY: 'k', API_URL: 'https://api.example.com'}
    const desired = desiredStageOf(stage, {configVars, envReferences: [], env: {}})
    expect(desired.config).to.deep.equal({API_URL: 'https://api.example.com'})
  })

  it("the live state's secrets come from the resources that hold them: a drain URL's token, a telemetry header's key", () => {
    const token = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6'
    const key = 'hcaik_01HZX7Q2M3N4P5R6S7T8V9W0XY'
    const stage = liveStage('production', {
      drains: [{id: 'd1', url: `https://logs.example.com/in?token=${token}`, token: 'd.1', addon: null}],
      telemetry: [
        {
          id: 't1',
          owner: {id: 'app-id', type: 'app'},
          signals: ['logs'],
          exporter: {type: 'otlphttp', endpoint: 'https://otlp.example.com', headers: {'x-api-key': key, 'x-dataset': 'production'}},
        },
      ],
    })
    const secrets = liveSecrets(stage)
    expect(secrets).to.include(token).and.include(key).and.not.include('production')
  })

  it("each resource's exporter writes only its own keys of heroku-kit.yml", () => {
    for (const name of ['staging', 'production'] as const) {
      const input = {name, current: liveStage(name), attachments: []}
      for (const resource of RESOURCES) {
        if (!resource.export || !('stage' in resource.export)) continue
        const written = Object.keys(resource.export.stage(input).fields)
        for (const key of written) expect(resource.stage?.keys ?? [], `${resource.name} writes ${key}`).to.include(key)
      }
    }
  })
})
