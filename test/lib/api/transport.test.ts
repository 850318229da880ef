import {createHash, randomBytes} from 'node:crypto'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'

import {resolveServiceUrls} from '../../../src/lib/api/hosts.js'
import {HttpClient} from '../../../src/lib/api/http.js'
import {httpFetch, putFile} from '../../../src/lib/api/transport.js'
import {classifyNetworkError} from '../../../src/lib/health/check.js'

/** A local server (a real socket, so that backpressure is real) answering with `handler`. */
async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<{url: string; server: Server}> {
  const server = createServer(handler)
  await new Promise<void>(resolve => {
    server.listen(0, '127.0.0.1', resolve)
  })
  return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server}
}

function close(server: Server): Promise<void> {
  server.closeAllConnections()
  return new Promise(resolve => {
    server.close(() => resolve())
  })
}

describe('transport: requests over node:http', () => {
  let server: Server | undefined
  afterEach(async () => {
    if (server) await close(server)
    server = undefined
  })

  it('httpFetch sends method, headers and body with its length, and answers with a standard Response', async () => {
    let seen: {method?: string; headers: IncomingMessage['headers']; body: string} | undefined
    const local = await serve((request, response) => {
      let body = ''
      request.setEncoding('utf8').on('data', (chunk: string) => {
        body += chunk
      })
      request.on('end', () => {
        seen = {method: request.method, headers: request.headers, body}
        response.writeHead(201, [
          ['Content-Type', 'application/json'],
          ['Set-Cookie', 'a=1'],
          ['Set-Cookie', 'b=2'],
        ])
        response.end('{"ok":true}')
      })
    })
    server = local.server
    const body = JSON.stringify({name: 'é'})
    const response = await httpFetch(`${local.url}/apps?x=1`, {method: 'POST', headers: {'Content-Type': 'application/json', 'X-Kit': 'yes'}, body})
    expect(response.status).to.equal(201)
    expect(response.ok).to.equal(true)
    expect(response.headers.get('content-type')).to.equal('application/json')
    expect(response.headers.getSetCookie()).to.deep.equal(['a=1', 'b=2'])
    expect(await response.json()).to.deep.equal({ok: true})
    expect(seen?.method).to.equal('POST')
    expect(seen?.body).to.equal(body)
    expect(seen?.headers).to.include({'content-type': 'application/json', 'x-kit': 'yes', 'content-length': String(Buffer.byteLength(body))})
  })

  it('httpFetch never follows a redirect and gives a 204 no body', async () => {
    const local = await serve((request, response) => {
      if (request.url === '/moved') response.writeHead(302, {Location: '/elsewhere'}).end('go')
      else response.writeHead(204).end()
    })
    server = local.server
    const moved = await httpFetch(`${local.url}/moved`)
    expect(moved.status).to.equal(302)
    expect(moved.headers.get('location')).to.equal('/elsewhere')
    expect(await moved.text()).to.equal('go')
    const empty = await httpFetch(`${local.url}/empty`, {method: 'DELETE'})
    expect(empty.status).to.equal(204)
    expect(empty.body).to.equal(null)
  })

  it('httpFetch streams the body as it comes, and its signal stops a body that never ends (read as a timeout)', async () => {
    const local = await serve((_request, response) => {
      response.writeHead(200, {'Content-Type': 'text/plain'})
      response.write('first line\n')
    })
    server = local.server
    const response = await httpFetch(local.url, {signal: AbortSignal.timeout(300)})
    const reader = response.body!.getReader()
    expect(Buffer.from((await reader.read()).value!).toString()).to.equal('first line\n')
    const error = await reader.read().catch((error_: unknown) => error_)
    expect(error).to.be.instanceOf(Error)
    expect(classifyNetworkError(error).reason).to.equal('timeout')
  })

  it('httpFetch rejects with the system error code when nothing listens', async () => {
    const local = await serve(() => {})
    const {url} = local
    await close(local.server)
    const error = await httpFetch(url).catch((error_: unknown) => error_)
    expect((error as NodeJS.ErrnoException).code).to.equal('ECONNREFUSED')
  })

  it("HttpClient talks to Heroku without the global fetch (undici's WebAssembly parser costs ~25 MB of peak RSS)", async () => {
    const local = await serve((_request, response) => {
      response.writeHead(200, {'Content-Type': 'application/json'}).end('{"name":"shop"}')
    })
    server = local.server
    const globalFetch = globalThis.fetch
    let calls = 0
    globalThis.fetch = (...args) => {
      calls++
      return globalFetch(...args)
    }

    try {
      const http = new HttpClient({urls: resolveServiceUrls({HEROKU_HOST: local.url}), token: 't', userAgent: 'test', retry: {maxRetries: 0}})
      expect((await http.get<{name: string}>('/apps/shop')).body).to.deep.equal({name: 'shop'})
      expect((await http.probe(`${local.url}/health`, {timeoutMs: 1000})).status).to.equal(200)
    } finally {
      globalThis.fetch = globalFetch
    }

    expect(calls).to.equal(0)
  })

  describe('putFile', () => {
    let dir: string
    before(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'heroku-kit-transport-'))
    })
    after(() => rm(dir, {recursive: true, force: true}))

    it('sends the file byte for byte with two reused buffers, also to a reader slower than the file is read', async () => {
      // several times the two buffers, and a size that is not a multiple of them
      const content = randomBytes(5 * 1024 * 1024 + 17)
      const file = path.join(dir, 'source.tgz')
      await writeFile(file, content)
      let received: {length: number; sha: string} | undefined
      const local = await serve((request, response) => {
        const hash = createHash('sha256')
        let length = 0
        request.on('data', (chunk: Buffer) => {
          hash.update(chunk)
          length += chunk.length
          // a slow reader: the socket fills up and writes wait, which is when a reused buffer could be overwritten early
          request.pause()
          setTimeout(() => request.resume(), 1)
        })
        request.on('end', () => {
          received = {length, sha: hash.digest('hex')}
          response.writeHead(200).end('stored')
        })
      })
      server = local.server
      const answer = await putFile(new URL(`${local.url}/sources/1.tgz`), file, {'Content-Length': String(content.length)}, 60_000)
      expect(answer).to.deep.equal({status: 200, text: 'stored'})
      expect(received).to.deep.equal({length: content.length, sha: createHash('sha256').update(content).digest('hex')})
    })

    it('rejects when the connection drops mid-upload', async () => {
      const file = path.join(dir, 'dropped.tgz')
      await writeFile(file, randomBytes(2 * 1024 * 1024))
      const local = await serve(request => {
        request.once('data', () => request.socket.destroy())
      })
      server = local.server
      const error = await putFile(new URL(`${local.url}/sources/2.tgz`), file, {'Content-Length': String(2 * 1024 * 1024)}, 60_000).catch(
        (error_: unknown) => error_,
      )
      expect(error).to.be.instanceOf(Error)
      expect((error as NodeJS.ErrnoException).code).to.match(/^E[A-Z]+/)
    })
  })
})
