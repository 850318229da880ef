import path from 'node:path'

import {exists} from '../../fs.js'
import {readOptional, readSource, sourceFiles} from '../files.js'
import {parsePipfile, parsePyproject, parseRequirements, type PythonProject} from '../manifests.js'
import {type CommandFeature, type Feature, FRAMEWORK_LABELS, type Framework, type KnownFramework, type PythonDetails} from '../types.js'
import {type Built, type Detector, Findings, has, type StackProbe} from './detector.js'

/** Python: requirements.txt, pyproject.toml and Pipfile together; Django, FastAPI or Flask from their dependencies. */
export const pythonDetector: Detector = {
  stack: 'python',
  manifests: ['requirements.txt', 'pyproject.toml', 'Pipfile'],
  probe,
}

/** The Python manifests found and the dependencies they declare (dev: the development and test ones). */
interface PythonManifests {
  deps: Set<string>
  dev: Set<string>
  project: PythonProject
  /** the manifests found, in the order they are reported */
  files: string[]
}

async function probe(dir: string): Promise<StackProbe | undefined> {
  const found: string[] = []
  const deps = new Set<string>()
  const dev = new Set<string>()
  let project: PythonProject = {dependencies: [], devDependencies: []}
  const requirements = await readOptional(dir, 'requirements.txt')
  if (requirements !== undefined) {
    found.push('requirements.txt')
    for (const n of parseRequirements(requirements)) deps.add(n)
  }

  const pyproject = await readOptional(dir, 'pyproject.toml')
  if (pyproject !== undefined) {
    found.push('pyproject.toml')
    project = parsePyproject(pyproject)
    for (const n of project.dependencies) deps.add(n)
    for (const n of project.devDependencies) dev.add(n)
  }

  const pipfile = await readOptional(dir, 'Pipfile')
  if (pipfile !== undefined) {
    found.push('Pipfile')
    const parsed = parsePipfile(pipfile)
    for (const n of parsed.dependencies) deps.add(n)
    for (const n of parsed.devDependencies) dev.add(n)
  }

  for (const extra of ['requirements-dev.txt', 'requirements/dev.txt', 'requirements-test.txt']) {
    // eslint-disable-next-line no-await-in-loop -- a few optional files, in order
    const text = await readOptional(dir, extra)
    if (text !== undefined) for (const n of parseRequirements(text)) dev.add(n)
  }

  if (found.length === 0) return undefined
  const manifest = found.join(', ')
  const build = (framework: Framework, signals: string[]): Promise<Built> => buildPython(dir, {deps, dev, project, files: found}, framework, signals)
  const order: Array<[KnownFramework, string]> = [
    ['django', 'django'],
    ['fastapi', 'fastapi'],
    ['flask', 'flask'],
  ]
  for (const [framework, name] of order) {
    if (deps.has(name)) return {stack: 'python', manifests: found, framework, frameworkSignal: `${manifest}: ${name}`, web: true, build}
  }

  return {stack: 'python', manifests: found, web: false, build}
}

async function findPython(dir: string, pattern: RegExp, preferred: string[]): Promise<{file: string; match: RegExpExecArray} | undefined> {
  const files = await sourceFiles(dir, ['.py'], {depth: 2, limit: 200})
  const ordered = [...preferred.filter(p => files.includes(p)), ...files.filter(f => !preferred.includes(f))]
  for (const file of ordered) {
    // eslint-disable-next-line no-await-in-loop -- first match wins
    const text = await readSource(dir, file)
    const match = text === undefined ? null : pattern.exec(text)
    if (match) return {file, match}
  }

  return undefined
}

function pyModule(file: string): string {
  return file
    .replace(/\.py$/, '')
    .replace(/\/__init__$/, '')
    .replaceAll('/', '.')
}

