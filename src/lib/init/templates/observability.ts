import path from 'node:path'

import type {Detection, GeneratedFile, WiringHint} from '../types.js'
import {goHealth, goLogging} from './health-go.js'
import {expressHealth, fastifyHealth, nestHealth, nextHealth, nodeHealth} from './health-node.js'
import {djangoHealth, djangoLogging, fastapiHealth, flaskHealth, pythonLogging} from './health-python.js'
import {railsHealth, railsLogging, sinatraHealth, sinatraLogging} from './health-ruby.js'
import {fastifyLogger, nestLogger, nodeLogger} from './logging-node.js'

export interface Observability {
  files: GeneratedFile[]
  hints: WiringHint[]
}

/** `./health.js` as seen from the directory of `from` (a repository-relative file). */
function relativeImport(from: string, target: string): string {
  const rel = path.posix.relative(path.posix.dirname(from), target)
  return rel.startsWith('.') ? rel : `./${rel}`
}

function node(detection: Detection): Observability {
  const details = detection.node!
  const esm = details.moduleType === 'module'
  const files: GeneratedFile[] = []
  const hints: WiringHint[] = []
  const entry = details.entry ?? 'server.js'
  const at = (target: string): string => relativeImport(entry, target)
  switch (detection.framework) {
    case 'next': {
      const routes = details.nextRoutes!
      const file = routes.router === 'app' ? `${routes.dir}/health/route.js` : `${routes.dir}/api/health.js`
      files.push({path: file, content: nextHealth(detection), purpose: `health endpoint (GET ${detection.healthPath})`})
      hints.push({file, where: 'nothing to add', lines: [`Next.js serves ${file} at ${detection.healthPath}`]})
      const logger = `${routes.dir.startsWith('src/') ? 'src/' : ''}lib/logger.js`
      files.push({path: logger, content: nodeLogger(true, false), purpose: 'JSON logger on stdout'})
      hints.push({
        file: logger,
        where: 'in server code that logs (route handlers, server actions)',
        lines: [`import {logger} from '<relative path>/${logger.replace(/^src\//, '')}'`],
      })
      break
    }

    case 'nestjs': {
      files.push({path: 'src/health/health.controller.ts', content: nestHealth(detection), purpose: `health endpoint (GET ${detection.healthPath})`})
      hints.push({
        file: 'src/health/health.controller.ts',
        where: "src/app.module.ts: import it and add HealthController to the module's controllers",
        lines: ["import {HealthController} from './health/health.controller'", 'controllers: [AppController, HealthController],'],
      })
      files.push({path: 'src/logger.ts', content: nestLogger(), purpose: 'JSON logger on stdout'})
      hints.push({
        file: 'src/logger.ts',
        where: 'src/main.ts: create the app with it',
        lines: ["import {JsonLogger} from './logger'", 'const app = await NestFactory.create(AppModule, {logger: new JsonLogger()})'],
      })
      break
    }

    case 'fastify': {
      files.push({path: 'health.js', content: fastifyHealth(detection), purpose: `health endpoint (GET ${detection.healthPath})`})
      files.push({path: 'logger.js', content: fastifyLogger(esm), purpose: 'pino options: JSON logs on stdout'})
      if (esm) {
        hints.push(
          {file: 'health.js', where: `${entry}, after the app is created`, lines: [`import health from '${at('health.js')}'`, 'app.register(health)']},
          {
            file: 'logger.js',
            where: `${entry}, where the app is created`,
            lines: [`import loggerOptions from '${at('logger.js')}'`, 'const app = Fastify({logger: loggerOptions})'],
          },
        )
      } else {
        hints.push(
          {file: 'health.js', where: `${entry}, after the app is created`, lines: [`app.register(require('${at('health.js')}'))`]},
          {file: 'logger.js', where: `${entry}, where the app is created`, lines: [`const app = require('fastify')({logger: require('${at('logger.js')}')})`]},
        )
      }

      break
    }

    case 'express': {
      files.push({path: 'health.js', content: expressHealth(detection), purpose: `health endpoint (GET ${detection.healthPath})`})
      files.push({path: 'logger.js', content: nodeLogger(esm, true), purpose: 'JSON logger and request logger on stdout'})
      if (esm) {
        hints.push(
          {
            file: 'health.js',
            where: `${entry}, after \`const app = express()\``,
            lines: [`import health from '${at('health.js')}'`, "app.get('/health', health)"],
          },
          {file: 'logger.js', where: `${entry}, before your routes`, lines: [`import {requestLogger} from '${at('logger.js')}'`, 'app.use(requestLogger)']},
        )
      } else {
        hints.push(
          {file: 'health.js', where: `${entry}, after \`const app = express()\``, lines: [`app.get('/health', require('${at('health.js')}'))`]},
          {file: 'logger.js', where: `${entry}, before your routes`, lines: [`app.use(require('${at('logger.js')}').requestLogger)`]},
        )
      }

      break
    }

    default: {
      files.push({path: 'health.js', content: nodeHealth(detection), purpose: `health endpoint (GET ${detection.healthPath})`})
      files.push({path: 'logger.js', content: nodeLogger(esm, false), purpose: 'JSON logger on stdout'})
      hints.push(
        {
          file: 'health.js',
          where: `${entry}, first thing in the request handler`,
          lines: [
            esm
              ? `if (req.url === '/health') return (await import('${at('health.js')}')).default(req, res)`
              : `if (req.url === '/health') return require('${at('health.js')}')(req, res)`,
          ],
        },
        {
          file: 'logger.js',
          where: 'where the app logs',
          lines: [esm ? `import {logger} from '${at('logger.js')}'` : `const {logger} = require('${at('logger.js')}')`],
        },
      )
    }
  }

  return {files, hints}
}

