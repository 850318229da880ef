/**
 * Run the emulator standalone:
 *   npx tsx packages/heroku-emulator/src/main.ts --port 0 --latency 150 [--seed 7] [--token test-api-key] [--email dev@example.com]
 * Prints EMULATOR_URL=… on stdout and stays up until SIGINT/SIGTERM.
 */
import {parseArgs} from 'node:util'

import {startEmulator} from './index.js'

const {values} = parseArgs({
  options: {
    'addon-polls': {type: 'string'},
    email: {type: 'string'},
    latency: {type: 'string'},
    'no-github': {type: 'boolean'},
    port: {type: 'string'},
    seed: {type: 'string'},
    token: {multiple: true, type: 'string'},
  },
})

const number = (value: string | undefined): number | undefined => (value === undefined ? undefined : Number(value))

const emulator = await startEmulator({
  addonProvisionPolls: number(values['addon-polls']),
  email: values.email,
  githubConnected: !values['no-github'],
  latencyMs: number(values.latency),
  port: number(values.port),
  seed: number(values.seed),
  tokens: values.token,
})
process.stdout.write(`EMULATOR_URL=${emulator.url}\n`)

const stop = (): void => {
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  )
}

process.on('SIGINT', stop)
process.on('SIGTERM', stop)
