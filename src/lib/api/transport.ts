/**
 * The wire under HttpClient: requests over node:http(s), not the global fetch.
 *
 * Node's fetch (undici) parses HTTP answers with llhttp compiled to WebAssembly. After the first answers, V8 tiers
 * that parser up to optimised code on a background thread, and compiling its one huge function takes about 25 MB
 * for a tenth of a second: measured, the peak RSS of every kit command that talks to Heroku was 25–29 MB higher
 * than with node:http, whose parser is the same llhttp built into Node as native code (scripts/bench-deploy.ts).
 * node:http(s) are looked up at call time, so that request mocks (nock) apply.
 */
import {type FileHandle, open} from 'node:fs/promises'
import http from 'node:http'
import https from 'node:https'
import {addAbortSignal, Readable} from 'node:stream'

/** The part of fetch's signature HttpClient calls. */
export type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>

/** Answers that carry no body, whatever the server sends (fetch's Response refuses one for them). */
const NULL_BODY_STATUS = new Set([204, 205, 304])

/**
 * The part of fetch that HttpClient uses — method, headers, a string body, a signal — over node:http(s). Redirects
 * are never followed (fetch's `redirect: 'manual'`); the body is not decompressed, and none is asked for compressed.
 * The answer is a standard Response whose body streams from the socket. The signal aborts the request and, after
 * the headers, the reading of the body, with an AbortError whose cause is the signal's reason.
 */
export const httpFetch: Fetch = (input, init = {}) => {
  const url = new URL(input)
  const body = typeof init.body === 'string' ? init.body : undefined
  if (init.body !== undefined && init.body !== null && body === undefined) throw new TypeError('httpFetch sends string bodies only')
  // as fetch does, an answer of any type is accepted unless the caller says otherwise
  const headers: Record<string, string> = {accept: '*/*', ...Object.fromEntries(new Headers(init.headers).entries())}
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body))
  const signal = init.signal ?? undefined
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https.request : http.request)(url, {method: init.method ?? 'GET', headers, signal}, response => {
      if (signal) addAbortSignal(signal, response)
      const answer = new Headers()
      const raw = response.rawHeaders
      for (let i = 0; i + 1 < raw.length; i += 2) answer.append(raw[i], raw[i + 1])
      const status = response.statusCode ?? 0
      const noBody = NULL_BODY_STATUS.has(status) || init.method === 'HEAD'
      if (noBody) response.resume()
      try {
        resolve(
          new Response(noBody ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>), {status, statusText: response.statusMessage, headers: answer}),
        )
      } catch (error) {
        // a status fetch cannot represent (below 200 or above 599)
        response.destroy()
        reject(error)
      }
    })
    request.on('error', reject)
    request.end(body)
  })
}

/** Bytes read from the file per write: two buffers of this size are all an upload holds, whatever the file's size. */
const UPLOAD_CHUNK = 256 * 1024

/**
 * One PUT of a file, read into two buffers in turn: one is filled while the other is being sent, and a buffer is
 * filled again only once the socket has taken all of it (the write's callback). A file stream (or fetch) would hand
 * every chunk over in a new buffer, and the spent ones pile up until the garbage collector runs: about 30 MB of peak
 * RSS for an upload of any size, measured with scripts/bench-deploy.ts.
 */
export async function putFile(url: URL, file: string, headers: Record<string, string>, timeoutMs: number): Promise<{status: number; text: string}> {
  const handle = await open(file, 'r')
  try {
    return await new Promise((resolve, reject) => {
      const request = (url.protocol === 'https:' ? https.request : http.request)(
        url,
        {method: 'PUT', headers, signal: AbortSignal.timeout(timeoutMs)},
        response => {
          let text = ''
          response.setEncoding('utf8')
          response.on('data', (chunk: string) => {
            if (text.length < 2000) text += chunk
          })
          response.on('end', () => resolve({status: response.statusCode ?? 0, text}))
          response.on('error', reject)
        },
      )
      request.on('error', reject)
      sendFile(handle, request).catch(error => request.destroy(error))
    })
  } finally {
    await handle.close()
  }
}

async function sendFile(handle: FileHandle, request: http.ClientRequest): Promise<void> {
  const buffers = [Buffer.allocUnsafe(UPLOAD_CHUNK), Buffer.allocUnsafe(UPLOAD_CHUNK)]
  let sending = Promise.resolve()
  for (let turn = 0; ; turn++) {
    const buffer = buffers[turn % 2]
    // eslint-disable-next-line no-await-in-loop -- the file is read in order, a buffer at a time
    const {bytesRead} = await handle.read(buffer, 0, buffer.length, null)
    // eslint-disable-next-line no-await-in-loop -- the other buffer must be sent before it is read into again
    await sending
    if (bytesRead === 0) break
    sending = new Promise((resolve, reject) => {
      request.write(buffer.subarray(0, bytesRead), error => (error ? reject(error) : resolve()))
    })
  }

  request.end()
}