function python(detection: Detection): Observability {
  const py = detection.python!
  const dir = py.sourceDir === '.' ? '' : `${py.sourceDir}/`
  const pkg = py.sourceDir === '.' ? '' : `${py.sourceDir.replaceAll('/', '.')}.`
  const files: GeneratedFile[] = []
  const hints: WiringHint[] = []
  if (detection.framework === 'django') {
    files.push({path: `${dir}health.py`, content: djangoHealth(detection), purpose: `health view (GET ${detection.healthPath})`})
    files.push({path: `${dir}logging_settings.py`, content: djangoLogging(), purpose: 'LOGGING to stdout'})
    hints.push(
      {
        file: `${dir}health.py`,
        where: `${dir}urls.py: import the view and add it to urlpatterns`,
        lines: [`from ${pkg}health import health`, 'path("health", health),'],
      },
      {file: `${dir}logging_settings.py`, where: `${dir}settings.py, at the end`, lines: ['from .logging_settings import LOGGING  # noqa: E402,F401']},
    )
  } else {
    const appFile = `${py.appModule!.replaceAll('.', '/')}.py`
    const flask = detection.framework === 'flask'
    files.push({
      path: `${dir}health.py`,
      content: flask ? flaskHealth(detection) : fastapiHealth(detection),
      purpose: `health endpoint (GET ${detection.healthPath})`,
    })
    files.push({path: `${dir}logging_config.py`, content: pythonLogging(), purpose: 'logging to stdout'})
    hints.push(
      flask
        ? {
            file: `${dir}health.py`,
            where: `${appFile}, after the app is created${py.appVariable === 'create_app()' ? ' (inside create_app)' : ''}`,
            lines: [`from ${pkg}health import health_bp`, 'app.register_blueprint(health_bp)'],
          }
        : {
            file: `${dir}health.py`,
            where: `${appFile}, after the app is created`,
            lines: [`from ${pkg}health import health_router`, `${py.appVariable ?? 'app'}.include_router(health_router)`],
          },
      {
        file: `${dir}logging_config.py`,
        where: `${appFile}, before the app is created`,
        lines: [`from ${pkg}logging_config import configure_logging`, 'configure_logging()'],
      },
    )
  }

  return {files, hints}
}

function ruby(detection: Detection): Observability {
  if (detection.framework === 'rails') {
    return {
      files: [
        {path: 'app/controllers/health_controller.rb', content: railsHealth(detection), purpose: `health endpoint (GET ${detection.healthPath})`},
        {path: 'config/heroku_logging.rb', content: railsLogging(), purpose: 'stdout logger'},
      ],
      hints: [
        {file: 'app/controllers/health_controller.rb', where: 'config/routes.rb, inside the routes block', lines: ['get "/health", to: "health#show"']},
        {
          file: 'config/heroku_logging.rb',
          where: 'config/environments/production.rb: the require at the top, the rest inside the configure block',
          lines: ['require_relative "../heroku_logging"', 'config.logger = HerokuLogging.logger', 'config.log_level = HerokuLogging.level'],
        },
      ],
    }
  }

  const appFile = detection.ruby!.appFile ?? 'app.rb'
  return {
    files: [
      {path: 'health.rb', content: sinatraHealth(detection), purpose: `health endpoint (GET ${detection.healthPath})`},
      {path: 'logging.rb', content: sinatraLogging(), purpose: 'stdout logger'},
    ],
    hints: [
      {file: 'health.rb', where: `${appFile} (inside the app class for a modular app)`, lines: ['require_relative "health"', 'register HealthCheck']},
      {file: 'logging.rb', where: 'config.ru, before `run`', lines: ['require_relative "logging"', 'use Rack::CommonLogger, LOGGER']},
    ],
  }
}

const GO_ROUTES: Record<string, string> = {
  'net/http': 'http.HandleFunc("/health", kitHealthHandler)',
  gin: 'router.GET("/health", gin.WrapF(kitHealthHandler))',
  echo: 'e.GET("/health", echo.WrapHandler(http.HandlerFunc(kitHealthHandler)))',
  chi: 'r.Get("/health", kitHealthHandler)',
  gorilla: 'r.HandleFunc("/health", kitHealthHandler).Methods("GET")',
}

function go(detection: Detection): Observability {
  const details = detection.go!
  const dir = details.mainDir === '.' ? '' : `${details.mainDir}/`
  return {
    files: [
      {path: `${dir}health.go`, content: goHealth(detection), purpose: `health endpoint (GET ${detection.healthPath})`},
      {path: `${dir}logging.go`, content: goLogging(detection), purpose: 'logs on stdout (wired by init())'},
    ],
    hints: [
      {
        file: `${dir}health.go`,
        where: `where the routes are registered (use your mux/router variable${details.router === 'net/http' ? ', e.g. mux.HandleFunc' : ''})`,
        lines: [GO_ROUTES[details.router]],
      },
      {file: `${dir}logging.go`, where: 'nothing to add', lines: ['init() in logging.go sends logs to stdout']},
    ],
  }
}

/** The health endpoint and stdout logging files for the framework, and the lines that wire them in. */
export function observability(detection: Detection): Observability {
  switch (detection.stack) {
    case 'node': {
      return node(detection)
    }

    case 'python': {
      return python(detection)
    }

    case 'ruby': {
      return ruby(detection)
    }

    default: {
      return go(detection)
    }
  }
}
