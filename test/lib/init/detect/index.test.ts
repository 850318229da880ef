import {readdir, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {expect} from 'chai'

import {KitError} from '../../../../src/lib/errors.js'
import {detect, parseStackChoice} from '../../../../src/lib/init/detect/index.js'
import {appDir as app, cleanTemps, copyFixture, tempDir} from '../helpers.js'

async function rejection(promise: Promise<unknown>): Promise<KitError> {
  try {
    await promise
  } catch (error) {
    expect(error).to.be.instanceOf(KitError)
    return error as KitError
  }

  throw new Error('expected a KitError')
}

describe('kit:init detection', () => {
  after(cleanTemps)

  describe('bad input: a clear error, nothing read as an app', () => {
    it('an empty directory is not an app', async () => {
      const dir = await tempDir()
      const error = await rejection(detect(dir))
      expect(error.code).to.equal('not_an_app')
      expect(error.message).to.include("doesn't look like an app")
      expect(error.message).to.include('package.json, requirements.txt, pyproject.toml, Pipfile, Gemfile or go.mod')
      expect(await readdir(dir)).to.deep.equal([])
    })

    it('a missing directory', async () => {
      const error = await rejection(detect('/nonexistent/kit-init-dir'))
      expect(error.code).to.equal('not_a_directory')
    })

    it('conflicting stacks (Express and Flask) ask for --stack', async () => {
      const dir = await copyFixture('bad/conflicting')
      const error = await rejection(detect(dir))
      expect(error.code).to.equal('conflicting_stacks')
      expect(error.message).to.include('Node.js with Express').and.include('Python with Flask')
      expect(error.suggestion).to.include('--stack node or --stack python')
    })

    it('--stack resolves the conflict, and says so', async () => {
      const dir = await copyFixture('bad/conflicting')
      const python = await detect(dir, {stack: 'python'})
      expect(python.framework).to.equal('flask')
      expect(python.signals[0]).to.include('--stack python')
      const node = await detect(dir, {stack: 'express'})
      expect(node.framework).to.equal('express')
    })

    it('invalid JSON in package.json names the file', async () => {
      const dir = await copyFixture('bad/invalid-json')
      const error = await rejection(detect(dir))
      expect(error.code).to.equal('invalid_manifest')
      expect(error.message).to.match(/^package\.json is not valid JSON/)
    })

    it('an unreadable package.json (a directory named package.json) names the file', async () => {
      // chmod 000 doesn't stop root, so unreadability is made with a directory in the file's place
      const dir = await app({'package.json/keep': '', 'server.js': ''})
      const error = await rejection(detect(dir))
      expect(error.code).to.equal('unreadable_file')
      expect(error.message).to.equal("Can't read package.json: it is a directory, not a file. Nothing was written.")
    })

    it('an unreadable file by permissions (when not running as root)', async function () {
      if (process.getuid?.() === 0) {
        console.log('      (skipped: root can read a chmod 000 file; covered by the directory case above)')
        this.skip()
      }

      const dir = await app({'requirements.txt': 'flask\n'})
      const {chmod} = await import('node:fs/promises')
      await chmod(path.join(dir, 'requirements.txt'), 0o000)
      const error = await rejection(detect(dir))
      expect(error.message).to.include("Can't read requirements.txt: permission denied")
      await chmod(path.join(dir, 'requirements.txt'), 0o644)
    })

    it('a package.json without a framework or start script is not a web app', async () => {
      const dir = await copyFixture('bad/library')
      const error = await rejection(detect(dir))
      expect(error.code).to.equal('no_framework')
      expect(error.suggestion).to.include('express, fastify, next, nestjs')
    })

    it('an unknown --stack lists the choices', async () => {
      const dir = await copyFixture('express')
      const error = await rejection(detect(dir, {stack: 'cobol'}))
      expect(error.code).to.equal('unknown_stack')
      expect(error.message).to.equal(
        'Unknown stack "cobol". Choose one of: node, python, ruby, go, express, fastify, next, nestjs, django, flask, fastapi, rails, sinatra.',
      )
    })

    it('--stack for a language whose manifest is missing', async () => {
      const dir = await copyFixture('express')
      const error = await rejection(detect(dir, {stack: 'ruby'}))
      expect(error.code).to.equal('not_an_app')
      expect(error.message).to.include('there is no Gemfile')
    })

    it('a go.mod without a main package', async () => {
      const dir = await app({'go.mod': 'module example.com/lib\n\ngo 1.22\n', 'lib.go': 'package lib\n'})
      const error = await rejection(detect(dir))
      expect(error.code).to.equal('no_framework')
      expect(error.message).to.include('no main package')
    })
  })

  describe('signals and decisions', () => {
    it('a Rails app with a package.json for assets gets the Node.js buildpack first', async () => {
      const dir = await copyFixture('rails')
      await writeFile(path.join(dir, 'package.json'), '{"name": "assets", "scripts": {"build": "esbuild app/javascript/*.js"}}\n')
      const detection = await detect(dir)
      expect(detection.framework).to.equal('rails')
      expect(detection.buildpacks).to.deep.equal(['heroku/nodejs', 'heroku/ruby'])
      expect(detection.signals.join('\n')).to.include('package.json present without a web framework')
    })

    it('classifies the env vars the code reads: generated, required secret, optional; platform keys are left out', async () => {
      const detection = await detect(await copyFixture('express'))
      const env = Object.fromEntries(detection.env.map(e => [e.key, e.kind]))
      expect(env).to.deep.equal({LOG_LEVEL: 'value', NODE_ENV: 'value', SESSION_SECRET: 'generated', STRIPE_API_KEY: 'secret', BANNER_TEXT: 'optional'})
    })
  })

  describe('--stack', () => {
    it('--stack aliases', () => {
      expect(parseStackChoice('Node.js')).to.deep.equal({stack: 'node'})
      expect(parseStackChoice('nextjs')).to.deep.equal({stack: 'node', framework: 'next'})
      expect(parseStackChoice('golang')).to.deep.equal({stack: 'go'})
    })
  })
})
