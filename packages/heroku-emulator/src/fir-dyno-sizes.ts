/**
 * Dyno sizes of the Fir generation. Names and monthly prices: [cli] `commands/ps/type.js` (its `COST_MONTHLY` table;
 * the name gives vCPUs and GB of RAM). The Fir API answers size names in lowercase where Cedar capitalises them
 * (terraform-provider-heroku PR #419), so `display` is the name itself. [unverified] none is dedicated.
 */
import type {DynoSizeDef} from './catalog.js'

/** Dollars a month per size, as the CLI's `ps:type` prices them. */
const MONTHLY_DOLLARS: Record<string, number> = {
  'dyno-1c-0.5gb': 25,
  'dyno-1c-4gb': 80,
  'dyno-1c-8gb': 100,
  'dyno-2c-1gb': 50,
  'dyno-2c-4gb': 150,
  'dyno-2c-8gb': 160,
  'dyno-2c-16gb': 250,
  'dyno-4c-8gb': 300,
  'dyno-4c-16gb': 320,
  'dyno-4c-32gb': 500,
  'dyno-8c-16gb': 600,
  'dyno-8c-32gb': 640,
  'dyno-8c-64gb': 750,
  'dyno-16c-32gb': 1200,
  'dyno-16c-64gb': 1000,
  'dyno-16c-128gb': 1500,
  'dyno-32c-64gb': 2400,
}

export const FIR_DYNO_SIZES: DynoSizeDef[] = Object.entries(MONTHLY_DOLLARS).map(([name, dollars]) => {
  const [, compute, memory] = /^dyno-(\d+)c-([\d.]+)gb$/.exec(name)!
  return {cents: dollars * 100, compute: Number(compute), dedicated: false, display: name, generation: 'fir', hobbyTier: false, memory: Number(memory), name}
})

/** [unverified] the size a Fir app's new process types start at: the smallest, priced like Standard-1X. */
export const FIR_DEFAULT_DYNO_SIZE = 'dyno-1c-0.5gb'
