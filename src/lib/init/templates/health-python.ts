import type {Detection} from '../types.js'
import {block, render} from './render.js'

type PythonFramework = 'django' | 'flask' | 'fastapi'

/** The imports the endpoint of each framework needs (files/python/endpoint-FRAMEWORK.py). */
const FRAMEWORK_IMPORTS: Record<PythonFramework, string[]> = {
  django: ['from django.http import JsonResponse'],
  flask: ['from flask import Blueprint, jsonify'],
  fastapi: ['from fastapi import APIRouter', 'from fastapi.responses import JSONResponse'],
}

/**
 * files/python/health.py: health_report() -> (status code, body), the framework-independent part, with a check per
 * backing service the app uses, then the framework's endpoint.
 */
function health(detection: Detection, framework: PythonFramework): string {
  const django = framework === 'django'
  const imports = [...FRAMEWORK_IMPORTS[framework]]
  const functions: string[] = []
  const calls: string[] = []
  if (detection.database) {
    if (django) imports.push('from django.db import connection')
    functions.push(render(django ? 'python/check-database-django.py' : 'python/check-database.py'))
    calls.push(`    _run("database", ${django ? 'True' : 'os.environ.get("DATABASE_URL")'}, _check_database, checks, failing)`)
  }

  if (detection.redis) {
    functions.push(render('python/check-redis.py'))
    calls.push('    _run("redis", os.environ.get("REDIS_URL"), _check_redis, checks, failing)')
  }

  return render('python/health.py', {
    FRAMEWORK_IMPORTS: block(imports),
    CHECK_FUNCTIONS: functions.map(text => `${text}\n\n`).join(''),
    CHECK_CALLS: block(calls),
    ENDPOINT: render(`python/endpoint-${framework}.py`),
  })
}

export function djangoHealth(detection: Detection): string {
  return health(detection, 'django')
}

export function flaskHealth(detection: Detection): string {
  return health(detection, 'flask')
}

export function fastapiHealth(detection: Detection): string {
  return health(detection, 'fastapi')
}

/** Django: a LOGGING dict to import in settings.py. */
export function djangoLogging(): string {
  return render('python/logging_settings.py')
}

/** Flask / FastAPI: configure_logging() to call once at startup. */
export function pythonLogging(): string {
  return render('python/logging_config.py')
}
