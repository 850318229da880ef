import {expect} from 'chai'
import {spawn} from 'node:child_process'
import {once} from 'node:events'
import {fileURLToPath} from 'node:url'

describe('emulator: standalone main.ts', () => {
  it('prints EMULATOR_URL, serves requests and the control endpoints, and exits on SIGTERM', async () => {
    const main = fileURLToPath(new URL('../src/main.ts', import.meta.url))
    const child = spawn(process.execPath, ['--import', 'tsx/esm', main, '--port', '0', '--latency', '5', '--seed', '3'], {stdio: ['ignore', 'pipe', 'inherit']})
    try {
      let output = ''
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString()
          const match = /EMULATOR_URL=(\S+)/.exec(output)
          if (match) resolve(match[1])
        })
        child.once('exit', code => reject(new Error(`main.ts exited early (${code}): ${output}`)))
      })
      expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/)
      const headers = {Accept: 'application/vnd.heroku+json; version=3', Authorization: 'Bearer test-api-key', 'Content-Type': 'application/json'}
      expect((await fetch(`${url}/apps`, {body: JSON.stringify({name: 'kit-app'}), headers, method: 'POST'})).status).to.equal(201)
      const deployed = await fetch(`${url}/__emulator/deploy`, {
        body: JSON.stringify({app: 'kit-app', processTypes: {web: 'npm start'}}),
        headers: {'Content-Type': 'application/json'},
        method: 'POST',
      })
      expect(await deployed.json()).to.include({status: 'succeeded', version: 3})
      const snapshot = (await (await fetch(`${url}/__emulator/snapshot?ids=false`)).json()) as {apps: Array<{name: string; formation: unknown[]}>}
      expect(snapshot.apps[0]).to.include({name: 'kit-app'})
      expect(snapshot.apps[0].formation).to.deep.equal([{quantity: 1, size: 'basic', type: 'web'}])
      child.kill('SIGTERM')
      const [code] = await once(child, 'exit')
      expect(code).to.equal(0)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  })
})
