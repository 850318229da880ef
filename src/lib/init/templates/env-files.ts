import type {Detection, EnvSpec} from '../types.js'
import {block, render} from './render.js'

/** Lines a `.gitignore` needs so that real dotenv files (secrets) stay out of git. */
export const GITIGNORE_HEADER = '# heroku-kit: real environment files hold secrets; .env.example is the template'
export const GITIGNORE_LINES = ['.env', '.env.*', '!.env.example']

function databaseName(name: string): string {
  return (
    name
      .toLowerCase()
      .replaceAll(/[^a-z0-9]+/g, '_')
      .replaceAll(/^_+|_+$/g, '') || 'app'
  )
}

// The templates are files/dotenv/*.dotenv, not *.env: the package must hold no file named like an env file (package e2e).

/** .env.example: every key app.json declares (and the add-on URLs), with local values; never a secret. */
export function envExample(detection: Detection, pipeline: string): string {
  const entries = detection.env.map(spec =>
    render(`dotenv/example-${spec.kind}.dotenv`, {
      DESCRIPTION: spec.description,
      KEY: spec.key,
      ...(spec.kind === 'value' ? {VALUE: spec.localValue ?? spec.value ?? ''} : {}),
    }),
  )
  return render('dotenv/example.dotenv', {
    ENTRIES: entries.join(''),
    DATABASE: detection.database ? render('dotenv/example-database.dotenv', {DATABASE_NAME: databaseName(pipeline)}) : '',
    REDIS: detection.redis ? render('dotenv/example-redis.dotenv') : '',
  })
}

function stageValue(spec: EnvSpec, stage: 'staging' | 'production'): string | undefined {
  return spec.stageValues?.[stage] ?? spec.value
}

/**
 * .env.staging / .env.production: the stage's config file in heroku-kit.yml, pushed with kit:config:sync.
 * Non-secret values are set; secrets are commented placeholders to fill in locally (the files are git-ignored);
 * generated secrets and add-on URLs are left to Heroku.
 */
export function envStage(detection: Detection, stage: 'staging' | 'production', app: string): string {
  const managed = [
    ...(detection.database ? ['DATABASE_URL'] : []),
    ...(detection.redis ? ['REDIS_URL'] : []),
    ...detection.env.filter(e => e.kind === 'generated').map(e => e.key),
  ]
  const values = detection.env.filter(e => e.kind === 'value')
  const secrets = detection.env.filter(e => e.kind === 'secret')
  const optional = detection.env.filter(e => e.kind === 'optional')
  const commented = (specs: EnvSpec[]): string => block(specs.map(spec => `# ${spec.key}=`))
  return render('dotenv/stage.dotenv', {
    STAGE: stage,
    APP: app,
    FILE: `.env.${stage}`,
    MANAGED: managed.length > 0 ? render('dotenv/stage-managed.dotenv', {KEYS: managed.join(', ')}) : '',
    VALUES: values.length > 0 ? block(['', ...values.map(spec => `${spec.key}=${stageValue(spec, stage) ?? ''}`)]) : '',
    SECRETS: secrets.length > 0 ? render('dotenv/stage-secrets.dotenv', {KEYS: commented(secrets)}) : '',
    OPTIONAL: optional.length > 0 ? render('dotenv/stage-optional.dotenv', {KEYS: commented(optional)}) : '',
  })
}

/** The block appended to .gitignore (or the whole file when there is none). */
export function gitignoreBlock(missing: string[]): string {
  return `${GITIGNORE_HEADER}\n${missing.join('\n')}\n`
}