async function buildPython(dir: string, manifests: PythonManifests, framework: Framework, signals: string[]): Promise<Built> {
  const {deps, dev, project, files} = manifests
  const findings = new Findings(signals)
  const {env, warnings} = findings
  const all = new Set([...deps, ...dev])
  const manager: PythonDetails['manager'] = files.includes('requirements.txt')
    ? 'pip'
    : files.includes('Pipfile')
      ? 'pipenv'
      : (await exists(dir, 'uv.lock'))
        ? 'uv'
        : 'poetry'
  if (manager === 'pipenv' && !(await exists(dir, 'Pipfile.lock'))) warnings.push('Heroku installs from Pipfile.lock: run `pipenv lock` and commit it.')
  if (manager === 'poetry' && !(await exists(dir, 'poetry.lock'))) {
    warnings.push("Heroku's Python buildpack needs requirements.txt, poetry.lock or uv.lock next to pyproject.toml: commit a lock file.")
  }

  const details: PythonDetails = {
    manager,
    sourceDir: '.',
    redisLib: deps.has('redis') || deps.has('django-redis'),
    gunicorn: deps.has('gunicorn'),
    uvicorn: deps.has('uvicorn') || deps.has('uvicorn[standard]'),
    pytest: all.has('pytest') || all.has('pytest-django'),
  }
  if (deps.has('psycopg') || deps.has('psycopg[binary]') || deps.has('psycopg-binary')) details.pgDriver = 'psycopg'
  else if (deps.has('psycopg2') || deps.has('psycopg2-binary')) details.pgDriver = 'psycopg2'

  let name = project.name ?? path.basename(dir)
  let web: string
  let migrations: CommandFeature | undefined
  let database: Feature | undefined

  if (framework === 'django') {
    const manage = (await readOptional(dir, 'manage.py')) ?? ''
    let proj = /DJANGO_SETTINGS_MODULE["']\s*,\s*["']([\w.]+?)\.settings/.exec(manage)?.[1]
    if (!proj) {
      const wsgi = (await sourceFiles(dir, ['wsgi.py'], {depth: 2})).find(f => f.endsWith('/wsgi.py'))
      proj = wsgi ? pyModule(path.posix.dirname(wsgi)) : undefined
    }

    if (!proj) {
      proj = name.replaceAll(/\W/g, '_')
      warnings.push(`No manage.py naming DJANGO_SETTINGS_MODULE and no PROJECT/wsgi.py: assumed the project package is ${proj}.`)
    } else {
      signals.push(`Django project package: ${proj} (${manage ? 'manage.py' : 'wsgi.py'})`)
    }

    details.djangoProject = proj
    details.sourceDir = proj.replaceAll('.', '/')
    if (!project.name) name = proj
    web = `gunicorn ${proj}.wsgi --bind 0.0.0.0:$PORT --log-file -`
    database = {via: `Django ORM${details.pgDriver ? ` + ${[...deps].find(d => d.startsWith(details.pgDriver!))}` : ''}`}
    if (!details.pgDriver) warnings.push('Django on Heroku needs a Postgres driver: add psycopg[binary] (and dj-database-url) to your requirements.')
    migrations = {via: 'Django (manage.py)', command: 'python manage.py migrate --noinput'}
    const settings = (await readSource(dir, `${details.sourceDir}/settings.py`)) ?? ''
    if (settings && !/STATIC_ROOT/.test(settings)) {
      warnings.push(`${details.sourceDir}/settings.py has no STATIC_ROOT: Heroku's build runs collectstatic, which fails without it.`)
    }

    const secretKey =
      /os\.environ(?:\.get)?\(\s*["'](\w*SECRET_KEY)["']|os\.environ\[\s*["'](\w*SECRET_KEY)["']|os\.getenv\(\s*["'](\w*SECRET_KEY)["']|env(?:\.str)?\(\s*["'](\w*SECRET_KEY)["']/.exec(
        settings,
      )
    const key = secretKey ? (secretKey[1] ?? secretKey[2] ?? secretKey[3] ?? secretKey[4]) : 'SECRET_KEY'
    env.push({key, kind: 'generated', description: 'Django SECRET_KEY; generated by Heroku'})
    if (!secretKey) {
      warnings.push(
        `${details.sourceDir}/settings.py doesn't read SECRET_KEY from the environment: use SECRET_KEY = os.environ["SECRET_KEY"] (app.json generates it).`,
      )
    }
  } else {
    const isFlask = framework === 'flask'
    const ctor = isFlask ? /^(\w+)\s*=\s*Flask\(/m : /^(\w+)\s*(?::\s*\w+\s*)?=\s*FastAPI\(/m
    const preferred = ['app.py', 'main.py', 'wsgi.py', 'application.py', 'server.py', 'app/__init__.py', 'app/main.py', 'src/main.py', 'src/app.py']
    const found = await findPython(dir, ctor, preferred)
    if (found) {
      details.appModule = pyModule(found.file)
      details.appVariable = found.match[1]
      signals.push(`${FRAMEWORK_LABELS[framework]} app object: ${details.appModule}:${details.appVariable} (${found.file})`)
    } else if (isFlask) {
      const factory = await findPython(dir, /^def (create_app)\(/m, preferred)
      details.appModule = factory ? pyModule(factory.file) : 'app'
      details.appVariable = factory ? 'create_app()' : 'app'
      if (factory) signals.push(`Flask application factory: ${details.appModule}:create_app() (${factory.file})`)
      else warnings.push('No `app = Flask(__name__)` found: assumed app:app in the Procfile.')
    } else {
      details.appModule = 'main'
      details.appVariable = 'app'
      warnings.push('No `app = FastAPI()` found: assumed main:app in the Procfile.')
    }

    details.sourceDir = details.appModule.includes('.') ? details.appModule.split('.').slice(0, -1).join('/') : '.'
    if (/__init__\.py$/.test(found?.file ?? '')) details.sourceDir = details.appModule.replaceAll('.', '/')
    const target = `${details.appModule}:${details.appVariable}`
    const quoted = /[()]/.test(target) ? `"${target}"` : target
    if (isFlask) {
      web = `gunicorn ${quoted} --bind 0.0.0.0:$PORT --log-file -`
      if (!details.gunicorn) warnings.push('The Procfile runs gunicorn: add gunicorn to your requirements.')
    } else if (details.gunicorn) {
      web = `gunicorn ${quoted} -k uvicorn.workers.UvicornWorker --bind 0.0.0.0:$PORT --log-file -`
      if (!details.uvicorn) warnings.push('gunicorn runs FastAPI with uvicorn workers: add uvicorn to your requirements.')
    } else {
      web = `uvicorn ${quoted} --host 0.0.0.0 --port $PORT`
      if (!details.uvicorn) warnings.push('The Procfile runs uvicorn: add uvicorn[standard] to your requirements.')
    }

    const orm = has(deps, 'sqlalchemy', 'flask-sqlalchemy', 'sqlmodel', 'peewee', 'tortoise-orm', 'databases', 'asyncpg', 'dj-database-url')
    if (details.pgDriver) database = {via: `${files.join(', ')}: ${[...deps].find(d => d.startsWith(details.pgDriver!))}`}
    else if (orm) {
      database = {via: `${files.join(', ')}: ${orm} (ORM)`}
      if (orm !== 'asyncpg') warnings.push(`${orm} needs a Postgres driver on Heroku: add psycopg[binary].`)
    }

    if (deps.has('flask-migrate')) {
      // `flask` finds app.py / wsgi.py by itself; other modules need --app
      const auto = ['app', 'wsgi'].includes(details.appModule) && details.appVariable === 'app'
      migrations = {via: 'flask-migrate', command: auto ? 'flask db upgrade' : `flask --app ${details.appModule}:${details.appVariable} db upgrade`}
    } else if (deps.has('alembic') || (await exists(dir, 'alembic.ini'))) {
      migrations = {via: deps.has('alembic') ? 'alembic' : 'alembic.ini', command: 'alembic upgrade head'}
      if (!deps.has('alembic')) warnings.push('alembic.ini is here but alembic is not in the requirements: add it (the release phase runs it).')
    }
  }

  if (database) findings.needsDatabase(database.via)
  if (migrations) findings.needsMigrations(migrations)
  signals.push(`web → ${web}`)

  // redis and worker
  const redisDep = has(deps, 'redis', 'celery[redis]', 'celery', 'rq', 'django-redis', 'dramatiq[redis]', 'hiredis', 'django-rq')
  if (redisDep) findings.needsRedis(`${files.join(', ')}: ${redisDep}`)
  let worker: CommandFeature | undefined
  if (deps.has('celery')) {
    let celeryApp = details.djangoProject
    if (!celeryApp) {
      const found = await findPython(dir, /=\s*Celery\(/, ['tasks.py', 'worker.py', 'celery_app.py', 'app/celery.py'])
      celeryApp = found ? pyModule(found.file) : (details.appModule ?? 'tasks')
    }

    worker = {via: 'celery', command: `celery -A ${celeryApp} worker --loglevel=info`}
  } else if (deps.has('rq') || deps.has('django-rq')) {
    worker = deps.has('django-rq') ? {via: 'django-rq', command: 'python manage.py rqworker default'} : {via: 'rq', command: 'rq worker --url $REDIS_URL'}
  } else if (deps.has('dramatiq') || deps.has('dramatiq[redis]')) {
    const tasks = await findPython(dir, /@dramatiq\.actor/, ['tasks.py'])
    worker = {via: 'dramatiq', command: `dramatiq ${tasks ? pyModule(tasks.file) : 'tasks'}`}
  }

  if (worker) findings.needsWorker(worker)
  if (framework === 'flask' && !env.some(e => e.key === 'SECRET_KEY')) {
    // Flask sessions sign cookies with SECRET_KEY; declared when the code reads it (scan) — nothing to add here.
  }

  const testCommand = details.pytest ? 'python -m pytest' : framework === 'django' ? 'python manage.py test' : 'python -m compileall -q .'
  return findings.built({name, description: project.description, web: {command: web}, testCommand, buildpacks: ['heroku/python'], python: details})
}
