import {block, render} from './render.js'

const USE_STRICT = block(["'use strict'", ''])

/** logger.js for Express (with a request logger) and generic Node.js apps. */
export function nodeLogger(esm: boolean, express: boolean): string {
  const exportsLine = express
    ? esm
      ? 'export {logger, requestLogger}'
      : 'module.exports = {logger, requestLogger}'
    : esm
      ? 'export {logger}'
      : 'module.exports = {logger}'
  return render('node/logger.js', {
    PRELUDE: esm ? '' : USE_STRICT,
    REQUEST_LOGGER: express ? `\n${render('node/request-logger.js')}` : '',
    EXPORT: block([exportsLine]),
  })
}

/** logger.js for Fastify: pino options (Fastify logs JSON to stdout with them). */
export function fastifyLogger(esm: boolean): string {
  return render('node/logger-fastify.js', {
    PRELUDE: esm ? '' : USE_STRICT,
    EXPORT: block([esm ? 'export default options' : 'module.exports = options']),
  })
}

/** NestJS: a LoggerService writing JSON lines to stdout. */
export function nestLogger(): string {
  return render('node/logger.ts')
}
