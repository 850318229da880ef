async function health(req, res) {
  const {code, body} = await healthReport()
  res.status(code).set('Cache-Control', 'no-store').json(body)
}

{{EXPORT}}
