// Heroku Redis uses rediss:// with a self-signed certificate.
async function checkRedis(url) {
  const socket = url.startsWith('rediss:') ? {tls: true, rejectUnauthorized: false, connectTimeout: TIMEOUT_MS, reconnectStrategy: false} : {connectTimeout: TIMEOUT_MS, reconnectStrategy: false}
  const client = createClient({url, socket})
  client.on('error', () => {})
  try {
    await withTimeout(client.connect(), 'redis')
    await withTimeout(client.ping(), 'redis')
  } finally {
    Promise.resolve().then(() => client.disconnect()).catch(() => {})
  }
}
