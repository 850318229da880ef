export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export async function GET() {
  const {code, body} = await healthReport()
  return Response.json(body, {status: code, headers: {'Cache-Control': 'no-store'}})
}
