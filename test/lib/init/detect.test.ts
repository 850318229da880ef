import {mkdir, readdir, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {expect} from 'chai'

import {KitError} from '../../../src/lib/errors.js'
import {detect, parseStackChoice} from '../../../src/lib/init/detect.js'
import {parseGoMod, parsePipfile, parsePyproject, parseRequirements} from '../../../src/lib/init/manifests.js'
import {checkPipelineName, githubRepoFromRemote, pipelineNameFrom} from '../../../src/lib/init/names.js'
import {cleanTemps, copyFixture, tempDir} from './helpers.js'

async function rejection(promise: Promise<unknown>): Promise<KitError> {
  try {
    await promise
  } catch (error) {
    expect(error).to.be.instanceOf(KitError)
    return error as KitError
  }

  throw new Error('expected a KitError')
}

async function app(files: Record<string, string>): Promise<string> {
  const dir = await tempDir()
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), {recursive: true})
    await writeFile(path.join(dir, name), content)
  }

  return dir
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
      expect(error.message).to.equal('Unknown stack "cobol". Choose one of: node, python, ruby, go, express, fastify, next, nestjs, django, flask, fastapi, rails, sinatra.')
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

    it('a migration tool only in devDependencies is flagged (Heroku prunes them)', async () => {
      const dir = await app({
        'package.json': JSON.stringify({name: 'k', scripts: {start: 'node index.js'}, dependencies: {express: '4', pg: '8'}, devDependencies: {knex: '3'}}),
        'knexfile.js': 'module.exports = {}\n',
        'index.js': 'require("express")().listen(process.env.PORT)\n',
      })
      const detection = await detect(dir)
      expect(detection.migrations?.command).to.equal('npx --no-install knex migrate:latest')
      expect(detection.warnings).to.deep.equal([
        'No package-lock.json: commit a lockfile so Heroku and CI install the same versions.',
        'package.json has no engines.node: Heroku picks its default Node.js version; pin one (e.g. "engines": {"node": "20.x"}).',
        'The release phase runs knex, which is not in dependencies: Heroku prunes devDependencies, so move it to dependencies.',
      ])
    })

    it('warns when the entry file never reads PORT', async () => {
      const dir = await app({'package.json': JSON.stringify({name: 'p', main: 'app.js', engines: {node: '20.x'}, dependencies: {express: '4'}}), 'app.js': 'require("express")().listen(3000)\n', 'package-lock.json': '{}'})
      const detection = await detect(dir)
      expect(detection.warnings).to.deep.equal(["app.js doesn't read process.env.PORT: Heroku routes traffic to $PORT, so listen on process.env.PORT."])
    })

    it('classifies the env vars the code reads: generated, required secret, optional; platform keys are left out', async () => {
      const detection = await detect(await copyFixture('express'))
      const env = Object.fromEntries(detection.env.map(e => [e.key, e.kind]))
      expect(env).to.deep.equal({LOG_LEVEL: 'value', NODE_ENV: 'value', SESSION_SECRET: 'generated', STRIPE_API_KEY: 'secret', BANNER_TEXT: 'optional'})
    })
  })

  describe('manifest readers', () => {
    it('requirements.txt: comments, options, extras, markers', () => {
      expect(parseRequirements('# c\n-r base.txt\nDjango==5.0 ; python_version>"3"\ncelery[redis,msgpack]>=5  # broker\nFlask_SQLAlchemy\n\n-e git+https://x\n')).to.deep.equal([
        'django', 'celery', 'celery[redis]', 'celery[msgpack]', 'flask-sqlalchemy',
      ])
    })

    it('pyproject.toml: PEP 621 and Poetry', () => {
      expect(parsePyproject('[project]\nname = "api"\ndependencies = [\n  "fastapi>=0.1",\n  \'uvicorn[standard]\',\n]\n[project.optional-dependencies]\ndev = ["pytest"]\n')).to.deep.equal({
        name: 'api', description: undefined, dependencies: ['fastapi', 'uvicorn', 'uvicorn[standard]'], devDependencies: ['pytest'],
      })
      const poetry = parsePyproject('[tool.poetry]\nname = "svc"\n[tool.poetry.dependencies]\npython = "^3.12"\nDjango = "^5"\ncelery = {version = "^5", extras = ["redis"]}\n[tool.poetry.group.dev.dependencies]\npytest = "*"\n')
      expect(poetry.dependencies).to.deep.equal(['django', 'celery', 'celery[redis]'])
      expect(poetry.devDependencies).to.deep.equal(['pytest'])
      expect(poetry.name).to.equal('svc')
    })

    it('Pipfile', () => {
      expect(parsePipfile('[packages]\nflask = "*"\n"psycopg2-binary" = "*"\n[dev-packages]\npytest = "*"\n')).to.deep.equal({dependencies: ['flask', 'psycopg2-binary'], devDependencies: ['pytest']})
    })

    it('go.mod: direct requirements only', () => {
      expect(parseGoMod('module github.com/a/b\n\ngo 1.21\n\nrequire github.com/lib/pq v1.10.9\nrequire (\n\tgithub.com/x/y v1 // indirect\n\tgithub.com/gin-gonic/gin v1.10.0\n)\n')).to.deep.equal({
        module: 'github.com/a/b', goVersion: '1.21', requires: ['github.com/lib/pq', 'github.com/gin-gonic/gin'],
      })
    })
  })

  describe('names', () => {
    it('pipeline names from project names fit NAME-staging in 30 characters', () => {
      expect(pipelineNameFrom('@acme/Express_Shop')).to.equal('express-shop')
      expect(pipelineNameFrom('123 go')).to.equal('go-app')
      const long = pipelineNameFrom('a-very-long-project-name-that-goes-on-and-on')
      expect(long.length).to.be.at.most(22)
      expect(`${long}-staging`).to.match(/^[a-z][a-z0-9-]{2,29}$/)
    })

    it('--pipeline must be valid and short enough', () => {
      expect(checkPipelineName('shop')).to.equal('shop')
      expect(() => checkPipelineName('Shop!')).to.throw(KitError, /not a valid pipeline name/)
      expect(() => checkPipelineName('abcdefghijklmnopqrstuvw')).to.throw(KitError, /"abcdefghijklmnopqrstuvw-staging" must be a valid Heroku app name of at most 30 characters/)
    })

    it('GitHub remotes', () => {
      for (const url of ['git@github.com:acme/shop.git', 'https://github.com/acme/shop', 'https://token@github.com/acme/shop.git', 'ssh://git@github.com/acme/shop.git']) {
        expect(githubRepoFromRemote(url), url).to.deep.equal({slug: 'acme/shop', url: 'https://github.com/acme/shop'})
      }

      expect(githubRepoFromRemote('https://gitlab.com/acme/shop.git')).to.equal(undefined)
    })

    it('--stack aliases', () => {
      expect(parseStackChoice('Node.js')).to.deep.equal({stack: 'node'})
      expect(parseStackChoice('nextjs')).to.deep.equal({stack: 'node', framework: 'next'})
      expect(parseStackChoice('golang')).to.deep.equal({stack: 'go'})
    })
  })
})
