import {expect} from 'chai'

import {type Emulator, startEmulator} from '../src/index.js'
import {parseRange} from '../src/pagination.js'
import {client} from './client.js'

describe('emulator: Range pagination', () => {
  let emulator: Emulator
  let call: ReturnType<typeof client>

  before(async () => {
    emulator = await startEmulator({timings: 'instant', seed: 2})
    call = client(emulator)
    for (let i = 0; i < 1205; i++) emulator.state.createApp({name: `app-${String(i).padStart(4, '0')}`})
  })
  after(() => emulator.close())

  it('parses ranges leniently, like the API', () => {
    expect(parseRange('id ..; max=1000;', ['id'])).to.include({field: 'id', max: 1000, order: 'asc'})
    expect(parseRange('version ..; order=desc,max=1', ['version'])).to.include({max: 1, order: 'desc'})
    expect(parseRange('version ..; max=10, order=desc', ['version'])).to.include({max: 10, order: 'desc'})
    expect(parseRange('name ]app-0001..; max=5', ['id', 'name'])).to.include({field: 'name', start: 'app-0001', startExclusive: true})
    expect(parseRange('', ['id'])).to.include({field: 'id', max: 200})
    expect(parseRange('id ..; max=5000', ['id']).max).to.equal(1000)
  })

  it('answers a default page of 200 with 206, Next-Range and Content-Range', async () => {
    const res = await call('GET', '/apps')
    expect(res.status).to.equal(206)
    expect(res.body).to.have.length(200)
    expect(res.headers.get('accept-ranges')).to.equal('id, name, updated_at')
    expect(res.headers.get('next-range')).to.match(/^id \][\da-f-]{36}\.\.; max=200$/)
    expect(res.headers.get('content-range')).to.match(/^id [\da-f-]{36}\.\.[\da-f-]{36}; max=200$/)
  })

  it('walks 1200+ items in pages of at most 1000 by following Next-Range', async () => {
    const seen: string[] = []
    let range: string | null = 'name ..; max=1000'
    let pages = 0
    while (range) {
      const res: {status: number; body: Array<{name: string}>; headers: Headers} = await call('GET', '/apps', undefined, {headers: {Range: range}})
      pages += 1
      seen.push(...res.body.map((a: {name: string}) => a.name))
      if (res.status === 200) {
        expect(res.headers.get('next-range')).to.equal(null)
        range = null
      } else {
        expect(res.status).to.equal(206)
        range = res.headers.get('next-range')
      }
    }

    expect(pages).to.equal(2)
    expect(seen).to.have.length(1205)
    expect(new Set(seen).size).to.equal(1205)
    expect(seen[0]).to.equal('app-0000')
    expect(seen.at(-1)).to.equal('app-1204')
  })

  it('caps max at 1000 and supports order=desc', async () => {
    const big = await call('GET', '/apps', undefined, {headers: {Range: 'name ..; max=5000'}})
    expect(big.body).to.have.length(1000)
    const desc = await call('GET', '/apps', undefined, {headers: {Range: 'name ..; max=3, order=desc'}})
    expect(desc.body.map((a: {name: string}) => a.name)).to.deep.equal(['app-1204', 'app-1203', 'app-1202'])
    expect(desc.headers.get('next-range')).to.equal('name ]app-1202..; max=3, order=desc')
  })

  it('answers 416 for a field that is not sortable', async () => {
    const res = await call('GET', '/apps', undefined, {headers: {Range: 'created_at ..'}})
    expect(res.status).to.equal(416)
    expect(res.body.id).to.equal('requested_range_not_satisfiable')
  })

  it('ignores an empty Range header (the CLI sends one on PUT buildpack-installations)', async () => {
    const res = await call('GET', '/apps', undefined, {headers: {Range: ''}})
    expect(res.status).to.equal(206)
    expect(res.body).to.have.length(200)
  })

  it('pages releases by version, oldest first unless order=desc', async () => {
    emulator.state.setConfigVars('app-0000', {A: '1'})
    emulator.state.setConfigVars('app-0000', {B: '2'})
    const all = await call('GET', '/apps/app-0000/releases')
    expect(all.status).to.equal(200)
    expect(all.headers.get('accept-ranges')).to.equal('version, id')
    expect(all.body.map((r: {version: number}) => r.version)).to.deep.equal([1, 2, 3, 4])
    const latest = await call('GET', '/apps/app-0000/releases', undefined, {headers: {Range: 'version ..; order=desc,max=1'}})
    expect(latest.status).to.equal(206)
    expect(latest.body.map((r: {version: number}) => r.version)).to.deep.equal([4])
    expect(latest.body[0]).to.include({current: true, description: 'Set B config vars'})
    const next = await call('GET', '/apps/app-0000/releases', undefined, {headers: {Range: latest.headers.get('next-range')!}})
    expect(next.body[0].version).to.equal(3)
  })
})
