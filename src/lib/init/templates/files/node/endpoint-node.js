async function health(req, res) {
  const {code, body} = await healthReport()
  res.writeHead(code, {'Content-Type': 'application/json', 'Cache-Control': 'no-store'})
  res.end(JSON.stringify(body))
}

{{EXPORT}}
