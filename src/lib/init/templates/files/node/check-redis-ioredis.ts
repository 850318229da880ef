// Heroku Redis uses rediss:// with a self-signed certificate.
async function checkRedis(url: string): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true, connectTimeout: TIMEOUT_MS, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null,
    tls: url.startsWith('rediss:') ? {rejectUnauthorized: false} : undefined,
  })
  client.on('error', () => {})
  try {
    await withTimeout(client.connect(), 'redis')
    await withTimeout(client.ping(), 'redis')
  } finally {
    client.disconnect()
  }
}
