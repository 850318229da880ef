/** Express middleware: one line per request (the query string is left out: it may carry tokens). */
function requestLogger(req, res, next) {
  const start = process.hrtime.bigint()
  res.on('finish', () => {
    logger.info('request', {
      method: req.method,
      path: (req.originalUrl || req.url).split('?')[0],
      status: res.statusCode,
      ms: Number((process.hrtime.bigint() - start) / 1000000n),
      request_id: req.headers['x-request-id'],
    })
  })
  next()
}
