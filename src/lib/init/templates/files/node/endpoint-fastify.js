async function healthPlugin(fastify) {
  fastify.get('/health', async (request, reply) => {
    const {code, body} = await healthReport()
    return reply.code(code).header('cache-control', 'no-store').send(body)
  })
}

{{EXPORT}}
