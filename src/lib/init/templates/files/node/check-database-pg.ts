// Heroku Postgres requires TLS with a certificate pg cannot verify; local databases usually have no TLS.
async function checkDatabase(url: string): Promise<void> {
  const client = new pg.Client({connectionString: url, ssl: isLocal(url) ? false : {rejectUnauthorized: false}, connectionTimeoutMillis: TIMEOUT_MS})
  client.on('error', () => {})
  try {
    await withTimeout(client.connect(), 'database')
    await withTimeout(client.query('SELECT 1'), 'database')
  } finally {
    client.end().catch(() => {})
  }
}
