import {randomBytes} from 'node:crypto'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {expect} from 'chai'
import nock from 'nock'

import {resolveServiceUrls} from '../../../src/lib/api/hosts.js'
import {HttpClient} from '../../../src/lib/api/http.js'

const PUT_URL = 'https://s3.example.com/sources/1234.tgz?X-Amz-Signature=abc'

function client() {
  return new HttpClient({
    urls: resolveServiceUrls({}),
    token: 'secret-token-123',
    userAgent: 'heroku-kit/test',
    retry: {maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1},
    sleep: async () => {},
  })
}

describe('HttpClient pre-signed upload and output stream', () => {
  let dir: string
  let file: string
  const size = 3 * 1024 * 1024 + 17
  before(async () => {
    nock.disableNetConnect()
    dir = await mkdtemp(path.join(tmpdir(), 'heroku-kit-upload-'))
    file = path.join(dir, 'source.tgz')
    await writeFile(file, randomBytes(size))
  })
  after(async () => {
    nock.cleanAll()
    nock.enableNetConnect()
    await rm(dir, {recursive: true, force: true})
  })
  afterEach(() => {
    const pending = nock.pendingMocks()
    nock.cleanAll()
    expect(pending).to.deep.equal([])
  })

  it('PUTs the file to the pre-signed URL with its Content-Length and without the Heroku token', async () => {
    let received = 0
    nock('https://s3.example.com', {badheaders: ['authorization']})
      .matchHeader('content-length', String(size))
      .put('/sources/1234.tgz')
      .query({'X-Amz-Signature': 'abc'})
      .reply(200, (_uri, body) => {
        // nock hands a binary body on as hex
        received = /^[\da-f]+$/.test(body as string) ? (body as string).length / 2 : Buffer.byteLength(body as string)
        return ''
      })
    const http = client()
    const result = await http.upload(PUT_URL, {path: file, size}, {timeoutMs: 10_000})
    expect(result.status).to.equal(200)
    expect(received).to.equal(size)
    expect(http.stats).to.include({requests: 1, writes: 1})
  })

  it('sends the whole file again for a retry after a 503, and reports a refusal with the storage error', async () => {
    const received: Buffer[] = []
    const keep = (_uri: string, body: string) => {
      received.push(Buffer.from(body, 'hex'))
      return ''
    }

    nock('https://s3.example.com').put('/sources/1234.tgz').query(true).reply(503, keep).put('/sources/1234.tgz').query(true).reply(200, keep)
    await client().upload(PUT_URL, {path: file, size}, {timeoutMs: 10_000})
    const content = await readFile(file)
    expect(received).to.have.length(2)
    expect(received.every(body => body.equals(content))).to.equal(true)

    nock('https://s3.example.com').put('/sources/1234.tgz').query(true).reply(403, '<Error><Code>SignatureDoesNotMatch</Code></Error>')
    const error = await client()
      .upload(PUT_URL, {path: file, size}, {timeoutMs: 10_000})
      .catch(error_ => error_)
    expect((error as Error).message).to.equal('the upload to s3.example.com was refused: HTTP 403 <Error><Code>SignatureDoesNotMatch</Code></Error>')
  })

  it('refuses to upload over plain http outside localhost', async () => {
    const error = await client()
      .upload('http://s3.example.com/x', {path: file, size}, {timeoutMs: 1000})
      .catch(error_ => error_)
    expect((error as Error).message).to.include('refusing to upload to http://s3.example.com')
  })

  it('streams an output stream chunk by chunk without credentials, passing a Range on', async () => {
    nock('https://build-output.heroku.com', {badheaders: ['authorization']})
      .matchHeader('range', 'bytes=10-')
      .get('/streams/b1')
      .reply(206, 'rest of the output\n')
    const chunks: string[] = []
    const result = await client().stream('https://build-output.heroku.com/streams/b1', {
      timeoutMs: 1000,
      headers: {Range: 'bytes=10-'},
      onChunk: (chunk, status) => chunks.push(`${status}:${Buffer.from(chunk).toString()}`),
    })
    expect(result.status).to.equal(206)
    expect(chunks.join('')).to.equal('206:rest of the output\n')

    nock('https://build-output.heroku.com').get('/streams/b2').reply(404, 'Not Found')
    expect((await client().stream('https://build-output.heroku.com/streams/b2', {timeoutMs: 1000, onChunk() {}})).status).to.equal(404)
  })
})
