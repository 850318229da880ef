export default async function handler(req, res) {
  const {code, body} = await healthReport()
  res.setHeader('Cache-Control', 'no-store')
  res.status(code).json(body)
}
