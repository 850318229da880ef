import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {expect} from 'chai'

import {referenceRepo} from '../support/reference.js'
import {flat, SHOP_PROCESS_TYPES, useShopPipeline} from '../support/shop-pipeline.js'

const CDN_REASON = 'The domain resolves to a CDN or proxy (Cloudflare), not to the DNS target'

/** kit:acm through the real heroku CLI: production's domain from the reference heroku-kit.yml, ACM refused by Heroku on eco dynos, enabled on basic. */
describe('e2e: kit:acm through the real heroku CLI', function () {
  this.timeout(300_000)
  const bed = useShopPipeline({deploy: SHOP_PROCESS_TYPES})
  const kit = (args: string[], cwd = bed.repo) => bed.kit(args, {cwd})
  const writes = () => bed.emulator.writes().map(w => `${w.method} ${w.path}`)
  const appAcm = () => bed.emulator.state.findApp('shop-prod')!.acm

  const setSizes = (size: string) => {
    const {state} = bed.emulator
    for (const entry of state.appFormation(state.findApp('shop-prod')!)) entry.size = size
  }

  it("on eco dynos: adds the domain, prints its DNS target, tries ACM and explains Heroku's refusal (exit 1)", async () => {
    setSizes('eco')
    const result = await kit(['kit:acm'])
    expect(result.code).to.equal(1)
    expect(result.stdout).to.include('+ add domain shop.example.com')
    expect(result.stdout).to.include('production runs eco dynos: Heroku has refused ACM on eco dynos')
    expect(result.stdout).to.match(/shop\.example\.com\s+CNAME → [a-z]+-[a-z]+-\w+\.herokudns\.com/)
    // Heroku's own answer, not a local refusal
    expect(flat(result.stderr)).to.include('Heroku refused ACM for shop-prod: Automated Certificate Management is not available for apps on Eco dynos.')
    expect(writes()).to.deep.equal(['POST /apps/shop-prod/domains', 'POST /apps/shop-prod/acm'])
    expect(appAcm()).to.equal(false)
  })

  it('--dry-run on basic dynos (paid dynos, which have ACM) plans ACM and sends nothing', async () => {
    setSizes('basic')
    const result = await kit(['kit:acm', '--dry-run'])
    expect(result.code, result.output).to.equal(0)
    expect(result.stdout).to.include('= domain shop.example.com').and.include('+ enable Automated Certificate Management').and.not.include('eco')
    expect(bed.emulator.writes()).to.deep.equal([])
  })

  it('enables ACM on basic dynos and prints the DNS record to set; a second run sends nothing', async () => {
    const result = await kit(['kit:acm'])
    expect(result.code, result.output).to.equal(0)
    expect(writes()).to.deep.equal(['POST /apps/shop-prod/acm'])
    expect(appAcm()).to.equal(true)
    const cname = [...bed.emulator.state.domains.values()].find(d => d.hostname === 'shop.example.com')!.cname!
    expect(result.stdout).to.include('DNS records to set at your DNS provider (shop-prod):')
    expect(result.stdout).to.include(`shop.example.com  CNAME → ${cname}`)

    bed.emulator.clearLog()
    const again = await kit(['kit:acm', '--json'])
    expect(again.code, again.output).to.equal(0)
    const json = JSON.parse(again.stdout)
    expect(json).to.deep.include({app: 'shop-prod', stage: 'production', action: 'enable', acm: true, wait: null})
    expect(json.plan.map((s: {action: string}) => s.action)).to.deep.equal(['unchanged', 'unchanged'])
    expect(json.domains[0]).to.deep.include({hostname: 'shop.example.com', cname})
    expect(bed.emulator.writes()).to.deep.equal([])
  })

  it('--wait polls until the certificate is issued (exit 0)', async () => {
    const result = await kit(['kit:acm', '--wait', '--wait-timeout', '30'])
    expect(result.code, result.output).to.equal(0)
    expect(result.stdout).to.include('Every certificate is issued: shop.example.com serve HTTPS.')
    expect(bed.emulator.writes()).to.deep.equal([])
  })

  it('--wait stops at its deadline and reports each failing domain with its reason and what to do (exit 1)', async () => {
    const other = await referenceRepo()
    const file = path.join(other, 'heroku-kit.yml')
    await writeFile(file, (await readFile(file, 'utf8')).replace('      - shop.example.com\n', '      - shop.example.com\n      - www.shop.example.com\n'))
    bed.emulator.state.failAcm('www.shop.example.com', CDN_REASON)
    const result = await kit(['kit:acm', '--wait', '--wait-timeout', '1', '--json'], other)
    expect(result.code, result.output).to.equal(1)
    const json = JSON.parse(result.stdout)
    expect(json.wait).to.deep.equal({issued: false, timedOut: true})
    expect(json.error).to.deep.equal({code: 'acm_timeout', message: 'www.shop.example.com still without a certificate after 1 s.'})
    expect(json.domains.map((d: {hostname: string; state: string; reason: string | null}) => [d.hostname, d.state, d.reason])).to.deep.equal([
      ['shop.example.com', 'issued', null],
      ['www.shop.example.com', 'failing', CDN_REASON],
    ])
    expect(writes()).to.deep.equal(['POST /apps/shop-prod/domains'])

    const text = await kit(['kit:acm', '--wait', '--wait-timeout', '1'], other)
    expect(text.code).to.equal(1)
    expect(text.stdout).to.include(`www.shop.example.com: failing — ${CDN_REASON}`)
    expect(text.stdout).to.include('behind a CDN or proxy').and.include('DNS-only')
    expect(flat(text.stderr)).to.include('www.shop.example.com still without a certificate after 1 s.')
  })

  it('rejects a stage without domains or an app of no stage, and sends nothing', async () => {
    const staging = await kit(['kit:acm', '--stage', 'staging'])
    expect(staging.code).to.equal(1)
    expect(flat(staging.stderr)).to.include('stages.staging declares no domains in heroku-kit.yml')
    const stranger = await kit(['kit:acm', '-a', 'shop-nope'])
    expect(stranger.code).to.equal(1)
    expect(flat(stranger.stderr)).to.include('shop-nope is not an app of heroku-kit.yml')
    const both = await kit(['kit:acm', '--stage', 'production', '-a', 'shop-staging'])
    expect(both.code).to.equal(1)
    expect(flat(both.stderr)).to.include('-a shop-staging is not the production app')
    expect(bed.emulator.writes()).to.deep.equal([])
  })

  it('--disable needs confirmation without a terminal, then disables ACM', async () => {
    const refused = await kit(['kit:acm', '--disable'])
    expect(refused.code).to.equal(1)
    expect(flat(refused.stderr)).to.include('Disabling ACM on shop-prod removes its certificates').and.include('needs --confirm shop-prod')
    expect(bed.emulator.writes()).to.deep.equal([])

    const disabled = await kit(['kit:acm', '--disable', '--confirm', 'shop-prod'])
    expect(disabled.code, disabled.output).to.equal(0)
    expect(writes()).to.deep.equal(['DELETE /apps/shop-prod/acm'])
    expect(appAcm()).to.equal(false)

    bed.emulator.clearLog()
    const again = await kit(['kit:acm', '--disable'])
    expect(again.code, again.output).to.equal(0)
    expect(again.stdout).to.include('ACM is not enabled on shop-prod; nothing to do.')
    expect(bed.emulator.writes()).to.deep.equal([])
  })
})
